#include "emotes/ffz_parser.h"

#include <gtest/gtest.h>

#include "emotes/test_files.h"

namespace pererecos::emotes {
namespace {

using testing::sample;

TEST(FfzRoom, EmoticonsWithNumericIdsAndUrls) {
  Result<ParsedEmoteSet> parsed = parse_ffz_room(sample("ffz-room.json"));
  ASSERT_TRUE(parsed.is_ok()) << parsed.error();
  EXPECT_EQ(parsed->set_id, "5937");
  ASSERT_EQ(parsed->emotes.size(), 4u);
  EXPECT_EQ(parsed->emotes[0].id, "128054");
  EXPECT_EQ(parsed->emotes[0].name, "OMEGALUL");
  EXPECT_EQ(parsed->emotes[0].image_url, "https://cdn.frankerfacez.com/emote/128054/1");
  // Protocol-relative URL made absolute.
  EXPECT_EQ(parsed->emotes[1].image_url, "https://cdn.frankerfacez.com/emote/210748/1");
  // No "1" size: the first listed.
  EXPECT_EQ(parsed->emotes[2].name, "KEKW");
  EXPECT_EQ(parsed->emotes[2].image_url, "https://cdn.frankerfacez.com/emote/381875/2");
  EXPECT_EQ(parsed->emotes[3].id, "720507");
}

TEST(FfzRoom, SeveralSetsMergeAndSetIdFallsBackToFirstKey) {
  Result<ParsedEmoteSet> parsed =
      parse_ffz_room(R"({"sets":{"7":{"emoticons":[{"id":1,"name":"A","urls":{}}]},)"
                     R"("8":{"emoticons":[{"id":"2","name":"B"}]},"9":{"emoticons":null}}})");
  ASSERT_TRUE(parsed.is_ok()) << parsed.error();
  EXPECT_EQ(parsed->set_id, "7");
  ASSERT_EQ(parsed->emotes.size(), 2u);
  EXPECT_EQ(parsed->emotes[1].id, "2");
  EXPECT_EQ(parsed->emotes[1].image_url, "");
}

TEST(FfzRoom, Errors) {
  for (const char* body : {"", "[]", R"({"room":{}})", R"({"sets":[]})",
                           R"({"sets":{"1":{"emoticons":[{"id":-5,"name":"x"}]}}})",
                           R"({"error":"Not Found","message":"No such room","status":404})"}) {
    SCOPED_TRACE(body);
    EXPECT_FALSE(parse_ffz_room(body).is_ok());
  }
}

TEST(FfzGlobal, OnlyDefaultSets) {
  Result<ParsedEmoteSet> parsed = parse_ffz_global(sample("ffz-global.json"));
  ASSERT_TRUE(parsed.is_ok()) << parsed.error();
  EXPECT_EQ(parsed->set_id, "global");
  std::vector<std::string> names;
  for (const ParsedEmote& e : parsed->emotes) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"CatBag", "LilZ", "ZreknarF"}));
  EXPECT_EQ(parsed->emotes[2].id, "9");

  // default_sets after sets, and absent (= every set).
  Result<ParsedEmoteSet> later = parse_ffz_global(
      R"({"sets":{"1":{"emoticons":[{"id":1,"name":"A"}]},"2":{"emoticons":[{"id":2,"name":"B"}]}},)"
      R"("default_sets":[2]})");
  ASSERT_TRUE(later.is_ok()) << later.error();
  ASSERT_EQ(later->emotes.size(), 1u);
  EXPECT_EQ(later->emotes[0].name, "B");
  Result<ParsedEmoteSet> all =
      parse_ffz_global(R"({"sets":{"1":{"emoticons":[{"id":1,"name":"A"}]}}})");
  ASSERT_TRUE(all.is_ok()) << all.error();
  EXPECT_EQ(all->emotes.size(), 1u);

  EXPECT_FALSE(parse_ffz_global(R"({"default_sets":[3]})").is_ok());
}

}  // namespace
}  // namespace pererecos::emotes
