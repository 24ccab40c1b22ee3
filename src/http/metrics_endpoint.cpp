// GET /metrics: the Prometheus text exposition of the registry behind HttpMetrics.
#include "http/api_handler.h"
#include "http/http_metrics.h"
#include "http/token_check.h"

namespace pererecos::http {
namespace {

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// Whether the request carries `token` as a bearer token or in X-Health-Token.
bool presents(const Request& request, std::string_view token) {
  if (const std::string* given = request.headers.find("X-Health-Token"); given != nullptr) {
    if (constant_time_equals(*given, token)) return true;
  }
  if (const std::string* auth = request.headers.find("Authorization"); auth != nullptr) {
    std::string_view value = trim_spaces(*auth);
    constexpr std::string_view kBearer = "Bearer ";
    if (value.size() > kBearer.size() &&
        (value.substr(0, kBearer.size()) == kBearer || value.substr(0, kBearer.size()) == "bearer ")) {
      return constant_time_equals(trim_spaces(value.substr(kBearer.size())), token);
    }
  }
  return false;
}

}  // namespace

Response ApiHandler::handle_metrics(const Request& request) const {
  if (metrics_ == nullptr) return error_response(404, "Not Found");
  const std::optional<std::string>& token =
      options_.metrics_token && !options_.metrics_token->empty() ? options_.metrics_token
                                                                 : options_.health_check_token;
  if (token && !token->empty() && !presents(request, *token)) {
    Response refused = error_response(401, "Metrics need the configured token");
    refused.headers.set("WWW-Authenticate", "Bearer realm=\"metrics\"");
    return refused;
  }
  Response response;
  response.status = 200;
  response.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  response.headers.set("Cache-Control", "no-store");
  response.body = metrics_->registry().render();
  return response;
}

}  // namespace pererecos::http
