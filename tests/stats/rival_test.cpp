// The rival scan with rows too large for exact 8-bit copies: the bound of quantized_rows.h
// must never fall below the exact score, and the engine's rival must equal a brute-force
// cosine ranking with SPEC's tie-breaks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "stats/quantized_rows.h"
#include "stats/stats_engine.h"
#include "test_util.h"

namespace pererecos::stats {
namespace {

using namespace testing;
using Row = std::array<std::int32_t, 24>;

double score(const Row& a, const Row& b) {  // dot(a, b) / |b|, in long double
  long double dot = 0, norm = 0;
  for (int h = 0; h < 24; ++h) {
    dot += static_cast<long double>(a[h]) * b[h];
    norm += static_cast<long double>(b[h]) * b[h];
  }
  return static_cast<double>(dot / std::sqrt(norm));
}

TEST(QuantizedRows, SmallRowsAreCopiedExactly) {
  Row b{};
  b[3] = 255;
  b[7] = 1;
  QuantRow q = quantize_row(b);
  EXPECT_EQ(q.exact, 1u);
  for (int h = 0; h < 24; ++h) EXPECT_EQ(q.q[h], b[h]);
  EXPECT_FLOAT_EQ(q.inv_norm_lo, static_cast<float>(1 / std::sqrt(255.0 * 255 + 1)));
  b[7] = 256;
  EXPECT_EQ(quantize_row(b).exact, 0u);
  EXPECT_EQ(quantize_row(Row{}).inv_norm_lo, 0.0f);
}

TEST(QuantizedRows, BoundIsNeverBelowTheExactScore) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> pick(0, 3);
  auto random_row = [&] {
    Row r{};
    const std::int32_t scale = std::array<std::int32_t, 4>{3, 300, 70000, 2000000000}[pick(rng)];
    for (auto& v : r) v = pick(rng) == 0 ? 0 : std::uniform_int_distribution<std::int32_t>(0, scale)(rng);
    r[pick(rng)] = std::max(r[0], 1);
    return r;
  };
  for (int i = 0; i < 20000; ++i) {
    const Row a = random_row(), b = random_row();
    const QueryRow query = make_query_row(a);
    const QuantRow q = quantize_row(b);
    const double bound = query.unit * quantized_dot(query, q) * static_cast<double>(q.inv_norm_lo);
    EXPECT_GE(bound, score(a, b) * (1 - 1e-6)) << i;
    EXPECT_LE(bound, score(a, b) * 1.2 + 1e-9) << i;  // and it is a useful bound
  }
}

TEST(RivalScan, LargeCountsAndTiesAgreeWithBruteForce) {
  FixedClock clock(kNow);
  auto engine = std::move(StatsEngine::create(clock, EngineConfig{})).value();
  std::int64_t seq = 0;
  // Users with (count at hour 1, count at hour 2) all-time; hours are UTC.
  const std::vector<std::pair<std::string, std::pair<int, int>>> users = {
      {"ana", {300, 600}},   // 8-bit copy exact up to a factor 3
      {"bob", {1, 2}},       // same direction as ana: cosine 1
      {"cid", {600, 1200}},  // same direction, more messages: wins the tie with bob for ana
      {"dan", {1000, 1999}}, // almost the same direction, not exactly
      {"eve", {7, 0}},
      {"fay", {0, 513}}};
  const TimestampMs day0 = kNow - 20 * kDay - (kNow % kDay);
  for (std::size_t u = 0; u < users.size(); ++u) {
    const auto& [login, counts] = users[u];
    for (int h : {1, 2}) {
      const int n = h == 1 ? counts.first : counts.second;
      for (int k = 0; k < n; ++k) {
        engine->apply(msg(std::to_string(u + 1), login, day0 + h * kHour + k * kSec), ++seq);
      }
    }
  }
  auto expected_rival = [&](std::size_t me) {
    Row a{};
    a[1] = users[me].second.first;
    a[2] = users[me].second.second;
    std::size_t best = users.size();
    for (std::size_t u = 0; u < users.size(); ++u) {
      if (u == me) continue;
      Row b{};
      b[1] = users[u].second.first;
      b[2] = users[u].second.second;
      auto key = [&](std::size_t x) {
        Row r{};
        r[1] = users[x].second.first;
        r[2] = users[x].second.second;
        return std::make_pair(score(a, r), users[x].second.first + users[x].second.second);
      };
      if (best == users.size() || key(u) > key(best) ||
          (key(u) == key(best) && users[u].first < users[best].first)) {
        best = u;
      }
    }
    return users[best].first;
  };
  for (std::size_t me = 0; me < users.size(); ++me) {
    auto s = engine->user_stats("chan", users[me].first, Period::kAll);
    ASSERT_TRUE(s && s->rival) << users[me].first;
    EXPECT_EQ(s->rival->user.username, expected_rival(me)) << users[me].first;
  }
  EXPECT_EQ(engine->user_stats("chan", "ana", Period::kAll)->rival->user.username, "cid");
  EXPECT_EQ(engine->user_stats("chan", "bob", Period::kAll)->rival->user.username, "cid");
}

}  // namespace
}  // namespace pererecos::stats

namespace pererecos::stats {
namespace {

// Exact cosine order: dot1 / |b1| vs dot2 / |b2| (small counts: fits in 128 bits).
int compare_exact(std::int64_t dot1, std::int64_t n1, std::int64_t dot2, std::int64_t n2) {
  const __int128 x = static_cast<__int128>(dot1) * dot1 * n2;
  const __int128 y = static_cast<__int128>(dot2) * dot2 * n1;
  return x < y ? -1 : (x > y ? 1 : 0);
}

// Many users with a few peak hours; identical rows (ties by count, then login); rows
// changing peak hour between calls (remembered answers brought up to date). The engine's rival must equal an exact brute-force ranking every time.
TEST(RivalScan, ManyUsersTiesAndChangingRowsAgreeWithBruteForce) {
  FixedClock clock(kNow);
  auto engine = std::move(StatsEngine::create(clock, EngineConfig{})).value();
  std::mt19937_64 rng(5);
  constexpr int kUsers = 600;
  std::vector<Row> rows(kUsers);
  std::vector<std::string> logins;
  for (int u = 0; u < kUsers; ++u) {
    char name[16];
    std::snprintf(name, sizeof name, "u%04d", (u * 7919) % 10000);
    logins.emplace_back(name);
  }
  std::int64_t seq = 0;
  const TimestampMs day0 = kNow - 20 * kDay - (kNow % kDay);
  auto add = [&](int u, int hour, int n) {
    for (int k = 0; k < n; ++k) {
      const TimestampMs ts = day0 + hour * kHour + (seq % 3000) * kSec;
      engine->apply(msg(std::to_string(u + 1), logins[u], ts), ++seq);
    }
    rows[u][hour] += n;
  };
  for (int u = 0; u < kUsers; ++u) {
    if (u % 50 == 49) {  // a copy of an earlier row: same cosine and count, login decides
      for (int h = 0; h < 24; ++h) add(u, h, rows[u - 49][h]);
      continue;
    }
    const int peak = static_cast<int>(rng() % 4) * 6;
    add(u, peak, 1 + static_cast<int>(rng() % 30));
    for (int k = 0; k < 3; ++k) {
      if (rng() % 2) add(u, static_cast<int>(rng() % 24), 1 + static_cast<int>(rng() % 5));
    }
  }
  auto expected = [&](int me) {
    std::int64_t best_dot = 0, best_norm = 0, best_count = 0;
    int best = -1;
    for (int u = 0; u < kUsers; ++u) {
      if (u == me) continue;
      std::int64_t dot = 0, norm = 0, count = 0;
      for (int h = 0; h < 24; ++h) {
        dot += std::int64_t{rows[me][h]} * rows[u][h];
        norm += std::int64_t{rows[u][h]} * rows[u][h];
        count += rows[u][h];
      }
      if (norm == 0) continue;
      int cmp = best < 0 ? 1 : compare_exact(dot, norm, best_dot, best_norm);
      if (cmp == 0) cmp = count != best_count ? (count > best_count ? 1 : -1)
                                              : (logins[u] < logins[best] ? 1 : -1);
      if (cmp > 0) {
        best = u;
        best_dot = dot;
        best_norm = norm;
        best_count = count;
      }
    }
    return logins[best];
  };
  for (int round = 0; round < 6; ++round) {
    for (int me = 0; me < kUsers; me += 7) {
      auto s = engine->user_stats("chan", logins[me], Period::kAll);
      ASSERT_TRUE(s && s->rival) << logins[me];
      EXPECT_EQ(s->rival->user.username, expected(me)) << logins[me] << " round " << round;
    }
    // Some rows move to another peak hour, others grow in place.
    for (int k = 0; k < 40; ++k) {
      const int u = static_cast<int>(rng() % kUsers);
      add(u, static_cast<int>(rng() % 24), 1 + static_cast<int>(rng() % 60));
    }
  }
}

}  // namespace
}  // namespace pererecos::stats
