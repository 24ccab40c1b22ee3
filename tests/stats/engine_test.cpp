// Unit tests of the channel-wide endpoints, with hand-computed expectations.
#include <gtest/gtest.h>

#include "stats/stats_engine.h"
#include "test_util.h"

namespace pererecos::stats {
namespace {

using namespace testing;

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override { make({}); }
  void make(EngineConfig cfg) {
    auto e = StatsEngine::create(clock_, std::move(cfg));
    ASSERT_TRUE(e);
    engine_ = std::move(e).value();
  }
  void add(const ChatMessage& m) { engine_->apply(m, ++seq_); }
  std::vector<std::string> names(const Leaderboard& lb) {
    std::vector<std::string> out;
    for (const auto& e : lb.entries)
      out.push_back(e.user.username + ":" + std::to_string(e.message_count));
    return out;
  }

  FixedClock clock_{kNow};
  std::unique_ptr<StatsEngine> engine_;
  std::int64_t seq_ = 0;
};

TEST_F(EngineTest, PeriodWindowsAreExactToTheMillisecond) {
  add(msg("1", "a", kNow - kDay));      // exactly now - 24 h: not in day
  add(msg("2", "b", kNow - kDay + 1));  // 1 ms later: in day
  add(msg("3", "c", kNow - 7 * kDay));
  add(msg("3", "c", kNow - 30 * kDay + 1));
  add(msg("3", "c", kNow - 400 * kDay));
  EXPECT_EQ(names(engine_->leaderboard("chan", Period::kDay, 10)),
            (std::vector<std::string>{"b:1"}));
  EXPECT_EQ(names(engine_->leaderboard("chan", Period::kWeek, 10)),
            (std::vector<std::string>{"a:1", "b:1"}));
  EXPECT_EQ(names(engine_->leaderboard("chan", Period::kMonth, 10)),
            (std::vector<std::string>{"c:2", "a:1", "b:1"}));
  Leaderboard all = engine_->leaderboard("chan", Period::kAll, 2);
  EXPECT_EQ(names(all), (std::vector<std::string>{"c:3", "a:1"}));
  EXPECT_EQ(all.total_users, 3);
  EXPECT_EQ(all.total_messages, 5);
  EXPECT_EQ(all.entries[1].rank, 2);
  // The clock moves: b's message is now exactly 24 h old.
  clock_.set(kNow + 1);
  Leaderboard day = engine_->leaderboard("chan", Period::kDay, 10);
  EXPECT_TRUE(day.entries.empty());
  EXPECT_EQ(day.total_users, 0);
  EXPECT_EQ(day.total_messages, 0);
  EXPECT_EQ(names(engine_->leaderboard("chan", Period::kMonth, 10)),
            (std::vector<std::string>{"a:1", "b:1", "c:1"}));
  // Messages arriving late land in the right windows.
  add(msg("4", "d", kNow - kHour));
  EXPECT_EQ(names(engine_->leaderboard("chan", Period::kDay, 10)),
            (std::vector<std::string>{"d:1"}));
  clock_.set(kNow + 40 * kDay);
  EXPECT_EQ(engine_->leaderboard("chan", Period::kMonth, 10).total_users, 0);
  EXPECT_EQ(engine_->leaderboard("chan", Period::kAll, 10).total_messages, 6);
}

TEST_F(EngineTest, IgnoredUsersAreInNoStatisticButCountForTheDefaultChannel) {
  add(msg("9", "NightBot", kNow - kMin, "hi", "other"));
  add(msg("9", "nightbot", kNow - kMin, "hi", "other"));
  add(msg("1", "a", kNow - kMin, "hi", "chan"));
  EXPECT_EQ(engine_->resolve_channel(std::nullopt), "other");
  EXPECT_EQ(engine_->leaderboard("other", Period::kAll, 10).total_users, 0);
  EXPECT_FALSE(engine_->user_stats("other", "nightbot", Period::kAll));
  EXPECT_EQ(engine_->resolve_channel("CHAN"), "chan");
  EXPECT_EQ(engine_->resolve_channel("nope"), std::nullopt);
  EXPECT_EQ(engine_->resolve_channel(""), std::nullopt);
  EngineConfig cfg;
  cfg.channels = {"Configured", "x"};
  cfg.ignored_logins = {"A"};
  make(cfg);
  add(msg("1", "a", kNow - kMin));
  EXPECT_EQ(engine_->resolve_channel(std::nullopt), "configured");
  EXPECT_EQ(engine_->resolve_channel("x"), "x");
  EXPECT_EQ(engine_->leaderboard("chan", Period::kAll, 10).total_users, 0);
}

TEST_F(EngineTest, RisingStarsGrowthAndOrder) {
  auto n = [&](const char* uid, const char* login, int cur, int prev) {
    for (int i = 0; i < cur; ++i) add(msg(uid, login, kNow - kDay - i));
    for (int i = 0; i < prev; ++i) add(msg(uid, login, kNow - 8 * kDay - i));
  };
  n("1", "a", 3, 1);   // (3-1)/1*100 = 200.0
  n("2", "b", 2, 0);   // 2*10 = 20.0
  n("3", "c", 1, 2);   // -50.0
  n("4", "d", 0, 5);   // not listed
  n("5", "e", 20, 0);  // 200.0, more current than a
  n("6", "f", 1, 3);   // -66.666 -> -66.7
  auto r = engine_->rising_stars("chan", 10);
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].user.username, "e");
  EXPECT_EQ(r[0].growth_percent.tenths, 2000);
  EXPECT_EQ(r[1].user.username, "a");
  EXPECT_EQ(r[1].current_count, 3);
  EXPECT_EQ(r[1].previous_count, 1);
  EXPECT_EQ(r[2].user.username, "b");
  EXPECT_EQ(r[2].growth_percent.tenths, 200);
  EXPECT_EQ(r[3].user.username, "c");
  EXPECT_EQ(r[3].growth_percent.tenths, -500);
  EXPECT_EQ(r[4].user.username, "f");
  EXPECT_EQ(r[4].growth_percent.tenths, -667);
  EXPECT_EQ(r[4].rank, 5);
  EXPECT_EQ(engine_->rising_stars("chan", 2).size(), 2u);
}

TEST_F(EngineTest, TopWritersNeedTenMessages) {
  for (int i = 0; i < 10; ++i) add(msg("1", "a", kNow - i * kDay, i == 0 ? "abcd" : "ab"));
  for (int i = 0; i < 9; ++i) add(msg("2", "b", kNow - i, "a very long message"));
  for (int i = 0; i < 12; ++i) add(msg("3", "c", kNow - i, "\xC3\xA9\xC3\xA9"));  // 2 code points
  auto w = engine_->top_writers("chan", 10);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].user.username, "a");  // 22 / 10 = 2.2
  EXPECT_EQ(w[0].avg_length.tenths, 22);
  EXPECT_EQ(w[0].message_count, 10);
  EXPECT_EQ(w[1].user.username, "c");
  EXPECT_EQ(w[1].avg_length.tenths, 20);
}

TEST_F(EngineTest, HourLeadersFollowRenames) {
  const TimestampMs h5 = kNow - 7 * kHour;  // 05:00 UTC
  add(msg("1", "zed", h5));
  add(msg("1", "zed", h5 + 1));
  add(msg("2", "bob", h5 + 2));
  add(msg("2", "bob", h5 + 3));
  add(msg("3", "carl", kNow));
  auto l = engine_->hour_leaders("chan");
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[0].hour, 5);
  EXPECT_EQ(l[0].user.username, "bob");
  EXPECT_EQ(l[0].message_count, 2);
  EXPECT_EQ(l[1].hour, 12);
  EXPECT_EQ(l[1].user.username, "carl");
  add(msg("1", "abe", kNow - 2 * kHour));  // zed renames to abe: wins the tie at 05
  l = engine_->hour_leaders("chan");
  EXPECT_EQ(l[0].user.username, "abe");
  EXPECT_EQ(l[1].hour, 10);
}

TEST_F(EngineTest, ActiveChattersLastFiveMinutes) {
  add(msg("1", "a", kNow - 5 * kMin));  // exactly 5 min: out
  add(msg("1", "a", kNow - 5 * kMin + 1));
  add(msg("2", "b", kNow - kMin));
  add(msg("2", "b", kNow - kMin));
  add(msg("2", "b", kNow - 2 * kDay));
  add(msg("2", "b", kNow - 2 * kDay));
  add(msg("3", "c", kNow - kHour));
  add(msg("3", "c", kNow - kHour));
  add(msg("3", "c", kNow - kHour));
  auto a = engine_->active_chatters("chan");
  EXPECT_EQ(a.count, 2);
  EXPECT_EQ(a.total_users, 3);
  ASSERT_EQ(a.chatters.size(), 2u);
  EXPECT_EQ(a.chatters[0].user.username, "b");
  EXPECT_EQ(a.chatters[0].message_count, 2);
  EXPECT_EQ(a.chatters[0].rank, 1);  // 4 all time
  EXPECT_EQ(a.chatters[1].user.username, "a");
  EXPECT_EQ(a.chatters[1].rank, 3);  // 2 all time, c has 3
  clock_.set(kNow + 3 * kMin);       // a's message leaves, b's stay
  EXPECT_EQ(engine_->active_chatters("chan").count, 1);
  clock_.set(kNow + 4 * kMin);  // b's are now exactly 5 minutes old
  EXPECT_EQ(engine_->active_chatters("chan").count, 0);
}

TEST_F(EngineTest, HourlyActivityEndpoints) {
  add(msg("1", "a", kNow - 1));                 // 11 UTC
  add(msg("1", "a", kNow - 2));                 // 11
  add(msg("2", "b", kNow - 3));                 // 11
  add(msg("2", "b", kNow - 3 * kHour));         // 09
  add(msg("2", "b", kNow - kDay));              // 12, not in the last 24 h
  add(msg("3", "c", kNow - kDay - 3 * kHour));  // 09, old
  auto chat = engine_->chat_activity("chan");
  EXPECT_EQ(chat.total, 4);
  EXPECT_EQ(chat.activity[11], 3);
  EXPECT_EQ(chat.activity[9], 1);
  EXPECT_EQ(chat.peak_hour, 11);
  EXPECT_EQ(chat.peak_count, 3);
  auto overall = engine_->overall_activity("chan");
  EXPECT_EQ(overall.total, 6);
  EXPECT_EQ(overall.activity[9], 2);
  EXPECT_EQ(overall.activity[12], 1);
  EXPECT_EQ(overall.peak_hour, 11);
  auto uniq = engine_->unique_chatters("chan");
  EXPECT_EQ(uniq.activity[11], 2);
  EXPECT_EQ(uniq.activity[9], 1);
  EXPECT_EQ(uniq.total, 2);
  EXPECT_EQ(uniq.peak_hour, 11);
  auto none = engine_->chat_activity("nochannel");
  EXPECT_EQ(none.peak_hour, 0);
  EXPECT_EQ(none.peak_count, 0);
  // Local hours follow the configured zone.
  EngineConfig cfg;
  cfg.time_zone = "America/Sao_Paulo";
  make(cfg);
  add(msg("1", "a", kNow));  // 12:00Z = 09:00 -03
  EXPECT_EQ(engine_->overall_activity("chan").peak_hour, 9);
}

TEST_F(EngineTest, TopEmotesRecomputedWhenTheCatalogChanges) {
  ChatMessage m1 = msg("1", "a", kNow - kHour, "Kappa LUL LUL pog");
  m1.emotes = "25:0-4/425618:6-8,10-12";
  add(m1);
  add(msg("2", "b", kNow - 2 * kHour, "pog Kappa"));
  ChatMessage old = msg("2", "b", kNow - 31 * kDay, "Kappa pog");
  old.emotes = "25:0-4";
  add(old);
  auto t = engine_->top_emotes("chan");
  ASSERT_EQ(t.emotes.size(), 2u);
  EXPECT_EQ(t.emotes[0].name, "LUL");
  EXPECT_EQ(t.emotes[0].count, 2);
  EXPECT_EQ(t.emotes[0].provider, "twitch");
  EXPECT_EQ(t.emotes[1].name, "Kappa");
  EXPECT_EQ(t.total_emote_uses, 3);
  auto s = std::make_shared<EmoteSet>();
  s->provider = "7tv";
  s->set_id = "x";
  s->by_name["pog"] = ThirdPartyEmote{"p1", "https://cdn/p1"};
  s->by_name["Kappa"] = ThirdPartyEmote{"k7", ""};
  EmoteCatalog cat;
  cat.channel_sets.push_back(s);
  engine_->set_emote_catalog("chan", cat);
  t = engine_->top_emotes("chan");
  ASSERT_EQ(t.emotes.size(), 4u);
  EXPECT_EQ(t.emotes[0].name, "LUL");
  EXPECT_EQ(t.emotes[1].name, "pog");
  EXPECT_EQ(t.emotes[1].count, 2);
  EXPECT_EQ(t.emotes[1].image_url, "https://cdn/p1");
  EXPECT_EQ(t.emotes[2].name, "Kappa");  // (Kappa, 25) before (Kappa, k7)
  EXPECT_EQ(t.emotes[2].id, "25");
  EXPECT_EQ(t.emotes[3].id, "k7");
  EXPECT_EQ(t.total_emote_uses, 6);
  // New messages use the new sets; the 30-day window slides.
  add(msg("3", "c", kNow, "pog pog"));
  EXPECT_EQ(engine_->top_emotes("chan").total_emote_uses, 8);
  clock_.set(kNow + 30 * kDay - kHour);  // a's message is exactly 30 d old, b's older
  t = engine_->top_emotes("chan");
  EXPECT_EQ(t.total_emote_uses, 2);
  engine_->set_emote_catalog("chan", EmoteCatalog{});
  EXPECT_EQ(engine_->top_emotes("chan").total_emote_uses, 0);
}

TEST_F(EngineTest, SearchByLoginsAndDisplayName) {
  ChatMessage m = msg("1", "alpha", kNow);
  m.display_name = "Zulu";
  add(m);
  add(msg("1", "alpha", kNow));
  add(msg("1", "beta", kNow + 1));  // rename: alpha is an earlier login
  add(msg("2", "alpine", kNow));
  add(msg("3", "streamelements", kNow));
  auto hits = engine_->search("chan", "AL");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].user.username, "beta");
  EXPECT_EQ(hits[0].total_messages, 3);
  EXPECT_EQ(hits[1].user.username, "alpine");
  EXPECT_TRUE(engine_->search("chan", "zu").empty());  // display now "beta"
  EXPECT_EQ(engine_->search("chan", "be").size(), 1u);
  EXPECT_TRUE(engine_->search("chan", "stream").empty());
  EXPECT_TRUE(engine_->search("other", "al").empty());
}

TEST_F(EngineTest, SearchFollowsDisplayNameChangesBetweenQueries) {
  ChatMessage m = msg("1", "alpha", kNow);
  m.display_name = "Omega";
  add(m);
  ASSERT_EQ(engine_->search("chan", "om").size(), 1u);  // indexed, then queried
  m = msg("1", "alpha", kNow + 1);
  m.display_name = "Sigma";
  add(m);
  EXPECT_TRUE(engine_->search("chan", "om").empty());  // the old display is gone
  ASSERT_EQ(engine_->search("chan", "si").size(), 1u);
  EXPECT_EQ(engine_->search("chan", "al").size(), 1u);  // the login key stays
  m = msg("1", "alpha", kNow + 2);
  m.display_name = "Omega";
  add(m);
  EXPECT_EQ(engine_->search("chan", "om").size(), 1u);  // back again
  EXPECT_TRUE(engine_->search("chan", "si").empty());
}

}  // namespace
}  // namespace pererecos::stats

namespace pererecos::stats {
namespace {

using namespace testing;

// The dashboard's channel list and the change counter behind GET /events.
TEST(EngineDashboard, ChannelsAndChangeCounterPerChannel) {
  FixedClock clock{kNow};
  EngineConfig cfg;
  cfg.channels = {"Zeta"};
  cfg.time_zone = "America/Sao_Paulo";
  auto engine = StatsEngine::create(clock, cfg);
  ASSERT_TRUE(engine);
  StatsEngine& e = **engine;
  EXPECT_EQ(e.time_zone(), "America/Sao_Paulo");
  EXPECT_EQ(e.channels(), (std::vector<std::string>{"zeta"}));
  EXPECT_EQ(e.change_count("chan"), 0u);
  e.apply(msg("1", "a", kNow - kHour), 1);
  e.apply(msg("2", "b", kNow - kHour, "hi", "other"), 2);
  EXPECT_EQ(e.channels(), (std::vector<std::string>{"chan", "other", "zeta"}));
  const std::uint64_t chan = e.change_count("chan");
  const std::uint64_t other = e.change_count("other");
  EXPECT_GT(chan, 0u);
  // A message moves its own channel's counter only.
  e.apply(msg("1", "a", kNow - kHour + 1, "again"), 3);
  EXPECT_GT(e.change_count("chan"), chan);
  EXPECT_EQ(e.change_count("other"), other);
  // An ignored sender's message is stored in the channel and still moves it (cheap and
  // safe: a refresh too many, never one too few).
  const std::uint64_t before = e.change_count("other");
  e.apply(msg("9", "nightbot", kNow - kHour, "!cmd", "other"), 4);
  EXPECT_GT(e.change_count("other"), before);
  // Moderation moves the counters too.
  ModerationEvent ban;
  ban.kind = ModerationEvent::Kind::kBan;
  ban.channel = "chan";
  ban.target_login = "a";
  ban.target_user_id = "1";
  ban.timestamp_ms = kNow - 1;
  const std::uint64_t before_ban = e.change_count("chan");
  e.apply(ban);
  EXPECT_GT(e.change_count("chan"), before_ban);
}

}  // namespace
}  // namespace pererecos::stats
