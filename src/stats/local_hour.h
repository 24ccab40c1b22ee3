// LocalHourMapper: the local hour of day (0-23) of an instant in one IANA time zone,
// daylight-saving correct for each instant (SPEC §1 "local hour").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/chat_event.h"
#include "core/result.h"

namespace date {
class time_zone;
}

namespace pererecos::stats {

class LocalHourMapper {
 public:
  // Fails (as a value) when `zone_name` is not a known IANA zone.
  static Result<LocalHourMapper> create(const std::string& zone_name);

  // Local hour of `ts`. Offsets are cached per transition interval (date::sys_info), so
  // repeated calls cost a binary search. Not thread-safe (mutates the cache).
  int hour_of(TimestampMs ts);

  const std::string& zone_name() const { return zone_name_; }

 private:
  struct Interval {
    std::int64_t begin_s;  // inclusive, UTC seconds
    std::int64_t end_s;    // exclusive
    std::int64_t offset_s;
  };
  LocalHourMapper(const date::time_zone* zone, std::string name)
      : zone_(zone), zone_name_(std::move(name)) {}
  const Interval& interval_for(std::int64_t sec);

  const date::time_zone* zone_;
  std::string zone_name_;
  std::vector<Interval> cache_;  // sorted by begin_s, disjoint
  std::size_t last_ = 0;
};

}  // namespace pererecos::stats
