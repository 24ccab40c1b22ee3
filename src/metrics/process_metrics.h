// The process-wide metrics every scrape shows: build info (version and commit), uptime,
// start time and resident memory.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "metrics/registry.h"

namespace pererecos::metrics {

// Registers, once per registry:
//   pererecos_build_info{version,commit} 1
//   pererecos_uptime_seconds            (since this call)
//   process_start_time_seconds          (Unix time of this call)
//   process_resident_memory_bytes       (read from /proc/self/statm at each scrape)
// `version` and `commit` as in core/version.h (the app passes version_info()'s).
void register_process_metrics(Registry& registry, std::string_view version,
                              std::string_view commit);

// The resident set size of this process in bytes; nullopt when /proc is unreadable.
std::optional<std::uint64_t> resident_memory_bytes();

}  // namespace pererecos::metrics
