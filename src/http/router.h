// The route table of the service (SPEC §2) and path matching. Pure: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pererecos::http {

enum class RouteId {
  kIndex,            // GET /
  kUserPage,         // GET /u/{login}: the dashboard page
  kComparePage,      // GET /compare/{login1}/{login2}: the dashboard page
  kStatic,           // GET /static/{path...}
  kDocs,             // GET /api/docs
  kOpenApi,          // GET /api/openapi.json
  kHealth,           // GET /api/v1/health
  kUserStats,        // GET /api/v1/stats/user/{username}
  kLeaderboard,      // GET /api/v1/stats/leaderboard
  kRisingStars,      // GET /api/v1/stats/rising-stars
  kHourLeaders,      // GET /api/v1/stats/hour-leaders
  kTopWriters,       // GET /api/v1/stats/top-writers
  kActiveChatters,   // GET /api/v1/stats/active-chatters
  kChatActivity,     // GET /api/v1/stats/chat-activity
  kOverallActivity,  // GET /api/v1/stats/overall-activity
  kUniqueChatters,   // GET /api/v1/stats/unique-chatters
  kTopEmotes,        // GET /api/v1/stats/top-emotes
  kSearch,           // GET /api/v1/stats/search
  kCompare,          // GET /api/v1/stats/compare/{user1}/{user2}
  kFeedback,         // POST /api/v1/feedback
  kMetrics,          // GET /metrics (Prometheus)
  kChannels,         // GET /api/v1/channels
  kEvents,           // GET /api/v1/events (Server-Sent Events)
};

struct Route {
  RouteId id;
  std::string_view method;        // "GET" (which also answers HEAD) or "POST"
  std::string_view pattern;       // "/api/v1/stats/user/{}"; a trailing "{...}" takes the rest
  std::string_view name;          // rate-limiter key, e.g. "user"
  std::int64_t limit_per_minute;  // 0 = not rate limited
};

// Every route, in matching order.
const std::vector<Route>& routes();

struct RouteMatch {
  const Route* route = nullptr;
  // Percent-decoded path parameters in order; for "{...}" the still-encoded rest.
  std::vector<std::string> params;
};

// The route whose pattern matches `path` (percent-encoded, without query and root
// prefix), whatever the method; nullopt when none does (-> 404). A parameter matches one
// non-empty segment; a parameter containing an encoded '/' stays one segment.
std::optional<RouteMatch> match_route(std::string_view path);

// The Allow header value for a route: "GET, HEAD, OPTIONS" or "POST, OPTIONS".
std::string_view allow_header(const Route& route);

}  // namespace pererecos::http
