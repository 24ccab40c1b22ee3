// Late messages into a running engine (back-fill): `--queued` in-order messages of the last
// 2 days, then `--late` older ones (spread over the same 2 days, shuffled) as one batch.
// Prints the CPU time of the late batch per message.
// Usage: bench_late [--queued N] [--late N]
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "stats/stats_engine.h"

using namespace pererecos;

namespace {
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}
}  // namespace

int main(int argc, char** argv) {
  long queued = 400000, late = 20000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--queued")) queued = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--late")) late = std::atol(argv[i + 1]);
  }
  const TimestampMs now = 1'735'732'800'000;
  const TimestampMs span = 2 * 86'400'000;
  FixedClock clock(now);
  auto engine = std::move(stats::StatsEngine::create(clock, {})).value();
  std::mt19937_64 rng(1);
  std::vector<std::string> logins;
  for (int u = 0; u < 5000; ++u) logins.push_back("user" + std::to_string(u));
  auto make = [&](long n, bool sorted) {
    std::vector<TimestampMs> ts(static_cast<std::size_t>(n));
    for (auto& t : ts) t = now - span + static_cast<TimestampMs>(rng() % span);
    if (sorted) std::sort(ts.begin(), ts.end());
    std::vector<ChatMessage> out;
    for (TimestampMs t : ts) {
      ChatMessage m;
      m.channel = "chan";
      const std::string& l = logins[rng() % logins.size()];
      m.user_id = l;
      m.login = l;
      m.display_name = l;
      m.text = "hello there";
      m.timestamp_ms = t;
      out.push_back(std::move(m));
    }
    return out;
  };
  auto apply = [&](const std::vector<ChatMessage>& msgs, std::int64_t seq0) {
    std::vector<stats::SequencedMessage> batch;
    for (std::size_t i = 0; i < msgs.size(); ++i) {
      batch.push_back({msgs[i], seq0 + static_cast<std::int64_t>(i)});
    }
    engine->apply(batch);
  };
  const auto first = make(queued, true);
  apply(first, 1);
  engine->catch_up();
  const auto back = make(late, false);
  const double t0 = cpu_seconds();
  apply(back, queued + 1);
  engine->catch_up();
  const double t1 = cpu_seconds();
  std::printf("queued %ld, late batch %ld: %.3f s CPU, %.2f us per late message\n", queued, late,
              t1 - t0, (t1 - t0) * 1e6 / static_cast<double>(late));
  return 0;
}
