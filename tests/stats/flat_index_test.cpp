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

TEST(HashBytes, KeysDifferingInOneByteAtAnyLengthHashApart) {
  // The hash reads whole words and then the tail (a partial or overlapping word): a change
  // of any byte, at any length, must change the hash.
  for (std::size_t len = 1; len <= 40; ++len) {
    const std::string base(len, 'k');
    const std::uint64_t h = hash_bytes(base);
    for (std::size_t at = 0; at < len; ++at) {
      std::string other = base;
      other[at] = 'K';
      EXPECT_NE(hash_bytes(other), h) << len << " " << at;
    }
    EXPECT_NE(hash_bytes(base + '\0'), h) << len;  // lengths differ: hashes too
  }
}

TEST(EqualKeys, ComparesEveryByte) {
  for (std::size_t len = 0; len <= 20; ++len) {
    const std::string a(len, 'x');
    EXPECT_TRUE(equal_keys(a, std::string(len, 'x')));
    EXPECT_FALSE(equal_keys(a, std::string(len + 1, 'x')));
    for (std::size_t at = 0; at < len; ++at) {
      std::string b = a;
      b[at] = 'y';
      EXPECT_FALSE(equal_keys(a, b)) << len << " " << at;
    }
  }
}

}  // namespace
}  // namespace pererecos::stats
