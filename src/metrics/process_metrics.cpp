#include "metrics/process_metrics.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>


namespace pererecos::metrics {

std::optional<std::uint64_t> resident_memory_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return std::nullopt;
  unsigned long long size_pages = 0;
  unsigned long long resident_pages = 0;
  const int read = std::fscanf(f, "%llu %llu", &size_pages, &resident_pages);
  std::fclose(f);
  if (read != 2) return std::nullopt;
  const long page = sysconf(_SC_PAGESIZE);
  return resident_pages * static_cast<std::uint64_t>(page > 0 ? page : 4096);
}

void register_process_metrics(Registry& registry, std::string_view version,
                              std::string_view commit) {
  registry
      .gauge("pererecos_build_info",
             "Always 1; the labels say which version and git commit (empty when not built "
             "from git) is running.",
             {{"version", std::string(version)}, {"commit", std::string(commit)}})
      .set(1);
  const auto started = std::chrono::steady_clock::now();
  registry.collector("pererecos_uptime_seconds", "Seconds since the process started serving.",
                     Kind::kGauge, [started] {
                       return std::vector<Sample>{
                           {{}, std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                                              started)
                                    .count()}};
                     });
  const double start_unix =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  registry.collector("process_start_time_seconds",
                     "Start time of the process since the Unix epoch in seconds.", Kind::kGauge,
                     [start_unix] { return std::vector<Sample>{{{}, start_unix}}; });
  registry.collector("process_resident_memory_bytes", "Resident memory size in bytes.",
                     Kind::kGauge, [] {
                       std::vector<Sample> out;
                       if (auto rss = resident_memory_bytes()) {
                         out.push_back({{}, static_cast<double>(*rss)});
                       }
                       return out;
                     });
}

}  // namespace pererecos::metrics
