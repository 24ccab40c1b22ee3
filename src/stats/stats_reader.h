// StatsReader: the read side of the statistics engine, one call per endpoint of SPEC §2.
// Every call answers from in-memory aggregates at the reader's clock "now"; none scans
// messages. Thread-safe: calls may come from any thread while the engine ingests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stats/answers.h"

namespace pererecos::stats {

class StatsReader {
 public:
  virtual ~StatsReader() = default;

  // The channel a request means (SPEC §2): `requested` lowercased when that channel is
  // known, the default channel when `requested` is nullopt; nullopt for an unknown or
  // empty channel (-> 404).
  virtual std::optional<std::string> resolve_channel(
      std::optional<std::string_view> requested) const = 0;

  // nullopt when the login resolves to no user, to an ignored login, or the user has no
  // message in the period (-> 404).
  virtual std::optional<UserStats> user_stats(const std::string& channel, std::string_view login,
                                              Period period) const = 0;
  virtual Leaderboard leaderboard(const std::string& channel, Period period,
                                  std::size_t limit) const = 0;
  virtual std::vector<RisingStar> rising_stars(const std::string& channel,
                                               std::size_t limit) const = 0;
  virtual std::vector<HourLeader> hour_leaders(const std::string& channel) const = 0;
  virtual std::vector<TopWriter> top_writers(const std::string& channel,
                                             std::size_t limit) const = 0;
  virtual ActiveChatters active_chatters(const std::string& channel) const = 0;
  virtual HourlyActivity chat_activity(const std::string& channel) const = 0;
  virtual HourlyActivity overall_activity(const std::string& channel) const = 0;
  virtual HourlyActivity unique_chatters(const std::string& channel) const = 0;
  virtual TopEmotes top_emotes(const std::string& channel) const = 0;
  virtual std::vector<SearchHit> search(const std::string& channel, std::string_view q) const = 0;

  // For the dashboard (GET /channels, GET /events). Defaults fit a reader that knows none.
  // Every channel with stored messages or configured, lowercase, sorted.
  virtual std::vector<std::string> channels() const { return {}; }
  // A number that grows whenever the channel's statistics may have changed (a message
  // applied in it, a moderation event, a new emote set); 0 for an unknown channel.
  virtual std::uint64_t change_count(const std::string& /*channel*/) const { return 0; }
  // The IANA time zone of every "local hour" (CHANNEL_TIMEZONE).
  virtual std::string time_zone() const { return "UTC"; }
};

}  // namespace pererecos::stats
