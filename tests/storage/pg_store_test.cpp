// PgStore specifics, on the test cluster: migrations (concurrent, from every older
// version, refusals), connection loss and recovery, URL forms and password redaction,
// and concurrent writers followed by seq cursor.
#include "storage/postgres/pg_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "storage/batched_writer.h"
#include "storage/postgres/pg_migrations.h"
#include "storage/store_backends.h"
#include "storage/store_url.h"

namespace pererecos::storage {
namespace {

using testing::make_message;
using testing::TestDatabase;

class PgStoreTest : public ::testing::Test {
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
    auto conn = PgConnection::connect(db_->url());
    EXPECT_TRUE(conn.is_ok()) << conn.error();
    return conn ? std::move(*conn) : nullptr;
  }

  std::int64_t query_int(const std::string& sql) {
    auto conn = raw();
    auto r = conn->query(sql);
    EXPECT_TRUE(r.is_ok()) << r.error();
    return r ? r->int64(0, 0) : -1;
  }

  std::unique_ptr<TestDatabase> db_;
};

TEST_F(PgStoreTest, InstancesStartingTogetherMigrateOnce) {
  constexpr int kInstances = 6;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  std::vector<std::string> errors(kInstances);
  for (int i = 0; i < kInstances; ++i) {
    threads.emplace_back([&, i] {
      auto store = PgStore::open(db_->url());
      if (store) {
        ++ok;
      } else {
        errors[i] = store.error();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kInstances) << errors[0];
  // A second run of a step would have failed (CREATE TABLE of an existing table) or
  // added a second row for its version.
  EXPECT_EQ(query_int("SELECT count(*) FROM schema_migrations"), latest_pg_schema_version());
  EXPECT_EQ(query_int("SELECT count(DISTINCT version) FROM schema_migrations"),
            latest_pg_schema_version());
  EXPECT_EQ(query_int("SELECT value FROM counters WHERE name = 'last_seq'"), 0);
}

TEST_F(PgStoreTest, MigratesFromEveryOlderVersionKeepingTheData) {
  for (int from = 0; from < latest_pg_schema_version(); ++from) {
    SCOPED_TRACE("from version " + std::to_string(from));
    TestDatabase db(db_->admin_url());
    ASSERT_TRUE(db.status().is_ok());
    {
      auto conn = PgConnection::connect(db.url());
      ASSERT_TRUE(conn.is_ok()) << conn.error();
      ASSERT_TRUE(migrate_pg(**conn, from).is_ok());
      auto version = pg_schema_version(**conn);
      ASSERT_TRUE(version.is_ok());
      EXPECT_EQ(*version, from);
      if (from >= 1) {  // a version-1 database with one message, written as v1 did
        ASSERT_TRUE((*conn)->exec(
            "INSERT INTO channels(login, room_id) VALUES ('chan', '1000');"
            "INSERT INTO senders(user_id, login, display_name) VALUES ('7', 'old', 'Old');"
            "INSERT INTO messages VALUES (1000, '\\x00616161', 1, 1, 1, 'hi', '', '', '\\x00', 0, "
            "0);"
            "UPDATE counters SET value = 1;"));
      }
    }
    auto store = PgStore::open(db.url());
    ASSERT_TRUE(store.is_ok()) << store.error();
    auto conn = PgConnection::connect(db.url());
    ASSERT_TRUE(conn.is_ok());
    EXPECT_EQ(*pg_schema_version(**conn), latest_pg_schema_version());
    if (from >= 1) {
      EXPECT_EQ(*(*store)->count_messages(), 1u);
      auto history = (*store)->login_history("7");  // backfilled by step 2
      ASSERT_TRUE(history.is_ok()) << history.error();
      ASSERT_EQ(history->size(), 1u);
      EXPECT_EQ((*history)[0].login, "old");
      EXPECT_EQ((*history)[0].first_ms, 1000);
      auto all = testing::scan_all(**store);
      ASSERT_EQ(all.size(), 1u);
      EXPECT_EQ(all[0].message.id, "aaa");
      EXPECT_EQ(all[0].message.text, "hi");
      EXPECT_EQ(all[0].message.display_name, "Old");
    }
    // And it keeps working: new writes continue the sequence.
    auto counts = (*store)->write({make_message(5, 2000)}, {});
    ASSERT_TRUE(counts.is_ok()) << counts.error();
    EXPECT_EQ(counts->last_seq, from >= 1 ? 2 : 1);
  }
}

TEST_F(PgStoreTest, RefusesANewerSchemaAndAnotherApplicationsDatabase) {
  ASSERT_NE(open_or_die(), nullptr);
  ASSERT_TRUE(raw()->exec("INSERT INTO schema_migrations(version, name) VALUES (99, 'future')"));
  auto newer = PgStore::open(db_->url());
  ASSERT_FALSE(newer.is_ok());
  EXPECT_NE(newer.error().find("schema version 99 is newer than this build"), std::string::npos)
      << newer.error();

  TestDatabase other(db_->admin_url());
  ASSERT_TRUE(other.status().is_ok());
  {
    auto conn = PgConnection::connect(other.url());
    ASSERT_TRUE(conn.is_ok());
    ASSERT_TRUE((*conn)->exec("CREATE TABLE messages(x int); INSERT INTO messages VALUES (1)"));
  }
  auto foreign = PgStore::open(other.url());
  ASSERT_FALSE(foreign.is_ok());
  EXPECT_NE(foreign.error().find("another application"), std::string::npos) << foreign.error();
  auto conn = PgConnection::connect(other.url());
  auto left =
      (*conn)->query("SELECT count(*), to_regclass('schema_migrations') IS NULL FROM messages");
  ASSERT_TRUE(left.is_ok());
  EXPECT_EQ(left->text(0, 0), "1");
  EXPECT_EQ(left->text(0, 1), "t");  // nothing created
}

TEST_F(PgStoreTest, UrlFormsOpenAndErrorsHideThePassword) {
  // The key=value form, through open_store.
  const std::string url = db_->url();  // postgresql://pererecos@127.0.0.1:PORT/NAME
  const std::string host_port = url.substr(url.find('@') + 1, url.rfind('/') - url.find('@') - 1);
  const std::string kv = "host=" + host_port.substr(0, host_port.find(':')) +
                         " port=" + host_port.substr(host_port.find(':') + 1) +
                         " user=pererecos dbname=" + db_->name();
  EXPECT_EQ(parse_store_url(kv)->backend, StoreLocation::Backend::kPostgres);
  auto a = open_store(kv);
  ASSERT_TRUE(a.is_ok()) << a.error();
  ASSERT_TRUE((*a)->write({make_message(1, 10)}, {}).is_ok());
  auto b = open_store("postgres://" + url.substr(std::string("postgresql://").size()) +
                      "?sslmode=disable&application_name=contract");
  ASSERT_TRUE(b.is_ok()) << b.error();
  EXPECT_EQ(*(*b)->count_messages(), 1u);

  // Nothing listens on port 1: a clear error naming the URL, without its password.
  for (const std::string bad : {"postgresql://app:s3cret@127.0.0.1:1/stats?connect_timeout=3",
                                "host=127.0.0.1 port=1 user=app password=s3cret dbname=stats"}) {
    auto r = open_store(bad);
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.error().find("s3cret"), std::string::npos) << r.error();
    EXPECT_NE(r.error().find("cannot connect to PostgreSQL"), std::string::npos) << r.error();
    EXPECT_NE(r.error().find("127.0.0.1"), std::string::npos) << r.error();
  }
  EXPECT_EQ(redact_connection_string("postgresql://u:pw@h:5/d?password=x&a=b"),
            "postgresql://u:***@h:5/d?password=***&a=b");
  EXPECT_EQ(redact_connection_string("host=h password='a b' user=u"), "host=h password=*** user=u");
}

TEST_F(PgStoreTest, ALostConnectionFailsCleanlyThenReconnectsLosingNothing) {
  auto store = open_or_die();
  ASSERT_TRUE(store->write({make_message(1, 100), make_message(2, 200)}, {}).is_ok());
  EXPECT_TRUE(store->connected());
  // The server ends our session (as a restart or a network cut would).
  const int pid = store->backend_pid();
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(raw()->exec("SELECT pg_terminate_backend(" + std::to_string(pid) + ", 5000)"));
  // The next calls fail with an error or succeed after reconnecting; retried like
  // BatchedWriter does, the batch is stored exactly once.
  const std::vector<ChatMessage> batch = {make_message(3, 300), make_message(2, 200)};
  int failures = 0;
  WriteCounts counts;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (true) {
    auto r = store->write(batch, {});
    if (r) {
      counts = *r;
      break;
    }
    ++failures;
    EXPECT_NE(r.error().find("127.0.0.1"), std::string::npos) << r.error();
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << r.error();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GE(failures, 1);  // the write on the dead connection reported its failure
  EXPECT_EQ(counts.messages_stored, 1u);
  EXPECT_EQ(counts.messages_duplicate, 1u);
  EXPECT_EQ(counts.last_seq, 3);
  EXPECT_TRUE(store->connected());
  EXPECT_NE(store->backend_pid(), pid);
  EXPECT_EQ(*store->count_messages(), 3u);
  EXPECT_EQ(testing::scan_all(*store).size(), 3u);
  // Reads recover the same way.
  ASSERT_TRUE(raw()->exec("SELECT pg_terminate_backend(" + std::to_string(store->backend_pid()) +
                          ", 5000)"));
  Result<std::uint64_t> n = Status::error("not run");
  for (int i = 0; i < 100 && !(n = store->count_messages()); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(n.is_ok()) << n.error();
  EXPECT_EQ(*n, 3u);
}

TEST_F(PgStoreTest, BatchedWriterLosesNothingWhenTheConnectionDiesMidImport) {
  auto store = open_or_die();
  const int pid = store->backend_pid();
  BatchedWriterOptions options;
  options.max_batch_events = 500;
  options.retry_delay = std::chrono::milliseconds(20);
  std::atomic<int> failures{0};
  std::uint64_t acknowledged = 0;
  BatchedWriter writer(*store, options, [&](const CommitReport& attempt) {
    if (!attempt.status) ++failures;
  });
  constexpr std::uint64_t kMessages = 6000;
  for (std::uint64_t n = 0; n < kMessages; ++n) {
    ASSERT_TRUE(
        writer.submit(make_message(n, static_cast<TimestampMs>(n), static_cast<int>(n % 50))));
    if (n == kMessages / 2) {
      ASSERT_TRUE(writer.flush().is_ok());
      acknowledged = *store->count_messages();
      ASSERT_TRUE(raw()->exec("SELECT pg_terminate_backend(" + std::to_string(pid) + ", 5000)"));
    }
  }
  // flush() reports a failed attempt and the writer retries it (close() alone would give
  // up after one failure while closing); keep flushing until everything is durable.
  Status flushed = writer.flush();
  for (int i = 0; i < 100 && !flushed; ++i) flushed = writer.flush();
  ASSERT_TRUE(flushed.is_ok()) << flushed.message();
  ASSERT_TRUE(writer.close().is_ok()) << writer.last_error().message();
  EXPECT_GE(failures.load(), 1);  // the batch on the dead connection failed and was retried
  EXPECT_EQ(acknowledged, kMessages / 2 + 1);
  EXPECT_EQ(*store->count_messages(), kMessages);
  const auto all = testing::scan_all(*store);
  ASSERT_EQ(all.size(), kMessages);
  std::set<std::string> ids;
  for (const auto& m : all) ids.insert(m.message.id);
  EXPECT_EQ(ids.size(), kMessages);
}

TEST_F(PgStoreTest, ConcurrentWritersAreFollowedBySeqWithoutGapsOrRepeats) {
  // Three instances write overlapping batches at the same time while a fourth follows
  // them by cursor; the follower must see every stored message exactly once, each seq
  // after the cursor, and the seqs must be 1..N without a hole.
  constexpr int kWriters = 3, kBatches = 30, kPerBatch = 50;
  std::vector<std::unique_ptr<PgStore>> writers;
  for (int i = 0; i < kWriters; ++i) writers.push_back(open_or_die());
  auto follower = open_or_die();
  std::atomic<bool> done{false};
  std::atomic<std::uint64_t> stored{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<ChatMessage> batch;
        for (int i = 0; i < kPerBatch; ++i) {
          // Writers overlap on half their ids: each message is stored by one of them.
          const std::uint64_t n =
              static_cast<std::uint64_t>(b * kPerBatch + i) + (i % 2 == 0 ? 0 : 100000 * (w + 1));
          batch.push_back(make_message(n, static_cast<TimestampMs>(n % 977), i % 7));
        }
        auto r = writers[w]->write(batch, {});
        ASSERT_TRUE(r.is_ok()) << r.error();
        stored += r->messages_stored;
      }
    });
  }
  std::int64_t cursor = 0;
  std::set<std::string> seen;
  std::vector<std::int64_t> seqs;
  auto follow = [&] {
    ASSERT_TRUE(follower->scan_messages_after_seq(cursor, [&](const StoredMessage& m) {
      EXPECT_GT(m.seq, cursor);
      cursor = m.seq;
      seqs.push_back(m.seq);
      EXPECT_TRUE(seen.insert(m.message.id).second) << "seen twice: " << m.message.id;
      return true;
    }));
  };
  std::thread stopper([&] {
    for (auto& t : threads) t.join();
    done = true;
  });
  while (!done) follow();
  stopper.join();
  follow();
  const std::uint64_t expected = kBatches * kPerBatch / 2 * (kWriters + 1);
  EXPECT_EQ(stored.load(), expected);
  EXPECT_EQ(seen.size(), expected);
  ASSERT_EQ(seqs.size(), expected);
  for (std::size_t i = 0; i < seqs.size(); ++i)
    EXPECT_EQ(seqs[i], static_cast<std::int64_t>(i + 1));
  EXPECT_EQ(*follower->count_messages(), expected);
}

TEST_F(PgStoreTest, ALargeBatchStreamsThroughCopyBothWays) {
  auto store = open_or_die();
  std::vector<ChatMessage> batch;
  for (std::uint64_t n = 0; n < 20000; ++n) {
    ChatMessage m = make_message(n, static_cast<TimestampMs>(n / 3), static_cast<int>(n % 1500));
    m.text.assign(200, static_cast<char>('a' + n % 26));
    batch.push_back(std::move(m));
  }
  auto counts = store->write(batch, {});
  ASSERT_TRUE(counts.is_ok()) << counts.error();
  EXPECT_EQ(counts->messages_stored, 20000u);
  std::size_t seen = 0;
  TimestampMs last = INT64_MIN;
  ASSERT_TRUE(store->scan_message_views(INT64_MIN, [&](const ChatMessageView& m, std::int64_t) {
    EXPECT_GE(m.timestamp_ms, last);
    last = m.timestamp_ms;
    EXPECT_EQ(m.text.size(), 200u);
    ++seen;
    return true;
  }));
  EXPECT_EQ(seen, 20000u);
  auto again = store->write(batch, {});
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->messages_duplicate, 20000u);
}

}  // namespace
}  // namespace pererecos::storage
