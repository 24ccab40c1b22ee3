#include "core/text_arena.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pererecos {
namespace {

TEST(TextArena, CopiesStayPutAcrossChunksUntilCleared) {
  TextArena arena;
  std::vector<std::string> originals;
  std::vector<std::string_view> copies;
  // Enough small strings to fill several chunks, and some larger than a chunk.
  for (int i = 0; i < 20000; ++i) {
    originals.push_back("message number " + std::to_string(i));
    if (i % 5000 == 0) originals.push_back(std::string(TextArena::kChunkBytes + 17, 'x'));
  }
  for (const std::string& s : originals) copies.push_back(arena.copy(s));
  ASSERT_EQ(copies.size(), originals.size());
  for (std::size_t i = 0; i < originals.size(); ++i) {
    EXPECT_EQ(copies[i], originals[i]) << i;
    EXPECT_NE(copies[i].data(), originals[i].data());
  }
  EXPECT_TRUE(arena.copy("").empty());
  // After clear() the memory is reused: the same amount of text fits without new chunks,
  // which the copies show by starting where the first ones did.
  const char* first = copies.front().data();
  arena.clear();
  std::vector<std::string_view> again;
  for (const std::string& s : originals) again.push_back(arena.copy(s));
  EXPECT_EQ(again.front().data(), first);
  for (std::size_t i = 0; i < originals.size(); ++i) EXPECT_EQ(again[i], originals[i]) << i;
}

}  // namespace
}  // namespace pererecos
