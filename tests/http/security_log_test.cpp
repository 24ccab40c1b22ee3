// Security-event lines: one per event, naming the client, escaped, and rate limited.
#include "http/security_log.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace pererecos::http {
namespace {

using testing::get;
using testing::HandlerFixture;

struct Lines {
  std::vector<std::string> lines;
  std::function<void(const std::string&)> sink() {
    return [this](const std::string& line) { lines.push_back(line); };
  }
};

TEST(SecurityLog, OneEscapedLinePerEventWithTheClient) {
  Lines out;
  SecurityLog log(SecurityLogOptions{}, out.sink());
  log.report(SecurityEvent::kMalformedRequest, "203.0.113.9", "bad\r\nsecurity: forged \"x\"");
  ASSERT_EQ(out.lines.size(), 1u);
  EXPECT_EQ(out.lines[0],
            "security: malformed_request client=203.0.113.9 "
            "detail=\"bad\\x0d\\x0asecurity: forged \\\"x\\\"\"");
  log.report(SecurityEvent::kBadToken, "", std::string(500, 'a'));
  ASSERT_EQ(out.lines.size(), 2u);
  EXPECT_NE(out.lines[1].find("bad_token client=unknown"), std::string::npos);
  EXPECT_LT(out.lines[1].size(), 300u);
  EXPECT_EQ(log.count(SecurityEvent::kMalformedRequest), 1u);
}

TEST(SecurityLog, LinesAreThemselvesRateLimited) {
  Lines out;
  std::int64_t now = 0;
  SecurityLog log(SecurityLogOptions{true, 10, 100}, out.sink(), [&] { return now; });
  for (int i = 0; i < 100'000; ++i) log.report(SecurityEvent::kRateLimited, "198.51.100.7", "GET /");
  EXPECT_EQ(out.lines.size(), 100u);  // the burst
  EXPECT_EQ(log.suppressed(), 99'900u);
  EXPECT_EQ(log.count(SecurityEvent::kRateLimited), 100'000u);
  now += 1'000;  // 10 more lines a second
  for (int i = 0; i < 50; ++i) log.report(SecurityEvent::kRateLimited, "198.51.100.7", "GET /");
  EXPECT_EQ(out.lines.size(), 110u);
  EXPECT_NE(out.lines[100].find("(99900 more events suppressed)"), std::string::npos) << out.lines[100];
  EXPECT_EQ(out.lines[101].find("suppressed"), std::string::npos);
}

TEST(SecurityLog, DisabledWritesNothingButCounts) {
  Lines out;
  SecurityLog log(SecurityLogOptions{false, 10, 100}, out.sink());
  log.report(SecurityEvent::kPathTraversal, "1.2.3.4", "x");
  EXPECT_TRUE(out.lines.empty());
  EXPECT_EQ(log.count(SecurityEvent::kPathTraversal), 1u);
}

TEST(SecurityLog, PathTraversalDetection) {
  for (const char* bad : {"/static/../etc/passwd", "/static/%2e%2e/x", "/static/%2E%2e%2Fx",
                          "/static/..", "/static/%252e%252e/x", "/static/a\\b", "/static/a%00b",
                          "/static/..%5c..%5cwin.ini"}) {
    EXPECT_TRUE(looks_like_path_traversal(bad)) << bad;
  }
  for (const char* ok : {"/", "/static/app.js", "/static/a..b.css", "/api/v1/stats/user/x..y",
                         "/static/%41"}) {
    EXPECT_FALSE(looks_like_path_traversal(ok)) << ok;
  }
}

TEST(SecurityLog, ApiHandlerReportsRefusalsTokensTraversalAndBigBodies) {
  Lines out;
  ApiOptions options = HandlerFixture::default_options();
  options.rate_limit_enabled = true;
  options.rate_limit_slots = 1024;
  options.max_request_size = 16;
  options.health_check_token = "s3cret";
  options.security_sink = out.sink();
  HandlerFixture f(options);
  for (int i = 0; i < 21; ++i) f.handler.handle_request(get("/api/v1/stats/compare/alice/bob"));
  ASSERT_EQ(out.lines.size(), 1u);
  EXPECT_EQ(out.lines[0],
            "security: rate_limited client=10.0.0.1 detail=\"GET /api/v1/stats/compare/alice/bob "
            "(compare: 20/min)\"");
  Request health = get("/api/v1/health");
  health.headers.set("X-Health-Token", "guess");
  f.handler.handle_request(health);
  ASSERT_EQ(out.lines.size(), 2u);
  EXPECT_NE(out.lines[1].find("bad_token client=10.0.0.1"), std::string::npos);
  health.headers.set("X-Health-Token", "s3cret");
  f.handler.handle_request(health);
  EXPECT_EQ(out.lines.size(), 2u);  // the right token is no event
  EXPECT_EQ(f.handler.handle_request(get("/static/..%2f..%2fetc%2fpasswd")).status, 404);
  ASSERT_EQ(out.lines.size(), 3u);
  EXPECT_NE(out.lines[2].find("path_traversal client=10.0.0.1"), std::string::npos);
  f.handler.handle_request(testing::make_request("POST", "/api/v1/feedback", std::string(17, 'x')));
  ASSERT_EQ(out.lines.size(), 4u);
  EXPECT_NE(out.lines[3].find("body_too_large client=10.0.0.1"), std::string::npos);
}

}  // namespace
}  // namespace pererecos::http
