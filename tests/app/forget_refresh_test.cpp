// ForgetRefresh with a real SQLite file, the engine, its follower and writer thread: a
// forget through another connection (as the `forget` command in another process) is
// reflected by the live engine without a restart — gone from leaderboards, totals,
// search, emotes and other users' reply targets and rivals — the emote catalog set on the
// live engine survives the swap, and messages stored during and after go on counting.
#include "app/forget_refresh.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "app/engine_writer.h"
#include "app/store_follower.h"
#include "core/clock.h"
#include "stats/stats_engine.h"
#include "storage/store.h"

namespace pererecos::app {
namespace {

using namespace std::chrono_literals;
constexpr TimestampMs kNow = 1'735'732'800'000;  // 2025-01-01T12:00:00Z

ChatMessage message(int n, const std::string& login, const std::string& text,
                    const std::string& reply_to = "") {
  ChatMessage m;
  m.id = "00000000-0000-4000-8000-" + std::to_string(100000000000 + n);
  m.channel = "pererecos";
  m.room_id = "1";
  m.user_id = "id-" + login;
  m.login = login;
  m.display_name = login;
  m.text = text;
  m.reply_parent_login = reply_to;
  m.timestamp_ms = kNow - 60'000 + n;
  return m;
}

stats::EmoteCatalog catalog() {
  auto set = std::make_shared<stats::EmoteSet>();
  set->provider = "7tv";
  set->set_id = "s1";
  set->by_name["catJAM"] = {"e1", ""};
  stats::EmoteCatalog c;
  c.channel_sets.push_back(set);
  return c;
}

std::int64_t uses_of(const stats::TopEmotes& top, const std::string& name) {
  for (const auto& e : top.emotes) {
    if (e.name == name) return e.count;
  }
  return 0;
}

TEST(ForgetRefresh, ALiveEngineLosesAForgottenUserWithinASecond) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("forget_refresh_" + std::to_string(getpid()) + ".db"))
                               .string();
  std::filesystem::remove(path);
  const std::string url = "sqlite://" + path;
  auto writer_store = std::move(open_store(url)).value();
  std::vector<ChatMessage> batch;
  for (int i = 0; i < 6; ++i) batch.push_back(message(i, "alice", "segredo catJAM"));
  for (int i = 6; i < 10; ++i) batch.push_back(message(i, "bob", "oi catJAM", "alice"));
  batch.push_back(message(10, "carol", "hello"));
  ASSERT_TRUE(writer_store->write(batch, {}));

  FixedClock clock(kNow);
  stats::EngineConfig config;
  config.channels = {"pererecos"};
  auto engine = std::move(stats::StatsEngine::create(clock, config)).value();
  engine->set_emote_catalog("pererecos", catalog());
  auto refresh = std::move(ForgetRefresh::open(url, config, clock, *engine, 50ms)).value();
  auto follow_store = std::move(open_store(url)).value();
  StoreFollower follower(*follow_store, *engine);
  ASSERT_TRUE(follower.rebuild());
  EngineWriter writer(
      *engine, clock,
      [&]() -> Status {
        auto swapped = refresh->swap_if_ready(follower);
        if (!swapped) return swapped.status();
        auto caught = follower.catch_up();
        return caught ? Status::ok() : caught.status();
      },
      100ms);
  refresh->start([&writer] { writer.notify(); });

  const auto board = [&] { return engine->leaderboard("pererecos", stats::Period::kAll, 10); };
  ASSERT_EQ(board().total_messages, 11);
  ASSERT_EQ(board().entries.at(0).user.username, "alice");
  ASSERT_TRUE(engine->user_stats("pererecos", "alice", stats::Period::kAll));
  ASSERT_EQ(uses_of(engine->top_emotes("pererecos"), "catJAM"), 10);
  auto bob = engine->user_stats("pererecos", "bob", stats::Period::kAll);
  ASSERT_TRUE(bob);
  ASSERT_FALSE(bob->top_replies.empty());
  ASSERT_EQ(bob->top_replies.at(0).user.username, "alice");
  const std::uint64_t changes_before = engine->change_count("pererecos");

  // The forget, through another connection (another process does the same).
  auto other = std::move(open_store(url)).value();
  const auto forgot_at = std::chrono::steady_clock::now();
  auto forgot = other->forget({"alice"}, kNow);
  ASSERT_TRUE(forgot) << forgot.error();
  ASSERT_EQ(forgot->messages_deleted, 6u);
  while (engine->user_stats("pererecos", "alice", stats::Period::kAll) &&
         std::chrono::steady_clock::now() - forgot_at < 5s) {
    std::this_thread::sleep_for(5ms);
  }
  const auto latency = std::chrono::steady_clock::now() - forgot_at;
  EXPECT_LT(latency, 1s);
  EXPECT_EQ(refresh->swaps(), 1u);

  EXPECT_FALSE(engine->user_stats("pererecos", "alice", stats::Period::kAll));
  EXPECT_EQ(board().total_messages, 5);
  EXPECT_EQ(board().total_users, 2);
  for (const auto& e : board().entries) EXPECT_NE(e.user.username, "alice");
  for (const auto& hit : engine->search("pererecos", "ali")) EXPECT_NE(hit.user.username, "alice");
  for (const auto& c : engine->active_chatters("pererecos").chatters) {
    EXPECT_NE(c.user.username, "alice");
  }
  EXPECT_EQ(uses_of(engine->top_emotes("pererecos"), "catJAM"), 4) << "the live catalog was kept";
  bob = engine->user_stats("pererecos", "bob", stats::Period::kAll);
  ASSERT_TRUE(bob);
  EXPECT_TRUE(bob->top_replies.empty());
  if (bob->rival) {
    EXPECT_NE(bob->rival->user.username, "alice");
  }
  EXPECT_GT(engine->change_count("pererecos"), changes_before) << "event-stream clients hear it";

  // New messages keep counting after the swap (the follower continues from the rebuild).
  ASSERT_TRUE(writer_store->write({message(20, "dave", "catJAM"), message(21, "alice", "x")}, {}));
  writer.notify();
  while (board().total_messages != 6 && std::chrono::steady_clock::now() - forgot_at < 5s) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(board().total_messages, 6) << "dave counted, alice's new message tombstoned";
  EXPECT_EQ(uses_of(engine->top_emotes("pererecos"), "catJAM"), 5);
  refresh->stop();
  writer.stop();
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
}

}  // namespace
}  // namespace pererecos::app
