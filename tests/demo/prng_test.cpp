#include "demo/prng.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace pererecos::demo {
namespace {

TEST(PrngTest, SameSeedSameSequenceDifferentSeedDifferent) {
  Prng a(7), b(7), c(8);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    differs |= x != c.next();
  }
  EXPECT_TRUE(differs);
}

// The published splitmix64 reference: seed 0 gives 0xE220A8397B1DCDAF first.
TEST(PrngTest, SplitmixMatchesReference) {
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(splitmix64(state), 0x6E789E6AA1B965F4ULL);
}

TEST(PrngTest, BelowAndBetweenStayInRange) {
  Prng rng(3);
  int seen_lo = 0, seen_hi = 0;
  for (int i = 0; i < 10000; ++i) {
    const std::uint64_t v = rng.below(10);
    ASSERT_LT(v, 10u);
    const std::int64_t w = rng.between(-2, 2);
    ASSERT_GE(w, -2);
    ASSERT_LE(w, 2);
    seen_lo += w == -2;
    seen_hi += w == 2;
    const double u = rng.unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
  EXPECT_GT(seen_lo, 1000);  // about 2000 each
  EXPECT_GT(seen_hi, 1000);
  EXPECT_EQ(rng.below(0), 0u);
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

TEST(PrngTest, UuidsAreVersion4AndUniquePerCounter) {
  std::set<std::string> seen;
  Prng noise(1);
  for (std::uint64_t i = 0; i < 20000; ++i) {
    // Same noise for every id: uniqueness must come from the counter alone.
    const std::string id = make_uuid(12345, i, 0);
    ASSERT_EQ(id.size(), 36u);
    for (std::size_t k = 0; k < id.size(); ++k) {
      if (k == 8 || k == 13 || k == 18 || k == 23) {
        ASSERT_EQ(id[k], '-') << id;
      } else {
        ASSERT_TRUE(is_hex(id[k])) << id;
      }
    }
    ASSERT_EQ(id[14], '4') << id;
    ASSERT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << id;
    ASSERT_TRUE(seen.insert(id).second) << id;
  }
  EXPECT_NE(make_uuid(1, 5, 0), make_uuid(2, 5, 0));
  EXPECT_NE(make_uuid(1, 5, 0), make_uuid(1, 5, 1));
}

}  // namespace
}  // namespace pererecos::demo
