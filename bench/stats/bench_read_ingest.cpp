// Reads during ingest: API-level reads (leaderboard, user stats) on reader threads while
// messages are applied at a steady rate, as `serve` does. Prints read latency p50/p99 and
// whether the writer kept up.
// Usage: bench_read_ingest [--prefill N] [--rate msgs/s] [--seconds S] [--readers R]
//        [--no-writer]   (readers catch up themselves: the engine's old contract)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/engine_writer.h"
#include "core/clock.h"
#include "stats/stats_engine.h"

using namespace pererecos;
using Steady = std::chrono::steady_clock;

int main(int argc, char** argv) {
  long prefill = 1'000'000, rate = 2000, seconds = 10, readers = 2;
  bool writer_thread = true;
  for (int i = 1; i < argc; ++i) {
    auto next = [&] { return i + 1 < argc ? std::atol(argv[++i]) : 0L; };
    if (!std::strcmp(argv[i], "--prefill")) prefill = next();
    if (!std::strcmp(argv[i], "--rate")) rate = next();
    if (!std::strcmp(argv[i], "--seconds")) seconds = next();
    if (!std::strcmp(argv[i], "--readers")) readers = next();
    if (!std::strcmp(argv[i], "--no-writer")) writer_thread = false;
  }
  SystemClock clock;
  auto engine = std::move(stats::StatsEngine::create(clock, {})).value();
  std::mt19937_64 rng(1);
  const int users = 20000;
  std::vector<std::string> logins;
  for (int u = 0; u < users; ++u) logins.push_back("user" + std::to_string(u));
  auto make = [&](TimestampMs ts) {
    ChatMessage m;
    m.channel = "chan";
    // Zipf-like sender.
    const auto u = static_cast<std::size_t>(
        std::min<double>(users - 1, std::exp(std::uniform_real_distribution<double>(
                                        0, std::log(double(users)))(rng)) - 1));
    m.user_id = m.login = m.display_name = logins[u];
    m.text = "hello Kappa @user1 how are you";
    m.timestamp_ms = ts;
    return m;
  };
  const TimestampMs now = clock.now_ms();
  std::int64_t seq = 0;
  {
    std::vector<ChatMessage> msgs;
    for (long i = 0; i < prefill; ++i) msgs.push_back(make(now - 20LL * 86'400'000 + i * 1000));
    std::vector<stats::SequencedMessage> batch;
    for (auto& m : msgs) batch.push_back({m, ++seq});
    engine->apply(batch);
    engine->catch_up();
  }
  // Ingest: every 10 ms the messages due since the start go into an inbox; the writer
  // (EngineWriter, woken as a commit callback would) applies them in one batch.
  std::mutex inbox_mutex;
  std::vector<ChatMessage> inbox;
  std::atomic<long> applied{0};
  auto pull = [&]() -> Status {
    std::vector<ChatMessage> take;
    {
      std::lock_guard lock(inbox_mutex);
      take.swap(inbox);
    }
    if (take.empty()) return Status::ok();
    std::vector<stats::SequencedMessage> batch;
    for (auto& m : take) batch.push_back({m, ++seq});
    engine->apply(batch);
    applied += static_cast<long>(take.size());
    return Status::ok();
  };
  std::unique_ptr<app::EngineWriter> writer;
  if (writer_thread) {
    writer = std::make_unique<app::EngineWriter>(*engine, clock, pull, std::chrono::seconds(1));
  }
  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> lat(static_cast<std::size_t>(readers));
  std::vector<std::thread> threads;
  for (long r = 0; r < readers; ++r) {
    threads.emplace_back([&, r] {
      std::mt19937_64 rr(static_cast<std::uint64_t>(r) + 7);
      auto& out = lat[static_cast<std::size_t>(r)];
      while (!stop) {
        const auto t0 = Steady::now();
        if (rr() % 2) {
          (void)engine->leaderboard("chan", stats::Period::kAll, 10);
        } else {
          (void)engine->user_stats("chan", logins[rr() % 50], stats::Period::kAll);
        }
        out.push_back(std::chrono::duration<double, std::micro>(Steady::now() - t0).count());
      }
    });
  }
  const auto start = Steady::now();
  long produced = 0;
  while (Steady::now() - start < std::chrono::seconds(seconds)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const double el = std::chrono::duration<double>(Steady::now() - start).count();
    const long due = static_cast<long>(el * static_cast<double>(rate));
    {
      std::lock_guard lock(inbox_mutex);
      for (; produced < due; ++produced) inbox.push_back(make(clock.now_ms()));
    }
    if (writer) {
      writer->notify();
    } else {
      pull();  // the ingest thread applies; readers catch up themselves
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  stop = true;
  for (auto& t : threads) t.join();
  if (writer) writer->stop();
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all.empty() ? 0.0 : all[static_cast<std::size_t>(p * (all.size() - 1))]; };
  std::printf("%s: %ld msgs/s for %ld s over %ld prefilled, %ld readers: %zu reads, p50 %.1f us, "
              "p99 %.1f us, max %.1f us; applied %ld of %ld produced; reader upkeeps %llu\n",
              writer ? "engine writer thread" : "no writer (readers catch up)", rate, seconds,
              prefill, readers, all.size(), pct(0.5), pct(0.99), all.empty() ? 0.0 : all.back(),
              applied.load(), produced, static_cast<unsigned long long>(engine->reader_upkeeps()));
  return 0;
}
