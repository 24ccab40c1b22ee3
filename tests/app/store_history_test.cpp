// The timed-out spammer (issue 10, item 10): a chatter sends 10 messages, then 20 within 5
// minutes, and is timed out. SPEC §3 asks for their 10 most recent non-moderated messages:
// the 10 older ones, which the engine (16 texts kept per user) reads back from the store.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "app/store_history.h"
#include "app/store_follower.h"
#include "core/clock.h"
#include "stats/stats_engine.h"
#include "storage/store.h"

namespace pererecos::app {
namespace {

constexpr TimestampMs kNow = 1'735'732'800'000;  // 2025-01-01T12:00:00Z
constexpr TimestampMs kMinute = 60'000;

ChatMessage message(const std::string& id, TimestampMs ts, const std::string& text) {
  ChatMessage m;
  m.id = id;
  m.channel = "pererecos";
  m.room_id = "1";
  m.user_id = "42";
  m.login = "spammer";
  m.display_name = "Spammer";
  m.text = text;
  m.timestamp_ms = ts;
  return m;
}

// prefix + i (appended: GCC 12 misreports `"literal" + std::string`, bug 105329).
std::string numbered(std::string prefix, int i) {
  prefix.append(std::to_string(i));
  return prefix;
}

class TimedOutSpammer : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           (numbered("pererecos_history_", ::getpid()));
    std::filesystem::remove_all(dir_);
    url_ = "sqlite://" + (dir_ / "chat.db").string();
    auto store = open_store(url_);
    ASSERT_TRUE(store.is_ok()) << store.error();
    std::vector<ChatMessage> msgs;
    for (int i = 0; i < 10; ++i) {  // hours earlier: not moderated
      msgs.push_back(message(numbered("old", i), kNow - 3 * 60 * kMinute + i * kMinute,
                             numbered("hello ", i)));
    }
    for (int i = 0; i < 20; ++i) {  // the burst: 20 messages in 5 minutes
      msgs.push_back(message(numbered("spam", i), kNow - 6 * kMinute + i * 15'000,
                             numbered("BUY FOLLOWERS ", i)));
    }
    ModerationEvent timeout;
    timeout.channel = "pererecos";
    timeout.room_id = "1";
    timeout.kind = ModerationEvent::Kind::kTimeout;
    timeout.duration_s = 600;
    timeout.target_user_id = "42";
    timeout.target_login = "spammer";
    timeout.timestamp_ms = kNow - kMinute;
    ASSERT_TRUE((*store)->write(msgs, {timeout}).is_ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // An engine rebuilt from the store as `serve` does, with or without the history.
  std::vector<stats::RecentMessage> recent(bool with_history) {
    auto follow = open_store(url_);
    auto history_store = open_store(url_);
    EXPECT_TRUE(follow.is_ok() && history_store.is_ok());
    StoreHistory history(std::move(*history_store));
    stats::EngineConfig cfg;
    if (with_history) cfg.history = &history;
    auto engine = std::move(stats::StatsEngine::create(clock_, cfg)).value();
    StoreFollower follower(**follow, *engine);
    EXPECT_TRUE(follower.rebuild().is_ok());
    auto stats = engine->user_stats("pererecos", "spammer", stats::Period::kAll);
    EXPECT_TRUE(stats.has_value());
    return stats ? stats->recent_messages : std::vector<stats::RecentMessage>{};
  }

  FixedClock clock_{kNow};
  std::filesystem::path dir_;
  std::string url_;
};

TEST_F(TimedOutSpammer, GetsTheirTenOlderMessagesFromTheStore) {
  const auto got = recent(true);
  ASSERT_EQ(got.size(), 10u);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(got[i].message, numbered("hello ", 9 - i));  // newest first
    EXPECT_EQ(got[i].timestamp, kNow - 3 * 60 * kMinute + (9 - i) * kMinute);
  }
}

TEST_F(TimedOutSpammer, WithoutTheStoreTheKeptTextsRunOut) {
  // The same engine without the history: every kept text is moderated (the old bug).
  EXPECT_TRUE(recent(false).empty());
}

}  // namespace
}  // namespace pererecos::app
