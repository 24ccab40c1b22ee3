// JSON bodies of SPEC §2, written with RapidJSON's Writer. Field names are a
// compatibility contract with the original service's page: never rename or remove one.
//
// Conventions: a Tenths figure is printed as a decimal with exactly one digit after the
// point (123 -> 12.3, 500 -> 50.0, -45 -> -4.5); timestamps as format_iso8601_ms; an
// absent optional as null; strings that are not valid UTF-8 get U+FFFD for each bad byte.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stats/answers.h"

namespace pererecos::http {

// "12.3" for Tenths{123}.
std::string format_tenths(stats::Tenths value);

std::string user_stats_json(const stats::UserStats& stats);
std::string compare_json(const stats::UserStats& user1, const stats::UserStats& user2);
std::string leaderboard_json(const stats::Leaderboard& board);
std::string rising_stars_json(const std::vector<stats::RisingStar>& entries);
std::string hour_leaders_json(const std::vector<stats::HourLeader>& entries);
std::string top_writers_json(const std::vector<stats::TopWriter>& entries);
std::string active_chatters_json(const stats::ActiveChatters& chatters);

// The three hourly endpoints differ only in the name of the total field:
// "total_today" (chat-activity), "total_messages" (overall-activity), "total_unique"
// (unique-chatters).
std::string hourly_activity_json(const stats::HourlyActivity& activity,
                                 std::string_view total_field);
std::string top_emotes_json(const stats::TopEmotes& emotes);
std::string search_json(const std::vector<stats::SearchHit>& hits);

// {"detail": "..."}: every error body.
std::string detail_json(std::string_view detail);
// {"success": true, "id": N}
std::string feedback_ok_json(std::int64_t id);

}  // namespace pererecos::http
