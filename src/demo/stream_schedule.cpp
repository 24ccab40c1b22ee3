#include "demo/stream_schedule.h"

#include <algorithm>
#include <cmath>

#include "demo/prng.h"

namespace pererecos::demo {
namespace {

TimestampMs floor_div(TimestampMs a, TimestampMs b) {
  TimestampMs q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Local calendar day number (days since 1970-01-01 at UTC-3).
TimestampMs local_day(TimestampMs ts) { return floor_div(ts + kLocalOffsetMs, kDayMs); }

// 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday).
int weekday(TimestampMs day) { return static_cast<int>(((day % 7) + 7 + 4) % 7); }

// Relative audience by weekday, Sunday first.
constexpr double kWeekdayFactor[7] = {0.8, 0.9, 0.95, 1.0, 0.95, 1.15, 1.2};
constexpr double kStreamChance[7] = {0.3, 0.88, 0.9, 0.9, 0.88, 0.92, 0.85};
// Off-stream chat by local hour, relative to a live peak of 1.
constexpr double kOfflineRate[24] = {0.018, 0.014, 0.01,  0.006, 0.004, 0.003, 0.003, 0.005,
                                     0.008, 0.01,  0.012, 0.014, 0.016, 0.016, 0.015, 0.015,
                                     0.016, 0.018, 0.022, 0.026, 0.024, 0.022, 0.02,  0.019};

// The session of local day `day`, if the channel streams that day.
bool session_of_day(std::uint64_t seed, TimestampMs day, TimestampMs first_day, TimestampMs days,
                    StreamSession* out) {
  Prng rng(mix_key(seed ^ 0x5E55'10E5ULL, static_cast<std::uint64_t>(day)));
  const int wd = weekday(day);
  if (!rng.chance(kStreamChance[wd])) return false;
  // Starts 19:00-21:00 local, mostly on a 5-minute mark.
  TimestampMs start_min = 19 * 60 + rng.between(0, 24) * 5;
  if (rng.chance(0.2)) start_min += rng.between(0, 4);
  const TimestampMs duration_min = rng.between(180, 360);
  // The channel grows over the period: later streams have more chat.
  const double progress = days > 0 ? static_cast<double>(day - first_day) / days : 0.0;
  const double growth = 0.8 + 0.4 * std::clamp(progress, 0.0, 1.0);
  out->start_ms = day * kDayMs - kLocalOffsetMs + start_min * kMinuteMs;
  out->end_ms = out->start_ms + duration_min * kMinuteMs;
  out->peak = kWeekdayFactor[wd] * growth * (0.8 + 0.4 * rng.unit());
  return true;
}

}  // namespace

int local_hour(TimestampMs ts) {
  const TimestampMs local = ts + kLocalOffsetMs;
  return static_cast<int>((local - floor_div(local, kDayMs) * kDayMs) / 3'600'000);
}

StreamSchedule::StreamSchedule(std::uint64_t seed, TimestampMs end_ms, int days,
                               std::uint64_t total_messages)
    : start_ms_(end_ms - days * kDayMs), end_ms_(end_ms) {
  const TimestampMs first_day = local_day(start_ms_) - 1;
  const TimestampMs last_day = local_day(end_ms_);
  for (TimestampMs day = first_day; day <= last_day; ++day) {
    StreamSession s;
    if (session_of_day(seed, day, first_day, days, &s) && s.end_ms > start_ms_ &&
        s.start_ms < end_ms_) {
      sessions_.push_back(s);
    }
  }

  const std::size_t n = static_cast<std::size_t>(days) * 1440;
  std::vector<double> rate(n);
  phases_.assign(n, MinutePhase::kOffline);
  hype_.assign(n, -1);
  Prng rng(mix_key(seed ^ 0x4A77'E400ULL, 1));
  std::size_t next_session = 0;
  int hype_left = 0;
  int hype_emote = -1;
  double hype_gain = 1.0;
  for (std::size_t m = 0; m < n; ++m) {
    const TimestampMs t = minute_start(m) + kMinuteMs / 2;
    double r = kOfflineRate[local_hour(t)];
    while (next_session < sessions_.size() && sessions_[next_session].end_ms <= t) {
      ++next_session;
    }
    const bool live = next_session < sessions_.size() && sessions_[next_session].start_ms <= t;
    if (live) {
      const StreamSession& s = sessions_[next_session];
      const double x = static_cast<double>(t - s.start_ms) / kMinuteMs;
      const double duration = static_cast<double>(s.end_ms - s.start_ms) / kMinuteMs;
      const double left = duration - x;
      double shape = (x / (x + 6.0)) * (1.0 - 0.35 * x / duration);
      if (left < 6.0) shape *= 1.3;
      r += s.peak * shape;
      phases_[m] = x < 10.0     ? MinutePhase::kOpening
                   : left < 8.0 ? MinutePhase::kClosing
                                : MinutePhase::kLive;
      if (hype_left == 0 && x > 10.0 && rng.chance(1.0 / 45.0)) {
        hype_left = static_cast<int>(rng.between(1, 3));
        hype_emote = static_cast<int>(rng.below(8));
        hype_gain = 2.5 + 1.5 * rng.unit();
      }
    } else {
      hype_left = 0;
    }
    if (hype_left > 0) {
      r *= hype_gain;
      hype_[m] = static_cast<std::int8_t>(hype_emote);
      --hype_left;
    }
    rate[m] = r * (0.7 + 0.6 * rng.unit());
  }

  // Apportion: count(m) = floor(N * C(m+1) / T) - floor(N * C(m) / T).
  double total = 0;
  for (double r : rate) total += r;
  counts_.assign(n, 0);
  day_prefix_.assign(static_cast<std::size_t>(days) + 1, 0);
  double cumulative = 0;
  std::uint64_t assigned = 0;
  const double scale = static_cast<double>(total_messages) / total;
  for (std::size_t m = 0; m < n; ++m) {
    cumulative += rate[m];
    std::uint64_t upto =
        m + 1 == n ? total_messages : static_cast<std::uint64_t>(std::floor(cumulative * scale));
    upto = std::clamp(upto, assigned, total_messages);
    counts_[m] = static_cast<std::uint32_t>(upto - assigned);
    assigned = upto;
    if ((m + 1) % 1440 == 0) day_prefix_[(m + 1) / 1440] = assigned;
  }
}

const StreamSession* StreamSchedule::session_at(TimestampMs ts) const {
  auto it = std::upper_bound(sessions_.begin(), sessions_.end(), ts,
                             [](TimestampMs t, const StreamSession& s) { return t < s.start_ms; });
  if (it == sessions_.begin()) return nullptr;
  --it;
  return ts < it->end_ms ? &*it : nullptr;
}

}  // namespace pererecos::demo
