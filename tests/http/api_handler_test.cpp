// ApiHandler's cross-cutting behaviour and non-stats endpoints: routing (404/405),
// HEAD, OPTIONS/CORS, security headers, API_ROOT_PATH, 413, rate limiting (429 with an
// injected clock), health, feedback, static files, OpenAPI and docs.
#include <gtest/gtest.h>

#include "test_support.h"

namespace pererecos::http::testing {
namespace {

TEST(ApiHandler, UnknownPathIs404WithJsonDetail) {
  HandlerFixture f;
  for (const std::string target : {"/nope", "/api/v1/stats", "/api/v1/stats/leaderboard/",
                                   "/api/v1/stats/user/", "/api/v2/health", "/static/"}) {
    Response r = f.handler.handle_request(get(target));
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(detail_of(r), "Not Found");
    EXPECT_EQ(header_of(r, "Content-Type"), "application/json");
  }
  EXPECT_EQ(f.handler.handle_request(get("no-slash")).status, 400);
}

TEST(ApiHandler, WrongMethodIs405WithAllow) {
  HandlerFixture f;
  Response r = f.handler.handle_request(make_request("POST", "/api/v1/stats/leaderboard"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(detail_of(r), "Method Not Allowed");
  EXPECT_EQ(header_of(r, "Allow"), "GET, HEAD, OPTIONS");
  r = f.handler.handle_request(get("/api/v1/feedback"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(header_of(r, "Allow"), "POST, OPTIONS");
  EXPECT_EQ(f.handler.handle_request(make_request("DELETE", "/")).status, 405);
  EXPECT_EQ(f.handler.handle_request(make_request("get", "/api/v1/health")).status, 405);
}

TEST(ApiHandler, HeadAnswersLikeGetWithoutBody) {
  HandlerFixture f;
  Response got = f.handler.handle_request(get("/api/v1/stats/leaderboard"));
  Response head = f.handler.handle_request(make_request("HEAD", "/api/v1/stats/leaderboard"));
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.head_only);
  EXPECT_FALSE(got.head_only);
  EXPECT_EQ(head.body.size(), got.body.size());  // the transport sends only the length
  EXPECT_EQ(header_of(head, "Content-Type"), "application/json");
  EXPECT_EQ(f.handler.handle_request(make_request("HEAD", "/")).status, 200);
  EXPECT_EQ(f.handler.handle_request(make_request("HEAD", "/api/v1/feedback")).status, 405);
}

TEST(ApiHandler, OptionsPreflightWithCors) {
  ApiOptions options = HandlerFixture::default_options();
  options.cors_origins = parse_cors_origins(" https://a.example/ , https://b.example,, ");
  ASSERT_EQ(options.cors_origins.size(), 2u);
  EXPECT_EQ(options.cors_origins[0], "https://a.example");
  HandlerFixture f(options);

  Request pre = make_request("OPTIONS", "/api/v1/feedback");
  pre.headers.add("Origin", "https://b.example");
  pre.headers.add("Access-Control-Request-Method", "POST");
  pre.headers.add("Access-Control-Request-Headers", "content-type");
  Response r = f.handler.handle_request(pre);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(header_of(r, "Access-Control-Allow-Origin"), "https://b.example");
  EXPECT_EQ(header_of(r, "Vary"), "Origin");
  EXPECT_EQ(header_of(r, "Access-Control-Allow-Methods"), "POST, OPTIONS");
  EXPECT_EQ(header_of(r, "Access-Control-Allow-Headers"), "content-type");
  EXPECT_NE(header_of(r, "Access-Control-Max-Age"), "<absent>");
  EXPECT_TRUE(r.body.empty());

  Request evil = pre;
  evil.headers.set("Origin", "https://evil.example");
  r = f.handler.handle_request(evil);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(header_of(r, "Access-Control-Allow-Origin"), "<absent>");

  Request wrong_method = pre;
  wrong_method.headers.set("Access-Control-Request-Method", "DELETE");
  EXPECT_EQ(f.handler.handle_request(wrong_method).status, 400);

  // A plain OPTIONS (no preflight headers) says what the route allows.
  r = f.handler.handle_request(make_request("OPTIONS", "/api/v1/stats/leaderboard"));
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(header_of(r, "Allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(f.handler.handle_request(make_request("OPTIONS", "/nope")).status, 404);

  // Simple requests get the CORS header only for allowed origins.
  Request simple = get("/api/v1/stats/leaderboard");
  simple.headers.add("Origin", "https://a.example");
  EXPECT_EQ(header_of(f.handler.handle_request(simple), "Access-Control-Allow-Origin"),
            "https://a.example");
  simple.headers.set("Origin", "https://evil.example");
  EXPECT_EQ(header_of(f.handler.handle_request(simple), "Access-Control-Allow-Origin"), "<absent>");
}

TEST(ApiHandler, CorsWildcardAndNoCors) {
  ApiOptions options = HandlerFixture::default_options();
  options.cors_origins = parse_cors_origins("*");
  HandlerFixture wildcard(options);
  Request simple = get("/api/v1/health");
  simple.headers.add("Origin", "https://anything.example");
  EXPECT_EQ(header_of(wildcard.handler.handle_request(simple), "Access-Control-Allow-Origin"), "*");

  HandlerFixture none;  // no CORS_ORIGINS
  EXPECT_EQ(header_of(none.handler.handle_request(simple), "Access-Control-Allow-Origin"),
            "<absent>");
}

TEST(ApiHandler, SecurityHeadersWhenEnabled) {
  HandlerFixture on;
  for (const std::string target : {"/api/v1/health", "/", "/nope"}) {
    Response r = on.handler.handle_request(get(target));
    EXPECT_EQ(header_of(r, "X-Content-Type-Options"), "nosniff") << target;
    EXPECT_EQ(header_of(r, "X-Frame-Options"), "DENY");
    EXPECT_EQ(header_of(r, "Referrer-Policy"), "strict-origin-when-cross-origin");
    const std::string csp = header_of(r, "Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("https://cdn.7tv.app"), std::string::npos) << csp;
  }
  ApiOptions options = HandlerFixture::default_options();
  options.security_headers = false;
  HandlerFixture off(options);
  Response r = off.handler.handle_request(get("/api/v1/health"));
  EXPECT_EQ(header_of(r, "X-Frame-Options"), "<absent>");
  EXPECT_EQ(header_of(r, "Content-Security-Policy"), "<absent>");
}

TEST(ApiHandler, RootPathPrefixIsAcceptedAndOptional) {
  EXPECT_EQ(normalize_root_path("stats/"), "/stats");
  EXPECT_EQ(normalize_root_path("/"), "");
  EXPECT_EQ(normalize_root_path(""), "");
  ApiOptions options = HandlerFixture::default_options();
  options.root_path = "/pererecos/";
  HandlerFixture f(options);
  EXPECT_EQ(f.handler.handle_request(get("/pererecos/api/v1/stats/leaderboard")).status, 200);
  EXPECT_EQ(f.handler.handle_request(get("/api/v1/stats/leaderboard")).status, 200);
  EXPECT_EQ(f.handler.handle_request(get("/pererecos")).status, 200);  // the dashboard
  EXPECT_EQ(f.handler.handle_request(get("/pererecosx/api/v1/health")).status, 404);
  // The OpenAPI document names the prefix as its server.
  Response r = f.handler.handle_request(get("/pererecos/api/openapi.json"));
  ASSERT_EQ(r.status, 200);
  const auto doc = parse_json(r.body);
  EXPECT_STREQ(doc["servers"][0]["url"].GetString(), "/pererecos");
  // Absolute-form targets are reduced to their path.
  EXPECT_EQ(f.handler.handle_request(get("http://host:80/pererecos/api/v1/health")).status, 200);
}

TEST(ApiHandler, BodyOverMaxRequestSizeIs413) {
  ApiOptions options = HandlerFixture::default_options();
  options.max_request_size = 64;
  HandlerFixture f(options);
  Response r =
      f.handler.handle_request(make_request("POST", "/api/v1/feedback", std::string(65, 'x')));
  EXPECT_EQ(r.status, 413);
  EXPECT_TRUE(r.close_connection);
  EXPECT_FALSE(detail_of(r).empty());
  EXPECT_TRUE(f.feedback.entries.empty());
  // Exactly the limit is read (and here fails validation instead).
  EXPECT_EQ(f.handler.handle_request(make_request("POST", "/api/v1/feedback", std::string(64, 'x')))
                .status,
            422);
}

TEST(ApiHandler, RateLimitOnTheLimitersOwnClock) {
  ApiOptions options = HandlerFixture::default_options();
  options.rate_limit_enabled = true;
  auto now = std::make_shared<std::int64_t>(5'000);  // the limiter's steady clock
  options.rate_limit_clock = [now] { return *now; };
  HandlerFixture f(options);
  // compare: 20 per minute per client.
  for (int i = 0; i < 20; ++i) {
    Response r = f.handler.handle_request(get("/api/v1/stats/compare/alice/bob"));
    ASSERT_EQ(r.status, 200) << i;
    EXPECT_EQ(header_of(r, "X-RateLimit-Limit"), "20");
    EXPECT_EQ(header_of(r, "X-RateLimit-Remaining"), std::to_string(19 - i));
    EXPECT_EQ(header_of(r, "RateLimit-Limit"), "20");
    EXPECT_EQ(header_of(r, "RateLimit-Remaining"), std::to_string(19 - i));
    EXPECT_EQ(header_of(r, "RateLimit-Reset"), "60");
    EXPECT_EQ(header_of(r, "RateLimit-Policy"), "20;w=60");
  }
  *now += 15'000;
  Response limited = f.handler.handle_request(get("/api/v1/stats/compare/alice/bob"));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(header_of(limited, "Retry-After"), "45");
  EXPECT_EQ(header_of(limited, "RateLimit-Remaining"), "0");
  EXPECT_EQ(header_of(limited, "RateLimit-Reset"), "45");
  EXPECT_NE(detail_of(limited).find("20"), std::string::npos);
  // Invalid requests count too, and are refused without validation.
  EXPECT_EQ(f.handler.handle_request(get("/api/v1/stats/compare/_x/bob")).status, 429);
  // Other endpoints and other clients have their own budgets.
  EXPECT_EQ(f.handler.handle_request(get("/api/v1/stats/leaderboard")).status, 200);
  Request other = get("/api/v1/stats/compare/alice/bob");
  other.remote_ip = "10.0.0.2";
  EXPECT_EQ(f.handler.handle_request(other).status, 200);
  // Static files are not limited.
  for (int i = 0; i < 200; ++i) ASSERT_EQ(f.handler.handle_request(get("/")).status, 200);
  // A new window after a minute.
  *now += 45'000;
  EXPECT_EQ(f.handler.handle_request(get("/api/v1/stats/compare/alice/bob")).status, 200);
}

TEST(ApiHandler, RateLimitsPerEndpointMatchSpecTable) {
  const std::pair<std::string, std::int64_t> expected[] = {
      {"/api/v1/health", 120},
      {"/api/v1/stats/user/alice", 30},
      {"/api/v1/stats/leaderboard", 60},
      {"/api/v1/stats/rising-stars", 30},
      {"/api/v1/stats/hour-leaders", 30},
      {"/api/v1/stats/top-writers", 30},
      {"/api/v1/stats/active-chatters", 60},
      {"/api/v1/stats/chat-activity", 60},
      {"/api/v1/stats/overall-activity", 30},
      {"/api/v1/stats/unique-chatters", 60},
      {"/api/v1/stats/top-emotes", 30},
      {"/api/v1/stats/search?q=al", 60},
      {"/api/v1/stats/compare/alice/bob", 20},
  };
  ApiOptions options = HandlerFixture::default_options();
  options.rate_limit_enabled = true;
  HandlerFixture f(options);
  for (const auto& [target, limit] : expected) {
    for (std::int64_t i = 0; i < limit; ++i) {
      ASSERT_EQ(f.handler.handle_request(get(target)).status, 200) << target << " #" << i;
    }
    EXPECT_EQ(f.handler.handle_request(get(target)).status, 429) << target;
  }
  const std::string body = R"({"type":"bug","message":"0123456789"})";
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(f.handler.handle_request(make_request("POST", "/api/v1/feedback", body)).status, 200);
  }
  EXPECT_EQ(f.handler.handle_request(make_request("POST", "/api/v1/feedback", body)).status, 429);
}

TEST(ApiHandler, FeedbackValidationAndStorage) {
  HandlerFixture f;
  auto post = [&](const std::string& body) {
    return f.handler.handle_request(make_request("POST", "/api/v1/feedback", body));
  };
  Response r = post(R"({"type":"bug","message":"It crashed when I clicked"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = parse_json(r.body);
  EXPECT_TRUE(doc["success"].GetBool());
  EXPECT_EQ(doc["id"].GetInt64(), 101);
  ASSERT_EQ(f.feedback.entries.size(), 1u);
  EXPECT_EQ(f.feedback.entries[0].type, "bug");
  EXPECT_EQ(f.feedback.entries[0].message, "It crashed when I clicked");
  EXPECT_EQ(f.feedback.entries[0].created_ms, kTs1);

  EXPECT_EQ(post(R"({"type":"suggestion","message":"Add dark mode please"})").status, 200);
  EXPECT_EQ(f.feedback.entries.back().type, "sugestao");
  EXPECT_EQ(post(R"({"type":"sugestao","message":"Add dark mode please"})").status, 200);
  EXPECT_EQ(f.feedback.entries.back().type, "sugestao");

  // 10 and 2000 code points are the bounds (counted in code points, not bytes).
  EXPECT_EQ(post(R"({"type":"bug","message":"0123456789"})").status, 200);
  EXPECT_EQ(post(R"({"type":"bug","message":"012345678"})").status, 422);
  EXPECT_EQ(post(R"({"type":"bug","message":")" + std::string(2000, 'x') + "\"}").status, 200);
  EXPECT_EQ(post(R"({"type":"bug","message":")" + std::string(2001, 'x') + "\"}").status, 422);
  std::string ten_accents;
  for (int i = 0; i < 10; ++i) ten_accents += "\xC3\xA9";  // 20 bytes, 10 code points
  EXPECT_EQ(post(R"({"type":"bug","message":")" + ten_accents + "\"}").status, 200);
  std::string nine_accents;
  for (int i = 0; i < 9; ++i) nine_accents += "\xC3\xA9";  // 18 bytes, 9 code points
  EXPECT_EQ(post(R"({"type":"bug","message":")" + nine_accents + "\"}").status, 422);

  const std::size_t stored = f.feedback.entries.size();
  for (const std::string bad :
       {"", "not json", "[1,2]", "\"text\"", R"({"type":"bug"})", R"({"message":"0123456789"})",
        R"({"type":"Bug","message":"0123456789"})", R"({"type":"other","message":"0123456789"})",
        R"({"type":1,"message":"0123456789"})", R"({"type":"bug","message":12345678901})",
        R"({"type":"bug","message":"0123456789")"}) {
    Response bad_r = post(bad);
    EXPECT_EQ(bad_r.status, 422) << bad;
    EXPECT_FALSE(detail_of(bad_r).empty());
  }
  EXPECT_EQ(f.feedback.entries.size(), stored);

  f.feedback.fail = true;
  EXPECT_EQ(post(R"({"type":"bug","message":"0123456789"})").status, 500);
}

TEST(ApiHandler, FeedbackWithoutSinkIs503) {
  FakeStatsReader reader;
  FixedClock clock(kTs1);
  ApiHandler handler(HandlerFixture::default_options(), reader, clock, nullptr, {});
  EXPECT_EQ(handler
                .handle_request(make_request("POST", "/api/v1/feedback",
                                             R"({"type":"bug","message":"0123456789"})"))
                .status,
            503);
}

HealthSnapshot snapshot(bool db, bool chat, std::vector<bool> connected) {
  HealthSnapshot s;
  s.database_connected = db;
  s.chat_enabled = chat;
  for (std::size_t i = 0; i < connected.size(); ++i) {
    s.channels.push_back({"chan" + std::to_string(i), connected[i], 1500});
  }
  s.messages_stored = 43;
  return s;
}

TEST(ApiHandler, HealthStatusFromProbe) {
  struct Case {
    HealthSnapshot s;
    std::string status;
    bool bot;
  };
  const Case cases[] = {
      {snapshot(true, true, {true, true}), "healthy", true},
      {snapshot(true, true, {true, false}), "degraded", false},
      {snapshot(false, true, {true}), "degraded", true},
      {snapshot(true, false, {}), "healthy", false},  // chat disabled counts as up
      {snapshot(false, false, {}), "degraded", false},
  };
  for (const Case& c : cases) {
    HandlerFixture f(HandlerFixture::default_options(), [s = c.s] { return s; });
    Response r = f.handler.handle_request(get("/api/v1/health"));
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(header_of(r, "X-API-Version"), "<absent>");
    const auto doc = parse_json(r.body);
    EXPECT_EQ(doc["status"].GetString(), c.status);
    EXPECT_EQ(doc["bot_connected"].GetBool(), c.bot);
    EXPECT_EQ(doc["database_connected"].GetBool(), c.s.database_connected);
    EXPECT_EQ(doc["channels"].Size(), c.s.channels.size());
    EXPECT_EQ(doc["messages_stored"].GetInt64(), 43);
  }
  const Case& one = cases[0];
  HandlerFixture f(HandlerFixture::default_options(), [s = one.s] { return s; });
  const auto doc = parse_json(f.handler.handle_request(get("/api/v1/health")).body);
  EXPECT_STREQ(doc["channels"][0]["channel"].GetString(), "chan0");
  EXPECT_TRUE(doc["channels"][0]["connected"].GetBool());
  EXPECT_EQ(doc["channels"][0]["last_message_age_seconds"].GetInt64(), 1);
  EXPECT_TRUE(doc["uptime_seconds"].IsInt64());
}

TEST(ApiHandler, HealthTokenHidesDetails) {
  ApiOptions options = HandlerFixture::default_options();
  options.health_check_token = "s3cret";
  HandlerFixture f(options, [] { return snapshot(false, true, {true}); });
  for (const char* token : {static_cast<const char*>(nullptr), "wrong", "s3cre", "s3cret2"}) {
    Request req = get("/api/v1/health");
    if (token != nullptr) req.headers.add("X-Health-Token", token);
    Response r = f.handler.handle_request(req);
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(header_of(r, "X-API-Version"), "<absent>");
    const auto doc = parse_json(r.body);
    EXPECT_EQ(doc.MemberCount(), 3u) << r.body;
    EXPECT_STREQ(doc["status"].GetString(), "ok");
    EXPECT_TRUE(doc["bot_connected"].GetBool());
    EXPECT_TRUE(doc["database_connected"].GetBool());  // always true in the short form
  }
  Request req = get("/api/v1/health");
  req.headers.add("x-health-token", "s3cret");
  const auto doc = parse_json(f.handler.handle_request(req).body);
  EXPECT_STREQ(doc["status"].GetString(), "degraded");
  EXPECT_FALSE(doc["database_connected"].GetBool());
  EXPECT_TRUE(doc.HasMember("channels"));
}

TEST(ApiHandler, DashboardOpenApiAndDocs) {
  HandlerFixture f;
  Response index = f.handler.handle_request(get("/"));
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(header_of(index, "Content-Type"), "text/html; charset=utf-8");
  // The server's settings are written into the page; no placeholder is left.
  EXPECT_NE(index.body.find("<base href=\"/\">"), std::string::npos);
  EXPECT_EQ(index.body.find("{{"), std::string::npos);
  for (const std::string deep : {"/u/alice", "/compare/alice/bob", "/u/alice?period=day"}) {
    EXPECT_EQ(f.handler.handle_request(get(deep)).body, index.body) << deep;
  }

  Response css = f.handler.handle_request(get("/static/app.css"));
  ASSERT_EQ(css.status, 200);
  EXPECT_EQ(header_of(css, "Content-Type"), "text/css; charset=utf-8");

  Response openapi = f.handler.handle_request(get("/api/openapi.json"));
  ASSERT_EQ(openapi.status, 200);
  const auto doc = parse_json(openapi.body);
  EXPECT_EQ(std::string(doc["openapi"].GetString()).substr(0, 2), "3.");
  // Every API route is described.
  for (const Route& route : routes()) {
    if (route.pattern.substr(0, 8) != "/api/v1/") continue;
    std::string path(route.pattern);
    if (route.id == RouteId::kUserStats) path = "/api/v1/stats/user/{username}";
    if (route.id == RouteId::kCompare) path = "/api/v1/stats/compare/{user1}/{user2}";
    ASSERT_TRUE(doc["paths"].HasMember(path.c_str())) << path;
    std::string method(route.method);
    for (char& c : method) c = static_cast<char>(c - 'A' + 'a');
    EXPECT_TRUE(doc["paths"][path.c_str()].HasMember(method.c_str())) << path;
  }

  Response docs = f.handler.handle_request(get("/api/docs"));
  ASSERT_EQ(docs.status, 200);
  EXPECT_EQ(header_of(docs, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(docs.body.find("/api/v1/stats/leaderboard"), std::string::npos);
  EXPECT_NE(docs.body.find("/api/v1/feedback"), std::string::npos);
}

}  // namespace
}  // namespace pererecos::http::testing

namespace pererecos::http::testing {
namespace {

TEST(ApiHandler, DashboardPageCarriesEscapedSettingsAndTheRootPath) {
  ApiOptions options = HandlerFixture::default_options();
  options.root_path = "/stats";
  options.dashboard_title = "Sapos <script>alert(1)</script> & \"co\"";
  options.emote_images = false;
  HandlerFixture f(options);
  for (const std::string target : {"/stats/", "/", "/stats/u/alice", "/compare/a/b?lang=pt-BR"}) {
    Response page = f.handler.handle_request(get(target));
    ASSERT_EQ(page.status, 200) << target;
    EXPECT_NE(page.body.find("<base href=\"/stats/\">"), std::string::npos) << target;
    EXPECT_NE(page.body.find("Sapos &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;"),
              std::string::npos);
    EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
    EXPECT_NE(page.body.find("name=\"pererecos-emote-images\" content=\"false\""), std::string::npos);
    EXPECT_NE(page.body.find("content=\"America/Sao_Paulo\""), std::string::npos);
    EXPECT_NE(page.body.find("name=\"pererecos-channel\" content=\"chan_a\""), std::string::npos);
    // Names only: the CSP allows no image host but the server.
    const std::string csp = header_of(page, "Content-Security-Policy");
    EXPECT_EQ(csp.find("cdn.7tv.app"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  }
  EXPECT_EQ(f.handler.handle_request(get("/u/")).status, 404);
  EXPECT_EQ(f.handler.handle_request(get("/compare/a")).status, 404);
}

}  // namespace
}  // namespace pererecos::http::testing
