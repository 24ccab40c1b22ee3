#include "emotes/emote_providers.h"

#include <gtest/gtest.h>

namespace pererecos::emotes {
namespace {

TEST(EmoteProviders, ParsesTheList) {
  Result<EmoteProviders> all = parse_emote_providers("twitch,7tv,bttv,ffz");
  ASSERT_TRUE(all.is_ok());
  EXPECT_TRUE(all->twitch && all->seventv && all->bttv && all->ffz);

  Result<EmoteProviders> some = parse_emote_providers(" 7TV , ffz,");
  ASSERT_TRUE(some.is_ok()) << some.error();
  EXPECT_FALSE(some->twitch);
  EXPECT_TRUE(some->seventv);
  EXPECT_FALSE(some->bttv);
  EXPECT_TRUE(some->ffz);

  Result<EmoteProviders> none = parse_emote_providers("");
  ASSERT_TRUE(none.is_ok());
  EXPECT_FALSE(none->twitch || none->seventv || none->bttv || none->ffz);

  Result<EmoteProviders> bad = parse_emote_providers("7tv,youtube");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.error().find("youtube"), std::string::npos);
}

TEST(EmoteProviders, SafePathIds) {
  EXPECT_TRUE(is_safe_path_id("62300805"));
  EXPECT_TRUE(is_safe_path_id("63b02874ad025a672cb4969f"));
  EXPECT_TRUE(is_safe_path_id("01GB2ZYG-9MV_0"));
  EXPECT_FALSE(is_safe_path_id(""));
  EXPECT_FALSE(is_safe_path_id("../admin"));
  EXPECT_FALSE(is_safe_path_id("a/b"));
  EXPECT_FALSE(is_safe_path_id("a?b"));
  EXPECT_FALSE(is_safe_path_id(std::string(65, 'a')));
}

}  // namespace
}  // namespace pererecos::emotes
