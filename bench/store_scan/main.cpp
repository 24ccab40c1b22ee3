// bench_store_scan: how fast the rebuild's reader alone goes through a store, i.e. the
// floor under the rebuild at start (which reads on one core and applies on the other).
//
//   bench_store_scan DATABASE_URL [--runs R]
//
// Each run scans every message with Store::scan_message_views and touches every field
// (the rebuild copies them all), then prints the wall and CPU time; the last line gives
// the medians. Use the database of bench/rebuild/run.sh (bench/data/rebuild-10000000.db),
// or a PostgreSQL one (bench_store_write --url ... --keep prints its URL); for PostgreSQL
// the CPU time includes the server backend's.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "common/store_cpu_time.h"
#include "storage/postgres/pg_store.h"
#include "storage/store.h"

namespace {

using pererecos::bench::backend_cpu_seconds;
using pererecos::bench::cpu_seconds;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::fprintf(stderr, "usage: bench_store_scan DATABASE_URL [--runs R]\n");
    return argc < 2 ? 2 : 0;
  }
  const std::string url = argv[1];
  int runs = 3;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
  }
  auto store = pererecos::open_store(url);
  if (!store) {
    std::fprintf(stderr, "bench_store_scan: %s\n", store.error().c_str());
    return 1;
  }
  std::vector<double> walls, cpus;
  for (int r = 0; r < runs; ++r) {
    std::uint64_t messages = 0, bytes = 0;
    const auto start = std::chrono::steady_clock::now();
    const double cpu0 = cpu_seconds() + backend_cpu_seconds(**store);
    const auto s =
        (*store)->scan_message_views(0, [&](const pererecos::ChatMessageView& m, std::int64_t seq) {
          ++messages;
          bytes += m.id.size() + m.channel.size() + m.room_id.size() + m.user_id.size() +
                   m.login.size() + m.display_name.size() + m.text.size() + m.emotes.size() +
                   m.reply_parent_login.size() + m.reply_parent_msg_id.size() +
                   static_cast<std::uint64_t>(seq & 1);
          return true;
        });
    if (!s) {
      std::fprintf(stderr, "bench_store_scan: %s\n", s.message().c_str());
      return 1;
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = cpu_seconds() + backend_cpu_seconds(**store) - cpu0;
    walls.push_back(wall);
    cpus.push_back(cpu);
    std::printf(
        "run %d: %llu messages (%llu bytes of fields) in %.2f s wall, %.2f s CPU: %.2f M/s\n",
        r + 1, static_cast<unsigned long long>(messages), static_cast<unsigned long long>(bytes),
        wall, cpu, static_cast<double>(messages) / wall / 1e6);
  }
  std::printf("median: %.2f s wall, %.2f s CPU\nreproduce: bench_store_scan %s --runs %d\n",
              median(walls), median(cpus), url.c_str(), runs);
  return 0;
}
