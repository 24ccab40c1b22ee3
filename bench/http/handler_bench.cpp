// Throughput of ApiHandler::handle_request (no sockets) over the fake StatsReader: the
// cost of routing, validation, JSON writing and headers per request.
//
//   cmake --build build --target bench_http_handler && ./build/bench/http/bench_http_handler
#include <benchmark/benchmark.h>

#include <cstdio>

#include "fake_stats_reader.h"
#include "http/api_handler.h"

namespace pererecos::http {
namespace {

struct Setup {
  Setup() : clock(testing::kTs1), handler(options(), reader, clock, nullptr, {}) {
    reader.recording = false;
  }
  static ApiOptions options() {
    ApiOptions o;
    o.web_root = PERERECOS_SOURCE_DIR "/web";
    o.cors_origins = {"*"};
    return o;  // rate limiting on, as in production (one client key)
  }
  testing::FakeStatsReader reader;
  FixedClock clock;
  ApiHandler handler;
};

void run(benchmark::State& state, const char* target, bool rate_limited) {
  static Setup setup;
  static Setup unlimited_setup;
  Request request;
  request.method = "GET";
  request.target = target;
  request.remote_ip = "127.0.0.1";
  request.headers.add("Host", "localhost");
  request.headers.add("Origin", "https://example.org");
  std::size_t bytes = 0;
  std::size_t not_ok = 0;
  for (auto _ : state) {
    // A fresh client key per iteration would grow the table; instead rotate the clock
    // forward so every request starts a new window when limiting is measured.
    if (rate_limited) setup.clock.set(setup.clock.now_ms() + 60'000);
    Response r = (rate_limited ? setup : unlimited_setup).handler.handle_request(request);
    bytes += r.body.size();
    not_ok += r.status != 200;
    benchmark::DoNotOptimize(r);
  }
  if (not_ok != 0) state.SkipWithError("unexpected status");
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}

void BM_Leaderboard(benchmark::State& s) {
  run(s, "/api/v1/stats/leaderboard?period=all&limit=10", true);
}
void BM_UserStats(benchmark::State& s) { run(s, "/api/v1/stats/user/alice?period=week", true); }
void BM_Compare(benchmark::State& s) { run(s, "/api/v1/stats/compare/alice/bob", true); }
void BM_ChatActivity(benchmark::State& s) {
  run(s, "/api/v1/stats/chat-activity?channel=chan_b", true);
}
void BM_Index(benchmark::State& s) { run(s, "/", false); }

BENCHMARK(BM_Leaderboard);
BENCHMARK(BM_UserStats);
BENCHMARK(BM_Compare);
BENCHMARK(BM_ChatActivity);
BENCHMARK(BM_Index);

}  // namespace
}  // namespace pererecos::http

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::printf("reproduce: ./build/bench/http/bench_http_handler (items_per_second = requests/s)\n");
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
