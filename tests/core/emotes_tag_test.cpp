#include "core/emotes_tag.h"

#include <gtest/gtest.h>

namespace pererecos {
namespace {

TEST(EmotesTag, ParsesSeveralEmotesSortedByStart) {
  const auto spans = parse_emotes_tag("25:12-16,0-4/1902:6-10");
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0], (EmoteSpan{"25", 0, 4}));
  EXPECT_EQ(spans[1], (EmoteSpan{"1902", 6, 10}));
  EXPECT_EQ(spans[2], (EmoteSpan{"25", 12, 16}));
}

TEST(EmotesTag, KeepsV2Ids) {
  const auto spans = parse_emotes_tag("emotesv2_ee52e9d2f1344320bad5e93dd2a6e570:0-10");
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].id, "emotesv2_ee52e9d2f1344320bad5e93dd2a6e570");
  EXPECT_EQ(spans[0].end, 10u);
}

TEST(EmotesTag, SkipsMalformedEntries) {
  EXPECT_TRUE(parse_emotes_tag("").empty());
  EXPECT_TRUE(parse_emotes_tag("25").empty());
  EXPECT_TRUE(parse_emotes_tag(":0-4").empty());
  EXPECT_TRUE(parse_emotes_tag("25:4-0").empty());
  EXPECT_TRUE(parse_emotes_tag("25:a-b").empty());
  EXPECT_TRUE(parse_emotes_tag("25:99999999999-1").empty());
  EXPECT_EQ(parse_emotes_tag("25:x,1-2//").size(), 1u);
}

}  // namespace
}  // namespace pererecos
