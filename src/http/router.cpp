#include "http/router.h"

#include "http/query_string.h"

namespace pererecos::http {
namespace {

// Splits "/a/b/c" into {"a","b","c"}; "/" gives {}; a trailing '/' gives a final "".
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  if (path.empty()) return out;
  while (true) {
    const std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

const std::vector<Route>& routes() {
  static const std::vector<Route> kRoutes = {
      {RouteId::kIndex, "GET", "/", "index", 0},
      {RouteId::kUserPage, "GET", "/u/{}", "index", 0},
      {RouteId::kComparePage, "GET", "/compare/{}/{}", "index", 0},
      {RouteId::kStatic, "GET", "/static/{...}", "static", 0},
      {RouteId::kDocs, "GET", "/api/docs", "docs", 0},
      {RouteId::kOpenApi, "GET", "/api/openapi.json", "openapi", 0},
      {RouteId::kHealth, "GET", "/api/v1/health", "health", 120},
      {RouteId::kUserStats, "GET", "/api/v1/stats/user/{}", "user", 30},
      {RouteId::kLeaderboard, "GET", "/api/v1/stats/leaderboard", "leaderboard", 60},
      {RouteId::kRisingStars, "GET", "/api/v1/stats/rising-stars", "rising-stars", 30},
      {RouteId::kHourLeaders, "GET", "/api/v1/stats/hour-leaders", "hour-leaders", 30},
      {RouteId::kTopWriters, "GET", "/api/v1/stats/top-writers", "top-writers", 30},
      {RouteId::kActiveChatters, "GET", "/api/v1/stats/active-chatters", "active-chatters", 60},
      {RouteId::kChatActivity, "GET", "/api/v1/stats/chat-activity", "chat-activity", 60},
      {RouteId::kOverallActivity, "GET", "/api/v1/stats/overall-activity", "overall-activity", 30},
      {RouteId::kUniqueChatters, "GET", "/api/v1/stats/unique-chatters", "unique-chatters", 60},
      {RouteId::kTopEmotes, "GET", "/api/v1/stats/top-emotes", "top-emotes", 30},
      {RouteId::kSearch, "GET", "/api/v1/stats/search", "search", 60},
      {RouteId::kCompare, "GET", "/api/v1/stats/compare/{}/{}", "compare", 20},
      {RouteId::kFeedback, "POST", "/api/v1/feedback", "feedback", 5},
      {RouteId::kMetrics, "GET", "/metrics", "metrics", 0},
      {RouteId::kChannels, "GET", "/api/v1/channels", "channels", 60},
      {RouteId::kEvents, "GET", "/api/v1/events", "events", 0},
  };
  return kRoutes;
}

// The segments of every route's pattern, split once.
static const std::vector<std::vector<std::string_view>>& route_patterns() {
  static const std::vector<std::vector<std::string_view>> kPatterns = [] {
    std::vector<std::vector<std::string_view>> out;
    for (const Route& route : routes()) out.push_back(split_path(route.pattern));
    return out;
  }();
  return kPatterns;
}

std::optional<RouteMatch> match_route(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  const std::vector<std::string_view> segments = split_path(path);
  const auto& patterns = route_patterns();
  for (std::size_t r = 0; r < routes().size(); ++r) {
    const Route& route = routes()[r];
    const std::vector<std::string_view>& pattern = patterns[r];
    RouteMatch match;
    match.route = &route;
    bool ok = true;
    std::size_t i = 0;
    for (; ok && i < pattern.size(); ++i) {
      if (pattern[i] == "{...}") {
        // The rest of the path, at least one character.
        if (i >= segments.size()) {
          ok = false;
          break;
        }
        const std::size_t offset = static_cast<std::size_t>(segments[i].data() - path.data());
        const std::string_view rest = path.substr(offset);
        if (rest.empty()) ok = false;
        match.params.emplace_back(rest);
        i = pattern.size();
        break;
      }
      if (i >= segments.size()) {
        ok = false;
      } else if (pattern[i] == "{}") {
        if (segments[i].empty()) ok = false;
        match.params.push_back(percent_decode(segments[i], false));
      } else if (pattern[i] != segments[i]) {
        ok = false;
      }
    }
    const bool consumed_all =
        !pattern.empty() && pattern.back() == "{...}" ? true : segments.size() == pattern.size();
    if (ok && consumed_all) return match;
  }
  return std::nullopt;
}

std::string_view allow_header(const Route& route) {
  return route.method == "POST" ? "POST, OPTIONS" : "GET, HEAD, OPTIONS";
}

}  // namespace pererecos::http
