// bench_stats: builds the engine from a synthetic history (default 10M messages, 200k users,
// 90 days; Zipf-like senders, a daily rhythm), then prints the apply rate, the resident
// memory, and per-endpoint query latency (p50/p99).
//
//   build-stats/bench/stats/bench_stats [--messages N] [--users U] [--days D] [--queries Q]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "core/huge_pages.h"
#include "stats/stats_engine.h"

namespace {

using namespace pererecos;
using namespace pererecos::stats;
using Steady = std::chrono::steady_clock;

struct Rng {  // splitmix64: deterministic, fast
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

long rss_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

double seconds_since(Steady::time_point t) {
  return std::chrono::duration<double>(Steady::now() - t).count();
}

// CPU time of this thread: the figure that means something on a shared, loaded machine.
double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Generator {
  std::int64_t n;
  int users;
  int days;
  TimestampMs start;
  std::vector<double> zipf_cdf;
  std::vector<double> hour_cdf;  // daily rhythm: cumulative share by hour
  std::vector<std::string> vocab;
  Rng rng{42};

  Generator(std::int64_t n_, int users_, int days_, TimestampMs start_)
      : n(n_), users(users_), days(days_), start(start_) {
    zipf_cdf.resize(static_cast<std::size_t>(users));
    double sum = 0;
    for (int i = 0; i < users; ++i) {
      sum += 1.0 / std::pow(i + 1.0, 0.9);
      zipf_cdf[static_cast<std::size_t>(i)] = sum;
    }
    for (double& v : zipf_cdf) v /= sum;
    // Quiet at night (UTC-3 evening peak), busy in the evening.
    const double weight[24] = {6,   5, 4,   3, 2,   1.5, 1, 1, 1, 1, 1.5, 2,
                               2.5, 3, 3.5, 4, 4.5, 5,   6, 7, 8, 9, 8,   7};
    double acc = 0, total = 0;
    for (double w : weight) total += w;
    for (double w : weight) hour_cdf.push_back(acc += w / total);
    vocab = {"hi",      "lol",      "KEKW",  "Pog",   "catJAM",     "monkaS",
             "LUL",     "ok",       "that",  "was",   "insane",     "gg",
             "nice",    "what",     "is",    "this",  "peepoHappy", "OMEGALUL",
             "true",    "no",       "yes",   "bruh",  "chat",       "stream",
             "today",   "\xC3\xA9", "why",   "wow",   "xD",         "ResidentSleeper",
             "emote12", "emote345", "hello", "again", "play",       "game"};
  }

  // Message i (in time order) into m.
  void make(std::int64_t i, ChatMessage& m) {
    const double u = (static_cast<double>(i) + 0.5) / static_cast<double>(n) * days;
    const auto day = static_cast<std::int64_t>(u);
    double f = u - static_cast<double>(day);
    int h = 0;
    while (h < 23 && hour_cdf[static_cast<std::size_t>(h)] < f) ++h;
    double lo = h == 0 ? 0 : hour_cdf[static_cast<std::size_t>(h - 1)];
    double in_hour = (f - lo) / (hour_cdf[static_cast<std::size_t>(h)] - lo);
    m.timestamp_ms =
        start + day * 86'400'000 + h * 3'600'000 + static_cast<std::int64_t>(in_hour * 3'600'000);
    const double z = rng.unit();
    const auto user =
        static_cast<int>(std::lower_bound(zipf_cdf.begin(), zipf_cdf.end(), z) - zipf_cdf.begin());
    m.user_id = std::to_string(1000 + user);
    m.login = "user" + std::to_string(user);
    m.display_name = m.login;
    m.id.assign(36, 'x');
    std::snprintf(m.id.data(), 37, "%08llx-0000-4000-8000-%012llx",
                  static_cast<unsigned long long>(i & 0xffffffff),
                  static_cast<unsigned long long>(i));
    m.text.clear();
    m.emotes.clear();
    const int words = 1 + static_cast<int>(rng.next() % 8);
    for (int w = 0; w < words; ++w) {
      if (w) m.text.push_back(' ');
      if (w == 0 && rng.next() % 5 == 0) {
        m.text += "Kappa";
        m.emotes = "25:0-4";
      } else if (rng.next() % 15 == 0) {
        m.text += "@user" + std::to_string(rng.next() % static_cast<std::uint64_t>(users / 10 + 1));
      } else {
        m.text += vocab[rng.next() % vocab.size()];
      }
    }
    m.reply_parent_login.clear();
  }
};

// CPU p50/p99/max, the first call (answers remembered by the engine make later calls
// cheaper until the data changes), and the wall-clock p50 for comparison.
void report(const char* name, std::vector<double>& us, std::vector<double>& wall) {
  const double first = us.front();
  std::sort(us.begin(), us.end());
  std::sort(wall.begin(), wall.end());
  auto at = [](const std::vector<double>& v, double q) {
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
  };
  std::printf(
      "  %-36s cpu p50 %8.1f us  p99 %8.1f us  max %8.1f us  first %8.1f us | wall p50 %8.1f "
      "us\n",
      name, at(us, 0.5), at(us, 0.99), us.back(), first, at(wall, 0.5));
}

}  // namespace

int main(int argc, char** argv) {
  pererecos::reexec_with_huge_pages(argv);  // as pererecos-stats does (core/huge_pages.h)
  std::int64_t messages = 10'000'000;
  int users = 200'000, days = 90, queries = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--messages")) messages = std::atoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--users")) users = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--days")) days = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--queries")) queries = std::atoi(argv[i + 1]);
  }
  const TimestampMs start = 1'717'200'000'000;  // 2024-06-01T00:00Z
  const TimestampMs now = start + static_cast<TimestampMs>(days) * 86'400'000 + 60'000;
  std::printf("bench_stats --messages %lld --users %d --days %d --queries %d\n",
              static_cast<long long>(messages), users, days, queries);
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  std::printf("heap pages: %s\n", tunables != nullptr && std::strstr(tunables, "glibc.malloc.hugetlb=1")
                                      ? "transparent huge pages (glibc.malloc.hugetlb=1)"
                                      : "4 KiB (PERERECOS_HUGE_PAGES=0 or not available)");
  FixedClock clock(now);
  EngineConfig cfg;
  cfg.time_zone = "America/Sao_Paulo";
  cfg.channels = {"chan"};
  auto engine = std::move(StatsEngine::create(clock, cfg)).value();
  {
    auto set = std::make_shared<EmoteSet>();
    set->provider = "7tv";
    set->set_id = "bench";
    for (int k = 0; k < 1000; ++k)
      set->by_name["emote" + std::to_string(k)] = {std::to_string(k), ""};
    for (const char* e : {"KEKW", "Pog", "catJAM", "monkaS", "LUL", "peepoHappy", "OMEGALUL"}) {
      set->by_name[e] = {std::string("7tv-") + e, ""};
    }
    EmoteCatalog cat;
    cat.channel_sets.push_back(set);
    engine->set_emote_catalog("chan", cat);
  }
  const long rss_before = rss_kib();

  // Generation alone, to subtract it from the apply loop.
  ChatMessage m;
  m.channel = "chan";
  double gen_s;
  {
    Generator g(messages, users, days, start);
    const double c0 = thread_cpu_s();
    std::uint64_t sink = 0;
    std::vector<ChatMessage> batch(4096, m);
    for (std::int64_t i = 0; i < messages; ++i) {
      ChatMessage& bm = batch[static_cast<std::size_t>(i % 4096)];
      g.make(i, bm);
      sink += bm.text.size();
    }
    gen_s = thread_cpu_s() - c0;
    if (sink == 1) std::puts("");
  }
  // Applied in batches, as `serve` applies what it reads from the store.
  Generator g(messages, users, days, start);
  constexpr std::int64_t kBatch = 4096;
  std::vector<ChatMessage> batch(kBatch, m);
  std::vector<SequencedMessage> seqd(kBatch);
  auto t = Steady::now();
  const double c1 = thread_cpu_s();
  for (std::int64_t i = 0; i < messages; i += kBatch) {
    const std::int64_t k = std::min(kBatch, messages - i);
    for (std::int64_t b = 0; b < k; ++b) {
      g.make(i + b, batch[static_cast<std::size_t>(b)]);
      seqd[static_cast<std::size_t>(b)] = {batch[static_cast<std::size_t>(b)], i + b + 1};
    }
    engine->apply(std::span<const SequencedMessage>(seqd.data(), static_cast<std::size_t>(k)));
  }
  const double total_s = thread_cpu_s() - c1;
  const double wall_s = seconds_since(t);
  const double apply_s = total_s - gen_s;
  std::printf(
      "apply: %lld messages in %.2f s CPU (generation %.2f s CPU excluded; wall %.2f s "
      "with generation): %.2f M messages/s\n",
      static_cast<long long>(messages), apply_s, gen_s, wall_s,
      static_cast<double>(messages) / apply_s / 1e6);
  const double c2 = thread_cpu_s();
  const auto t2 = Steady::now();
  Leaderboard all = engine->leaderboard("chan", Period::kAll, 100);
  std::printf(
      "first query (index catch-up after bulk apply): %.3f s wall, %.3f s CPU on this thread "
      "(large catch-ups also use a second thread)\n",
      seconds_since(t2), thread_cpu_s() - c2);
  std::printf("resident memory: %.1f MiB (before apply %.1f MiB)\n", rss_kib() / 1024.0,
              rss_before / 1024.0);
  std::printf("users in channel: %lld, messages: %lld\n", static_cast<long long>(all.total_users),
              static_cast<long long>(all.total_messages));
  if (all.entries.empty()) return 1;
  const std::string busiest = all.entries.front().user.username;
  Leaderboard full =
      engine->leaderboard("chan", Period::kAll, static_cast<std::size_t>(all.total_users));
  const std::string median = full.entries[full.entries.size() / 2].user.username;
  std::printf("busiest user %s (%lld msgs), median user %s (%lld msgs)\n", busiest.c_str(),
              static_cast<long long>(all.entries.front().message_count), median.c_str(),
              static_cast<long long>(full.entries[full.entries.size() / 2].message_count));

  std::printf("query latency over %d calls each:\n", queries);
  auto measure = [&](const char* name, const std::function<std::size_t()>& fn) {
    std::vector<double> us, wall;
    std::size_t check = 0;
    for (int q = 0; q < queries; ++q) {
      auto s = Steady::now();
      const double c = thread_cpu_s();
      check += fn();
      us.push_back((thread_cpu_s() - c) * 1e6);
      wall.push_back(seconds_since(s) * 1e6);
    }
    if (check == 0) std::printf("  (%s returned nothing)\n", name);
    report(name, us, wall);
  };
  const char* pname[] = {"day", "week", "month", "all"};
  const Period periods[] = {Period::kDay, Period::kWeek, Period::kMonth, Period::kAll};
  for (int p = 0; p < 4; ++p) {
    measure((std::string("leaderboard ") + pname[p] + " limit 100").c_str(),
            [&] { return engine->leaderboard("chan", periods[p], 100).entries.size(); });
  }
  measure("rising-stars limit 50", [&] { return engine->rising_stars("chan", 50).size(); });
  measure("hour-leaders", [&] { return engine->hour_leaders("chan").size(); });
  measure("top-writers limit 50", [&] { return engine->top_writers("chan", 50).size(); });
  measure("active-chatters", [&] { return engine->active_chatters("chan").chatters.size() + 1; });
  measure("chat-activity",
          [&] { return static_cast<std::size_t>(engine->chat_activity("chan").total); });
  measure("overall-activity",
          [&] { return static_cast<std::size_t>(engine->overall_activity("chan").total); });
  measure("unique-chatters",
          [&] { return static_cast<std::size_t>(engine->unique_chatters("chan").total); });
  measure("top-emotes", [&] { return engine->top_emotes("chan").emotes.size(); });
  measure("search 'user12'", [&] { return engine->search("chan", "user12").size(); });
  for (int p = 0; p < 4; ++p) {
    for (const std::string* who : {&busiest, &median}) {
      std::string name =
          "user_stats " + std::string(who == &busiest ? "busiest " : "median ") + pname[p];
      measure(name.c_str(), [&] {
        auto s = engine->user_stats("chan", *who, periods[p]);
        return s ? static_cast<std::size_t>(s->total_messages) : std::size_t{1};
      });
    }
  }
  // Live: one new message between queries (indexes catch up with one user each time).
  {
    std::vector<double> us, wall;
    Generator live(messages, users, days, start);
    for (int q = 0; q < queries; ++q) {
      live.make(messages - 1 - q, m);
      m.id += "-live";
      engine->apply(m, messages + q + 1);
      auto s = Steady::now();
      const double c = thread_cpu_s();
      auto st = engine->leaderboard("chan", Period::kDay, 10);
      us.push_back((thread_cpu_s() - c) * 1e6);
      wall.push_back(seconds_since(s) * 1e6);
    }
    report("leaderboard day right after an apply", us, wall);
  }
  // Live user pages: one new message between two user_stats calls (the remembered rival
  // is brought up to date from the changed rows; the replies stay remembered unless the
  // user's own replies or a login's owner changed).
  for (const std::string* who : {&busiest, &median}) {
    std::vector<double> us, wall;
    Generator live(messages, users, days, start);
    for (int q = 0; q < queries; ++q) {
      live.make(messages - 1 - q, m);
      m.id += "-live2";
      engine->apply(m, 2 * messages + q + 1);
      auto s = Steady::now();
      const double c = thread_cpu_s();
      auto st = engine->user_stats("chan", *who, Period::kAll);
      us.push_back((thread_cpu_s() - c) * 1e6);
      wall.push_back(seconds_since(s) * 1e6);
    }
    report(who == &busiest ? "user_stats busiest all, after an apply"
                           : "user_stats median all, after an apply",
           us, wall);
  }
  std::printf("resident memory at end: %.1f MiB\n", rss_kib() / 1024.0);
  return 0;
}
