#include "emotes/bttv_parser.h"

#include <gtest/gtest.h>

#include "emotes/test_files.h"

namespace pererecos::emotes {
namespace {

using testing::sample;

TEST(BttvChannel, ChannelEmotesThenSharedEmotes) {
  Result<ParsedEmoteSet> parsed = parse_bttv_channel(sample("bttv-channel.json"));
  ASSERT_TRUE(parsed.is_ok()) << parsed.error();
  EXPECT_EQ(parsed->set_id, "5a6a5c4bd1c0a3d0a7c8e915");
  std::vector<std::string> names;
  for (const ParsedEmote& e : parsed->emotes) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"peepoHey", "catJAM", "CATJAM", "forsenE!", "SourPls",
                                             "blobDance", "catJAM", "D:"}));
  EXPECT_EQ(parsed->emotes[0].id, "5e76d338d6581c3724c0f0b2");
  EXPECT_EQ(parsed->emotes[0].image_url,
            "https://cdn.betterttv.net/emote/5e76d338d6581c3724c0f0b2/1x.webp");

  // A channel emote and a shared one with the same code: the channel's own wins.
  auto set = to_emote_set(kBttv, *parsed);
  EXPECT_EQ(set->provider, "bttv");
  EXPECT_EQ(set->by_name.size(), 7u);
  EXPECT_EQ(set->by_name.at("catJAM").id, "5f1b0186cf6d2144653d2970");
  EXPECT_EQ(set->by_name.at("CATJAM").id, "60a1babb3c3362f9a4b8b33a");
  EXPECT_EQ(set->by_name.at("D:").id, "59f27b3f4ebd8047f54dee29");
}

TEST(BttvChannel, OnlyOneArrayIsEnough) {
  Result<ParsedEmoteSet> parsed =
      parse_bttv_channel(R"({"sharedEmotes":[{"code":"a","id":"1"},{"code":"b"}]})");
  ASSERT_TRUE(parsed.is_ok()) << parsed.error();
  ASSERT_EQ(parsed->emotes.size(), 1u);
  EXPECT_EQ(parsed->emotes[0].name, "a");
}

TEST(BttvChannel, ErrorsAndNotFoundBody) {
  for (const std::string& body :
       {sample("bttv-user-not-found.json"), std::string("[]"),
        std::string("{\"channelEmotes\":{}}"), std::string("{\"channelEmotes\":[],"),
        std::string("{\"channelEmotes\":[{\"id\":1,\"code\":\"x\"}]}")}) {
    SCOPED_TRACE(body);
    EXPECT_FALSE(parse_bttv_channel(body).is_ok());
  }
}

TEST(BttvGlobal, ArrayOfEmotes) {
  Result<ParsedEmoteSet> parsed = parse_bttv_global(sample("bttv-global.json"));
  ASSERT_TRUE(parsed.is_ok()) << parsed.error();
  EXPECT_EQ(parsed->set_id, "global");
  ASSERT_EQ(parsed->emotes.size(), 7u);
  EXPECT_EQ(parsed->emotes[1].name, ":tf:");
  EXPECT_EQ(parsed->emotes[1].id, "54fa8f1401e468494b85b537");
  EXPECT_EQ(parsed->emotes[3].name, "D:");
  EXPECT_EQ(parsed->emotes[6].name, "c!");

  EXPECT_FALSE(parse_bttv_global(R"({"message":"x"})").is_ok());
  EXPECT_FALSE(parse_bttv_global("[{\"id\":\"1\",\"code\":\"a\"}").is_ok());
  Result<ParsedEmoteSet> empty = parse_bttv_global("[]");
  ASSERT_TRUE(empty.is_ok());
  EXPECT_TRUE(empty->emotes.empty());
}

}  // namespace
}  // namespace pererecos::emotes
