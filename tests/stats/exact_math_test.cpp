#include "stats/exact_math.h"

#include <gtest/gtest.h>

#include <cmath>

namespace pererecos::stats {
namespace {

TEST(ExactMath, RoundsHalfAwayFromZero) {
  EXPECT_EQ(round_half_away(15, 10), 2);  // 1.5
  EXPECT_EQ(round_half_away(-15, 10), -2);
  EXPECT_EQ(round_half_away(14, 10), 1);
  EXPECT_EQ(round_half_away(-14, 10), -1);
  EXPECT_EQ(round_half_away(0, 7), 0);
  // 0.15 -> 0.2 (SPEC §1): 100 * 3 / 2000 = 0.15 % -> 2 tenths.
  EXPECT_EQ(percent_tenths(3, 2000).tenths, 2);
  EXPECT_EQ(percent_tenths(1, 3).tenths, 333);  // 33.33..
  EXPECT_EQ(percent_tenths(2, 3).tenths, 667);  // 66.66..
  EXPECT_EQ(ratio_tenths(21, 2).tenths, 105);   // 10.5
  EXPECT_EQ(ratio_tenths(1, 40).tenths, 0);     // 0.025 -> 0.0
  EXPECT_EQ(ratio_tenths(1, 20).tenths, 1);     // 0.05 -> 0.1
}

TEST(ExactMath, CosineTenthsMatchesHighPrecision) {
  // Brute force over small vectors against long double (far from any .5 boundary the
  // long double answer is right; on exact .5 the integer one must round up).
  for (std::uint64_t dot = 0; dot <= 40; ++dot) {
    for (std::uint64_t na = 1; na <= 40; ++na) {
      for (std::uint64_t nb = 1; nb <= 40; ++nb) {
        long double max_dot = std::sqrt(static_cast<long double>(na) * nb);
        if (dot > max_dot) continue;
        long double x = 1000.0L * dot / max_dot;
        long double frac = x - std::floor(x);
        if (std::fabs(frac - 0.5L) < 1e-9L) continue;
        EXPECT_EQ(cosine_tenths(dot, na, nb).tenths,
                  static_cast<std::int64_t>(std::floor(x + 0.5L)))
            << dot << " " << na << " " << nb;
      }
    }
  }
  EXPECT_EQ(cosine_tenths(1, 1, 1).tenths, 1000);
  EXPECT_EQ(cosine_tenths(0, 5, 7).tenths, 0);
  // Exactly half: 1000 * 1 / sqrt(4 * 1e6 / 0.25 ...) ; use dot/sqrt(AB) = 0.00005:
  // dot = 1, A * B = 4e8 -> 1000 / 20000 = 0.05 tenths -> rounds to 0; 0.5 case:
  // dot = 1, A * B = 4e6 -> 1000 / 2000 = 0.5 -> rounds to 1.
  EXPECT_EQ(cosine_tenths(1, 4000000, 1).tenths, 1);
  EXPECT_EQ(cosine_tenths(1, 4000001, 1).tenths, 0);
}

TEST(ExactMath, CompareProductsBeyond128Bits) {
  u128 big = (u128(1) << 100) + 7;
  EXPECT_EQ(compare_products(big, big, big, big), 0);
  EXPECT_EQ(compare_products(big, big + 1, big, big), 1);
  EXPECT_EQ(compare_products(big - 1, big, big, big), -1);
  EXPECT_EQ(compare_cosines(3, 9, 2, 4), 0);  // 3/3 == 2/2
  EXPECT_EQ(compare_cosines(3, 10, 2, 4), -1);
}

}  // namespace
}  // namespace pererecos::stats
