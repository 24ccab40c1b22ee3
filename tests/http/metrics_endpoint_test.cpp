// GET /metrics through ApiHandler: requests counted by route and status, 429s counted,
// the token guard (METRICS_TOKEN, else HEALTH_CHECK_TOKEN), 404 without metrics.
#include <gtest/gtest.h>

#include "http/http_metrics.h"
#include "test_support.h"

namespace pererecos::http::testing {
namespace {

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

TEST(MetricsEndpoint, NotServedWithoutMetrics) {
  HandlerFixture f;
  EXPECT_EQ(f.handler.handle_request(get("/metrics")).status, 404);
}

TEST(MetricsEndpoint, CountsRequestsByRouteAndStatus) {
  HandlerFixture f;
  metrics::Registry registry;
  HttpMetrics m(registry);
  f.handler.set_metrics(&m);
  f.handler.handle_request(get("/api/v1/health"));
  f.handler.handle_request(get("/api/v1/health"));
  f.handler.handle_request(get("/api/v1/stats/leaderboard?period=year"));
  f.handler.handle_request(get("/nowhere"));
  const Response r = f.handler.handle_request(get("/metrics"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(header_of(r, "Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_TRUE(contains(r.body, "pererecos_http_requests_total{route=\"health\",status=\"200\"} 2\n"))
      << r.body;
  EXPECT_TRUE(
      contains(r.body, "pererecos_http_requests_total{route=\"leaderboard\",status=\"422\"} 1\n"));
  EXPECT_TRUE(
      contains(r.body, "pererecos_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"));
  EXPECT_TRUE(
      contains(r.body, "pererecos_http_request_duration_seconds_count{route=\"health\"} 2\n"));
  // The scrape itself is counted after its answer is built.
  EXPECT_TRUE(contains(f.handler.handle_request(get("/metrics")).body,
                       "pererecos_http_requests_total{route=\"metrics\",status=\"200\"} 1\n"));
}

TEST(MetricsEndpoint, CountsRateLimitRefusals) {
  ApiOptions options = HandlerFixture::default_options();
  options.rate_limit_enabled = true;
  HandlerFixture f(options);
  metrics::Registry registry;
  HttpMetrics m(registry);
  f.handler.set_metrics(&m);
  int refused = 0;
  for (int i = 0; i < 25; ++i) {
    refused += f.handler.handle_request(get("/api/v1/stats/compare/a/b")).status == 429;
  }
  EXPECT_EQ(refused, 5);  // 20 per minute
  const std::string body = f.handler.handle_request(get("/metrics")).body;
  EXPECT_TRUE(contains(body, "pererecos_http_rate_limited_total{route=\"compare\"} 5\n")) << body;
  EXPECT_TRUE(contains(body, "pererecos_http_rate_limited_total{route=\"user\"} 0\n"));
  EXPECT_TRUE(contains(body, "pererecos_http_requests_total{route=\"compare\",status=\"429\"} 5\n"));
}

TEST(MetricsEndpoint, HealthTokenGuardsMetricsWhenNoMetricsToken) {
  ApiOptions options = HandlerFixture::default_options();
  options.health_check_token = "s3cret";
  HandlerFixture f(options);
  metrics::Registry registry;
  HttpMetrics m(registry);
  f.handler.set_metrics(&m);
  Response r = f.handler.handle_request(get("/metrics"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(header_of(r, "WWW-Authenticate"), "Bearer realm=\"metrics\"");
  EXPECT_FALSE(contains(r.body, "pererecos_"));
  Request with_header = get("/metrics");
  with_header.headers.add("X-Health-Token", "s3cret");
  EXPECT_EQ(f.handler.handle_request(with_header).status, 200);
  Request bearer = get("/metrics");
  bearer.headers.add("Authorization", "Bearer s3cret");
  EXPECT_EQ(f.handler.handle_request(bearer).status, 200);
  Request wrong = get("/metrics");
  wrong.headers.add("Authorization", "Bearer s3cre");
  EXPECT_EQ(f.handler.handle_request(wrong).status, 401);
}

TEST(MetricsEndpoint, MetricsTokenWinsOverHealthToken) {
  ApiOptions options = HandlerFixture::default_options();
  options.health_check_token = "health";
  options.metrics_token = "scrape";
  HandlerFixture f(options);
  metrics::Registry registry;
  HttpMetrics m(registry);
  f.handler.set_metrics(&m);
  Request health = get("/metrics");
  health.headers.add("Authorization", "Bearer health");
  EXPECT_EQ(f.handler.handle_request(health).status, 401);
  Request scrape = get("/metrics");
  scrape.headers.add("Authorization", "Bearer scrape");
  EXPECT_EQ(f.handler.handle_request(scrape).status, 200);
}

}  // namespace
}  // namespace pererecos::http::testing
