// The answers of the statistics engine: plain data, one struct per endpoint of SPEC §2/§3.
// The HTTP layer turns these into JSON with exactly the field names of SPEC §2; nothing
// here knows about JSON or HTTP.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/chat_event.h"

namespace pererecos::stats {

enum class Period { kDay, kWeek, kMonth, kAll };

// "day" | "week" | "month" | "all" (case-sensitive); nullopt otherwise.
std::optional<Period> parse_period(std::string_view text);
std::string_view period_name(Period period);

// A "1 decimal" figure (SPEC §1): the exact value rounded half away from zero, held as a
// whole number of tenths (12.3 -> 123) so it is printed without floating-point noise.
struct Tenths {
  std::int64_t tenths = 0;
  bool operator==(const Tenths&) const = default;
};

// A user as shown in answers: current login and display name.
struct UserRef {
  std::string username;
  std::string display_name;
  bool operator==(const UserRef&) const = default;
};

using HourlyCounts = std::array<std::int64_t, 24>;  // index = local hour 0..23

struct RecentMessage {
  std::string message;
  TimestampMs timestamp = 0;
  bool operator==(const RecentMessage&) const = default;
};

struct FavoriteHour {
  int hour = 0;
  std::int64_t count = 0;
  Tenths percentage;
  bool operator==(const FavoriteHour&) const = default;
};

struct Rival {
  UserRef user;
  Tenths similarity_score;
  bool operator==(const Rival&) const = default;
};

struct ReplyTarget {
  UserRef user;
  std::int64_t reply_count = 0;
  bool operator==(const ReplyTarget&) const = default;
};

struct Rankings {
  std::int64_t top_rank = 0;
  std::optional<std::int64_t> top_rank_change;
  std::optional<std::int64_t> rising_rank;
  std::optional<std::int64_t> writers_rank;
  std::vector<int> hours_dominated;  // ascending
  bool operator==(const Rankings&) const = default;
};

struct EmoteCount {
  std::string name;
  std::string id;
  std::int64_t count = 0;
  std::string provider;   // "twitch", "7tv", "bttv", "ffz"
  std::string image_url;  // may be empty
  bool operator==(const EmoteCount&) const = default;
};

struct UserStats {
  UserRef user;
  Period period = Period::kAll;
  std::int64_t total_messages = 0;
  HourlyCounts hourly_activity{};
  std::vector<RecentMessage> recent_messages;  // newest first, at most 10
  std::optional<TimestampMs> first_message_date;
  std::optional<TimestampMs> last_message_date;
  Tenths percentile;
  std::vector<int> peak_hours;  // 3 consecutive hours, or empty
  std::optional<FavoriteHour> favorite_hour;
  std::optional<Rival> rival;
  std::vector<ReplyTarget> top_replies;  // at most 5
  Rankings rankings;
  std::vector<EmoteCount> top_emotes;  // at most 10
  bool operator==(const UserStats&) const = default;
};

struct LeaderboardEntry {
  std::int64_t rank = 0;
  UserRef user;
  std::int64_t message_count = 0;
  bool operator==(const LeaderboardEntry&) const = default;
};

struct Leaderboard {
  Period period = Period::kAll;
  std::int64_t total_users = 0;
  std::int64_t total_messages = 0;
  std::vector<LeaderboardEntry> entries;
  bool operator==(const Leaderboard&) const = default;
};

struct RisingStar {
  std::int64_t rank = 0;
  UserRef user;
  std::int64_t current_count = 0;
  std::int64_t previous_count = 0;
  Tenths growth_percent;
  bool operator==(const RisingStar&) const = default;
};

struct HourLeader {
  int hour = 0;
  UserRef user;
  std::int64_t message_count = 0;
  bool operator==(const HourLeader&) const = default;
};

struct TopWriter {
  std::int64_t rank = 0;
  UserRef user;
  Tenths avg_length;
  std::int64_t message_count = 0;
  bool operator==(const TopWriter&) const = default;
};

struct ActiveChatter {
  UserRef user;
  std::int64_t message_count = 0;
  std::int64_t rank = 0;  // all-time leaderboard position
  bool operator==(const ActiveChatter&) const = default;
};

struct ActiveChatters {
  std::int64_t count = 0;
  std::vector<ActiveChatter> chatters;
  std::int64_t total_users = 0;
  bool operator==(const ActiveChatters&) const = default;
};

// chat-activity (total = total_today), overall-activity (total = total_messages) and
// unique-chatters (total = total_unique).
struct HourlyActivity {
  HourlyCounts activity{};
  std::int64_t total = 0;
  int peak_hour = 0;
  std::int64_t peak_count = 0;
  bool operator==(const HourlyActivity&) const = default;
};

struct TopEmotes {
  std::vector<EmoteCount> emotes;  // at most 10
  std::int64_t total_emote_uses = 0;
  bool operator==(const TopEmotes&) const = default;
};

struct SearchHit {
  UserRef user;
  std::int64_t total_messages = 0;
  bool operator==(const SearchHit&) const = default;
};

}  // namespace pererecos::stats
