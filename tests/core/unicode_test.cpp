#include "core/unicode.h"

#include <gtest/gtest.h>

namespace pererecos {
namespace {

TEST(Unicode, CountsCodePointsNotBytes) {
  EXPECT_EQ(count_code_points(""), 0u);
  EXPECT_EQ(count_code_points("abc"), 3u);
  EXPECT_EQ(count_code_points("ol\xC3\xA1"), 3u);             // olá
  EXPECT_EQ(count_code_points("\xF0\x9F\x98\x80 x"), 3u);     // 😀 x
  EXPECT_EQ(count_code_points("\xE2\x9D\xA4\xEF\xB8\x8F"), 2u);  // ❤️ = U+2764 U+FE0F
}

TEST(Unicode, InvalidBytesCountOneEach) {
  EXPECT_EQ(count_code_points("\xFF\xFE"), 2u);
  EXPECT_EQ(count_code_points("\xF0\x9F"), 2u);  // truncated 4-byte sequence
  EXPECT_EQ(count_code_points("a\xC3"), 2u);
}

TEST(Unicode, LongTextsCountAlikeWhereverTheNonAsciiBytesSit) {
  // count_code_points skips ASCII eight bytes at a time: an emoji or an invalid sequence at
  // any position of a long text counts as it does alone (a short text: walked byte by byte).
  for (const std::string_view odd : {std::string_view("\xF0\x9F\x98\x80"), std::string_view("\xC3\xA1"),
                                     std::string_view("\xFF"), std::string_view("\xE2\x9D")}) {
    for (std::size_t at = 0; at <= 24; ++at) {
      std::string text(at, 'a');
      text += odd;
      text += std::string(19, 'b');
      EXPECT_EQ(count_code_points(text), at + count_code_points(odd) + 19) << at;
    }
  }
}

TEST(Unicode, ByteOffsetOfCodePoint) {
  const std::string_view s = "\xF0\x9F\x98\x80 ab";
  EXPECT_EQ(byte_offset_of_code_point(s, 0), 0u);
  EXPECT_EQ(byte_offset_of_code_point(s, 1), 4u);
  EXPECT_EQ(byte_offset_of_code_point(s, 2), 5u);
  EXPECT_EQ(byte_offset_of_code_point(s, 4), s.size());
  EXPECT_EQ(byte_offset_of_code_point(s, 5), std::string_view::npos);
}

}  // namespace
}  // namespace pererecos
