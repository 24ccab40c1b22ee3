#include "twitch/recent_ids.h"

#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <set>
#include <string>

namespace pererecos::twitch {
namespace {

TEST(RecentIds, ASecondCopyWithinTheWindowIsRefusedAndAnOldOneIsForgotten) {
  RecentIds ids(3);
  EXPECT_TRUE(ids.insert("a"));
  EXPECT_FALSE(ids.insert("a"));
  EXPECT_TRUE(ids.insert("b"));
  EXPECT_TRUE(ids.insert("c"));
  EXPECT_FALSE(ids.insert("b"));
  EXPECT_TRUE(ids.insert("d"));  // "a" leaves the window
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_TRUE(ids.insert("a"));
  EXPECT_FALSE(ids.insert("c"));
  EXPECT_TRUE(ids.insert(""));  // no id: always new
  EXPECT_TRUE(ids.insert(""));
}

TEST(RecentIds, AgreesWithAPlainModelOverAMillionRandomIds) {
  // Ids drawn from a range a little larger than the window: about half are repeats, and
  // the table goes through many tombstone sweeps.
  constexpr std::size_t kCapacity = 1000;
  RecentIds ids(kCapacity);
  std::deque<std::string> order;
  std::multiset<std::string> window;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> pick(0, 1999);
  std::size_t refused = 0;
  for (int n = 0; n < 1'000'000; ++n) {
    const std::string id = "6a1e0000-0000-4000-8000-" + std::to_string(pick(rng));
    const bool expected_new = window.count(id) == 0;
    ASSERT_EQ(ids.insert(id), expected_new) << "at insert " << n << " of " << id;
    if (!expected_new) {
      ++refused;
      continue;
    }
    order.push_back(id);
    window.insert(id);
    if (order.size() > kCapacity) {
      window.erase(window.find(order.front()));
      order.pop_front();
    }
  }
  EXPECT_EQ(ids.size(), kCapacity);
  EXPECT_GT(refused, 100'000u);
}

}  // namespace
}  // namespace pererecos::twitch
