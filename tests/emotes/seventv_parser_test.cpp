// The 7TV parsers against the real captured set (checked entry by entry against a
// straightforward RapidJSON DOM reading) and hand-written documents.
#include "emotes/seventv_parser.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "emotes/test_files.h"

namespace pererecos::emotes {
namespace {

using testing::sample;
using testing::seventv_fixture;

const stats::ThirdPartyEmote* find(const stats::EmoteSet& set, const std::string& name) {
  auto it = set.by_name.find(name);
  return it == set.by_name.end() ? nullptr : &it->second;
}

TEST(SevenTvEmoteSet, RealFixtureHas837EntriesMatchingAReferenceReading) {
  std::string body = seventv_fixture();
  ASSERT_GT(body.size(), 1'000'000u);
  Result<ParsedEmoteSet> parsed = parse_seventv_emote_set(body);
  ASSERT_TRUE(parsed.is_ok()) << parsed.error();
  EXPECT_EQ(parsed->set_id, "63b02874ad025a672cb4969f");
  ASSERT_EQ(parsed->emotes.size(), 837u);

  // Reference: DOM parse, then the documented rule applied naively (every entry of this
  // fixture lists a 1x.webp file).
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  ASSERT_FALSE(doc.HasParseError());
  const auto& emotes = doc["emotes"];
  ASSERT_EQ(emotes.Size(), 837u);
  for (rapidjson::SizeType i = 0; i < emotes.Size(); ++i) {
    const auto& e = emotes[i];
    SCOPED_TRACE(i);
    EXPECT_EQ(parsed->emotes[i].id, e["id"].GetString());
    EXPECT_EQ(parsed->emotes[i].name, e["name"].GetString());
    EXPECT_EQ(parsed->emotes[i].image_url,
              std::string("https:") + e["data"]["host"]["url"].GetString() + "/1x.webp");
  }
}

TEST(SevenTvEmoteSet, RealFixtureNamesCheckedByHand) {
  Result<ParsedEmoteSet> parsed = parse_seventv_emote_set(seventv_fixture());
  ASSERT_TRUE(parsed.is_ok()) << parsed.error();
  const ParsedEmote& first = parsed->emotes.front();
  EXPECT_EQ(first.name, "PagMan");
  EXPECT_EQ(first.id, "60ae9a57ac03cad60771b2d8");
  EXPECT_EQ(first.image_url, "https://cdn.7tv.app/emote/60ae9a57ac03cad60771b2d8/1x.webp");
  EXPECT_EQ(parsed->emotes.back().name, "Catfoolery");
  EXPECT_EQ(parsed->emotes.back().id, "63537d16ea29b6bd62ac9b08");

  auto set = to_emote_set(kSevenTv, *parsed);
  EXPECT_EQ(set->provider, "7tv");
  EXPECT_EQ(set->set_id, "63b02874ad025a672cb4969f");
  // "NOkey" is listed twice (same emote), so 836 distinct names.
  EXPECT_EQ(set->by_name.size(), 836u);

  // Aliases: the name in the set, not the emote's own name (data.name "apolloHUH").
  ASSERT_NE(find(*set, "HUH"), nullptr);
  EXPECT_EQ(find(*set, "HUH")->id, "638359acbf3af4e79c91c521");
  EXPECT_EQ(find(*set, "apolloHUH"), nullptr);
  ASSERT_NE(find(*set, "TimeToNime"), nullptr);
  EXPECT_EQ(find(*set, "TimeToNime")->id, "6329beb61c85cd937753ec61");
  EXPECT_EQ(find(*set, "Nidea"), nullptr);

  // Case-sensitive: these are distinct emotes.
  ASSERT_NE(find(*set, "THIS"), nullptr);
  ASSERT_NE(find(*set, "thIS"), nullptr);
  EXPECT_EQ(find(*set, "THIS")->id, "61c340c444cb589796afbb3a");
  EXPECT_EQ(find(*set, "thIS")->id, "618330c5f1ae15abc7ebb8c6");
  EXPECT_EQ(find(*set, "MODS")->id, "60ae997698f4291470d407a8");
  EXPECT_EQ(find(*set, "mods")->id, "63aceacc7fe47e928e3e6f44");
  EXPECT_EQ(find(*set, "Mods"), nullptr);
  EXPECT_EQ(find(*set, "pagman"), nullptr);

  // Punctuation in names.
  ASSERT_NE(find(*set, ":)))"), nullptr);
  EXPECT_EQ(find(*set, ":)))")->id, "63e3fb7a1d40a5212f9aeb11");
  EXPECT_NE(find(*set, "!vanish"), nullptr);
  EXPECT_NE(find(*set, "Bits-100"), nullptr);
  EXPECT_NE(find(*set, "(7TV)"), nullptr);
  EXPECT_NE(find(*set, "$$ryba"), nullptr);
  EXPECT_EQ(find(*set, "NOkey")->id, "620425c25ccb247397667d59");
}

TEST(SevenTvEmoteSet, ImageChoiceFollowsTheListedFiles) {
  Result<ParsedEmoteSet> parsed = parse_seventv_emote_set(sample("seventv-global.json"));
  ASSERT_TRUE(parsed.is_ok()) << parsed.error();
  ASSERT_EQ(parsed->emotes.size(), 3u);
  EXPECT_EQ(parsed->set_id, "62cdd34e72a832540de95857");
  EXPECT_EQ(parsed->emotes[0].image_url,
            "https://cdn.7tv.app/emote/60ae958e229664e8667aea38/1x.webp");
  // No 1x.webp listed: the first 1x file.
  EXPECT_EQ(parsed->emotes[2].name, "peepoSad");
  EXPECT_EQ(parsed->emotes[2].image_url,
            "https://cdn.7tv.app/emote/6102a37ba57eeb23c0e3e5cb/1x.avif");
}

TEST(SevenTvEmoteSet, FieldOrderEscapesAndMissingPartsAreHandled) {
  Result<ParsedEmoteSet> parsed = parse_seventv_emote_set(
      R"({"emotes":[{"data":null,"name":"a\"b\u00e9","id":"1"},)"
      R"({"id":"2"},{"name":"noid"},{"id":"3","name":"x","data":{"host":{"files":[],"url":"//h/3"}}}],)"
      R"("id":"S"})");
  ASSERT_TRUE(parsed.is_ok()) << parsed.error();
  EXPECT_EQ(parsed->set_id, "S");
  ASSERT_EQ(parsed->emotes.size(), 2u);  // entries without id or name are skipped
  EXPECT_EQ(parsed->emotes[0].name, "a\"b\xC3\xA9");
  EXPECT_EQ(parsed->emotes[0].image_url, "");
  EXPECT_EQ(parsed->emotes[1].image_url, "https://h/3/1x.webp");

  Result<ParsedEmoteSet> empty = parse_seventv_emote_set(R"({"id":"E","emotes":null})");
  ASSERT_TRUE(empty.is_ok()) << empty.error();
  EXPECT_TRUE(empty->emotes.empty());
}

TEST(SevenTvEmoteSet, MalformedDocumentsAreErrors) {
  for (const char* body :
       {"", "null", "[]", "{}", R"({"name":"no id","emotes":[]})", R"({"id":"x","emotes":{}})",
        R"({"id":"x","emotes":[1]})", R"({"id":7,"emotes":[]})", R"({"id":"x","emotes":[]} {})",
        R"({"id":"x","emotes":[{"id":"1","name":2}]})", "{\"id\":\"x\"",
        R"({"status_code":404,"error":"emote set not found"})"}) {
    SCOPED_TRACE(body);
    EXPECT_FALSE(parse_seventv_emote_set(body).is_ok());
  }
}

TEST(SevenTvUser, EmoteSetIdFromEitherField) {
  Result<std::string> id = parse_seventv_user(sample("seventv-user.json"));
  ASSERT_TRUE(id.is_ok()) << id.error();
  EXPECT_EQ(*id, "63b02874ad025a672cb4969f");

  id = parse_seventv_user(R"({"id":"1","emote_set":{"id":"ABC","emotes":[]}})");
  ASSERT_TRUE(id.is_ok()) << id.error();
  EXPECT_EQ(*id, "ABC");

  id = parse_seventv_user(R"({"id":"1","emote_set_id":null,"emote_set":null})");
  ASSERT_TRUE(id.is_ok()) << id.error();
  EXPECT_EQ(*id, "");

  for (const char* body : {"", "[]", "{\"emote_set_id\":", R"({"emote_set_id":5})", "<html>"}) {
    SCOPED_TRACE(body);
    EXPECT_FALSE(parse_seventv_user(body).is_ok());
  }
}

}  // namespace
}  // namespace pererecos::emotes
