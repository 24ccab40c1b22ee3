#include "demo/demo_emote_set.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <set>
#include <string>

#include "demo/twitch_emotes.h"

namespace pererecos::demo {
namespace {

bool is_object_id(std::string_view id) {
  if (id.size() != 24) return false;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

TEST(DemoEmoteSetTest, HasTheSevenTvV3Shape) {
  const std::string json = demo_emote_set_json();
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(json.c_str()).HasParseError());
  ASSERT_TRUE(doc.IsObject());
  EXPECT_EQ(std::string(doc["id"].GetString()), demo_emote_set_id());
  EXPECT_TRUE(is_object_id(doc["id"].GetString()));
  EXPECT_TRUE(doc["name"].IsString());
  ASSERT_TRUE(doc["emotes"].IsArray());
  const auto& emotes = doc["emotes"].GetArray();
  const auto expected = demo_seventv_emotes();
  ASSERT_EQ(emotes.Size(), expected.size());
  EXPECT_EQ(doc["emote_count"].GetInt(), static_cast<int>(expected.size()));
  EXPECT_GE(expected.size(), 35u);
  for (rapidjson::SizeType i = 0; i < emotes.Size(); ++i) {
    const auto& e = emotes[i];
    EXPECT_EQ(std::string(e["name"].GetString()), expected[i].name);
    EXPECT_EQ(std::string(e["id"].GetString()), expected[i].id);
    EXPECT_TRUE(is_object_id(e["id"].GetString())) << e["id"].GetString();
    const auto& data = e["data"];
    EXPECT_EQ(std::string(data["id"].GetString()), expected[i].id);
    EXPECT_EQ(std::string(data["name"].GetString()), expected[i].data_name);
    EXPECT_EQ(std::string(data["host"]["url"].GetString()),
              "//cdn.7tv.app/emote/" + std::string(expected[i].id));
    ASSERT_TRUE(data["host"]["files"].IsArray());
    ASSERT_GT(data["host"]["files"].Size(), 0u);
    const auto& file = data["host"]["files"][0];
    EXPECT_TRUE(file["name"].IsString());
    EXPECT_GT(file["width"].GetInt(), 0);
    EXPECT_EQ(file["height"].GetInt(), 32);
  }
}

TEST(DemoEmoteSetTest, NamesAndIdsAreUniqueAndDistinctFromTwitchGlobals) {
  std::set<std::string_view> names, ids;
  bool has_alias = false;
  for (const auto& e : demo_seventv_emotes()) {
    EXPECT_TRUE(names.insert(e.name).second) << e.name;
    EXPECT_TRUE(ids.insert(e.id).second) << e.id;
    has_alias |= e.name != e.data_name;
  }
  EXPECT_TRUE(has_alias);
  for (const auto& t : twitch_global_emotes()) EXPECT_EQ(names.count(t.name), 0u) << t.name;
  for (const char* popular : {"KEKW", "OMEGALUL", "catJAM", "Sadge", "PepeLaugh", "monkaS", "EZ",
                              "Clap", "Pog", "pepeD", "forsenE", "peepoHappy"}) {
    EXPECT_EQ(names.count(popular), 1u) << popular;
  }
}

TEST(DemoEmoteSetTest, HostBaseIsConfigurableAndOutputDeterministic) {
  EXPECT_EQ(demo_emote_set_json(), demo_emote_set_json());
  const std::string local = demo_emote_set_json("http://127.0.0.1:8000/demo/7tv");
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(local.c_str()).HasParseError());
  EXPECT_EQ(std::string(doc["emotes"][0]["data"]["host"]["url"].GetString()),
            "http://127.0.0.1:8000/demo/7tv/" + std::string(demo_seventv_emotes()[0].id));
}

TEST(TwitchEmotesTest, ListsRealGlobalEmotes) {
  std::set<std::string_view> names;
  for (const auto& e : twitch_global_emotes()) {
    EXPECT_TRUE(names.insert(e.name).second);
    EXPECT_FALSE(e.id.empty());
    for (char c : e.id) EXPECT_TRUE(c >= '0' && c <= '9') << e.id;
  }
  EXPECT_EQ(names.count("Kappa"), 1u);
  EXPECT_EQ(twitch_global_emotes()[1].id, "25");  // Kappa
}

}  // namespace
}  // namespace pererecos::demo
