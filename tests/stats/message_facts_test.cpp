#include "stats/message_facts.h"

#include <gtest/gtest.h>

#include <random>

#include "stats/local_hour.h"
#include "test_util.h"

namespace pererecos::stats {
namespace {

TEST(Tokens, MaximalRunsOfNonSpaceWithCodePointSpans) {
  std::vector<std::tuple<std::string, std::uint32_t, std::uint32_t>> got;
  for_each_token("  ab  \xC3\xA9x\tc  d ",
                 [&](std::string_view t, std::uint32_t a, std::uint32_t b) {
                   got.emplace_back(std::string(t), a, b);
                 });
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], std::make_tuple(std::string("ab"), 2u, 3u));
  EXPECT_EQ(got[1], std::make_tuple(std::string("\xC3\xA9x\tc"), 6u, 9u));
  EXPECT_EQ(got[2], std::make_tuple(std::string("d"), 12u, 12u));
}

TEST(Tokens, PlainSplitGivesTheSameTokensOnAnyBytes) {
  // Random bytes, biased towards spaces and bytes of (broken) UTF-8 sequences.
  std::mt19937 rng(7);
  const char alphabet[] = {' ', ' ', 'a', 'b', '\xC3', '\xA9', '\xE2', '\x9D', '\xF0', '\x80', '\xFF', '@'};
  for (int round = 0; round < 2000; ++round) {
    std::string text(rng() % 24, ' ');
    for (char& c : text) c = alphabet[rng() % sizeof alphabet];
    std::vector<std::string_view> spans, plain;
    for_each_token(text, [&](std::string_view t, std::uint32_t, std::uint32_t) { spans.push_back(t); });
    for_each_plain_token(text, [&](std::string_view t) { plain.push_back(t); });
    ASSERT_EQ(plain, spans) << round;
  }
}

TEST(Mentions, FollowSpecExamples) {
  ChatMessage m = testing::msg("1", "a", 0, "@Bob, (@carl) hi@dave @ @_x @e@f");
  EXPECT_EQ(answered_logins(m), (std::vector<std::string>{"_x", "bob", "e"}));
  m.reply_parent_login = "bob";
  m.text = "@bob hi";
  EXPECT_EQ(answered_logins(m), (std::vector<std::string>{"bob"}));
}

std::shared_ptr<const EmoteSet> set(std::string provider, std::string set_id,
                                     std::vector<std::pair<std::string, std::string>> emotes) {
  auto s = std::make_shared<EmoteSet>();
  s->provider = std::move(provider);
  s->set_id = std::move(set_id);
  for (auto& [n, id] : emotes) s->by_name[n] = ThirdPartyEmote{id, ""};
  return s;
}

TEST(Emotes, TagSpanThenChannelSetsThenGlobal) {
  EmoteCatalog cat;
  cat.channel_sets = {set("7tv", "c", {{"KEKW", "7a"}}),
                      set("bttv", "c", {{"KEKW", "b1"}, {"Pog", "b2"}})};
  cat.global_sets = {set("7tv", "global", {{"Pog", "7g"}, {"Kappa", "7k"}})};
  ChatMessage m = testing::msg("1", "a", 0, "Kappa KEKW Pog kekw Kappa KappaX");
  m.emotes = "25:0-4";  // only the first Kappa is marked
  std::vector<EmoteUse> uses;
  std::string residue;
  emote_uses(m, cat, ProviderFilter{}, uses, &residue);
  ASSERT_EQ(uses.size(), 4u);
  EXPECT_EQ(uses[0].id, "25");
  EXPECT_EQ(uses[0].provider, "twitch");
  EXPECT_EQ(uses[1].id, "7a");
  EXPECT_EQ(uses[2].id, "b2");  // channel BTTV before global 7TV
  EXPECT_EQ(uses[3].id, "7k");  // second Kappa not in the tag: global 7TV
  EXPECT_EQ(residue, "KEKW Pog kekw Kappa KappaX");
  // 7TV disabled: KEKW falls to BTTV, the second Kappa is no emote.
  uses.clear();
  emote_uses(m, cat, parse_provider_filter("twitch, BTTV"), uses, nullptr);
  ASSERT_EQ(uses.size(), 3u);
  EXPECT_EQ(uses[1].id, "b1");
  EXPECT_EQ(uses[2].id, "b2");
}

TEST(Emotes, LookupMatchesWholeNamesOnly) {
  // "KEKW" and "KAKW" share length, first and last byte (the lookup's cheap signature): only
  // the exact name matches; case matters.
  EmoteCatalog cat;
  cat.channel_sets = {set("7tv", "c", {{"KEKW", "7a"}, {"x", "7x"}})};
  const EmoteLookup lookup(cat, ProviderFilter{});
  ASSERT_NE(lookup.find("KEKW"), nullptr);
  EXPECT_EQ(lookup.find("KEKW")->emote->id, "7a");
  EXPECT_EQ(lookup.find("KAKW"), nullptr);
  EXPECT_EQ(lookup.find("kekw"), nullptr);
  EXPECT_EQ(lookup.find("KEKWW"), nullptr);
  EXPECT_NE(lookup.find("x"), nullptr);
  EXPECT_EQ(lookup.find(""), nullptr);
  EXPECT_EQ(EmoteLookup().find("KEKW"), nullptr);
}

// Regression: Twitch emote ids were views into a temporary vector of parsed spans, so long
// ids (past the small-string buffer) were read after being freed.
TEST(Emotes, TwitchIdsOutliveTheParsedTagAndPointIntoTheMessage) {
  ChatMessage m = testing::msg("1", "a", 0, "forsenParty EDM forsenParty");
  m.emotes = "emotesv2_ee52e9d2f1344320bad5e93dd2a6e570:0-10,16-26/1:99-100";
  std::vector<EmoteUse> uses;
  emote_uses(m, EmoteCatalog{}, ProviderFilter{}, uses, nullptr);
  ASSERT_EQ(uses.size(), 2u);
  for (const EmoteUse& use : uses) {
    EXPECT_EQ(use.id, "emotesv2_ee52e9d2f1344320bad5e93dd2a6e570");
    EXPECT_EQ(use.name, "forsenParty");
    EXPECT_GE(use.id.data(), m.emotes.data());
    EXPECT_LE(use.id.data() + use.id.size(), m.emotes.data() + m.emotes.size());
  }
}

TEST(LocalHour, SaoPauloDaylightSaving2018) {
  auto mapper = LocalHourMapper::create("America/Sao_Paulo");
  ASSERT_TRUE(mapper);
  // 2018-11-04 DST start (00:00 -> 01:00 local, UTC-2 afterwards).
  EXPECT_EQ(mapper->hour_of(1541300400000 - 1), 23);  // 2018-11-04T02:59:59.999Z = 23:59 -03
  EXPECT_EQ(mapper->hour_of(1541300400000), 1);       // 03:00Z = 01:00 -02
  // 2019-02-17 DST end (00:00 -> 23:00 the day before, back to UTC-3).
  EXPECT_EQ(mapper->hour_of(1550368800000 - 1), 23);  // 01:59:59Z = 23:59 -02
  EXPECT_EQ(mapper->hour_of(1550368800000), 23);      // 02:00Z = 23:00 -03
  EXPECT_EQ(mapper->hour_of(1550372400000), 0);       // 03:00Z = 00:00 -03
  // Out of order lookups hit the cache correctly.
  EXPECT_EQ(mapper->hour_of(1541300400000 - 1), 23);
  EXPECT_FALSE(LocalHourMapper::create("Mars/Olympus"));
  auto kolkata = LocalHourMapper::create("Asia/Kolkata");
  ASSERT_TRUE(kolkata);
  EXPECT_EQ(kolkata->hour_of(testing::kNow), 17);  // 12:00Z = 17:30 +05:30
  EXPECT_EQ(kolkata->hour_of(-1), 5);              // 1969-12-31T23:59:59.999Z = 05:29
}

}  // namespace
}  // namespace pererecos::stats
