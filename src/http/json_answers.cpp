#include "http/json_answers.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>

#include "core/time_format.h"
#include "http/query_string.h"
#include "http/validation.h"

namespace pererecos::http {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Valid UTF-8 is written as is; otherwise each byte that does not start a valid sequence
// becomes U+FFFD, so the document is always valid JSON text.
void write_string(JsonWriter& w, std::string_view text) {
  if (is_valid_utf8(text)) {
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
    return;
  }
  std::string clean;
  clean.reserve(text.size() + 8);
  std::size_t i = 0;
  while (i < text.size()) {
    bool matched = false;
    for (std::size_t len = 4; len >= 1 && !matched; --len) {
      if (i + len <= text.size() && is_valid_utf8(text.substr(i, len))) {
        clean.append(text.substr(i, len));
        i += len;
        matched = true;
      }
    }
    if (!matched) {
      clean.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  w.String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
}

void key(JsonWriter& w, const char* name) { w.Key(name); }

void write_tenths(JsonWriter& w, stats::Tenths value) {
  const std::string text = format_tenths(value);
  w.RawValue(text.data(), text.size(), rapidjson::kNumberType);
}

void write_timestamp(JsonWriter& w, TimestampMs ts) { write_string(w, format_iso8601_ms(ts)); }

void write_optional_timestamp(JsonWriter& w, const std::optional<TimestampMs>& ts) {
  if (ts) {
    write_timestamp(w, *ts);
  } else {
    w.Null();
  }
}

void write_optional_int(JsonWriter& w, const std::optional<std::int64_t>& value) {
  if (value) {
    w.Int64(*value);
  } else {
    w.Null();
  }
}

void write_user(JsonWriter& w, const stats::UserRef& user) {
  key(w, "username");
  write_string(w, user.username);
  key(w, "display_name");
  write_string(w, user.display_name);
}

void write_hourly_array(JsonWriter& w, const stats::HourlyCounts& counts) {
  w.StartArray();
  for (int hour = 0; hour < 24; ++hour) {
    w.StartObject();
    key(w, "hour");
    w.Int(hour);
    key(w, "count");
    w.Int64(counts[static_cast<std::size_t>(hour)]);
    w.EndObject();
  }
  w.EndArray();
}

void write_emote(JsonWriter& w, const stats::EmoteCount& emote) {
  w.StartObject();
  key(w, "emote_name");
  write_string(w, emote.name);
  key(w, "emote_id");
  write_string(w, emote.id);
  key(w, "count");
  w.Int64(emote.count);
  if (!emote.provider.empty()) {
    key(w, "provider");
    write_string(w, emote.provider);
  }
  if (!emote.image_url.empty()) {
    key(w, "image_url");
    write_string(w, emote.image_url);
  }
  w.EndObject();
}

void write_user_stats(JsonWriter& w, const stats::UserStats& s) {
  w.StartObject();
  write_user(w, s.user);
  key(w, "period");
  write_string(w, period_json_name(s.period));
  key(w, "total_messages");
  w.Int64(s.total_messages);
  key(w, "hourly_activity");
  write_hourly_array(w, s.hourly_activity);
  key(w, "recent_messages");
  w.StartArray();
  for (const auto& m : s.recent_messages) {
    w.StartObject();
    key(w, "message");
    write_string(w, m.message);
    key(w, "timestamp");
    write_timestamp(w, m.timestamp);
    w.EndObject();
  }
  w.EndArray();
  key(w, "first_message_date");
  write_optional_timestamp(w, s.first_message_date);
  key(w, "last_message_date");
  write_optional_timestamp(w, s.last_message_date);
  key(w, "percentile");
  write_tenths(w, s.percentile);
  key(w, "peak_hours");
  w.StartArray();
  for (int h : s.peak_hours) w.Int(h);
  w.EndArray();
  key(w, "favorite_hour");
  if (s.favorite_hour) {
    w.StartObject();
    key(w, "hour");
    w.Int(s.favorite_hour->hour);
    key(w, "count");
    w.Int64(s.favorite_hour->count);
    key(w, "percentage");
    write_tenths(w, s.favorite_hour->percentage);
    w.EndObject();
  } else {
    w.Null();
  }
  key(w, "rival");
  if (s.rival) {
    w.StartObject();
    write_user(w, s.rival->user);
    key(w, "similarity_score");
    write_tenths(w, s.rival->similarity_score);
    w.EndObject();
  } else {
    w.Null();
  }
  key(w, "top_replies");
  w.StartArray();
  for (const auto& r : s.top_replies) {
    w.StartObject();
    write_user(w, r.user);
    key(w, "reply_count");
    w.Int64(r.reply_count);
    w.EndObject();
  }
  w.EndArray();
  key(w, "rankings");
  w.StartObject();
  key(w, "top_rank");
  w.Int64(s.rankings.top_rank);
  key(w, "top_rank_change");
  write_optional_int(w, s.rankings.top_rank_change);
  key(w, "rising_rank");
  write_optional_int(w, s.rankings.rising_rank);
  key(w, "writers_rank");
  write_optional_int(w, s.rankings.writers_rank);
  key(w, "hours_dominated");
  w.StartArray();
  for (int h : s.rankings.hours_dominated) w.Int(h);
  w.EndArray();
  w.EndObject();
  key(w, "top_emotes");
  w.StartArray();
  for (const auto& e : s.top_emotes) write_emote(w, e);
  w.EndArray();
  w.EndObject();
}

std::string take(rapidjson::StringBuffer& buffer) {
  return std::string(buffer.GetString(), buffer.GetSize());
}

// {"entries": [ {...}, ... ]} with each object's members written by `write_members`.
template <typename Entry, typename WriteMembers>
std::string entries_json(const std::vector<Entry>& entries, WriteMembers write_members) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  key(w, "entries");
  w.StartArray();
  for (const Entry& e : entries) {
    w.StartObject();
    write_members(w, e);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return take(buffer);
}

}  // namespace

std::string format_tenths(stats::Tenths value) {
  const bool negative = value.tenths < 0;
  // Magnitude as unsigned so INT64_MIN does not overflow.
  const std::uint64_t magnitude = negative ? ~static_cast<std::uint64_t>(value.tenths) + 1
                                           : static_cast<std::uint64_t>(value.tenths);
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / 10);
  out += '.';
  out += static_cast<char>('0' + magnitude % 10);
  return out;
}

std::string user_stats_json(const stats::UserStats& stats) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  write_user_stats(w, stats);
  return take(buffer);
}

std::string compare_json(const stats::UserStats& user1, const stats::UserStats& user2) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  key(w, "user1");
  write_user_stats(w, user1);
  key(w, "user2");
  write_user_stats(w, user2);
  w.EndObject();
  return take(buffer);
}

std::string leaderboard_json(const stats::Leaderboard& board) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  key(w, "period");
  write_string(w, period_json_name(board.period));
  key(w, "total_users");
  w.Int64(board.total_users);
  key(w, "total_messages");
  w.Int64(board.total_messages);
  key(w, "leaderboard");
  w.StartArray();
  for (const auto& e : board.entries) {
    w.StartObject();
    key(w, "rank");
    w.Int64(e.rank);
    write_user(w, e.user);
    key(w, "message_count");
    w.Int64(e.message_count);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return take(buffer);
}

std::string rising_stars_json(const std::vector<stats::RisingStar>& entries) {
  return entries_json(entries, [](JsonWriter& w, const stats::RisingStar& e) {
    key(w, "rank");
    w.Int64(e.rank);
    write_user(w, e.user);
    key(w, "current_count");
    w.Int64(e.current_count);
    key(w, "previous_count");
    w.Int64(e.previous_count);
    key(w, "growth_percent");
    write_tenths(w, e.growth_percent);
  });
}

std::string hour_leaders_json(const std::vector<stats::HourLeader>& entries) {
  return entries_json(entries, [](JsonWriter& w, const stats::HourLeader& e) {
    key(w, "hour");
    w.Int(e.hour);
    write_user(w, e.user);
    key(w, "message_count");
    w.Int64(e.message_count);
  });
}

std::string top_writers_json(const std::vector<stats::TopWriter>& entries) {
  return entries_json(entries, [](JsonWriter& w, const stats::TopWriter& e) {
    key(w, "rank");
    w.Int64(e.rank);
    write_user(w, e.user);
    key(w, "avg_length");
    write_tenths(w, e.avg_length);
    key(w, "message_count");
    w.Int64(e.message_count);
  });
}

std::string active_chatters_json(const stats::ActiveChatters& chatters) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  key(w, "count");
  w.Int64(chatters.count);
  key(w, "chatters");
  w.StartArray();
  for (const auto& c : chatters.chatters) {
    w.StartObject();
    write_user(w, c.user);
    key(w, "message_count");
    w.Int64(c.message_count);
    key(w, "rank");
    w.Int64(c.rank);
    w.EndObject();
  }
  w.EndArray();
  key(w, "total_users");
  w.Int64(chatters.total_users);
  w.EndObject();
  return take(buffer);
}

std::string hourly_activity_json(const stats::HourlyActivity& activity,
                                 std::string_view total_field) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  key(w, "activity");
  write_hourly_array(w, activity.activity);
  w.Key(total_field.data(), static_cast<rapidjson::SizeType>(total_field.size()));
  w.Int64(activity.total);
  key(w, "peak_hour");
  w.Int(activity.peak_hour);
  key(w, "peak_count");
  w.Int64(activity.peak_count);
  w.EndObject();
  return take(buffer);
}

std::string top_emotes_json(const stats::TopEmotes& emotes) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  key(w, "emotes");
  w.StartArray();
  for (const auto& e : emotes.emotes) write_emote(w, e);
  w.EndArray();
  key(w, "total_emote_uses");
  w.Int64(emotes.total_emote_uses);
  w.EndObject();
  return take(buffer);
}

std::string search_json(const std::vector<stats::SearchHit>& hits) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartArray();
  for (const auto& h : hits) {
    w.StartObject();
    write_user(w, h.user);
    key(w, "total_messages");
    w.Int64(h.total_messages);
    w.EndObject();
  }
  w.EndArray();
  return take(buffer);
}

std::string detail_json(std::string_view detail) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  key(w, "detail");
  write_string(w, detail);
  w.EndObject();
  return take(buffer);
}

std::string feedback_ok_json(std::int64_t id) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  key(w, "success");
  w.Bool(true);
  key(w, "id");
  w.Int64(id);
  w.EndObject();
  return take(buffer);
}

}  // namespace pererecos::http
