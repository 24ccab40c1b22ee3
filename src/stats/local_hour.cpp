#include "stats/local_hour.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <exception>

namespace pererecos::stats {
namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

Result<LocalHourMapper> LocalHourMapper::create(const std::string& zone_name) {
  try {
    const date::time_zone* zone = date::locate_zone(zone_name);
    return LocalHourMapper(zone, zone_name);
  } catch (const std::exception& e) {
    return Result<LocalHourMapper>::failure("unknown time zone '" + zone_name + "': " + e.what());
  }
}

const LocalHourMapper::Interval& LocalHourMapper::interval_for(std::int64_t sec) {
  if (last_ < cache_.size() && cache_[last_].begin_s <= sec && sec < cache_[last_].end_s) {
    return cache_[last_];
  }
  auto it = std::upper_bound(cache_.begin(), cache_.end(), sec,
                             [](std::int64_t s, const Interval& iv) { return s < iv.begin_s; });
  if (it != cache_.begin()) {
    auto prev = std::prev(it);
    if (sec < prev->end_s) {
      last_ = static_cast<std::size_t>(prev - cache_.begin());
      return *prev;
    }
  }
  date::sys_seconds tp{std::chrono::seconds{sec}};
  date::sys_info info = zone_->get_info(tp);
  Interval iv{info.begin.time_since_epoch().count(), info.end.time_since_epoch().count(),
              info.offset.count()};
  // Clip to neighbours so the cache stays disjoint (infos never overlap, but be safe).
  auto pos = std::upper_bound(cache_.begin(), cache_.end(), iv.begin_s,
                              [](std::int64_t s, const Interval& x) { return s < x.begin_s; });
  pos = cache_.insert(pos, iv);
  last_ = static_cast<std::size_t>(pos - cache_.begin());
  return cache_[last_];
}

int LocalHourMapper::hour_of(TimestampMs ts) {
  std::int64_t sec = floor_div(ts, 1000);
  const Interval& iv = interval_for(sec);
  std::int64_t local = sec + iv.offset_s;
  std::int64_t in_day = local - floor_div(local, 86400) * 86400;
  return static_cast<int>(in_day / 3600);
}

}  // namespace pererecos::stats
