// Unit tests of UserStats, identity rules and moderation, with hand-computed expectations.
#include <gtest/gtest.h>

#include "stats/stats_engine.h"
#include "test_util.h"

namespace pererecos::stats {
namespace {

using namespace testing;

class UserStatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto e = StatsEngine::create(clock_, EngineConfig{});
    ASSERT_TRUE(e);
    engine_ = std::move(e).value();
  }
  void add(const ChatMessage& m) { engine_->apply(m, ++seq_); }
  std::int64_t total(std::string_view login, Period p = Period::kAll) {
    auto s = engine_->user_stats("chan", login, p);
    return s ? s->total_messages : -1;
  }
  std::string name(std::string_view login) {
    auto s = engine_->user_stats("chan", login, Period::kAll);
    return s ? s->user.username : "<none>";
  }

  FixedClock clock_{kNow};
  std::unique_ptr<StatsEngine> engine_;
  std::int64_t seq_ = 0;
};

TEST_F(UserStatsTest, EveryFieldHandComputed) {
  add(msg("1", "ana", kNow - 2 * kHour, "hi @Bob"));
  ChatMessage reply = msg("1", "ana", kNow - 2 * kHour + 1, "hey");
  reply.reply_parent_login = "bob";
  reply.display_name = "Ana";
  add(reply);
  add(msg("1", "ana", kNow - 3 * kHour, "@bob @BOB @carl x"));
  add(msg("1", "ana", kNow - 10 * kDay, "old"));
  add(msg("2", "bob", kNow - 2 * kHour + 5));
  add(msg("2", "bob", kNow - kHour));
  add(msg("3", "carl", kNow - 3 * kHour));

  auto s = engine_->user_stats("chan", "ANA", Period::kDay);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->user.username, "ana");
  EXPECT_EQ(s->user.display_name, "Ana");
  EXPECT_EQ(s->total_messages, 3);
  HourlyCounts hours{};
  hours[9] = 1;
  hours[10] = 2;
  EXPECT_EQ(s->hourly_activity, hours);
  ASSERT_EQ(s->recent_messages.size(), 4u);
  EXPECT_EQ(s->recent_messages[0].message, "hey");
  EXPECT_EQ(s->recent_messages[1].message, "hi @Bob");
  EXPECT_EQ(s->recent_messages[3].message, "old");
  EXPECT_EQ(s->recent_messages[3].timestamp, kNow - 10 * kDay);
  EXPECT_EQ(s->first_message_date, kNow - 3 * kHour);
  EXPECT_EQ(s->last_message_date, kNow - 2 * kHour + 1);
  EXPECT_EQ(s->percentile.tenths, 667);  // 2 of 3 users have fewer
  EXPECT_EQ(s->peak_hours, (std::vector<int>{8, 9, 10}));
  ASSERT_TRUE(s->favorite_hour);
  EXPECT_EQ(s->favorite_hour->hour, 10);
  EXPECT_EQ(s->favorite_hour->count, 2);
  EXPECT_EQ(s->favorite_hour->percentage.tenths, 667);
  ASSERT_TRUE(s->rival);
  EXPECT_EQ(s->rival->user.username, "bob");
  EXPECT_EQ(s->rival->similarity_score.tenths, 632);  // 100 * 2 / sqrt(10)
  ASSERT_EQ(s->top_replies.size(), 2u);
  EXPECT_EQ(s->top_replies[0].user.username, "bob");
  EXPECT_EQ(s->top_replies[0].reply_count, 3);
  EXPECT_EQ(s->top_replies[1].user.username, "carl");
  EXPECT_EQ(s->top_replies[1].reply_count, 1);
  EXPECT_EQ(s->rankings.top_rank, 1);
  EXPECT_EQ(s->rankings.top_rank_change, std::nullopt);
  EXPECT_EQ(s->rankings.rising_rank, 1);  // 200.0 vs bob 20.0, carl 10.0
  EXPECT_EQ(s->rankings.writers_rank, std::nullopt);
  EXPECT_EQ(s->rankings.hours_dominated, (std::vector<int>{9, 10, 12}));
  EXPECT_TRUE(s->top_emotes.empty());

  auto all = engine_->user_stats("chan", "ana", Period::kAll);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total_messages, 4);
  EXPECT_EQ(all->first_message_date, kNow - 10 * kDay);
  EXPECT_EQ(all->rankings.top_rank_change, 0);  // alone at or before now - 7 d
  auto carl = engine_->user_stats("chan", "carl", Period::kDay);
  ASSERT_TRUE(carl);
  EXPECT_EQ(carl->percentile.tenths, 0);
  EXPECT_EQ(carl->rankings.top_rank, 3);
  EXPECT_EQ(carl->rival->user.username, "ana");  // 1/sqrt(5) vs 0 for bob
  EXPECT_EQ(carl->rival->similarity_score.tenths, 447);
  EXPECT_TRUE(carl->top_replies.empty());
  EXPECT_FALSE(engine_->user_stats("chan", "ana", Period::kDay) == std::nullopt);
  EXPECT_FALSE(engine_->user_stats("chan", "nobody", Period::kAll));
  EXPECT_FALSE(engine_->user_stats("other", "ana", Period::kAll));
  clock_.set(kNow + kDay);
  EXPECT_FALSE(engine_->user_stats("chan", "ana", Period::kDay));
}

TEST_F(UserStatsTest, TopRankChangeComparesWithSevenDaysEarlier) {
  for (int i = 0; i < 5; ++i) add(msg("1", "x", kNow - kDay - i));
  for (int i = 0; i < 3; ++i) add(msg("2", "y", kNow - kDay - i));
  add(msg("1", "x", kNow - 8 * kDay));
  for (int i = 0; i < 4; ++i) add(msg("2", "y", kNow - 7 * kDay - i));  // first one: exactly 7 d
  auto x = engine_->user_stats("chan", "x", Period::kWeek);
  auto y = engine_->user_stats("chan", "y", Period::kWeek);
  ASSERT_TRUE(x && y);
  EXPECT_EQ(x->rankings.top_rank_change, 1);
  EXPECT_EQ(y->rankings.top_rank_change, -1);
  // Month: y 7 > x 6 now; month shifted back 7 days: y 4 > x 1 -> no change.
  auto xm = engine_->user_stats("chan", "x", Period::kMonth);
  EXPECT_EQ(xm->rankings.top_rank, 2);
  EXPECT_EQ(xm->rankings.top_rank_change, 0);
  EXPECT_EQ(xm->percentile.tenths, 0);
  EXPECT_EQ(engine_->user_stats("chan", "y", Period::kMonth)->percentile.tenths, 500);
}

TEST_F(UserStatsTest, RememberedTopRepliesFollowALoginChangingHands) {
  add(msg("1", "ana", kNow - 3 * kHour, "@bob hi"));
  add(msg("2", "bob", kNow - 3 * kHour));
  auto before = engine_->user_stats("chan", "ana", Period::kAll);
  ASSERT_TRUE(before && before->top_replies.size() == 1);
  EXPECT_EQ(before->top_replies[0].user.username, "bob");
  // bob becomes robert; a newcomer takes "bob": ana's "@bob" now means the newcomer.
  add(msg("2", "robert", kNow - 2 * kHour));
  auto renamed = engine_->user_stats("chan", "ana", Period::kAll);
  ASSERT_TRUE(renamed && renamed->top_replies.size() == 1);
  EXPECT_EQ(renamed->top_replies[0].user.username, "robert");  // last user of "bob"
  add(msg("3", "bob", kNow - kHour));
  auto after = engine_->user_stats("chan", "ana", Period::kAll);
  ASSERT_TRUE(after && after->top_replies.size() == 1);
  EXPECT_EQ(after->top_replies[0].user.username, "bob");
  EXPECT_EQ(after->top_replies[0].reply_count, 1);
  EXPECT_EQ(engine_->user_stats("chan", "robert", Period::kAll)->user.username, "robert");
}

TEST(RecentTexts, TheNewestTenWhateverTheApplyOrder) {
  FixedClock clock(kNow);
  EngineConfig cfg;
  cfg.recent_texts_per_user = 10;  // the ring is full and wraps many times
  auto engine = std::move(StatsEngine::create(clock, cfg)).value();
  std::vector<int> order;
  for (int i = 0; i < 40; ++i) order.push_back(i);
  // Mostly ascending with some late arrivals, as a store scan and live ingest produce.
  std::swap(order[5], order[30]);
  std::swap(order[12], order[38]);
  std::swap(order[20], order[21]);
  auto text = [](int i) {
    std::string t = "m";
    t += std::to_string(i);
    return t;
  };
  std::int64_t seq = 0;
  for (int i : order) engine->apply(msg("1", "ana", kNow - (40 - i) * kMin, text(i)), ++seq);
  auto s = engine->user_stats("chan", "ana", Period::kAll);
  ASSERT_TRUE(s);
  ASSERT_EQ(s->recent_messages.size(), 10u);
  for (int k = 0; k < 10; ++k) EXPECT_EQ(s->recent_messages[k].message, text(39 - k));
}

TEST_F(UserStatsTest, RenamesAndLookups) {
  add(msg("10", "old", kNow - 3 * kHour));
  add(msg("10", "new", kNow - 2 * kHour));
  EXPECT_EQ(name("OLD"), "new");  // renames keep their history
  EXPECT_EQ(total("old"), 2);
  add(msg("11", "old", kNow - kHour));  // another account takes the login
  EXPECT_EQ(name("old"), "old");
  EXPECT_EQ(total("old"), 1);
  EXPECT_EQ(total("new"), 2);
  // Same millisecond: the later ingested message decides the current login.
  add(msg("12", "p1", kNow));
  add(msg("12", "p2", kNow));
  EXPECT_EQ(name("p1"), "p2");
}

TEST_F(UserStatsTest, MessagesWithoutUserId) {
  add(msg("", "ghost", kNow - 5 * kHour, "boo"));
  add(msg("", "Ghost", kNow - 4 * kHour, "boo2"));
  EXPECT_EQ(total("ghost"), 2);  // a login-only user
  EXPECT_EQ(engine_->leaderboard("chan", Period::kAll, 10).total_users, 1);
  add(msg("20", "ghost", kNow - 6 * kHour));  // the login gets a user id: merged
  EXPECT_EQ(total("ghost"), 3);
  EXPECT_EQ(engine_->leaderboard("chan", Period::kAll, 10).total_users, 1);
  auto s = engine_->user_stats("chan", "ghost", Period::kAll);
  ASSERT_EQ(s->recent_messages.size(), 3u);
  EXPECT_EQ(s->recent_messages[0].message, "boo2");
  EXPECT_EQ(s->first_message_date, kNow - 6 * kHour);
  // A later user id with the login becomes its holder: the id-less messages move.
  add(msg("21", "ghost", kNow - 3 * kHour));
  EXPECT_EQ(total("ghost"), 3);  // 21: its own + the 2 id-less
  add(msg("20", "spirit", kNow - kHour));
  EXPECT_EQ(total("spirit"), 2);  // 20's own message as ghost + this one
  EXPECT_EQ(engine_->leaderboard("chan", Period::kAll, 10).total_messages, 5);
  // An earlier message of 20 with the login does not make 20 the holder again.
  add(msg("20", "ghost", kNow - 7 * kHour));
  EXPECT_EQ(total("ghost"), 3);
  EXPECT_EQ(total("spirit"), 3);
  auto hl = engine_->hour_leaders("chan");
  EXPECT_FALSE(hl.empty());
}

TEST_F(UserStatsTest, ModeratedTextsAreNeverServed) {
  const TimestampMs t = kNow - kHour;
  add(msg("1", "m", t - 20 * kMin, "A"));
  add(msg("1", "m", t - 10 * kMin, "edge"));  // exactly 10 min before: not moderated
  add(msg("1", "m", t - 9 * kMin, "B"));
  add(msg("1", "m", t, "C"));
  ChatMessage d = msg("1", "m", t + kMin, "D");
  d.id = "msg-d";
  add(d);
  ModerationEvent to;
  to.kind = ModerationEvent::Kind::kTimeout;
  to.channel = "chan";
  to.target_user_id = "1";
  to.target_login = "m";
  to.duration_s = 60;
  to.timestamp_ms = t;
  engine_->apply(to);
  auto texts = [&] {
    std::vector<std::string> out;
    auto stats = engine_->user_stats("chan", "m", Period::kAll);
    for (const auto& r : stats->recent_messages) {
      out.push_back(r.message);
    }
    return out;
  };
  EXPECT_EQ(texts(), (std::vector<std::string>{"D", "edge", "A"}));
  EXPECT_EQ(total("m"), 5);  // moderated messages still count
  ModerationEvent del;
  del.kind = ModerationEvent::Kind::kDeleteMessage;
  del.channel = "chan";
  del.target_msg_id = "msg-d";
  engine_->apply(del);
  EXPECT_EQ(texts(), (std::vector<std::string>{"edge", "A"}));
  ModerationEvent other_channel = to;
  other_channel.kind = ModerationEvent::Kind::kBan;
  other_channel.channel = "elsewhere";
  other_channel.timestamp_ms = kNow;
  engine_->apply(other_channel);
  EXPECT_EQ(texts().size(), 2u);
  ModerationEvent ban;
  ban.kind = ModerationEvent::Kind::kBan;
  ban.channel = "chan";
  ban.target_login = "M";  // no user id: attributed like an id-less message
  ban.timestamp_ms = t + 2 * kMin;
  engine_->apply(ban);
  EXPECT_TRUE(texts().empty());
  add(msg("1", "m", t + 3 * kMin, "E"));
  add(msg("1", "m", t + 2 * kMin, "at the ban"));  // applied after the ban: moderated
  EXPECT_EQ(texts(), (std::vector<std::string>{"E"}));
}

TEST_F(UserStatsTest, UserTopEmotesLastThirtyDays) {
  ChatMessage a = msg("1", "e", kNow - kHour, "Kappa Kappa PogChamp");
  a.emotes = "25:0-4,6-10/88:12-19";
  add(a);
  ChatMessage b = msg("1", "e", kNow - 31 * kDay, "Kappa");
  b.emotes = "25:0-4";
  add(b);
  auto s = engine_->user_stats("chan", "e", Period::kAll);
  ASSERT_EQ(s->top_emotes.size(), 2u);
  EXPECT_EQ(s->top_emotes[0].name, "Kappa");
  EXPECT_EQ(s->top_emotes[0].count, 2);
  EXPECT_EQ(s->top_emotes[1].id, "88");
}

}  // namespace
}  // namespace pererecos::stats
