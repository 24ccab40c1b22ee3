// CPU time for the store benchmarks (bench_store_scan, bench_store_write): on a busy
// machine the wall-clock rate drops with contention, the CPU rate does not. For PostgreSQL
// the work of the server backend does not show in the process's own CPU time, so it is
// read from /proc as well (same machine; not the WAL writer's or checkpointer's).
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>

#include "storage/postgres/pg_store.h"
#include "storage/store.h"

namespace pererecos::bench {

// CPU seconds used by the whole process (all threads).
inline double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// CPU seconds used so far by the PostgreSQL backend serving `store`, read from
// /proc/PID/stat; 0 for SQLite (or when it cannot be read).
inline double backend_cpu_seconds(Store& store) {
  auto* pg = dynamic_cast<storage::PgStore*>(&store);
  if (pg == nullptr) return 0;
  std::FILE* f = std::fopen(("/proc/" + std::to_string(pg->backend_pid()) + "/stat").c_str(), "r");
  if (f == nullptr) return 0;
  char buf[1024];
  const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = '\0';
  const char* p = std::strrchr(buf, ')');  // fields after the command name
  unsigned long long utime = 0, stime = 0;
  if (p == nullptr || std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
                                  &utime, &stime) != 2) {
    return 0;
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace pererecos::bench
