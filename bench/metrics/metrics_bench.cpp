// The cost of recording metrics on hot paths: a counter increment, a histogram
// observation, HttpMetrics::observe (what every HTTP request pays), and rendering
// /metrics; single-threaded and with 2 threads updating the same series.
//
//   cmake --build build --target bench_metrics && ./build/bench/metrics/bench_metrics
#include <benchmark/benchmark.h>

#include <chrono>

#include "http/http_metrics.h"
#include "http/router.h"
#include "metrics/registry.h"

namespace pererecos {
namespace {

metrics::Registry& shared_registry() {
  static metrics::Registry registry;
  return registry;
}

void BM_CounterInc(benchmark::State& state) {
  metrics::Counter& c = shared_registry().counter("bench_total", "B.");
  for (auto _ : state) c.inc();
  benchmark::DoNotOptimize(c.value());
}
BENCHMARK(BM_CounterInc)->Threads(1)->Threads(2);

void BM_HistogramObserve(benchmark::State& state) {
  metrics::Histogram& h =
      shared_registry().histogram("bench_seconds", "B.", metrics::latency_buckets_seconds());
  double v = 0.0003;
  for (auto _ : state) {
    h.observe(v);
    v = v < 1 ? v * 1.7 : 0.0003;
  }
  benchmark::DoNotOptimize(h.count());
}
BENCHMARK(BM_HistogramObserve)->Threads(1)->Threads(2);

void BM_HttpObserve(benchmark::State& state) {
  static http::HttpMetrics m(shared_registry());
  const http::Route* route = &http::routes()[6];
  for (auto _ : state) m.observe(route, 200, std::chrono::microseconds(40));
}
BENCHMARK(BM_HttpObserve)->Threads(1)->Threads(2);

void BM_RenderServeSized(benchmark::State& state) {
  metrics::Registry registry;
  http::HttpMetrics m(registry);
  for (const http::Route& route : http::routes()) {
    for (int status : {200, 404, 422, 429}) m.observe(&route, status, std::chrono::microseconds(50));
  }
  std::size_t bytes = 0;
  for (auto _ : state) bytes = registry.render().size();
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RenderServeSized)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace pererecos

BENCHMARK_MAIN();
