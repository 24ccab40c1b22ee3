#include "http/api_handler.h"

#include <algorithm>
#include <utility>

#include "http/http_metrics.h"
#include "http/json_answers.h"
#include "http/openapi_document.h"
#include "http/query_string.h"

namespace pererecos::http {
namespace {

// No inline script or style anywhere (the dashboard and the docs page use files only).
// Emote images come from the providers' CDNs unless EMOTE_IMAGES=false.
std::string content_security_policy(bool emote_images) {
  std::string csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";
  if (emote_images) {
    csp += " https://cdn.7tv.app https://static-cdn.jtvnw.net https://cdn.betterttv.net "
           "https://cdn.frankerfacez.com";
  }
  csp += "; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
         "form-action 'self'; frame-ancestors 'none'";
  return csp;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The path without the root prefix when it starts with it (as a whole segment).
std::string_view strip_root(std::string_view path, std::string_view root) {
  if (root.empty() || path.size() < root.size() || path.compare(0, root.size(), root) != 0) {
    return path;
  }
  if (path.size() == root.size()) return "/";
  if (path[root.size()] != '/') return path;
  return path.substr(root.size());
}

}  // namespace

std::string normalize_root_path(std::string_view root_path) {
  root_path = trim(root_path);
  while (!root_path.empty() && root_path.back() == '/') root_path.remove_suffix(1);
  if (root_path.empty()) return {};
  std::string out;
  if (root_path.front() != '/') out.push_back('/');
  out.append(root_path);
  return out;
}

std::vector<std::string> parse_cors_origins(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view item = trim(text.substr(0, comma));
    while (item.size() > 1 && item.back() == '/') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

Response json_response(int status, std::string body) {
  Response response;
  response.status = status;
  response.headers.set("Content-Type", "application/json");
  response.body = std::move(body);
  return response;
}

Response error_response(int status, std::string_view detail) {
  return json_response(status, detail_json(detail));
}

ApiHandler::ApiHandler(ApiOptions options, const stats::StatsReader& stats, const Clock& clock,
                       FeedbackSink* feedback, HealthProbe health)
    : options_(std::move(options)),
      stats_(stats),
      clock_(clock),
      feedback_(feedback),
      health_(std::move(health)),
      static_files_(options_.web_root),
      started_(std::chrono::steady_clock::now()),
      limiter_(RateLimiterOptions{options_.rate_limit_slots, 60'000},
               options_.rate_limit_clock ? options_.rate_limit_clock : SteadyMillis(steady_now_ms)),
      events_(stats, options_.events),
      security_log_(options_.security_log, options_.security_sink) {
  options_.root_path = normalize_root_path(options_.root_path);
  csp_ = content_security_policy(options_.emote_images);
  openapi_json_ = load_openapi_document(options_.web_root, options_.root_path);
  docs_html_ = render_docs_page(openapi_json_, options_.root_path);
}

Response ApiHandler::handle_request(const Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  const TargetParts parts = split_target(request.target);
  Response response;
  if (parts.path.empty() || parts.path.front() != '/') {
    response = error_response(400, "Invalid request target");
    decorate(request, response);
    if (metrics_) metrics_->observe(nullptr, 400, std::chrono::steady_clock::now() - started);
    return response;
  }
  const std::string_view path = strip_root(parts.path, options_.root_path);
  if (looks_like_path_traversal(parts.path)) {
    security_log_.report(SecurityEvent::kPathTraversal, client_of(request).text,
                         request.method + " " + std::string(parts.path));
  }
  const std::optional<RouteMatch> match = match_route(path);
  if (!match) {
    response = error_response(404, "Not Found");
  } else if (request.method == "OPTIONS") {
    response = preflight(request, *match->route);
  } else if (request.method != match->route->method &&
             !(request.method == "HEAD" && match->route->method == "GET")) {
    response = error_response(405, "Method Not Allowed");
    response.headers.set("Allow", std::string(allow_header(*match->route)));
  } else if (request.body.size() > options_.max_request_size) {
    security_log_.report(SecurityEvent::kBodyTooLarge, client_of(request).text,
                         request.method + " " + std::string(parts.path) + " (" +
                             std::to_string(request.body.size()) + " bytes)");
    response = error_response(413, "Request body too large");
    response.close_connection = true;
  } else {
    const Route& route = *match->route;
    RateDecision decision;
    bool limited = options_.rate_limit_enabled && route.limit_per_minute > 0;
    ClientAddress client;
    if (limited) {
      client = client_of(request);
      limited = !(client.known && options_.rate_limit_exempt.contains(client.ip));
    }
    if (limited) decision = limiter_.check(limit_key(client), route.name, route.limit_per_minute);
    if (!decision.allowed) {
      security_log_.report(SecurityEvent::kRateLimited, client.text,
                           request.method + " " + std::string(parts.path) + " (" +
                               std::string(route.name) + ": " +
                               std::to_string(route.limit_per_minute) + "/min)");
      response = error_response(
          429, "Rate limit exceeded: " + std::to_string(route.limit_per_minute) +
                   " per 1 minute");
      response.headers.set("Retry-After", std::to_string(decision.retry_after_s));
      if (metrics_) metrics_->rate_limited(*match->route);
    } else {
      const QueryParams query(parts.query);
      response = dispatch(request, *match, query);
    }
    if (limited) {
      const std::string limit = std::to_string(route.limit_per_minute);
      const std::string remaining = std::to_string(decision.remaining);
      response.headers.set("RateLimit-Limit", limit);
      response.headers.set("RateLimit-Remaining", remaining);
      response.headers.set("RateLimit-Reset", std::to_string(decision.reset_s));
      response.headers.set("RateLimit-Policy", limit + ";w=60");
      response.headers.set("X-RateLimit-Limit", limit);
      response.headers.set("X-RateLimit-Remaining", remaining);
    }
  }
  if (request.method == "HEAD") response.head_only = true;
  decorate(request, response);
  if (metrics_) {
    metrics_->observe(match ? match->route : nullptr, response.status,
                      std::chrono::steady_clock::now() - started);
  }
  return response;
}

Response ApiHandler::dispatch(const Request& request, const RouteMatch& match,
                              const QueryParams& query) const {
  switch (match.route->id) {
    case RouteId::kIndex:
    case RouteId::kUserPage:
    case RouteId::kComparePage:
      return handle_dashboard_page();
    case RouteId::kChannels:
      return handle_channels();
    case RouteId::kEvents:
      return handle_events(query);
    case RouteId::kStatic:
      return handle_static(match.params.at(0));
    case RouteId::kDocs:
      return handle_docs();
    case RouteId::kOpenApi:
      return handle_openapi();
    case RouteId::kHealth:
      return handle_health(request);
    case RouteId::kFeedback:
      return handle_feedback(request);
    case RouteId::kMetrics:
      return handle_metrics(request);
    default:
      return handle_stats(match, query);
  }
}

Response ApiHandler::preflight(const Request& request, const Route& route) const {
  Response response;
  response.status = 204;
  response.headers.set("Allow", std::string(allow_header(route)));
  const std::string* origin = request.headers.find("Origin");
  const std::string* wanted_method = request.headers.find("Access-Control-Request-Method");
  if (origin == nullptr || wanted_method == nullptr || options_.cors_origins.empty()) {
    return response;  // not a CORS preflight: just say what the route allows
  }
  const bool any = std::find(options_.cors_origins.begin(), options_.cors_origins.end(), "*") !=
                   options_.cors_origins.end();
  const bool listed = std::find(options_.cors_origins.begin(), options_.cors_origins.end(),
                                *origin) != options_.cors_origins.end();
  if (!any && !listed) {
    response = error_response(400, "Disallowed CORS origin");
    return response;
  }
  const bool method_ok =
      *wanted_method == route.method || (*wanted_method == "HEAD" && route.method == "GET");
  if (!method_ok) {
    response = error_response(400, "Disallowed CORS method");
    return response;
  }
  response.status = 200;
  response.headers.set("Access-Control-Allow-Methods", std::string(allow_header(route)));
  const std::string* wanted_headers = request.headers.find("Access-Control-Request-Headers");
  response.headers.set("Access-Control-Allow-Headers",
                       wanted_headers != nullptr && !wanted_headers->empty()
                           ? *wanted_headers
                           : std::string("Content-Type, X-Health-Token"));
  response.headers.set("Access-Control-Max-Age", "600");
  return response;
}

void ApiHandler::decorate(const Request& request, Response& response) const {
  if (!options_.cors_origins.empty()) {
    if (const std::string* origin = request.headers.find("Origin"); origin != nullptr) {
      const bool any = std::find(options_.cors_origins.begin(), options_.cors_origins.end(), "*") !=
                       options_.cors_origins.end();
      if (any) {
        response.headers.set("Access-Control-Allow-Origin", "*");
      } else if (std::find(options_.cors_origins.begin(), options_.cors_origins.end(), *origin) !=
                 options_.cors_origins.end()) {
        response.headers.set("Access-Control-Allow-Origin", *origin);
        response.headers.set("Vary", "Origin");
      }
      if (response.headers.find("Access-Control-Allow-Origin") != nullptr) {
        response.headers.set("Access-Control-Expose-Headers",
                             "Retry-After, X-API-Version, RateLimit-Limit, "
                             "RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy, "
                             "X-RateLimit-Limit, X-RateLimit-Remaining");
      }
    }
  }
  if (options_.security_headers) {
    response.headers.set("X-Content-Type-Options", "nosniff");
    response.headers.set("X-Frame-Options", "DENY");
    response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
    response.headers.set("Content-Security-Policy", csp_);
  }
}

ClientAddress ApiHandler::client_of(const Request& request) const {
  return resolve_client(request, options_.trusted_proxies);
}

}  // namespace pererecos::http
