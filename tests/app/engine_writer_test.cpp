// EngineWriter: the engine's one writer thread. Readers never run upkeep while it is
// attached, and a commit in this process is visible at once, not at the next poll.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "app/engine_writer.h"
#include "app/store_follower.h"
#include "core/clock.h"
#include "stats/stats_engine.h"
#include "storage/batched_writer.h"
#include "storage/store.h"

namespace pererecos::app {
namespace {

using namespace std::chrono_literals;
constexpr TimestampMs kNow = 1'735'732'800'000;  // 2025-01-01T12:00:00Z
constexpr TimestampMs kDay = 86'400'000;

ChatMessage message(std::string id, TimestampMs ts, std::string login) {
  ChatMessage m;
  m.id = std::move(id);
  m.channel = "pererecos";
  m.room_id = "1";
  m.user_id = login;
  m.login = login;
  m.display_name = login;
  m.text = "hi";
  m.timestamp_ms = ts;
  return m;
}

TEST(EngineWriter, ReadersNeverRunUpkeepTheWriterSlidesTheWindows) {
  FixedClock clock(kNow);
  auto engine = std::move(stats::StatsEngine::create(clock, {})).value();
  std::vector<ChatMessage> inbox = {message("a", kNow - kDay + 10, "alice"),
                                    message("b", kNow - 10, "bob")};
  std::atomic<std::thread::id> pulled_on{};
  EngineWriter writer(
      *engine, clock,
      [&] {
        pulled_on = std::this_thread::get_id();
        std::int64_t seq = 0;
        for (const ChatMessage& m : inbox) engine->apply(m, ++seq);
        inbox.clear();
        return Status::ok();
      },
      std::chrono::hours(1));
  // The first round applies the inbox.
  while (writer.rounds() < 1) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(engine->leaderboard("pererecos", stats::Period::kDay, 10).total_messages, 2);
  // The clock moves past alice's message's 24 h: several readers at once see it leave;
  // they wake the writer and wait for it instead of sliding the windows themselves.
  clock.set(kNow + 20);
  std::vector<std::thread> readers;
  std::atomic<int> right{0};
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&] {
      for (int k = 0; k < 50; ++k) {
        right += engine->leaderboard("pererecos", stats::Period::kDay, 10).total_messages == 1;
      }
    });
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(right.load(), 200);
  EXPECT_EQ(engine->reader_upkeeps(), 0u);
  EXPECT_NE(pulled_on.load(), std::this_thread::get_id());
  // The readers were released by the writer's second round; it counts the round after.
  for (int i = 0; i < 1000 && writer.rounds() < 2; ++i) std::this_thread::sleep_for(1ms);
  EXPECT_GE(writer.rounds(), 2u);
  writer.stop();
  // Detached: a reader catches up itself again (tests and benchmarks have no writer).
  clock.set(kNow + kDay);
  EXPECT_EQ(engine->leaderboard("pererecos", stats::Period::kDay, 10).total_messages, 0);
  EXPECT_EQ(engine->reader_upkeeps(), 1u);
}

TEST(EngineWriter, ACommitIsVisibleWithoutWaitingForThePoll) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("pererecos_engine_writer_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const std::string url = "sqlite://" + (dir / "chat.db").string();
  auto follow_store = open_store(url);
  auto write_store = open_store(url);
  ASSERT_TRUE(follow_store.is_ok() && write_store.is_ok());
  FixedClock clock(kNow);
  auto engine = std::move(stats::StatsEngine::create(clock, {})).value();
  StoreFollower follower(**follow_store, *engine);
  ASSERT_TRUE(follower.rebuild().is_ok());
  // A poll of an hour: only the commit notification can make the message visible in time.
  EngineWriter writer(
      *engine, clock,
      [&]() -> Status {
        auto r = follower.catch_up();
        return r ? Status::ok() : r.status();
      },
      std::chrono::hours(1));
  storage::BatchedWriterOptions options;
  options.max_delay = 5ms;
  storage::BatchedWriter batched(**write_store, options, [&](const storage::CommitReport& r) {
    if (r.status.is_ok()) writer.notify();
  });
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(batched.submit(message("m1", kNow - 5, "carol")).is_ok());
  ASSERT_TRUE(batched.flush().is_ok());
  bool seen = false;
  while (!seen && std::chrono::steady_clock::now() - started < 5s) {
    seen = engine->leaderboard("pererecos", stats::Period::kAll, 10).total_messages == 1;
    if (!seen) std::this_thread::sleep_for(1ms);
  }
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(seen);
  EXPECT_LT(took, 5s);  // the poll would take an hour
  EXPECT_EQ(engine->reader_upkeeps(), 0u);
  ASSERT_TRUE(batched.close().is_ok());
  writer.stop();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pererecos::app
