// SevenTvEventClient against the local EventAPI stand-in over a real WebSocket: hello,
// subscriptions, dispatches, server closes (with and without end of stream), missed
// heartbeats, op 4 reconnect, and a server that is down.
#include "emotes/seventv_event_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "emotes/fake_http_server.h"
#include "emotes/fake_seventv_events.h"
#include "emotes/test_certificate.h"

namespace pererecos::emotes {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::FakeSevenTvEvents;

class EventClientTest : public ::testing::Test {
 protected:
  SevenTvEventOptions options(const std::string& url) {
    SevenTvEventOptions o;
    o.url = url;
    o.connect_timeout = 2s;
    o.hello_timeout = 2s;
    o.backoff_min = 50ms;
    o.backoff_max = 400ms;
    o.stable_after = 200ms;
    return o;
  }
  SevenTvEventHandlers handlers() {
    return {[this] { ++sessions_; },
            [this](const SevenTvEvent& e) {
              std::lock_guard lock(mutex_);
              dispatched_.push_back(e);
            }};
  }
  std::size_t dispatched() {
    std::lock_guard lock(mutex_);
    return dispatched_.size();
  }

  std::atomic<int> sessions_{0};
  std::mutex mutex_;
  std::vector<SevenTvEvent> dispatched_;
};

const std::set<SevenTvSubscription> kSubs = {{"emote_set.update", "63b0"},
                                             {"user.update", "60ae"}};

TEST_F(EventClientTest, SubscribesAndDeliversDispatches) {
  FakeSevenTvEvents server;
  SevenTvEventClient client(options(server.url()), handlers());
  client.set_subscriptions(kSubs);
  ASSERT_TRUE(client.start());
  ASSERT_TRUE(eventually([&] { return server.subscribed(1).size() == 2; }));
  EXPECT_EQ(server.subscribed(1), (std::vector<std::string>{"60ae", "63b0"}));
  EXPECT_EQ(sessions_.load(), 1);
  server.send_all(R"({"op":0,"d":{"type":"emote_set.update","body":{"id":"63b0",
    "pushed":[{"key":"emotes","index":0,"value":{"id":"1","name":"A"}}]}}})");
  ASSERT_TRUE(eventually([&] { return dispatched() == 1; }));
  {
    std::lock_guard lock(mutex_);
    EXPECT_EQ(dispatched_[0].object_id, "63b0");
    ASSERT_EQ(dispatched_[0].change.pushed.size(), 1u);
  }
  // A new set is subscribed and a dropped one unsubscribed on the live session.
  client.set_subscriptions({{"emote_set.update", "7777"}, {"user.update", "60ae"}});
  ASSERT_TRUE(eventually([&] {
    return server.subscribed(1) == std::vector<std::string>{"60ae", "7777"};
  }));
  EXPECT_TRUE(client.status().connected);
  EXPECT_EQ(server.connections(), 1);
}

TEST_F(EventClientTest, ReconnectsAndResubscribesWhenTheServerCloses) {
  FakeSevenTvEvents server;
  SevenTvEventClient client(options(server.url()), handlers());
  client.set_subscriptions(kSubs);
  ASSERT_TRUE(client.start());
  ASSERT_TRUE(eventually([&] { return server.subscribed(1).size() == 2; }));
  server.close_all(/*end_of_stream=*/true);  // the hourly close, with op 7
  ASSERT_TRUE(eventually([&] { return server.subscribed(2).size() == 2; }));
  EXPECT_EQ(sessions_.load(), 2);  // on_session again: the caller refetches by REST
  server.close_all(/*end_of_stream=*/false);  // a bare TCP close
  ASSERT_TRUE(eventually([&] { return server.subscribed(3).size() == 2; }));
  EXPECT_EQ(sessions_.load(), 3);
  EXPECT_EQ(client.status().sessions, 3u);
}

TEST_F(EventClientTest, ThreeMissedHeartbeatsMeanADeadLink) {
  FakeSevenTvEvents server(100ms);
  SevenTvEventClient client(options(server.url()), handlers());
  client.set_subscriptions(kSubs);
  ASSERT_TRUE(client.start());
  ASSERT_TRUE(eventually([&] { return sessions_.load() == 1; }));
  std::this_thread::sleep_for(500ms);  // heartbeats flowing: still one connection
  EXPECT_EQ(server.connections(), 1);
  server.set_heartbeats(false);
  const auto silent = std::chrono::steady_clock::now();
  ASSERT_TRUE(eventually([&] { return server.connections() >= 2; }));
  const auto waited = std::chrono::steady_clock::now() - silent;
  EXPECT_GE(waited, 250ms);  // about 3 × 100 ms after the last heartbeat
  EXPECT_LT(waited, 1s);  // well before the 2 s hello timeout
  EXPECT_NE(client.status().last_error.find("dead link"), std::string::npos);
}

TEST_F(EventClientTest, ReconnectOpcodeReconnectsAtOnce) {
  FakeSevenTvEvents server;
  SevenTvEventClient client(options(server.url()), handlers());
  client.set_subscriptions(kSubs);
  ASSERT_TRUE(client.start());
  ASSERT_TRUE(eventually([&] { return sessions_.load() == 1; }));
  server.send_all(R"({"op":4,"d":{"reason":"maintenance"}})");
  ASSERT_TRUE(eventually([&] { return server.subscribed(2).size() == 2; }));
}

TEST_F(EventClientTest, BacksOffWhileTheServerIsDown) {
  const std::uint16_t port = testing::unused_local_port();
  SevenTvEventClient client(options("ws://127.0.0.1:" + std::to_string(port) + "/v3"),
                            handlers());
  ASSERT_TRUE(client.start());
  std::this_thread::sleep_for(1500ms);
  const auto status = client.status();
  // 50 ms doubling up to 400 ms: about 6 attempts in 1.5 s; never a tight loop.
  EXPECT_GE(status.connects, 2u);
  EXPECT_LE(status.connects, 12u);
  EXPECT_FALSE(status.connected);
  EXPECT_FALSE(status.last_error.empty());
  client.stop();
}

TEST_F(EventClientTest, RejectsABadUrl) {
  SevenTvEventClient client(options("https://events.7tv.io/v3"), handlers());
  EXPECT_FALSE(client.start());
}

}  // namespace
}  // namespace pererecos::emotes

namespace pererecos::emotes {
namespace {

// wss:// verifies the server: against an HTTPS server with our test CA the TLS handshake
// succeeds (and the WebSocket upgrade is then refused by that plain HTTPS server);
// without the CA, the certificate is rejected during the TLS handshake.
TEST(EventClientTls, VerifiesTheServerCertificate) {
  testing::TestCertificate cert;
  testing::FakeHttpServer https(cert.cert_path(), cert.key_path());
  const std::string url = "wss://127.0.0.1:" + std::to_string(https.port()) + "/v3";
  SevenTvEventOptions o;
  o.url = url;
  o.connect_timeout = 2s;
  o.backoff_min = 100ms;
  o.backoff_max = 200ms;

  o.ca_file = cert.cert_path();
  SevenTvEventClient trusted(o, {});
  ASSERT_TRUE(trusted.start());
  ASSERT_TRUE(eventually([&] { return !trusted.status().last_error.empty(); }));
  EXPECT_NE(trusted.status().last_error.find("WebSocket handshake"), std::string::npos)
      << trusted.status().last_error;
  trusted.stop();

  o.ca_file.clear();
  SevenTvEventClient untrusted(o, {});
  ASSERT_TRUE(untrusted.start());
  ASSERT_TRUE(eventually([&] { return !untrusted.status().last_error.empty(); }));
  EXPECT_NE(untrusted.status().last_error.find("TLS handshake"), std::string::npos)
      << untrusted.status().last_error;
}

}  // namespace
}  // namespace pererecos::emotes
