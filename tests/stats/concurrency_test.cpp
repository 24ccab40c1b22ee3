// Readers on several threads while one thread ingests: no crash, no torn state, and the
// final answers equal those of an engine fed on one thread.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "stats/stats_engine.h"
#include "test_util.h"

namespace pererecos::stats {
namespace {

using namespace testing;

// "prefix" + number without the GCC 12 -Wrestrict false positive of operator+.
std::string cat(const char* prefix, int n) { return std::string(prefix).append(std::to_string(n)); }

ChatMessage nth(int i) {
  ChatMessage m = msg(std::to_string(i % 97), cat("user", i % 97),
                      kNow - 20 * kDay + static_cast<TimestampMs>(i) * 61'000,
                      i % 5 == 0 ? "@user3 Kappa" : "hello there");
  if (i % 5 == 0) m.emotes = "25:7-11";
  return m;
}

TEST(Concurrency, ReadersWhileIngesting) {
  FixedClock clock(kNow);
  auto engine = std::move(StatsEngine::create(clock, EngineConfig{})).value();
  auto single = std::move(StatsEngine::create(clock, EngineConfig{})).value();
  constexpr int kMessages = 20000;
  std::atomic<bool> done{false};
  std::atomic<long> answers{0};
  auto reader = [&] {
    while (!done.load()) {
      auto lb = engine->leaderboard("chan", Period::kWeek, 10);
      auto us = engine->user_stats("chan", "user3", Period::kAll);
      auto te = engine->top_emotes("chan");
      if (lb.total_users >= 0 && te.total_emote_uses >= 0) answers.fetch_add(1);
      (void)us;
    }
  };
  std::thread r1(reader), r2(reader);
  for (int i = 0; i < kMessages; ++i) {
    engine->apply(nth(i), i + 1);
    if (i % 1000 == 0) clock.set(kNow + i);  // the clock moves while readers read
  }
  done.store(true);
  r1.join();
  r2.join();
  for (int i = 0; i < kMessages; ++i) single->apply(nth(i), i + 1);
  EXPECT_GT(answers.load(), 0);
  for (Period p : {Period::kDay, Period::kWeek, Period::kMonth, Period::kAll}) {
    EXPECT_EQ(engine->leaderboard("chan", p, 100), single->leaderboard("chan", p, 100));
    EXPECT_EQ(engine->user_stats("chan", "user3", p), single->user_stats("chan", "user3", p));
  }
  EXPECT_EQ(engine->top_emotes("chan"), single->top_emotes("chan"));
}

TEST(RecentTexts, SurviveSixModeratedAmongTheNewestSixteen) {
  FixedClock clock(kNow);
  auto engine = std::move(StatsEngine::create(clock, EngineConfig{})).value();
  for (int i = 0; i < 30; ++i) {
    ChatMessage m = msg("1", "a", kNow - 100 * kMin + i * kMin, cat("t", i));
    m.id = cat("id", i);
    engine->apply(m, i + 1);
  }
  for (int i : {29, 27, 25, 23, 21, 19}) {  // six deletions among the 16 newest
    ModerationEvent del;
    del.kind = ModerationEvent::Kind::kDeleteMessage;
    del.channel = "chan";
    del.target_msg_id = cat("id", i);
    engine->apply(del);
  }
  auto s = engine->user_stats("chan", "a", Period::kAll);
  ASSERT_TRUE(s);
  std::vector<std::string> got;
  for (const auto& r : s->recent_messages) got.push_back(r.message);
  EXPECT_EQ(got, (std::vector<std::string>{"t28", "t26", "t24", "t22", "t20", "t18", "t17", "t16",
                                           "t15", "t14"}));
}

}  // namespace
}  // namespace pererecos::stats
