// FakeStatsReader: a hand-written StatsReader returning fixed, known answers, and
// recording the arguments of the last call, for the HTTP tests and benchmarks.
//
// Channels: "chan_a" (the default) and "chan_b". Users: "alice" (every field filled,
// including negative and null figures) and "bob" (minimal: nulls and empty lists); any
// other login has no stats. Every period is answered the same.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stats/stats_reader.h"

namespace pererecos::http::testing {

// 2024-01-06T16:19:44.095+00:00
inline constexpr TimestampMs kTs1 = 1704557984095;
// 2024-01-01T00:00:00.000+00:00
inline constexpr TimestampMs kTs0 = 1704067200000;

inline stats::UserStats make_alice() {
  stats::UserStats s;
  s.user = {"alice", "Alice"};
  s.period = stats::Period::kAll;
  s.total_messages = 42;
  for (int h = 0; h < 24; ++h) s.hourly_activity[static_cast<std::size_t>(h)] = h;
  s.recent_messages = {{"hello <3 \"quoted\"", kTs1}, {"first", kTs0}};
  s.first_message_date = kTs0;
  s.last_message_date = kTs1;
  s.percentile = {875};  // 87.5
  s.peak_hours = {21, 22, 23};
  s.favorite_hour = stats::FavoriteHour{23, 23, {548}};  // 54.8
  s.rival = stats::Rival{{"bob", "Bob"}, {1000}};        // 100.0
  s.top_replies = {{{"bob", "Bob"}, 3}};
  s.rankings.top_rank = 1;
  s.rankings.top_rank_change = -2;
  s.rankings.rising_rank = std::nullopt;
  s.rankings.writers_rank = 4;
  s.rankings.hours_dominated = {3, 23};
  s.top_emotes = {{"Kappa", "25", 7, "twitch", "https://static-cdn.jtvnw.net/x"},
                  {"peepoHappy", "60abc", 2, "", ""}};
  return s;
}

inline stats::UserStats make_bob() {
  stats::UserStats s;
  s.user = {"bob", "Bob"};
  s.total_messages = 1;
  s.percentile = {0};
  s.rankings.top_rank = 2;
  return s;
}

class FakeStatsReader final : public stats::StatsReader {
 public:
  struct Call {
    std::string method;
    std::string channel;
    std::string login;  // or q for search
    std::optional<stats::Period> period;
    std::size_t limit = 0;
  };

  std::optional<std::string> resolve_channel(
      std::optional<std::string_view> requested) const override {
    if (!requested) return std::string("chan_a");
    std::string lower(*requested);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (lower == "chan_a" || lower == "chan_b") return lower;
    return std::nullopt;
  }

  std::optional<stats::UserStats> user_stats(const std::string& channel, std::string_view login,
                                             stats::Period period) const override {
    record({"user_stats", channel, std::string(login), period, 0});
    std::optional<stats::UserStats> out;
    if (login == "alice") out = make_alice();
    if (login == "bob") out = make_bob();
    if (out) out->period = period;
    return out;
  }

  stats::Leaderboard leaderboard(const std::string& channel, stats::Period period,
                                 std::size_t limit) const override {
    record({"leaderboard", channel, "", period, limit});
    stats::Leaderboard board;
    board.period = period;
    board.total_users = 2;
    board.total_messages = 43;
    board.entries = {{1, {"alice", "Alice"}, 42}, {2, {"bob", "Bob"}, 1}};
    if (board.entries.size() > limit) board.entries.resize(limit);
    return board;
  }

  std::vector<stats::RisingStar> rising_stars(const std::string& channel,
                                              std::size_t limit) const override {
    record({"rising_stars", channel, "", std::nullopt, limit});
    return {{1, {"alice", "Alice"}, 10, 0, {1000}}, {2, {"bob", "Bob"}, 1, 2, {-500}}};
  }

  std::vector<stats::HourLeader> hour_leaders(const std::string& channel) const override {
    record({"hour_leaders", channel, "", std::nullopt, 0});
    return {{3, {"alice", "Alice"}, 5}, {23, {"bob", "Bob"}, 1}};
  }

  std::vector<stats::TopWriter> top_writers(const std::string& channel,
                                            std::size_t limit) const override {
    record({"top_writers", channel, "", std::nullopt, limit});
    return {{1, {"alice", "Alice"}, {123}, 42}};
  }

  stats::ActiveChatters active_chatters(const std::string& channel) const override {
    record({"active_chatters", channel, "", std::nullopt, 0});
    stats::ActiveChatters a;
    a.count = 1;
    a.chatters = {{{"bob", "Bob"}, 2, 2}};
    a.total_users = 2;
    return a;
  }

  stats::HourlyActivity chat_activity(const std::string& channel) const override {
    record({"chat_activity", channel, "", std::nullopt, 0});
    return hourly(5, 7);
  }
  stats::HourlyActivity overall_activity(const std::string& channel) const override {
    record({"overall_activity", channel, "", std::nullopt, 0});
    return hourly(6, 9);
  }
  stats::HourlyActivity unique_chatters(const std::string& channel) const override {
    record({"unique_chatters", channel, "", std::nullopt, 0});
    return hourly(7, 3);
  }

  stats::TopEmotes top_emotes(const std::string& channel) const override {
    record({"top_emotes", channel, "", std::nullopt, 0});
    stats::TopEmotes t;
    t.emotes = {{"Kappa", "25", 7, "twitch", ""}};
    t.total_emote_uses = 11;
    return t;
  }

  std::vector<stats::SearchHit> search(const std::string& channel,
                                       std::string_view q) const override {
    record({"search", channel, std::string(q), std::nullopt, 0});
    return {{{"alice", "Alice"}, 42}};
  }

  // Every call so far, in order.
  std::vector<Call> calls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }
  void clear_calls() {
    std::lock_guard<std::mutex> lock(mutex_);
    calls_.clear();
  }
  // When false (benchmarks), calls are not recorded.
  bool recording = true;

  std::vector<std::string> channels() const override { return {"chan_a", "chan_b"}; }
  std::uint64_t change_count(const std::string& channel) const override {
    return channel == "chan_a" || channel == "chan_b" ? changes.load() : 0;
  }
  std::string time_zone() const override { return "America/Sao_Paulo"; }

  // What change_count() answers for the known channels; tests move it.
  mutable std::atomic<std::uint64_t> changes{1};

 private:
  // activity[hour] = hour % 3, except activity[peak_hour] = peak_count.
  static stats::HourlyActivity hourly(int peak_hour, std::int64_t peak_count) {
    stats::HourlyActivity a;
    std::int64_t total = 0;
    for (int h = 0; h < 24; ++h) {
      a.activity[static_cast<std::size_t>(h)] = h == peak_hour ? peak_count : h % 3;
      total += a.activity[static_cast<std::size_t>(h)];
    }
    a.total = total;
    a.peak_hour = peak_hour;
    a.peak_count = peak_count;
    return a;
  }

  void record(Call call) const {
    if (!recording) return;
    std::lock_guard<std::mutex> lock(mutex_);
    calls_.push_back(std::move(call));
  }

  mutable std::mutex mutex_;
  mutable std::vector<Call> calls_;
};

}  // namespace pererecos::http::testing
