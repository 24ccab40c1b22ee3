// ChatClient against the local Twitch stand-in (tests/fakes/fake_twitch_irc.h), over real
// sockets and real TLS, with the timings scaled down.
#include "twitch/chat_client.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include "emotes/test_certificate.h"
#include "fakes/fake_twitch_irc.h"
#include "twitch/recording_sink.h"
#include "twitch/stats_command.h"

namespace pererecos::twitch {
namespace {

using namespace std::chrono_literals;
using pererecos::testing::FakeTwitchIrc;
using pererecos::testing::FakeTwitchIrcOptions;
using pererecos::testing::make_privmsg_line;
using testing::RecordingSink;

// Fast timings: every wait of the production values divided by 100 or so.
ChatTimings fast_timings() {
  ChatTimings t;
  t.ping_interval = 300ms;
  t.pong_timeout = 200ms;
  t.backoff_base = 20ms;
  t.backoff_cap = 200ms;
  t.connect_timeout = 1000ms;
  t.login_timeout = 1000ms;
  t.join_timeout = 1000ms;
  t.write_timeout = 1000ms;
  t.join_window = 100ms;
  t.connection_open_interval = 20ms;
  return t;
}

std::vector<std::string> generated(const std::string& channel, int from, int count) {
  std::vector<std::string> lines;
  for (int i = from; i < from + count; ++i) {
    lines.push_back(make_privmsg_line(channel, "62300805", "00000000-0000-4000-8000-" + std::to_string(100000000000 + i),
                                      "user" + std::to_string(i % 7), std::to_string(1000 + i % 7),
                                      "hello number " + std::to_string(i), 1704557984000 + i));
  }
  return lines;
}

class StaticTokens final : public TokenSource {
 public:
  explicit StaticTokens(std::string token) : token_(std::move(token)) {}
  Credentials credentials() override {
    std::lock_guard lock(mu_);
    return {"pererecos_bot", token_};
  }
  void report_login_failure(const std::string& notice) override {
    std::lock_guard lock(mu_);
    failures_.push_back(notice);
    if (!next_.empty()) token_ = next_;
  }
  void set_next(std::string t) {
    std::lock_guard lock(mu_);
    next_ = std::move(t);
  }
  std::vector<std::string> failures() {
    std::lock_guard lock(mu_);
    return failures_;
  }

 private:
  std::mutex mu_;
  std::string token_;
  std::string next_;
  std::vector<std::string> failures_;
};

struct Harness {
  explicit Harness(FakeTwitchIrc& server, std::vector<std::string> channels = {"nymn"},
                   TokenSource* tokens = nullptr, const std::string& ca = "",
                   ReplyPolicy* replies = nullptr) {
    ChatClientOptions o;
    o.replies = replies;
    o.endpoint = *parse_irc_url(server.url());
    o.ca_file = ca;
    o.channels = std::move(channels);
    o.timings = fast_timings();
    o.seed = 42;
    auto c = ChatClient::create(o, sink, tokens);
    EXPECT_TRUE(c.is_ok()) << (c ? "" : c.error());
    client = std::move(*c);
    client->start();
  }
  RecordingSink sink;
  std::unique_ptr<ChatClient> client;
};

std::size_t count_of(const std::vector<std::string>& v, const std::string& x) {
  return static_cast<std::size_t>(std::count(v.begin(), v.end(), x));
}

TEST(ChatClient, JoinsOverTlsAndDeliversTheRecordedLinesOnce) {
  emotes::testing::TestCertificate cert;
  FakeTwitchIrcOptions options;
  options.cert_file = cert.cert_path();
  options.key_file = cert.key_path();
  FakeTwitchIrc server(options);
  Harness h(server, {"nymn"}, nullptr, cert.cert_path());
  ASSERT_TRUE(server.wait_joined("nymn", 1, 5s));

  std::ifstream in(PERERECOS_FIXTURES_DIR "/twitch/nymn-recent-400.irc");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(pererecos::testing::live_line(line));
  }
  ASSERT_GT(lines.size(), 300u);
  server.send_lines(lines);
  ASSERT_TRUE(server.flush());
  const auto delivered = server.delivered_ids();
  ASSERT_TRUE(h.sink.wait_messages(delivered.size(), 5s));
  std::this_thread::sleep_for(50ms);
  const auto ids = h.sink.ids();
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            std::set<std::string>(delivered.begin(), delivered.end()));
  EXPECT_EQ(ids.size(), std::set<std::string>(ids.begin(), ids.end()).size()) << "no duplicate";
  EXPECT_EQ(h.sink.room_ids().at("nymn"), "62300805");
  EXPECT_EQ(h.sink.joined(), std::vector<std::string>{"nymn"});
  const auto status = h.client->status();
  ASSERT_EQ(status.channels.size(), 1u);
  EXPECT_TRUE(status.channels[0].joined);
  EXPECT_EQ(status.channels[0].state, "joined");
  EXPECT_TRUE(status.anonymous);
  // Anonymous login and the capabilities, as Twitch expects them.
  const auto received = server.received_lines();
  ASSERT_GE(received.size(), 3u);
  EXPECT_EQ(received[0], "CAP REQ :twitch.tv/tags twitch.tv/commands");
  EXPECT_TRUE(received[1].rfind("NICK justinfan", 0) == 0) << received[1];
}

// The messages of one socket read reach the sink as one on_messages() batch, and a
// moderation event between messages is delivered between them (order kept).
TEST(ChatClient, DeliversAReadsMessagesAsOneBatchInOrderWithModeration) {
  FakeTwitchIrc server;
  Harness h(server);
  ASSERT_TRUE(server.wait_joined("nymn", 1, 5s));
  std::vector<std::string> lines = generated("nymn", 0, 100);
  const std::string clear =
      "@room-id=62300805;target-user-id=31034458;tmi-sent-ts=1704557984050 "
      ":tmi.twitch.tv CLEARCHAT #nymn :abitbol";
  lines.insert(lines.begin() + 50, clear);
  server.send_lines(lines);
  ASSERT_TRUE(server.flush());
  ASSERT_TRUE(h.sink.wait_messages(100, 5s));
  std::vector<std::string> expected;
  for (int i = 0; i < 100; ++i) {
    if (i == 50) expected.push_back("d:abitbol");
    expected.push_back("m:00000000-0000-4000-8000-" + std::to_string(100000000000 + i));
  }
  EXPECT_EQ(h.sink.log(), expected);
  const auto sizes = h.sink.batch_sizes();
  std::size_t total = 0;
  for (std::size_t n : sizes) total += n;
  EXPECT_EQ(total, 100u) << "every message came in a batch";
  // 101 lines written at once, ~20 kB: far fewer reads than lines.
  EXPECT_LT(sizes.size(), 50u);
}

TEST(ChatClient, RefusesAServerWhoseCertificateIsNotTrusted) {
  emotes::testing::TestCertificate cert;
  FakeTwitchIrcOptions options;
  options.cert_file = cert.cert_path();
  options.key_file = cert.key_path();
  FakeTwitchIrc server(options);
  Harness h(server, {"nymn"});  // no CA file: the self-signed certificate is unknown
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(server.counters().logins, 0u);
  const auto status = h.client->status();
  EXPECT_FALSE(status.channels[0].joined);
  EXPECT_NE(status.last_error.find("certificate"), std::string::npos) << status.last_error;
}

TEST(ChatClient, ReconnectHandsOverWithoutGapOrDuplicate) {
  FakeTwitchIrcOptions options;
  options.reconnect_grace = 1500ms;
  options.join_echo_delay = 400ms;  // the new connection gets messages before its echo
  FakeTwitchIrc server(options);
  Harness h(server);
  ASSERT_TRUE(server.wait_joined("nymn", 1, 5s));
  server.send_lines(generated("nymn", 0, 100));
  server.send_reconnect();
  // The client opens a second connection while the first still reads.
  ASSERT_TRUE(server.wait_joined("nymn", 2, 5s));
  EXPECT_EQ(server.send_lines(generated("nymn", 100, 100)), 100u);  // on both connections
  std::this_thread::sleep_for(700ms);
  server.send_lines(generated("nymn", 200, 100));
  ASSERT_TRUE(server.flush());
  const auto delivered = server.delivered_ids();
  ASSERT_EQ(delivered.size(), 300u);
  ASSERT_TRUE(h.sink.wait_messages(300, 5s));
  std::this_thread::sleep_for(100ms);
  const auto ids = h.sink.ids();
  EXPECT_EQ(ids.size(), 300u) << "each message once, though some came on both connections";
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            std::set<std::string>(delivered.begin(), delivered.end()));
  EXPECT_EQ(server.counters().logins, 2u);
  // The old connection was closed by us once the new one had joined (before the grace).
  EXPECT_EQ(server.counters().live_sessions, 1u);
  EXPECT_EQ(count_of(h.sink.joined(), "nymn"), 2u) << "on_joined after the hand-over too";
}

TEST(ChatClient, ALineCutByADropIsDiscardedAndTheClientComesBack) {
  FakeTwitchIrc server;
  Harness h(server);
  ASSERT_TRUE(server.wait_joined("nymn", 1, 5s));
  server.send_lines(generated("nymn", 0, 50));
  const std::string cut = generated("nymn", 50, 1)[0];
  server.drop_mid_line(cut);
  ASSERT_TRUE(h.sink.wait_joins(2, 5s)) << "rejoined after the drop";
  ASSERT_TRUE(server.wait_joined("nymn", 1, 5s));
  server.send_lines(generated("nymn", 51, 50));
  ASSERT_TRUE(h.sink.wait_messages(100, 5s));
  std::this_thread::sleep_for(100ms);
  const auto messages = h.sink.messages();
  EXPECT_EQ(messages.size(), 100u);
  for (const auto& m : messages) {
    EXPECT_NE(m.text, "hello number 50") << "the half-received line was delivered";
    EXPECT_EQ(m.text.rfind("hello number ", 0), 0u) << "truncated: " << m.text;
  }
}

TEST(ChatClient, AStalledLinkIsFoundDeadByOurPingAndReplaced) {
  FakeTwitchIrc server;
  Harness h(server);
  ASSERT_TRUE(server.wait_joined("nymn", 1, 5s));
  server.send_lines(generated("nymn", 0, 10));
  const auto stalled_at = std::chrono::steady_clock::now();
  server.stall();
  ASSERT_TRUE(h.sink.wait_joins(2, 5s));
  const auto detected = std::chrono::steady_clock::now() - stalled_at;
  // ping_interval (300 ms) + pong_timeout (200 ms), give or take a watchdog tick.
  EXPECT_GE(detected, 450ms);
  EXPECT_LT(detected, 3s);
  ASSERT_TRUE(server.wait_joined("nymn", 1, 5s));
  server.send_lines(generated("nymn", 10, 10));
  ASSERT_TRUE(h.sink.wait_messages(20, 5s));
  EXPECT_EQ(h.sink.messages().size(), 20u);
}

TEST(ChatClient, AnIdleLinkIsKeptAliveByOurPing) {
  FakeTwitchIrc server;
  Harness h(server);
  ASSERT_TRUE(server.wait_joined("nymn", 1, 5s));
  std::this_thread::sleep_for(1200ms);  // four ping intervals of silence
  EXPECT_GE(server.counters().pings_from_client, 2u);
  EXPECT_EQ(server.counters().logins, 1u) << "the answered PINGs kept the link";
}

TEST(ChatClient, RefusedConnectionsBackOffInsteadOfLooping) {
  FakeTwitchIrc server;
  server.set_refusing(true);
  Harness h(server);
  std::this_thread::sleep_for(2s);
  const auto attempts = server.counters().connections;
  // Back-off 20 ms doubling to a 200 ms cap with full jitter: about 15 attempts in 2 s; a
  // loop paced only by the 20 ms connection interval would make 100.
  EXPECT_GE(attempts, 3u);
  EXPECT_LE(attempts, 40u);
  // Between two attempts "reconnecting"; a slow machine may catch it mid-attempt.
  const std::string state = h.client->status().channels[0].state;
  EXPECT_TRUE(state == "reconnecting" || state == "connecting") << state;
  EXPECT_FALSE(h.client->status().channels[0].joined);
  server.set_refusing(false);
  ASSERT_TRUE(server.wait_joined("nymn", 1, 5s));
  // The server counts the JOIN when it sends the echo; the client marks it on receipt.
  for (int i = 0; i < 200 && !h.client->status().channels[0].joined; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(h.client->status().channels[0].joined);
}

TEST(ChatClient, ARejectedTokenIsReportedAndTheRefreshedOneLogsIn) {
  FakeTwitchIrc server;
  server.reject_token("expired-token-aaaaaaaaaaaa");
  StaticTokens tokens("expired-token-aaaaaaaaaaaa");
  tokens.set_next("fresh-token-bbbbbbbbbbbbbb");
  Harness h(server, {"nymn"}, &tokens);
  ASSERT_TRUE(server.wait_joined("nymn", 1, 5s));
  EXPECT_EQ(tokens.failures(), std::vector<std::string>{"Login authentication failed"});
  EXPECT_EQ(server.counters().rejected_logins, 1u);
  const auto status = h.client->status();
  EXPECT_FALSE(status.anonymous);
  EXPECT_EQ(status.login, "pererecos_bot");
  EXPECT_EQ(status.channels[0].last_error.find("fresh"), std::string::npos);
  const auto received = server.received_lines();
  EXPECT_NE(std::find(received.begin(), received.end(), "NICK pererecos_bot"), received.end());
}

TEST(ChatClient, AnAlwaysRejectedTokenRetriesSlowlyAndSaysSo) {
  FakeTwitchIrc server;
  server.reject_token("bad-token-cccccccccccccc");
  StaticTokens tokens("bad-token-cccccccccccccc");
  Harness h(server, {"nymn"}, &tokens);
  std::this_thread::sleep_for(1500ms);
  const auto rejected = server.counters().rejected_logins;
  EXPECT_GE(rejected, 2u);
  EXPECT_LE(rejected, 30u);
  const auto status = h.client->status();
  EXPECT_FALSE(status.channels[0].joined);
  EXPECT_NE(status.channels[0].last_error.find("Login authentication failed"), std::string::npos);
}

TEST(ChatClient, AChannelOverTheLimitIsReportedAndNotRetried) {
  FakeTwitchIrc server;
  server.refuse_join("second");
  Harness h(server, {"first", "second"});
  ASSERT_TRUE(server.wait_joined("first", 1, 5s));
  std::this_thread::sleep_for(200ms);
  auto status = h.client->status();
  EXPECT_TRUE(status.channels[0].joined);
  EXPECT_EQ(status.channels[1].state, "refused");
  EXPECT_NE(status.channels[1].last_error.find("msg_concurrent_channel_limit_reached"),
            std::string::npos);
  // A reconnect rejoins "first" only.
  server.drop_mid_line("@x :y PRIVMSG #first :partial");
  ASSERT_TRUE(h.sink.wait_joins(2, 5s));
  std::this_thread::sleep_for(100ms);
  const auto received = server.received_lines();
  EXPECT_EQ(count_of(received, "JOIN #second"), 1u);
  EXPECT_EQ(count_of(received, "JOIN #first"), 2u);
}

TEST(ChatClient, ChannelsAreSpreadOverAPoolOfConnections) {
  FakeTwitchIrc server;
  ChatClientOptions o;
  o.endpoint = *parse_irc_url(server.url());
  o.channels = {"a1", "a2", "a3", "a4", "a5"};
  o.timings = fast_timings();
  o.timings.channels_per_connection = 2;
  RecordingSink sink;
  auto created = ChatClient::create(o, sink, nullptr);
  ASSERT_TRUE(created.is_ok());
  auto client = std::move(*created);
  client->start();
  for (const auto& ch : o.channels) ASSERT_TRUE(server.wait_joined(ch, 1, 5s)) << ch;
  EXPECT_EQ(server.counters().live_sessions, 3u);
  EXPECT_EQ(server.counters().joins, 5u);
  client->stop();
}

// Records whom it was asked to answer; answers nobody.
class RecordingReplies final : public ReplyPolicy {
 public:
  std::optional<std::string> reply_to(const ChatMessage& message, TimePoint) override {
    std::lock_guard lock(mu_);
    asked_.push_back(message.login);
    return std::nullopt;
  }
  void set_moderator(const std::string&, bool) override {}
  std::vector<std::string> asked() {
    std::lock_guard lock(mu_);
    return asked_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> asked_;
};

// Our own messages (echoed by another connection of ours) are never handed to the reply
// policy: "ours" is the login the connection logged in with, here the token's login
// (TWITCH_BOT_LOGIN unset), written in another case by the server.
TEST(ChatClient, OurOwnMessagesAreNeverOfferedForAReply) {
  FakeTwitchIrc server;
  StaticTokens tokens("token-cccccccccccccccccc");
  RecordingReplies replies;
  Harness h(server, {"nymn"}, &tokens, "", &replies);
  ASSERT_TRUE(server.wait_joined("nymn", 1, 5s));
  server.send_lines({make_privmsg_line("nymn", "62300805", "00000000-0000-4000-8000-000000000001",
                                       "Pererecos_Bot", "1", "!stats", 1704557984000),
                     make_privmsg_line("nymn", "62300805", "00000000-0000-4000-8000-000000000002",
                                       "bob", "2", "!stats", 1704557984001)});
  ASSERT_TRUE(h.sink.wait_messages(2, 5s));
  EXPECT_EQ(replies.asked(), std::vector<std::string>{"bob"});
}


// stop() in the middle of a stream: QUIT, then every line the server wrote before it read
// the QUIT reaches the sink (nothing left in the kernel's buffers), and stop() returns.
TEST(ChatClient, StopSendsQuitAndDeliversEverythingTheServerWroteBeforeIt) {
  FakeTwitchIrc server;
  Harness h(server);
  ASSERT_TRUE(server.wait_joined("nymn", 1, 5s));
  // The stream is fed from another thread while this one stops the client after its first
  // 1,000 messages (queueing the batches takes long enough on a sanitizer build for the
  // client to read them all before a stop that waits for the queueing).
  constexpr int kBatches = 200;
  std::atomic<bool> stopped{false};
  std::thread sender([&] {
    for (int i = 0; i < kBatches && !stopped.load(); ++i) {
      server.send_lines(generated("nymn", i * 2000, 2000));
    }
  });
  const bool streaming = h.sink.wait_messages(1000, 5s);
  const auto started = std::chrono::steady_clock::now();
  h.client->stop();
  const auto stop_took = std::chrono::steady_clock::now() - started;
  stopped.store(true);
  sender.join();
  ASSERT_TRUE(streaming) << h.sink.ids().size();
  EXPECT_LT(stop_took, 3s) << "bounded by shutdown_drain";
  EXPECT_EQ(server.counters().quits, 1u);
  const auto delivered = server.delivered_ids();
  EXPECT_GT(delivered.size(), 0u);
  EXPECT_LT(delivered.size(), static_cast<std::size_t>(kBatches) * 2000) << "the stop came mid-stream";
  const auto ids = h.sink.ids();
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            std::set<std::string>(delivered.begin(), delivered.end()));
  EXPECT_EQ(h.client->status().channels[0].state, "stopped");
}

// The stand-in delivers a large batch whole (a bench once saw it write nothing), in
// plain text and over TLS.
TEST(ChatClient, TheStandInDeliversA200kLineBatchWhole) {
  emotes::testing::TestCertificate cert;
  for (const bool tls : {false, true}) {
    FakeTwitchIrcOptions options;
    if (tls) {
      options.cert_file = cert.cert_path();
      options.key_file = cert.key_path();
    }
    FakeTwitchIrc server(options);
    Harness h(server, {"nymn"}, nullptr, tls ? cert.cert_path() : "");
    ASSERT_TRUE(server.wait_joined("nymn", 1, 5s));
    const auto lines = generated("nymn", 0, 200'000);
    EXPECT_EQ(server.send_lines(lines), lines.size()) << "tls=" << tls;
    ASSERT_TRUE(server.flush(60s)) << "tls=" << tls;
    ASSERT_TRUE(h.sink.wait_messages(lines.size(), 60s)) << "tls=" << tls << " got " << h.sink.ids().size();
    EXPECT_EQ(server.delivered_ids().size(), lines.size());
    const auto ids = h.sink.ids();
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), lines.size());
    EXPECT_EQ(h.client->status().connections_open, 1u) << "no reconnect on the way";
  }
}

}  // namespace
}  // namespace pererecos::twitch
