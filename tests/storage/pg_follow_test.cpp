// Several instances on one PostgreSQL database, below the app: the seq cursor never skips
// a row whose transaction commits late (the seq is taken under the last_seq row lock,
// held to commit, so a later writer waits and commits after it); the NOTIFY wake-up
// between sessions, and after a lost connection; the channel locks' takeover.
#include "storage/postgres/pg_follow.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "storage/postgres/pg_channel_lease.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_store.h"
#include "storage/store_backends.h"

namespace pererecos::storage {
namespace {

using namespace std::chrono_literals;
using testing::make_message;
using testing::TestDatabase;

class PgFollowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto admin = testing::postgres_admin_url();
    ASSERT_TRUE(admin.is_ok()) << admin.error();
    if (admin->empty()) GTEST_SKIP() << "PERERECOS_TEST_POSTGRES_URL_FILE is not set (run ctest)";
    db_ = std::make_unique<TestDatabase>(*admin);
    ASSERT_TRUE(db_->status().is_ok()) << db_->status().message();
  }
  std::unique_ptr<PgStore> open_or_die() {
    auto store = PgStore::open(db_->url());
    EXPECT_TRUE(store.is_ok()) << store.error();
    return store ? std::move(*store) : nullptr;
  }
  std::unique_ptr<PgConnection> raw() {
    auto c = PgConnection::connect(db_->url());
    EXPECT_TRUE(c.is_ok()) << c.error();
    return c ? std::move(*c) : nullptr;
  }
  // Terminates the test database's sessions whose application name starts with `application`.
  void terminate(const std::string& application) {
    auto admin = PgConnection::connect(db_->admin_url());
    ASSERT_TRUE(admin.is_ok());
    auto r = (*admin)->query(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE datname = $2 AND application_name LIKE $1",
        {application + "%", db_->url().substr(db_->url().rfind('/') + 1)});
    ASSERT_TRUE(r.is_ok()) << r.error();
  }
  std::unique_ptr<TestDatabase> db_;
};

// A follower that keeps a cursor (the StoreFollower's rule: continue after the highest
// seq seen) and records what it saw.
struct CursorFollower {
  explicit CursorFollower(PgStore& s) : store(s) {}
  PgStore& store;
  std::int64_t cursor = 0;
  std::set<std::string> seen;
  std::uint64_t repeats = 0;
  void round() {
    ASSERT_TRUE(store
                    .scan_messages_after_seq(cursor,
                                             [&](const StoredMessage& m) {
                                               EXPECT_GT(m.seq, cursor);
                                               cursor = m.seq;
                                               if (!seen.insert(std::string(m.message.id)).second)
                                                 ++repeats;
                                               return true;
                                             })
                    .is_ok());
  }
};

TEST_F(PgFollowTest, ATransactionThatCommitsLateIsNotSkipped) {
  auto first = open_or_die();
  auto second = open_or_die();
  auto follower_store = open_or_die();
  ASSERT_TRUE(first && second && follower_store);
  // Intern the channel and sender, and give the follower something to start from.
  ASSERT_TRUE(first->write({make_message(1, 1000)}, {}).is_ok());
  CursorFollower follower(*follower_store);
  follower.round();
  ASSERT_EQ(follower.seen.size(), 1u);

  // A slow writer: takes its seq under the counter's row lock as PgStore does, inserts a
  // row, and holds the transaction open for 800 ms.
  auto slow = raw();
  ASSERT_TRUE(slow);
  ASSERT_TRUE(slow->exec("BEGIN").is_ok());
  auto seq = slow->query(
      "UPDATE counters SET value = value + 1 WHERE name = 'last_seq' "
      "RETURNING value");
  ASSERT_TRUE(seq.is_ok()) << seq.error();
  const std::int64_t slow_seq = seq->int64(0, 0);
  ASSERT_TRUE(slow->exec("UPDATE counters SET value = value + 1 WHERE name = 'messages'").is_ok());
  auto ins = slow->query(
      "INSERT INTO messages(ts, id, seq, channel, sender, text, emotes, reply_login, "
      "reply_msg_id, bits, flags) SELECT 2000, '\\x00'::bytea || 'slow-commit'::bytea, $1, "
      "channel, sender, 'late'::bytea, ''::bytea, ''::bytea, ''::bytea, 0, 0 FROM messages LIMIT 1",
      {std::to_string(slow_seq)});
  ASSERT_TRUE(ins.is_ok()) << ins.error();

  // Meanwhile a fast writer commits a batch "after" it: it must wait for the slow one.
  std::atomic<bool> fast_done{false};
  std::thread fast([&] {
    std::vector<ChatMessage> batch;
    for (int i = 0; i < 20; ++i) batch.push_back(make_message(100 + i, 3000 + i));
    EXPECT_TRUE(second->write(batch, {}).is_ok());
    fast_done = true;
  });
  const auto until = std::chrono::steady_clock::now() + 800ms;
  while (std::chrono::steady_clock::now() < until) {
    follower.round();
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_FALSE(fast_done.load()) << "the later writer did not wait for the open transaction";
  EXPECT_EQ(follower.seen.size(), 1u) << "the follower saw rows past an uncommitted seq";
  ASSERT_TRUE(slow->exec("COMMIT").is_ok());
  fast.join();
  follower.round();
  EXPECT_EQ(follower.seen.size(), 22u);
  EXPECT_EQ(follower.seen.count("slow-commit"), 1u) << "the late commit was skipped";
  EXPECT_EQ(follower.repeats, 0u);
}

TEST_F(PgFollowTest, ConcurrentWritersWithRandomCommitDelaysAreAllFollowed) {
  // Four writers with random pauses inside their transactions (a slow statement before
  // the write commits: pg_sleep in the same session, between batches), a follower that
  // polls all along.
  constexpr int kWriters = 4, kBatches = 15, kPerBatch = 10;
  std::vector<std::unique_ptr<PgStore>> writers;
  for (int i = 0; i < kWriters; ++i) writers.push_back(open_or_die());
  auto follower_store = open_or_die();
  ASSERT_TRUE(follower_store);
  CursorFollower follower(*follower_store);
  std::atomic<int> running{kWriters};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<ChatMessage> batch;
        for (int i = 0; i < kPerBatch; ++i) {
          const std::uint64_t n = static_cast<std::uint64_t>((w * kBatches + b) * kPerBatch + i);
          batch.push_back(make_message(n, 10'000 + static_cast<TimestampMs>(n % 97), w + 1));
        }
        EXPECT_TRUE(writers[w]->write(batch, {}).is_ok());
        std::this_thread::sleep_for(std::chrono::milliseconds((w * 7 + b * 3) % 11));
      }
      --running;
    });
  }
  // A fifth session holding the seq lock for a while now and then: commits out of order
  // with respect to when the writers asked.
  auto delayer = raw();
  ASSERT_TRUE(delayer);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(delayer
                    ->exec("BEGIN; SELECT value FROM counters WHERE name = 'last_seq' FOR "
                           "UPDATE; SELECT pg_sleep(0.05); COMMIT")
                    .is_ok());
    follower.round();
  }
  while (running > 0) follower.round();
  for (auto& t : threads) t.join();
  follower.round();
  EXPECT_EQ(follower.seen.size(), static_cast<std::size_t>(kWriters * kBatches * kPerBatch));
  EXPECT_EQ(follower.repeats, 0u);
  EXPECT_EQ(*follower_store->count_messages(), follower.seen.size());
}

TEST_F(PgFollowTest, NotifyWakesTheOtherInstanceAndALostListenerCatchesUp) {
  std::mutex mu;
  std::condition_variable cv;
  int woken = 0;
  auto listener = PgStoreListener::start(db_->url(), [&] {
    std::lock_guard lock(mu);
    ++woken;
    cv.notify_all();
  });
  ASSERT_TRUE(listener.is_ok()) << listener.error();
  auto sender = PgStoreListener::start(db_->url(), [] {});
  ASSERT_TRUE(sender.is_ok()) << sender.error();
  auto wait_for = [&](int n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, 5s, [&] { return woken >= n; });
  };
  // The first connection calls on_stored once (anything missed before it).
  ASSERT_TRUE(wait_for(1));
  for (int i = 0; i < 50 && !(*sender)->connected(); ++i) std::this_thread::sleep_for(20ms);
  const int before = woken;
  const auto sent = std::chrono::steady_clock::now();
  (*sender)->notify_stored();
  ASSERT_TRUE(wait_for(before + 1)) << "no wake-up from the other session's NOTIFY";
  EXPECT_LT(std::chrono::steady_clock::now() - sent, 1s);
  // Its own NOTIFYs do not wake a listener.
  EXPECT_EQ((*sender)->received(), 0u);

  // The listener's connection dies: it reconnects and calls on_stored once more.
  const int before_loss = woken;
  terminate("pererecos-stats listener");
  ASSERT_TRUE(wait_for(before_loss + 1)) << "no catch-up after the listener reconnected";
  for (int i = 0; i < 100 && !(*listener)->connected(); ++i) std::this_thread::sleep_for(20ms);
  EXPECT_TRUE((*listener)->connected());
}

TEST_F(PgFollowTest, ChannelLocksHaveOneHolderBalanceAndPassOnWhenItsSessionDies) {
  const std::vector<std::string> channels{"alpha", "bravo", "charlie"};
  auto a = PgChannelLocks::connect(db_->url());
  auto b = PgChannelLocks::connect(db_->url());
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  auto held_a = (*a)->refresh(channels);
  auto held_b = (*b)->refresh(channels);
  ASSERT_TRUE(held_a.is_ok() && held_b.is_ok());
  EXPECT_EQ(held_a->size(), 3u);
  EXPECT_TRUE(held_b->empty());
  // Balance: A, two above B, gives one back; B takes it; then it stays 2 + 1.
  for (int round = 0; round < 3; ++round) {
    held_a = (*a)->refresh(channels);
    held_b = (*b)->refresh(channels);
    ASSERT_TRUE(held_a.is_ok() && held_b.is_ok());
  }
  EXPECT_EQ(held_a->size(), 2u);
  EXPECT_EQ(held_b->size(), 1u);
  std::set<std::string> both = *held_a;
  both.insert(held_b->begin(), held_b->end());
  EXPECT_EQ(both.size(), 3u) << "a channel held twice or by nobody";

  // A's session is terminated (its process died or lost the database): B takes over at
  // its next round; A, once it reconnects, holds nothing.
  const int pid_a = (*a)->backend_pid();
  ASSERT_GT(pid_a, 0);
  auto admin = PgConnection::connect(db_->admin_url());
  ASSERT_TRUE(admin.is_ok());
  ASSERT_TRUE(
      (*admin)->query("SELECT pg_terminate_backend($1::int)", {std::to_string(pid_a)}).is_ok());
  std::set<std::string> now_b;
  for (int i = 0; i < 50 && now_b.size() < 3; ++i) {
    auto r = (*b)->refresh(channels);
    ASSERT_TRUE(r.is_ok()) << r.error();
    now_b = *r;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(now_b.size(), 3u);
  auto after = (*a)->refresh(channels);  // finds its session gone
  for (int i = 0; i < 50 && !after; ++i) {
    std::this_thread::sleep_for(50ms);
    after = (*a)->refresh(channels);
  }
  ASSERT_TRUE(after.is_ok()) << after.error();
  EXPECT_TRUE(after->empty()) << "two holders after the takeover";

  // A clean stop gives the channels back: A takes them within two rounds (B's session,
  // holding nothing now, still counts as a member: A leaves free channels to it for one
  // round, then takes them as orphans).
  (*b)->release_all();
  auto back = (*a)->refresh(channels);
  ASSERT_TRUE(back.is_ok());
  back = (*a)->refresh(channels);
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(back->size(), 3u);
}

}  // namespace
}  // namespace pererecos::storage
