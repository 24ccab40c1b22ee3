// Two instances on one PostgreSQL database, in process: instance B's StoreFollower, driven
// by an EngineWriter whose poll is an hour, sees what instance A stores — only A's NOTIFY
// (MultiInstance::on_commit) can have woken it; the time is printed, the 1 s target is
// measured by bench/multi_instance — and B's rebuild on a
// restart finds the same totals. The leases: A holds the channels, B stands by.
#include "app/multi_instance.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "app/engine_writer.h"
#include "app/store_follower.h"
#include "core/clock.h"
#include "stats/stats_engine.h"
#include "storage/postgres/pg_store.h"
#include "storage/store_backends.h"

namespace pererecos::app {
namespace {

using namespace std::chrono_literals;
constexpr TimestampMs kNow = 1'735'732'800'000;  // 2025-01-01T12:00:00Z

ChatMessage message(int n) {
  ChatMessage m;
  m.id = storage::testing::uuid_for(static_cast<std::uint64_t>(n));
  m.channel = "pererecos";
  m.room_id = "1";
  m.user_id = "u" + std::to_string(n % 7);
  m.login = m.user_id;
  m.display_name = m.user_id;
  m.text = "hi";
  m.timestamp_ms = kNow - 1000 + n;
  return m;
}

TEST(MultiInstance, AnotherInstancesCommitWakesTheFollowerAndTheLeaseHasOneHolder) {
  auto admin = storage::testing::postgres_admin_url();
  ASSERT_TRUE(admin.is_ok()) << admin.error();
  if (admin->empty()) GTEST_SKIP() << "PERERECOS_TEST_POSTGRES_URL_FILE is not set (run ctest)";
  storage::testing::TestDatabase db(*admin);
  ASSERT_TRUE(db.status().is_ok()) << db.status().message();

  // Instance A: a writer and its multi-instance part.
  auto a_store = storage::PgStore::open(db.url());
  ASSERT_TRUE(a_store.is_ok()) << a_store.error();
  auto a = MultiInstance::open(db.url(), true, [] {});
  ASSERT_TRUE(a.is_ok()) << a.error();

  // Instance B: follower + engine writer that polls once an hour.
  FixedClock clock(kNow);
  auto engine = std::move(stats::StatsEngine::create(clock, {})).value();
  auto b_store = storage::PgStore::open(db.url());
  ASSERT_TRUE(b_store.is_ok()) << b_store.error();
  StoreFollower follower(**b_store, *engine);
  ASSERT_TRUE(follower.rebuild().is_ok());
  std::atomic<EngineWriter*> wake{nullptr};
  auto b = MultiInstance::open(db.url(), true, [&] {
    if (EngineWriter* w = wake.load()) w->notify();
  });
  ASSERT_TRUE(b.is_ok()) << b.error();
  EngineWriter writer(
      *engine, clock,
      [&]() -> Status {
        auto caught = follower.catch_up();
        return caught ? Status::ok() : caught.status();
      },
      std::chrono::hours(1));
  wake.store(&writer);
  for (int i = 0; i < 100 && !(*a)->connected(); ++i) std::this_thread::sleep_for(10ms);
  for (int i = 0; i < 100 && !(*b)->connected(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE((*a)->connected() && (*b)->connected());
  std::this_thread::sleep_for(200ms);  // the rounds of the start and of B's first connection
  const std::uint64_t rounds_before = writer.rounds();

  // A stores 50 messages and says so; B answers with them (long before its poll).
  std::vector<ChatMessage> batch;
  for (int i = 0; i < 50; ++i) batch.push_back(message(i));
  ASSERT_TRUE((*a_store)->write(batch, {}).is_ok());
  const auto committed = std::chrono::steady_clock::now();
  (*a)->on_commit();
  while (engine->messages_applied() < 50 &&
         std::chrono::steady_clock::now() - committed < 20s) {
    std::this_thread::sleep_for(2ms);
  }
  EXPECT_EQ(engine->messages_applied(), 50) << "not woken by the NOTIFY";
  std::printf("applied by the other instance %lld ms after the commit\n",
              static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - committed)
                                         .count()));
  // The round that applied them is counted once it has also woken the readers, a moment
  // after the messages are in the engine.
  while (writer.rounds() <= rounds_before && std::chrono::steady_clock::now() - committed < 20s) {
    std::this_thread::sleep_for(2ms);
  }
  EXPECT_GT(writer.rounds(), rounds_before);
  writer.stop();

  // The leases: the first instance to try holds the channel, the other stands by.
  auto held_a = (*a)->lease()->refresh({"pererecos"});
  auto held_b = (*b)->lease()->refresh({"pererecos"});
  ASSERT_TRUE(held_a.is_ok() && held_b.is_ok());
  EXPECT_EQ(held_a->size(), 1u);
  EXPECT_TRUE(held_b->empty());
  EXPECT_FALSE((*a)->lease()->always_owner());

  // A restart of B: its rebuild finds the same total.
  auto engine2 = std::move(stats::StatsEngine::create(clock, {})).value();
  auto c_store = storage::PgStore::open(db.url());
  ASSERT_TRUE(c_store.is_ok());
  StoreFollower again(**c_store, *engine2);
  auto rebuilt = again.rebuild();
  ASSERT_TRUE(rebuilt.is_ok()) << rebuilt.error();
  EXPECT_EQ(rebuilt->messages, 50u);
}

TEST(MultiInstance, WithSqliteTheLeaseIsAlwaysTheOwnerAndThereIsNoListener) {
  auto m = MultiInstance::open("sqlite://:memory:", true, [] {});
  ASSERT_TRUE(m.is_ok()) << m.error();
  ASSERT_NE((*m)->lease(), nullptr);
  EXPECT_TRUE((*m)->lease()->always_owner());
  auto held = (*m)->lease()->refresh({"a", "b"});
  ASSERT_TRUE(held.is_ok());
  EXPECT_EQ(held->size(), 2u);
  EXPECT_TRUE((*m)->connected());
}

}  // namespace
}  // namespace pererecos::app
