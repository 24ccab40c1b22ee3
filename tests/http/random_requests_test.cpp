// Thousands of generated requests — real routes with hostile methods, query strings, path
// segments, headers and bodies, and plain garbage — through ApiHandler over a real
// StatsEngine. Whatever the request: a status the API uses, a JSON body that parses (with
// a `detail` on errors), HEAD answered like GET, and the same answer twice (frozen clock).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "stats/stats_engine.h"
#include "test_support.h"

namespace pererecos::http::testing {
namespace {

std::unique_ptr<stats::StatsEngine> small_engine(const Clock& clock) {
  stats::EngineConfig cfg;
  cfg.time_zone = "America/Sao_Paulo";
  auto engine = std::move(stats::StatsEngine::create(clock, cfg)).value();
  const char* logins[] = {"alice", "Bob_1", "carol", "dave", "erin"};
  std::int64_t seq = 0;
  for (int i = 0; i < 60; ++i) {
    ChatMessage m;
    m.id = "00000000-0000-4000-8000-0000000000" + std::to_string(10 + i);
    m.channel = i % 7 == 0 ? "other" : "chan";
    m.user_id = std::to_string(100 + i % 5);
    m.login = logins[i % 5];
    m.display_name = m.login;
    m.text = i % 3 == 0 ? "@alice Kappa olá 🐸" : "hello there";
    if (i % 3 == 0) m.emotes = "25:7-11";
    m.timestamp_ms = kTs1 - static_cast<TimestampMs>(i) * 3'600'000;
    engine->apply(m, ++seq);
  }
  return engine;
}

class RequestGenerator {
 public:
  explicit RequestGenerator(std::uint64_t seed) : rng_(seed) {}

  Request next() {
    Request r;
    r.method = pick({"GET", "GET", "GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "get",
                     "", "GET\r\n", "PATCH"});
    r.target = target();
    if (chance(4)) r.body = body();
    if (chance(5)) r.headers.add("Origin", pick({"https://a.example", "", "null", "*"}));
    if (chance(8)) r.headers.add("Content-Type", pick({"application/json", "text/plain", ""}));
    if (chance(10)) r.headers.add("X-Forwarded-For", pick({"1.2.3.4", "", "::1, 5.6.7.8"}));
    r.remote_ip = "10.0.0.1";
    return r;
  }

 private:
  bool chance(int one_in) { return rng_() % static_cast<unsigned>(one_in) == 0; }
  std::string pick(std::initializer_list<const char*> options) {
    return *(options.begin() + rng_() % options.size());
  }
  std::string garbage(std::size_t max_len) {
    std::string s(rng_() % (max_len + 1), '\0');
    for (char& c : s) c = static_cast<char>(rng_() % 256);
    return s;
  }
  std::string segment() {
    if (chance(6)) return garbage(12);
    return pick({"alice", "ALICE", "Bob_1", "bob_1", "%61lice", "", "..", "%2e%2e", "%",
                 "%zz", "%00", "a%2Fb", "nobody", "erin", "caf%C3%A9", "\xC3\x28",
                 "nightbot", "x?y", "a b"}) +
           (chance(20) ? std::string(300, 'z') : "");
  }
  std::string value() {
    if (chance(8)) return garbage(8);
    return pick({"", "day", "week", "month", "all", "DAY", "year", "5", "05", "+5", "-1", "0",
                 "1e3", "100", "101", "99999999999999999999", "%", "%zz", "%00", "a%20b",
                 "%C3%A9", "chan", "other", "CHAN", "nope", "al", "a", "%2B5", " 5"});
  }
  std::string query() {
    std::string q;
    const int n = static_cast<int>(rng_() % 4);
    for (int i = 0; i < n; ++i) {
      if (i) q += chance(6) ? ";" : "&";
      q += pick({"period", "limit", "channel", "q", "offset", "", "limit", "period", "q"});
      if (!chance(6)) q += "=" + value();
    }
    return q;
  }
  std::string target() {
    if (chance(15)) return garbage(40);
    std::string path = pick({"/api/v1/stats/leaderboard", "/api/v1/stats/rising-stars",
                             "/api/v1/stats/hour-leaders", "/api/v1/stats/top-writers",
                             "/api/v1/stats/active-chatters", "/api/v1/stats/chat-activity",
                             "/api/v1/stats/overall-activity", "/api/v1/stats/unique-chatters",
                             "/api/v1/stats/top-emotes", "/api/v1/stats/search",
                             "/api/v1/health", "/api/v1/feedback", "/", "/static/app.js",
                             "/static/../CMakeLists.txt", "/docs", "/openapi.json",
                             "/api/v1/stats/user/", "/api/v1/stats/compare/",
                             "/API/V1/stats/leaderboard", "//api//v1/stats/leaderboard"});
    if (path.back() == '/' && path.size() > 1) {
      path += segment();
      if (path.find("compare") != std::string::npos) path += "/" + segment();
      if (chance(10)) path += "/extra";
    }
    if (chance(2)) path += "?" + query();
    if (chance(20)) path += "#frag";
    return path;
  }
  std::string body() {
    if (chance(3)) return garbage(64);
    return pick({R"({"type":"bug","message":"0123456789"})", "{}", "[]", "null", "{",
                 R"({"type":"bug","message":"x"})", R"({"type":"idea","message":"0123456789",
                 "extra":1})", R"({"type":"bug","message":"\ud800\udc00 0123456789"})",
                 "\xff\xfe"});
  }

  std::mt19937_64 rng_;
};

TEST(RandomRequests, EveryAnswerIsWellFormedAndRepeatable) {
  FixedClock clock(kTs1);
  auto engine = small_engine(clock);
  ApiOptions options = HandlerFixture::default_options();
  options.cors_origins = {"https://a.example"};
  options.max_request_size = 56;  // some generated bodies are larger: 413
  MemoryFeedbackSink feedback;
  ApiHandler handler(options, *engine, clock, &feedback, {});
  RequestGenerator gen(20261125);
  std::map<int, int> statuses;
  for (int i = 0; i < 20000; ++i) {
    const Request request = gen.next();
    const std::string trace = request.method + " " + request.target;
    const Response r = handler.handle_request(request);
    ASSERT_NE(reason_phrase(r.status), "Unknown") << r.status << " for " << trace;
    const std::string type = header_of(r, "Content-Type");
    if (type.rfind("application/json", 0) == 0 && !r.head_only) {
      rapidjson::Document doc;
      doc.Parse<rapidjson::kParseValidateEncodingFlag>(r.body.data(), r.body.size());
      ASSERT_FALSE(doc.HasParseError()) << trace << " -> " << r.body;
      if (r.status >= 400) {
        ASSERT_TRUE(doc.IsObject() && doc.HasMember("detail")) << trace << " -> " << r.body;
      }
    }
    if (request.method == "POST") continue;  // stores feedback: not repeatable as such
    const Response again = handler.handle_request(request);
    ASSERT_EQ(again.status, r.status) << trace;
    ASSERT_EQ(again.body, r.body) << trace;
    if (request.method == "GET") {
      Request head = request;
      head.method = "HEAD";
      const Response h = handler.handle_request(head);
      ASSERT_EQ(h.status, r.status) << trace;
      if (r.status == 200) {
        ASSERT_TRUE(h.head_only) << trace;
        ASSERT_EQ(h.body.size(), r.body.size()) << trace;
      }
    }
    ++statuses[r.status];
  }
  // The generator reaches the answers and every kind of refusal.
  for (int status : {200, 404, 405, 413, 422}) EXPECT_GT(statuses[status], 20) << status;
}

}  // namespace
}  // namespace pererecos::http::testing
