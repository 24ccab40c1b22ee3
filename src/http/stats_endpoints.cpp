// The /api/v1/stats/* endpoints of ApiHandler: validation, channel resolution, lookup,
// JSON.
#include <optional>
#include <string>

#include "http/api_handler.h"
#include "http/json_answers.h"
#include "http/query_string.h"
#include "http/validation.h"

namespace pererecos::http {
namespace {

// Validation failure -> 422 with the Result's message as detail.
template <typename T>
Response unprocessable(const Result<T>& result) {
  return error_response(422, result.error());
}

std::string user_not_found(std::string_view login, stats::Period period) {
  std::string detail = "User '" + std::string(login) + "' not found";
  if (period != stats::Period::kAll) {
    detail += " or has no messages in period '" + std::string(period_json_name(period)) + "'";
  }
  return detail;
}

}  // namespace

Response ApiHandler::handle_stats(const RouteMatch& match, const QueryParams& query) const {
  const RouteId id = match.route->id;

  // 1. Validation, before any lookup: path parameters, then query parameters.
  std::string login1;
  std::string login2;
  if (id == RouteId::kUserStats || id == RouteId::kCompare) {
    auto user1 =
        validate_username(match.params.at(0), id == RouteId::kCompare ? "user1" : "username");
    if (!user1) return unprocessable(user1);
    login1 = std::move(user1.value());
  }
  if (id == RouteId::kCompare) {
    auto user2 = validate_username(match.params.at(1), "user2");
    if (!user2) return unprocessable(user2);
    login2 = std::move(user2.value());
  }
  stats::Period period = stats::Period::kAll;
  if (id == RouteId::kUserStats || id == RouteId::kCompare || id == RouteId::kLeaderboard) {
    auto parsed = validate_period(query.get("period"));
    if (!parsed) return unprocessable(parsed);
    period = parsed.value();
  }
  std::size_t limit = 10;
  if (id == RouteId::kLeaderboard || id == RouteId::kRisingStars || id == RouteId::kTopWriters) {
    auto parsed = validate_limit(query.get("limit"), 10, 1, id == RouteId::kLeaderboard ? 100 : 50);
    if (!parsed) return unprocessable(parsed);
    limit = parsed.value();
  }
  std::string q;
  if (id == RouteId::kSearch) {
    auto parsed = validate_search_query(query.get("q"));
    if (!parsed) return unprocessable(parsed);
    q = std::move(parsed.value());
  }

  // 2. The channel.
  const std::optional<std::string_view> requested = query.get("channel");
  const std::optional<std::string> channel = stats_.resolve_channel(requested);
  if (!channel) {
    if (!requested) return error_response(404, "No channel available");
    if (requested->empty()) return error_response(404, "Channel not found");
    const std::string_view shown = requested->substr(0, 64);
    return error_response(404, "Channel '" + std::string(shown) + "' not found");
  }

  // 3. The answer.
  switch (id) {
    case RouteId::kUserStats: {
      const auto answer = stats_.user_stats(*channel, login1, period);
      if (!answer) return error_response(404, user_not_found(login1, period));
      return json_response(200, user_stats_json(*answer));
    }
    case RouteId::kCompare: {
      const auto first = stats_.user_stats(*channel, login1, period);
      if (!first) return error_response(404, user_not_found(login1, period));
      const auto second = stats_.user_stats(*channel, login2, period);
      if (!second) return error_response(404, user_not_found(login2, period));
      return json_response(200, compare_json(*first, *second));
    }
    case RouteId::kLeaderboard:
      return json_response(200, leaderboard_json(stats_.leaderboard(*channel, period, limit)));
    case RouteId::kRisingStars:
      return json_response(200, rising_stars_json(stats_.rising_stars(*channel, limit)));
    case RouteId::kHourLeaders:
      return json_response(200, hour_leaders_json(stats_.hour_leaders(*channel)));
    case RouteId::kTopWriters:
      return json_response(200, top_writers_json(stats_.top_writers(*channel, limit)));
    case RouteId::kActiveChatters:
      return json_response(200, active_chatters_json(stats_.active_chatters(*channel)));
    case RouteId::kChatActivity:
      return json_response(200,
                           hourly_activity_json(stats_.chat_activity(*channel), "total_today"));
    case RouteId::kOverallActivity:
      return json_response(
          200, hourly_activity_json(stats_.overall_activity(*channel), "total_messages"));
    case RouteId::kUniqueChatters:
      return json_response(200,
                           hourly_activity_json(stats_.unique_chatters(*channel), "total_unique"));
    case RouteId::kTopEmotes:
      return json_response(200, top_emotes_json(stats_.top_emotes(*channel)));
    case RouteId::kSearch:
      return json_response(200, search_json(stats_.search(*channel, q)));
    default:
      return error_response(404, "Not Found");
  }
}

}  // namespace pererecos::http
