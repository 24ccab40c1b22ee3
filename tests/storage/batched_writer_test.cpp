// BatchedWriter: flush semantics, group commit by count and by time, backpressure,
// error reporting and retries without duplicates, close.
#include "storage/batched_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <optional>

#include <sqlite3.h>

#include "fakes/null_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/test_util.h"

namespace pererecos::storage {
namespace {

using namespace std::chrono_literals;
using testing::make_message;
using testing::TempDir;

// A Store that records every write, deduplicates by (ts, id) like the real one, and can
// be told to fail or to block.
class RecordingStore final : public pererecos::testing::NullStore {
 public:
  Result<WriteCounts> write(const std::vector<ChatMessage>& messages,
                            const std::vector<ModerationEvent>& moderation) override {
    std::unique_lock lock(mu_);
    ++in_write_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return open_; });
    --in_write_;
    attempts_.push_back(messages.size() + moderation.size());
    if (fail_next_ > 0) {
      --fail_next_;
      return Result<WriteCounts>::failure("injected failure");
    }
    WriteCounts counts;
    for (const auto& m : messages) {
      if (stored_.insert({m.timestamp_ms, m.id}).second) {
        ++counts.messages_stored;
        ++seq_;
      } else {
        ++counts.messages_duplicate;
      }
    }
    counts.moderation_stored = moderation.size();
    seq_ += static_cast<std::int64_t>(moderation.size());
    counts.last_seq = seq_;
    batches_.push_back(messages.size() + moderation.size());
    cv_.notify_all();
    return counts;
  }
  Result<std::uint64_t> count_messages() override {
    std::lock_guard lock(mu_);
    return static_cast<std::uint64_t>(stored_.size());
  }

  void fail_next(int n) {
    std::lock_guard lock(mu_);
    fail_next_ = n;
  }
  void set_open(bool open) {
    std::lock_guard lock(mu_);
    open_ = open;
    cv_.notify_all();
  }
  // Waits (up to 20 s, a bound for a hung test, not a timing assertion) for `pred`.
  bool wait_for(const std::function<bool()>& pred) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, 20s, pred);
  }
  std::vector<std::size_t> batches() {
    std::lock_guard lock(mu_);
    return batches_;
  }
  std::vector<std::size_t> batches_locked() const { return batches_; }
  int in_write_locked() const { return in_write_; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = true;
  int in_write_ = 0;
  int fail_next_ = 0;
  std::int64_t seq_ = 0;
  std::set<std::pair<TimestampMs, std::string>> stored_;
  std::vector<std::size_t> attempts_, batches_;
};

BatchedWriterOptions options(std::size_t batch, std::chrono::milliseconds delay,
                             std::size_t capacity = 10000) {
  BatchedWriterOptions o;
  o.max_batch_events = batch;
  o.max_delay = delay;
  o.queue_capacity = capacity;
  o.retry_delay = 1ms;
  o.max_retry_delay = 2ms;
  o.close_retry_for = 0ms;
  return o;
}

TEST(BatchedWriter, FlushMakesEverythingSubmittedDurable) {
  TempDir dir;
  auto store = SqliteStore::open(dir.file("w.db"));
  ASSERT_TRUE(store.is_ok());
  auto reader = SqliteStore::open(dir.file("w.db"));
  ASSERT_TRUE(reader.is_ok());
  BatchedWriter writer(**store, options(1000, 1h));  // only flush() can commit these
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(writer.submit(make_message(i, 100 + i)));
  ASSERT_TRUE(writer.flush());
  EXPECT_EQ(*(*reader)->count_messages(), 10u);
  ASSERT_TRUE(writer.flush());  // nothing pending: returns at once
  EXPECT_EQ(writer.stats().committed, 10u);
  EXPECT_EQ(writer.stats().batches, 1u);
}

TEST(BatchedWriter, SubmitMessagesQueuesThemInOrderLikeSubmit) {
  RecordingStore store;
  BatchedWriter writer(store, options(1000, 1h));
  ASSERT_TRUE(writer.submit(make_message(0, 0)));
  std::vector<ChatMessage> batch;
  for (int i = 1; i < 2500; ++i) batch.push_back(make_message(i, i));
  ASSERT_TRUE(writer.submit_messages(batch));
  EXPECT_EQ(batch.size(), 2499u) << "the caller keeps the vector";
  ASSERT_TRUE(writer.flush());
  EXPECT_EQ(store.batches(), (std::vector<std::size_t>{1000, 1000, 500}));
  EXPECT_EQ(writer.stats().committed, 2500u);
  EXPECT_EQ(*store.count_messages(), 2500u);
}

TEST(BatchedWriter, GroupsByCount) {
  RecordingStore store;
  BatchedWriter writer(store, options(1000, 1h));
  for (int i = 0; i < 2500; ++i) ASSERT_TRUE(writer.submit(make_message(i, i)));
  ASSERT_TRUE(store.wait_for([&] { return store.batches_locked().size() >= 2; }));
  EXPECT_EQ(store.batches(), (std::vector<std::size_t>{1000, 1000}));
  ASSERT_TRUE(writer.flush());
  EXPECT_EQ(store.batches(), (std::vector<std::size_t>{1000, 1000, 500}));
}

TEST(BatchedWriter, GroupsByTime) {
  RecordingStore store;
  BatchedWriter writer(store, options(1000, 20ms));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(writer.submit(make_message(i, i)));
  // No flush: the delay alone must commit the three events, together.
  ASSERT_TRUE(store.wait_for([&] { return !store.batches_locked().empty(); }));
  EXPECT_EQ(store.batches(), (std::vector<std::size_t>{3}));
}

TEST(BatchedWriter, CloseFlushesAndLaterSubmitsFail) {
  TempDir dir;
  {
    auto store = SqliteStore::open(dir.file("c.db"));
    ASSERT_TRUE(store.is_ok());
    BatchedWriter writer(**store, options(1000, 1h));
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(writer.submit(make_message(i, i)));
    ModerationEvent ban;
    ban.kind = ModerationEvent::Kind::kBan;
    ban.channel = "chan";
    ban.target_login = "u1";
    ban.timestamp_ms = 3;
    ASSERT_TRUE(writer.submit(ChatEvent(ban)));
    ASSERT_TRUE(writer.submit(ChatEvent(NoticeEvent{"chan", "x", "ignored"})));  // not stored
    ASSERT_TRUE(writer.close());
    EXPECT_FALSE(writer.submit(make_message(99, 99)));
    EXPECT_TRUE(writer.close());  // idempotent
  }
  auto store = SqliteStore::open(dir.file("c.db"));
  ASSERT_TRUE(store.is_ok());
  EXPECT_EQ(*(*store)->count_messages(), 5u);
  int mods = 0;
  ASSERT_TRUE((*store)->scan_moderation([&](const StoredModeration&) { return ++mods, true; }));
  EXPECT_EQ(mods, 1);
}

TEST(BatchedWriter, CallbackReportsCountsAndLastSeq) {
  TempDir dir;
  auto store = SqliteStore::open(dir.file("cb.db"));
  ASSERT_TRUE(store.is_ok());
  std::mutex mu;
  std::vector<CommitReport> reports;
  BatchedWriter writer(**store, options(4, 1h), [&](const CommitReport& r) {
    std::lock_guard lock(mu);
    reports.push_back(r);
  });
  std::vector<BatchedWriter::Event> events;
  for (int i = 0; i < 10; ++i) events.emplace_back(make_message(i % 7, i % 7));  // 3 repeats
  ASSERT_TRUE(writer.submit_all(std::move(events)));
  ASSERT_TRUE(writer.flush());
  std::lock_guard lock(mu);
  std::uint64_t stored = 0, duplicate = 0, events_total = 0;
  std::int64_t last_seq = 0;
  for (const auto& r : reports) {
    EXPECT_TRUE(r.status.is_ok());
    EXPECT_LE(r.events, 4u);
    stored += r.counts.messages_stored;
    duplicate += r.counts.messages_duplicate;
    events_total += r.events;
    EXPECT_GE(r.counts.last_seq, last_seq);
    last_seq = r.counts.last_seq;
  }
  EXPECT_EQ(stored, 7u);
  EXPECT_EQ(duplicate, 3u);
  EXPECT_EQ(events_total, 10u);
  EXPECT_EQ(last_seq, 7);
  EXPECT_EQ(reports.back().committed_events_total, 10u);
}

TEST(BatchedWriter, SubmitBlocksWhileTheQueueIsFull) {
  RecordingStore store;
  store.set_open(false);  // every write blocks until opened
  BatchedWriter writer(store, options(5, 1h, /*capacity=*/10));
  std::atomic<int> submitted{0};
  std::thread producer([&] {
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE(writer.submit(make_message(i, i)));
      ++submitted;
    }
  });
  // One group of 5 is in the (blocked) write and the queue holds 10: the producer is
  // stuck on its 16th submit.
  ASSERT_TRUE(store.wait_for([&] { return store.in_write_locked() == 1; }));
  for (int i = 0; i < 2000 && writer.stats().queued < 10; ++i) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(writer.stats().queued, 10u);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(submitted.load(), 15);
  store.set_open(true);
  producer.join();
  ASSERT_TRUE(writer.flush());
  EXPECT_EQ(*store.count_messages(), 100u);
  for (std::size_t size : store.batches()) EXPECT_LE(size, 5u);
}

TEST(BatchedWriter, WriteErrorsAreReportedAndRetriedWithoutDuplicates) {
  RecordingStore store;
  store.fail_next(3);
  std::mutex mu;
  std::vector<Status> failures;
  // Only flush() starts a write here (neither count nor delay is reached).
  BatchedWriter writer(store, options(1000, 1h), [&](const CommitReport& r) {
    std::lock_guard lock(mu);
    if (!r.status) failures.push_back(r.status);
  });
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(writer.submit(make_message(i % 20, i % 20)));
  // flush() reports the failure instead of hiding it; the events stay queued.
  Status first = writer.flush();
  EXPECT_FALSE(first.is_ok());
  EXPECT_NE(first.message().find("injected failure"), std::string::npos);
  Status s = first;
  for (int tries = 0; tries < 10 && !s; ++tries) s = writer.flush();
  ASSERT_TRUE(s) << s.message();
  EXPECT_TRUE(writer.last_error().is_ok());
  EXPECT_EQ(*store.count_messages(), 20u);
  const auto stats = writer.stats();
  EXPECT_EQ(stats.failed_attempts, 3u);
  EXPECT_EQ(stats.committed, 25u);
  std::lock_guard lock(mu);
  ASSERT_EQ(failures.size(), 3u);
  EXPECT_EQ(failures[0].message(), "injected failure");
}

TEST(BatchedWriter, CloseGivesUpOnAStoreThatKeepsFailing) {
  RecordingStore store;
  store.fail_next(1'000'000);
  BatchedWriter writer(store, options(10, 1h));
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(writer.submit(make_message(i, i)));
  Status s = writer.close();
  ASSERT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("7 events were not written"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("injected failure"), std::string::npos);
  EXPECT_EQ(writer.stats().dropped, 7u);
}

TEST(BatchedWriter, AStalledStoreBuffersUpToTheByteBoundThenBlocksAndResumes) {
  RecordingStore store;
  store.fail_next(1'000'000);  // the disk is full / the database is locked
  BatchedWriterOptions o = options(10, 1ms);
  const std::size_t one = approx_bytes(make_message(0, 0));
  o.max_buffered_bytes = 50 * one;  // about 50 messages
  BatchedWriter writer(store, o);
  std::atomic<int> submitted{0};
  std::thread producer([&] {
    for (int i = 0; i < 200; ++i) {
      ASSERT_TRUE(writer.submit(make_message(i, i)));
      ++submitted;
    }
  });
  // The producer fills the buffer, then waits: nothing is dropped.
  for (int i = 0; i < 4000; ++i) {
    const BatchedWriterStats now = writer.stats();
    if (now.blocked_producers > 0 && now.failed_attempts > 0) break;
    std::this_thread::sleep_for(1ms);
  }
  const BatchedWriterStats stalled = writer.stats();
  EXPECT_EQ(stalled.blocked_producers, 1u);
  EXPECT_TRUE(stalled.stalled);
  EXPECT_LE(stalled.buffered_bytes, o.max_buffered_bytes);
  EXPECT_GE(stalled.buffered_bytes, o.max_buffered_bytes - 2 * one);
  EXPECT_LT(submitted.load(), 60);
  const std::string state = writer.state_text();
  EXPECT_NE(state.find("store stalled (injected failure)"), std::string::npos) << state;
  EXPECT_NE(state.find(std::to_string(stalled.buffered_bytes) + " bytes buffered"),
            std::string::npos) << state;
  EXPECT_NE(state.find("reading paused"), std::string::npos) << state;
  // The store recovers: everything gets stored, once.
  store.fail_next(0);
  producer.join();
  ASSERT_TRUE(writer.flush());
  EXPECT_EQ(*store.count_messages(), 200u);
  EXPECT_EQ(writer.stats().dropped, 0u);
  EXPECT_EQ(writer.stats().buffered_bytes, 0u);
  EXPECT_EQ(writer.state_text(), "ok");
}

TEST(BatchedWriter, ABatchIsAGroupOfItsOwnWithItsOwnCounts) {
  RecordingStore store;
  BatchedWriter writer(store, options(1000, 1h));
  ASSERT_TRUE(writer.submit(make_message(1, 1)));
  EventBatch batch;
  for (int i = 0; i < 5; ++i) batch.messages.push_back(make_message(i, i));  // 1 is a duplicate
  std::mutex mu;
  std::optional<Result<WriteCounts>> got;
  ASSERT_TRUE(writer.submit_batch(batch, [&](const Result<WriteCounts>& r) {
    std::lock_guard lock(mu);
    got = r;
  }));
  EXPECT_TRUE(batch.empty());
  ASSERT_TRUE(writer.flush());
  std::lock_guard lock(mu);
  ASSERT_TRUE(got.has_value());
  ASSERT_TRUE(got->is_ok());
  EXPECT_EQ((*got)->messages_stored, 4u);
  EXPECT_EQ((*got)->messages_duplicate, 1u);
  EXPECT_EQ(store.batches(), (std::vector<std::size_t>{1, 5}));  // not merged
}

TEST(BatchedWriter, WithMaxAttemptsTheWriterGivesUpAndSaysSo) {
  RecordingStore store;
  store.fail_next(1);
  BatchedWriterOptions o = options(1000, 1h);
  o.max_attempts = 1;
  BatchedWriter writer(store, o);
  EventBatch batch;
  batch.messages.push_back(make_message(1, 1));
  std::atomic<bool> failed{false};
  ASSERT_TRUE(writer.submit_batch(batch, [&](const Result<WriteCounts>& r) {
    failed = !r.is_ok();
  }));
  EXPECT_FALSE(writer.flush().is_ok());
  EXPECT_TRUE(failed.load());
  EXPECT_TRUE(writer.stats().given_up);
  Status later = writer.submit(make_message(2, 2));
  EXPECT_NE(later.message().find("gave up"), std::string::npos) << later.message();
  EXPECT_EQ(*store.count_messages(), 0u);
}

TEST(BatchedWriter, CloseKeepsRetryingAStoreThatRecoversInTime) {
  // SIGTERM while the store is briefly locked: close() stores everything, then ok.
  RecordingStore store;
  store.fail_next(5);
  BatchedWriterOptions o = options(1000, 1h);
  o.retry_delay = 10ms;
  o.max_retry_delay = 20ms;
  o.close_retry_for = 10s;
  BatchedWriter writer(store, o);
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(writer.submit(make_message(i, i)));
  ASSERT_TRUE(writer.close());
  EXPECT_EQ(*store.count_messages(), 30u);
  EXPECT_EQ(writer.stats().dropped, 0u);
}

TEST(BatchedWriter, ALockedDatabaseStallsIngestUntilItIsWritableAgain) {
  // A real SQLite file locked by another connection: each attempt fails after SQLite's
  // 5 s busy timeout, the events stay buffered, and ingest resumes once it is unlocked.
  TempDir dir;
  const std::string path = dir.file("chat.db");
  auto store = open_store("sqlite://" + path);
  ASSERT_TRUE(store.is_ok()) << store.error();
  // Another process holds the write lock (an import, a backup): our writes get
  // "database is locked" until it lets go.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  BatchedWriterOptions o = options(10, 1ms);
  o.retry_delay = 5ms;
  o.max_retry_delay = 20ms;
  BatchedWriter writer(**store, o);
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(writer.submit(make_message(i, i)));
  for (int i = 0; i < 20000 && !writer.stats().stalled; ++i) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(writer.stats().stalled);
  EXPECT_NE(writer.state_text().find("store stalled"), std::string::npos) << writer.state_text();
  EXPECT_GT(writer.stats().buffered_bytes, 0u);
  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  ASSERT_TRUE(writer.close());
  EXPECT_EQ(*(*store)->count_messages(), 25u);
  EXPECT_EQ(writer.state_text(), "ok");
}

// A stop during a stall: lift_bounds() lets the producer blocked on the full buffer finish
// (nothing dropped), and a store that recovers within close's retry window gets it all.
TEST(BatchedWriter, LiftBoundsUnblocksAProducerWaitingOnAStalledStore) {
  RecordingStore store;
  store.fail_next(1'000'000);
  BatchedWriterOptions o = options(10, 1ms);
  o.max_buffered_bytes = 20 * approx_bytes(make_message(0, 0));
  o.close_retry_for = 5s;
  BatchedWriter writer(store, o);
  std::atomic<bool> done{false};
  std::thread producer([&] {
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(writer.submit(make_message(i, i)));
    done = true;
  });
  for (int i = 0; i < 4000 && writer.stats().blocked_producers == 0; ++i) {
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_EQ(writer.stats().blocked_producers, 1u);
  EXPECT_FALSE(done.load());
  writer.lift_bounds();
  producer.join();  // returns: every submit was accepted over the bound
  EXPECT_TRUE(done.load());
  EXPECT_EQ(writer.stats().submitted, 100u);
  EXPECT_EQ(writer.stats().dropped, 0u);
  store.fail_next(0);
  EXPECT_TRUE(writer.close());
  EXPECT_EQ(*store.count_messages(), 100u);
}

}  // namespace
}  // namespace pererecos::storage
