// The engine's flat indexes: distinct spellings of user ids never share a key, and lookups
// find every inserted key across growth.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stats/flat_index.h"

namespace pererecos::stats {
namespace {

TEST(UserIdIndex, DistinctSpellingsAreDistinctKeys) {
  UserIdIndex index;
  const std::vector<std::string> ids = {"7",        "07",  "007",   "0",
                                        "00",       "7a",  "abc",   "18446744073709551615",
                                        "99999999999999999999", "1234567890123456789"};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_EQ(index.find(ids[i]), UserIdIndex::kAbsent) << ids[i];
    index.insert(ids[i], static_cast<std::uint32_t>(i));
  }
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(index.find(ids[i]), i) << ids[i];
  EXPECT_EQ(index.find("8"), UserIdIndex::kAbsent);
  EXPECT_EQ(index.find(""), UserIdIndex::kAbsent);
}

TEST(UserIdIndex, FindsEveryKeyAcrossGrowth) {
  UserIdIndex index;
  for (std::uint32_t i = 0; i < 100000; ++i) index.insert(std::to_string(i * 7919ULL + 1), i);
  for (std::uint32_t i = 0; i < 100000; ++i) {
    ASSERT_EQ(index.find(std::to_string(i * 7919ULL + 1)), i);
  }
  EXPECT_EQ(index.find("2"), UserIdIndex::kAbsent);
}

TEST(StringIndex, ComparesTheKeysItPointsTo) {
  std::vector<std::string> keys;
  StringIndex index;
  for (int i = 0; i < 5000; ++i) {
    keys.push_back("login" + std::to_string(i));
    index.insert(hash_bytes(keys.back()), static_cast<std::uint32_t>(i));
  }
  for (int i = 0; i < 5000; ++i) EXPECT_EQ(index.find(keys[i], keys), static_cast<std::uint32_t>(i));
  EXPECT_EQ(index.find("login5000", keys), StringIndex::kAbsent);
  EXPECT_EQ(index.find("", keys), StringIndex::kAbsent);
}

}  // namespace
}  // namespace pererecos::stats
