// Readable one-line renderings of answers, so test failures show what differs.
#pragma once

#include <string>
#include <vector>

#include "stats/answers.h"

namespace pererecos::stats::testing {

inline std::string tenths(Tenths t) {
  std::string sign = t.tenths < 0 ? "-" : "";
  std::int64_t v = t.tenths < 0 ? -t.tenths : t.tenths;
  return sign + std::to_string(v / 10) + "." + std::to_string(v % 10);
}
inline std::string d(const UserRef& u) { return u.username + "(" + u.display_name + ")"; }
template <typename T>
std::string opt(const std::optional<T>& v) {
  return v ? std::to_string(*v) : std::string("null");
}
inline std::string d(const HourlyCounts& h) {
  std::string s;
  for (auto v : h) s += std::to_string(v) + ",";
  return s;
}
inline std::string d(const std::vector<int>& v) {
  std::string s = "[";
  for (auto x : v) s += std::to_string(x) + ",";
  return s + "]";
}
inline std::string d(const std::vector<EmoteCount>& v) {
  std::string s;
  for (const auto& e : v)
    s += e.name + "/" + e.id + "/" + e.provider + "=" + std::to_string(e.count) + " ";
  return s;
}
inline std::string d(const Leaderboard& lb) {
  std::string s = std::to_string(lb.total_users) + "u " + std::to_string(lb.total_messages) + "m:";
  for (const auto& e : lb.entries)
    s += " " + std::to_string(e.rank) + "." + d(e.user) + "=" + std::to_string(e.message_count);
  return s;
}
inline std::string d(const std::vector<RisingStar>& v) {
  std::string s;
  for (const auto& e : v) {
    s += std::to_string(e.rank) + "." + d(e.user) + " " + std::to_string(e.current_count) + "/" +
         std::to_string(e.previous_count) + " " + tenths(e.growth_percent) + "; ";
  }
  return s;
}
inline std::string d(const std::vector<HourLeader>& v) {
  std::string s;
  for (const auto& e : v)
    s += std::to_string(e.hour) + ":" + d(e.user) + "=" + std::to_string(e.message_count) + " ";
  return s;
}
inline std::string d(const std::vector<TopWriter>& v) {
  std::string s;
  for (const auto& e : v) {
    s += std::to_string(e.rank) + "." + d(e.user) + " " + tenths(e.avg_length) + " " +
         std::to_string(e.message_count) + "; ";
  }
  return s;
}
inline std::string d(const ActiveChatters& a) {
  std::string s = std::to_string(a.count) + "/" + std::to_string(a.total_users) + ":";
  for (const auto& e : a.chatters)
    s += " " + d(e.user) + "=" + std::to_string(e.message_count) + "#" + std::to_string(e.rank);
  return s;
}
inline std::string d(const HourlyActivity& a) {
  return d(a.activity) + " total=" + std::to_string(a.total) +
         " peak=" + std::to_string(a.peak_hour) + "/" + std::to_string(a.peak_count);
}
inline std::string d(const TopEmotes& t) {
  return d(t.emotes) + " total=" + std::to_string(t.total_emote_uses);
}
inline std::string d(const std::vector<SearchHit>& v) {
  std::string s;
  for (const auto& e : v) s += d(e.user) + "=" + std::to_string(e.total_messages) + " ";
  return s;
}
inline std::string d(const std::optional<UserStats>& o) {
  if (!o) return "null";
  const UserStats& s = *o;
  std::string out = d(s.user) + " " + std::string(period_name(s.period)) +
                    " total=" + std::to_string(s.total_messages);
  out += "\n hourly=" + d(s.hourly_activity);
  out += "\n recent=";
  for (const auto& r : s.recent_messages)
    out += "[" + r.message + "@" + std::to_string(r.timestamp) + "]";
  out += "\n first=" + opt(s.first_message_date) + " last=" + opt(s.last_message_date);
  out += "\n percentile=" + tenths(s.percentile) + " peak=" + d(s.peak_hours);
  if (s.favorite_hour) {
    out += " fav=" + std::to_string(s.favorite_hour->hour) + "/" +
           std::to_string(s.favorite_hour->count) + "/" + tenths(s.favorite_hour->percentage);
  }
  out += "\n rival=" + (s.rival ? d(s.rival->user) + " " + tenths(s.rival->similarity_score)
                                : std::string("null"));
  out += "\n replies=";
  for (const auto& r : s.top_replies) out += d(r.user) + "=" + std::to_string(r.reply_count) + " ";
  const Rankings& k = s.rankings;
  out += "\n ranks=" + std::to_string(k.top_rank) + " chg=" + opt(k.top_rank_change) +
         " rising=" + opt(k.rising_rank) + " writers=" + opt(k.writers_rank) +
         " hours=" + d(k.hours_dominated);
  out += "\n emotes=" + d(s.top_emotes);
  return out;
}

}  // namespace pererecos::stats::testing
