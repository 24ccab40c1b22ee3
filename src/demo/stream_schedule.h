// The demo channel's timetable: stream sessions over the period, the chat rate of every
// minute, and the exact number of messages each minute gets. Internal to the demo module.
#pragma once

#include <cstdint>
#include <vector>

#include "core/chat_event.h"

namespace pererecos::demo {

inline constexpr TimestampMs kMinuteMs = 60'000;
inline constexpr TimestampMs kDayMs = 86'400'000;
// The channel's local time for generation: America/Sao_Paulo as a fixed UTC-3.
inline constexpr TimestampMs kLocalOffsetMs = -3 * 3'600'000;

// Local hour 0-23 of `ts` at UTC-3.
int local_hour(TimestampMs ts);

struct StreamSession {
  TimestampMs start_ms = 0;
  TimestampMs end_ms = 0;  // exclusive
  double peak = 1.0;       // relative chat rate at full audience
};

enum class MinutePhase : std::uint8_t { kOffline, kOpening, kLive, kClosing };

class StreamSchedule {
 public:
  // Plans [end_ms - days, end_ms): on each local day a stream with some probability
  // (weekly rhythm: more on Fridays and Saturdays, few on Sundays) starting 19:00-21:00
  // local for 3-6 h; the rate rises over the first minutes, decays slowly, has hype bursts,
  // and a little off-stream chat. Then `total_messages` is spread over the minutes in
  // proportion to their rates (the counts add up exactly). Deterministic in its inputs.
  // REQUIRES: days >= 1.
  StreamSchedule(std::uint64_t seed, TimestampMs end_ms, int days, std::uint64_t total_messages);

  TimestampMs start_ms() const { return start_ms_; }
  TimestampMs end_ms() const { return end_ms_; }
  std::size_t minutes() const { return counts_.size(); }
  TimestampMs minute_start(std::size_t minute) const {
    return start_ms_ + static_cast<TimestampMs>(minute) * kMinuteMs;
  }
  std::uint32_t count(std::size_t minute) const { return counts_[minute]; }
  MinutePhase phase(std::size_t minute) const { return phases_[minute]; }
  // The hype burst running in `minute` (a small number >= 0 choosing the spammed emote),
  // or -1 outside bursts.
  int hype(std::size_t minute) const { return hype_[minute]; }

  // Sessions overlapping the period, by start time.
  const std::vector<StreamSession>& sessions() const { return sessions_; }
  // The session live at `ts`, or nullptr.
  const StreamSession* session_at(TimestampMs ts) const;

  // Messages in [start_ms, start_ms + k days) for k = 0..days (size days + 1).
  const std::vector<std::uint64_t>& day_prefix() const { return day_prefix_; }

 private:
  TimestampMs start_ms_;
  TimestampMs end_ms_;
  std::vector<StreamSession> sessions_;
  std::vector<std::uint32_t> counts_;
  std::vector<MinutePhase> phases_;
  std::vector<std::int8_t> hype_;
  std::vector<std::uint64_t> day_prefix_;
};

}  // namespace pererecos::demo
