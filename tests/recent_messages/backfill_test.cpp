// Gap back-fill end to end: a stand-in recent-messages service over real HTTP (the
// answer shape of recent-messages.robotty.de), libcurl, the ingest queue and a real
// SQLite file. Plus the answer parser on good and bad bodies.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/backfill_wiring.h"
#include "emotes/fake_http_server.h"
#include "recent_messages/answer_parser.h"
#include "recent_messages/backfiller.h"
#include "storage/batched_writer.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"
#include "storage/test_util.h"

namespace pererecos::recent_messages {
namespace {

using emotes::testing::FakeHttpServer;
using namespace std::chrono_literals;

constexpr TimestampMs kBase = 1'700'000'000'000;

// A PRIVMSG whose timestamp is not a number: malformed, skipped.
constexpr const char* kBadLine = "@tmi-sent-ts=abc :u!u@u.tmi.twitch.tv PRIVMSG #forsen :x";

std::string uuid(int n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "0b5a2c1e-0000-4000-8000-%012d", n);
  return buf;
}

// A PRIVMSG as the service returns it: Twitch's tags plus historical=1 and rm-received-ts.
std::string privmsg(int n, const std::string& channel = "forsen") {
  std::ostringstream out;
  const std::string login = "user" + std::to_string(n % 3);
  out << "@badge-info=;badges=;color=#FF0000;display-name=" << login
      << ";emotes=;first-msg=0;flags=;historical=1;id=" << uuid(n)
      << ";mod=0;returning-chatter=0;rm-received-ts=" << (kBase + n * 1000 + 37)
      << ";room-id=22484632;subscriber=0;tmi-sent-ts=" << (kBase + n * 1000)
      << ";turbo=0;user-id=" << (100 + n % 3) << ";user-type= :" << login << "!" << login << "@"
      << login << ".tmi.twitch.tv PRIVMSG #" << channel << " :message " << n;
  return out.str();
}

std::string clearmsg(int target) {
  std::ostringstream out;
  out << "@historical=1;login=user0;rm-received-ts=" << (kBase + 99'000)
      << ";room-id=22484632;target-msg-id=" << uuid(target) << ";tmi-sent-ts=" << (kBase + 99'000)
      << " :tmi.twitch.tv CLEARMSG #forsen :x";
  return out.str();
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string answer(const std::vector<std::string>& lines) {
  std::ostringstream body;
  body << "{\"messages\":[";
  for (std::size_t i = 0; i < lines.size(); ++i) body << (i ? "," : "") << json_string(lines[i]);
  body << "],\"error\":null,\"error_code\":null}";
  return body.str();
}

ChatMessage live_message(int n) {
  auto decoded = parse_answer(answer({privmsg(n)}));
  DecodedLines d = decode_lines(decoded->lines, "forsen");
  return d.messages.at(0);
}

TEST(AnswerParser, ReadsLinesAndErrors) {
  auto a = parse_answer(R"({"messages":["a","b"],"error":"not joined","error_code":"channel_not_joined"})");
  ASSERT_TRUE(a.is_ok()) << a.error();
  EXPECT_EQ(a->lines, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(a->error, "not joined");
  EXPECT_EQ(a->error_code, "channel_not_joined");
  auto numeric = parse_answer(R"({"messages":[],"error":null,"error_code":42})");
  ASSERT_TRUE(numeric.is_ok());
  EXPECT_EQ(numeric->error_code, "42");
  EXPECT_TRUE(numeric->error.empty());
}

TEST(AnswerParser, RefusesMalformedBodies) {
  for (const char* body : {"", "<html>502</html>", "[1,2]", R"({"messages":"x"})",
                           R"({"messages":[1]})", R"({"messages":["a")"}) {
    EXPECT_FALSE(parse_answer(body).is_ok()) << body;
  }
}

TEST(AnswerParser, DecodesMessagesAndModerationAndSkipsTheRest) {
  DecodedLines d = decode_lines({privmsg(1), clearmsg(1), kBadLine, "PING :tmi.twitch.tv", privmsg(2, "other"),
                                 "@historical=1 :tmi.twitch.tv PRIVMSG #forsen :no ts"},
                                "forsen");
  ASSERT_EQ(d.messages.size(), 1u);
  EXPECT_EQ(d.messages[0].id, uuid(1));
  EXPECT_EQ(d.messages[0].timestamp_ms, kBase + 1000);  // tmi-sent-ts wins over rm-received-ts
  EXPECT_EQ(d.messages[0].room_id, "22484632");
  ASSERT_EQ(d.moderation.size(), 1u);
  EXPECT_EQ(d.moderation[0].target_msg_id, uuid(1));
  EXPECT_EQ(d.skipped, 3u);
  EXPECT_EQ(d.other, 1u);
  EXPECT_FALSE(d.first_skip_reason.empty());
}

class BackfillTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> open() {
    auto store = open_store("sqlite://" + dir_.file("chat.db"));
    EXPECT_TRUE(store.is_ok()) << store.error();
    return std::move(store.value());
  }
  std::string base() const { return server_.base_url() + "/api/v2/recent-messages"; }
  void route(const std::string& channel, FakeHttpServer::Reply reply) {
    server_.set_route("/api/v2/recent-messages/" + channel, std::move(reply));
  }
  // Every (ts, id) stored, with how many times.
  std::multiset<std::pair<TimestampMs, std::string>> stored(Store& store) {
    std::multiset<std::pair<TimestampMs, std::string>> out;
    EXPECT_TRUE(store.scan_messages(0, [&](const StoredMessage& m) {
      out.insert({m.message.timestamp_ms, m.message.id});
      return true;
    }));
    return out;
  }
  std::unique_ptr<Backfiller> backfiller(storage::BatchedWriter& writer,
                                         std::chrono::milliseconds timeout = 5s) {
    BackfillOptions options;
    options.base_url = base();
    return std::make_unique<Backfiller>(options, app::curl_fetch(timeout),
                                        app::ingest_sink(writer));
  }

  storage::testing::TempDir dir_;
  FakeHttpServer server_;
};

TEST_F(BackfillTest, ClosesAGapAndARestartStoresNothingTwice) {
  // Live chat stored messages 0-2 and 7-9; the link was down while 3-6 were sent.
  auto store = open();
  {
    storage::BatchedWriter writer(*store);
    for (int n : {0, 1, 2, 7, 8, 9}) ASSERT_TRUE(writer.submit(live_message(n)));
    ASSERT_TRUE(writer.close());
  }
  std::vector<std::string> lines;
  for (int n = 0; n < 10; ++n) lines.push_back(privmsg(n));
  lines.push_back(clearmsg(4));
  route("forsen", {200, answer(lines), {}, false});
  {
    storage::BatchedWriter writer(*store);
    auto filler = backfiller(writer);
    filler->request("#Forsen");
    filler->wait_idle();
    auto results = filler->results();
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].channel, "forsen");
    EXPECT_EQ(results[0].last_error, "");
    EXPECT_EQ(results[0].messages_received, 11u);
    EXPECT_EQ(results[0].messages_new, 5u);  // 4 messages + the CLEARMSG
    EXPECT_GT(results[0].last_success_ms, 0);
    ASSERT_TRUE(writer.close());
  }
  auto after = stored(*store);
  ASSERT_EQ(after.size(), 10u);
  for (int n = 0; n < 10; ++n) {
    EXPECT_EQ(after.count({kBase + n * 1000, uuid(n)}), 1u) << "message " << n;
  }
  std::size_t moderation = 0;
  ASSERT_TRUE(store->scan_moderation([&](const StoredModeration&) { return ++moderation, true; }));
  EXPECT_EQ(moderation, 1u);

  // A restart with the populated store: the same answer stores nothing new.
  store.reset();
  store = open();
  {
    storage::BatchedWriter writer(*store);
    auto filler = backfiller(writer);
    filler->request("forsen");
    filler->wait_idle();
    EXPECT_EQ(filler->results()[0].messages_received, 11u);
    EXPECT_EQ(filler->results()[0].messages_new, 0u);
    ASSERT_TRUE(writer.close());
  }
  EXPECT_EQ(stored(*store).size(), 10u);
  EXPECT_EQ(*store->count_messages(), 10u);
}

// Sticky forget (docs/privacy.md): a back-fill whose answer still holds a forgotten
// chatter's messages (the service keeps them for a day) brings none of them back.
TEST_F(BackfillTest, AForgottenChatterStaysForgotten) {
  auto store = open();
  {
    storage::BatchedWriter writer(*store);
    for (int n = 0; n < 6; ++n) ASSERT_TRUE(writer.submit(live_message(n)));
    ASSERT_TRUE(writer.close());
  }
  auto forgot = store->forget({"user1"}, kBase + 50'000);  // messages 1 and 4, user id 101
  ASSERT_TRUE(forgot) << forgot.error();
  EXPECT_EQ(forgot->messages_deleted, 2u);
  std::vector<std::string> lines;
  for (int n = 0; n < 12; ++n) lines.push_back(privmsg(n));
  route("forsen", {200, answer(lines), {}, false});
  {
    storage::BatchedWriter writer(*store);
    auto filler = backfiller(writer);
    filler->request("forsen");
    filler->wait_idle();
    EXPECT_EQ(filler->results()[0].messages_received, 12u);
    ASSERT_TRUE(writer.close());
  }
  std::size_t of_user1 = 0, total = 0;
  ASSERT_TRUE(store->scan_messages(0, [&](const StoredMessage& m) {
    of_user1 += m.message.login == "user1" || m.message.user_id == "101";
    ++total;
    return true;
  }));
  EXPECT_EQ(of_user1, 0u) << "the back-fill brought a forgotten chatter's message back";
  EXPECT_EQ(total, 8u);  // 12 sent, 4 of user1 (1, 4, 7, 10) dropped
}

TEST_F(BackfillTest, FailuresAreKeptAndRetriedAtTheNextRequest) {
  auto store = open();
  storage::BatchedWriter writer(*store);
  auto filler = backfiller(writer, 500ms);
  auto last = [&] { return filler->results().at(0); };

  route("forsen", {500, R"({"messages":[],"error":"Internal Server Error","error_code":"x"})", {}, false});
  filler->request("forsen");
  filler->wait_idle();
  EXPECT_NE(last().last_error.find("HTTP 500"), std::string::npos) << last().last_error;

  route("forsen", {200, "this is not json", {}, false});
  filler->request("forsen");
  filler->wait_idle();
  EXPECT_NE(last().last_error.find("malformed answer"), std::string::npos) << last().last_error;

  route("forsen", {200, "", {}, /*hang=*/true});  // slower than the timeout
  const auto start = std::chrono::steady_clock::now();
  filler->request("forsen");
  filler->wait_idle();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);  // a bound for a hung test
  EXPECT_NE(last().last_error.find("no answer"), std::string::npos) << last().last_error;

  route("forsen", {200, answer({privmsg(1), kBadLine, privmsg(2)}), {}, false});
  filler->request("forsen");
  filler->wait_idle();
  EXPECT_EQ(last().last_error, "");
  EXPECT_EQ(last().failures, 3u);
  EXPECT_EQ(last().attempts, 4u);
  EXPECT_EQ(last().messages_new, 2u);
  EXPECT_EQ(last().lines_skipped, 1u);
  ASSERT_TRUE(writer.flush());
  EXPECT_EQ(*store->count_messages(), 2u);
}

TEST_F(BackfillTest, AnUnreachableServiceIsNeverFatal) {
  auto store = open();
  storage::BatchedWriter writer(*store);
  BackfillOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(emotes::testing::unused_local_port());
  Backfiller filler(options, app::curl_fetch(2s), app::ingest_sink(writer));
  filler.request("forsen");
  filler.request("forsen");  // coalesced with the first
  filler.request("not a login!");
  filler.wait_idle();
  auto results = filler.results();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].channel, "forsen");
  EXPECT_GE(results[0].failures, 1u);
  EXPECT_LE(results[0].attempts, 2u);
  EXPECT_NE(results[0].last_error.find("no answer"), std::string::npos);
  EXPECT_EQ(results[1].last_error, "not a Twitch channel login");
}

TEST_F(BackfillTest, DisabledWhenTheUrlIsEmpty) {
  auto store = open();
  storage::BatchedWriter writer(*store);
  Backfiller filler(BackfillOptions{}, app::curl_fetch(1s), app::ingest_sink(writer));
  EXPECT_FALSE(filler.enabled());
  filler.request("forsen");
  filler.wait_idle();
  EXPECT_TRUE(filler.results().empty());
  EXPECT_EQ(server_.requests().size(), 0u);
}

}  // namespace
}  // namespace pererecos::recent_messages
