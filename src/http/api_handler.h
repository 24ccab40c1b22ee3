// ApiHandler: the socket-free core of the HTTP server. handle_request() routes one
// Request to its endpoint (SPEC §2) and returns the complete Response, including CORS,
// security, rate-limit and Allow headers. The session (session.h) only moves bytes.
//
// Processing order for a request:
//   1. request-target -> path (API_ROOT_PATH prefix stripped when present) and query;
//   2. no route matches the path -> 404 {"detail": "Not Found"};
//   3. OPTIONS -> CORS preflight answer (or 204 with Allow); a method the route does not
//      take -> 405 with Allow; HEAD is answered as GET without the body;
//   4. body over max_request_size -> 413;
//   5. rate limit of the route for this client (http/client_address.h; RATE_LIMIT_EXEMPT
//      clients skip it) -> 429 with Retry-After; RateLimit-* headers on limited routes;
//   6. validation (path, then query parameters, then body) -> 422;
//   7. `channel` resolution -> 404; lookups -> 404 for a missing user;
//   8. 200 with the JSON body.
//
// Thread-safe: handle_request may run concurrently on every I/O thread.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "http/api_options.h"
#include "http/event_hub.h"
#include "http/client_address.h"
#include "http/connection_limits.h"
#include "http/feedback_sink.h"
#include "http/health.h"
#include "http/http_message.h"
#include "http/rate_limiter.h"
#include "http/security_log.h"
#include "http/router.h"
#include "http/static_files.h"
#include "stats/stats_reader.h"

namespace pererecos::http {

class QueryParams;
class HttpMetrics;

class ApiHandler {
 public:
  // `stats`, `clock` and `feedback` (nullable: POST /feedback then answers 503) must
  // outlive the handler. `health` may be empty: the store then counts as up and chat as
  // disabled. `clock` is feedback's time source (the statistics' now); rate limits run on
  // a real steady clock whatever `clock` says (a frozen demo clock must not freeze them).
  ApiHandler(ApiOptions options, const stats::StatsReader& stats, const Clock& clock,
             FeedbackSink* feedback, HealthProbe health);

  Response handle_request(const Request& request) const;

  const ApiOptions& options() const { return options_; }

  // Records every request in `metrics` and serves GET /metrics from its registry
  // (http/http_metrics.h). REQUIRES: called before serving; `metrics` outlives the
  // handler. Without it, /metrics answers 404.
  void set_metrics(HttpMetrics* metrics) { metrics_ = metrics; }
  HttpMetrics* metrics() const { return metrics_; }
  // Shared with the transport and the metrics: the security-event log, the limiter's
  // counters.
  const SecurityLog& security_log() const { return security_log_; }
  std::uint64_t rate_limit_refusals() const { return limiter_.refusals(); }
  const RateLimiter& rate_limiter() const { return limiter_; }
  // The client a request is about (trusted proxies applied), as logged.
  ClientAddress client_of(const Request& request) const;

 private:
  Response dispatch(const Request& request, const RouteMatch& match,
                    const QueryParams& query) const;
  Response handle_stats(const RouteMatch& match, const QueryParams& query) const;
  Response handle_health(const Request& request) const;
  Response handle_feedback(const Request& request) const;
  Response handle_static(std::string_view relative_path) const;
  Response handle_openapi() const;
  Response handle_docs() const;
  Response handle_metrics(const Request& request) const;  // metrics_endpoint.cpp
  // The dashboard page (/, /u/{login}, /compare/{a}/{b}), dashboard_endpoints.cpp.
  Response handle_dashboard_page() const;
  Response handle_channels() const;
  Response handle_events(const QueryParams& query) const;
  Response preflight(const Request& request, const Route& route) const;

  // Adds CORS headers (when the request's Origin is allowed) and security headers.
  void decorate(const Request& request, Response& response) const;

  ApiOptions options_;
  const stats::StatsReader& stats_;
  const Clock& clock_;
  FeedbackSink* feedback_;
  HealthProbe health_;
  StaticFiles static_files_;
  std::string openapi_json_;  // empty when web_root/openapi.json is missing or invalid
  std::string docs_html_;
  std::string csp_;  // the Content-Security-Policy header
  std::chrono::steady_clock::time_point started_;
  mutable RateLimiter limiter_;
  HttpMetrics* metrics_ = nullptr;
  EventHub events_;
  SecurityLog security_log_;
};

// A JSON response with `body`.
Response json_response(int status, std::string body);
// {"detail": detail} with `status`.
Response error_response(int status, std::string_view detail);

}  // namespace pererecos::http
