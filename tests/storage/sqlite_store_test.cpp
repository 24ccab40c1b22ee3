// SqliteStore specifics: the ingest log read in chunks and the lazily upserted login table.
// The Store contract (every backend) is in store_contract_test.cpp.
#include "storage/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/message_identity.h"
#include "storage/test_util.h"

namespace pererecos::storage {
namespace {

using testing::make_message;
using testing::scan_all;
using testing::TempDir;
using testing::uuid_for;

std::unique_ptr<SqliteStore> open_or_die(const std::string& path, SqliteStoreOptions options = {}) {
  auto store = SqliteStore::open(path, options);
  EXPECT_TRUE(store.is_ok()) << store.error();
  return store ? std::move(*store) : nullptr;
}

WriteCounts write_or_die(Store& store, const std::vector<ChatMessage>& msgs,
                         const std::vector<ModerationEvent>& mods = {}) {
  auto counts = store.write(msgs, mods);
  EXPECT_TRUE(counts.is_ok()) << counts.error();
  return counts ? *counts : WriteCounts{};
}

TEST(SqliteStore, ScanAfterSeqReadsALongIngestLogInChunks) {
  auto store = open_or_die(":memory:");
  std::uint64_t n = 0;
  // More writes than one chunk of the ingest log (4096 rows), then one write whose
  // messages are so far apart that it alone has more time ranges than a chunk.
  for (int w = 0; w < 4200; ++w) write_or_die(*store, {make_message(++n, w * 10)});
  std::vector<ChatMessage> scattered;
  for (int i = 0; i < 5000; ++i) {
    scattered.push_back(make_message(++n, 100'000 + TimestampMs{i} * 3'600'000));
  }
  write_or_die(*store, scattered);
  for (int w = 0; w < 10; ++w) write_or_die(*store, {make_message(++n, 5 + w * 10)});
  for (std::int64_t after : {std::int64_t{0}, std::int64_t{4000}, std::int64_t{4200},
                             std::int64_t{9000}, std::int64_t{9205}}) {
    std::vector<std::int64_t> seqs;
    ASSERT_TRUE(store->scan_messages_after_seq(after, [&](const StoredMessage& m) {
      seqs.push_back(m.seq);
      return true;
    }));
    std::vector<std::int64_t> expected;
    for (std::int64_t s = after + 1; s <= static_cast<std::int64_t>(n); ++s) {
      expected.push_back(s);
    }
    EXPECT_EQ(seqs, expected) << "after " << after;
  }
}


// Reference login history: every (user_id, login) with min and max timestamp.
std::map<std::pair<std::string, std::string>, std::pair<TimestampMs, TimestampMs>> reference(
    const std::vector<ChatMessage>& msgs) {
  std::map<std::pair<std::string, std::string>, std::pair<TimestampMs, TimestampMs>> out;
  for (const auto& m : msgs) {
    if (m.user_id.empty()) continue;
    auto [it, inserted] =
        out.try_emplace({m.user_id, m.login}, std::make_pair(m.timestamp_ms, m.timestamp_ms));
    it->second.first = std::min(it->second.first, m.timestamp_ms);
    it->second.second = std::max(it->second.second, m.timestamp_ms);
  }
  return out;
}

void expect_history_matches(Store& store, const std::string& user_id,
                            const std::vector<ChatMessage>& all) {
  std::vector<Store::LoginRecord> expected;
  for (const auto& [key, span] : reference(all)) {
    if (key.first == user_id) expected.push_back({user_id, key.second, span.first, span.second});
  }
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
    return a.first_ms != b.first_ms ? a.first_ms < b.first_ms : a.login < b.login;
  });
  auto got = store.login_history(user_id);
  ASSERT_TRUE(got.is_ok()) << got.error();
  ASSERT_EQ(got->size(), expected.size()) << user_id;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*got)[i].user_id, expected[i].user_id);
    EXPECT_EQ((*got)[i].login, expected[i].login);
    EXPECT_EQ((*got)[i].first_ms, expected[i].first_ms);
    EXPECT_EQ((*got)[i].last_ms, expected[i].last_ms);
  }
}

TEST(SqliteStore, LoginHistoryTableIsUpsertedWhenDueAndStaysExact) {
  TempDir dir;
  const std::string path = dir.file("due.db");
  SqliteStoreOptions every_3;  // upsert the table once 3 messages are pending
  every_3.login_flush_messages = 3;
  every_3.login_flush_interval = std::chrono::hours(1);
  auto writer = open_or_die(path, every_3);
  auto table_rows = [&] {
    auto db = SqliteDb::open(path);
    return db ? db->query_int("SELECT count(*) FROM logins").value() : -1;
  };
  std::vector<ChatMessage> all;
  auto write = [&](std::vector<ChatMessage> batch) {
    write_or_die(*writer, batch);
    all.insert(all.end(), batch.begin(), batch.end());
  };
  write({make_message(1, 100, 1), make_message(2, 200, 2)});  // 2 pending: not yet due
  EXPECT_EQ(table_rows(), 0);
  expect_history_matches(*writer, "5001", all);
  write({make_message(3, 50, 1)});  // 3 pending: due, upserted with this write
  EXPECT_EQ(table_rows(), 2);
  write({make_message(4, 300, 1), make_message(5, 10, 3)});
  EXPECT_EQ(table_rows(), 2);
  auto reader = open_or_die(path);
  for (const std::string user : {"5001", "5002", "5003"}) {
    expect_history_matches(*writer, user, all);
    expect_history_matches(*reader, user, all);
  }
  // A second writer: both keep the history exact although each sees the other's writes.
  auto other = open_or_die(path, every_3);
  write_or_die(*other, {make_message(6, 5, 1), make_message(7, 400, 2)});
  all.push_back(make_message(6, 5, 1));
  all.push_back(make_message(7, 400, 2));
  write({make_message(8, 1, 3)});
  for (const std::string user : {"5001", "5002", "5003"}) {
    expect_history_matches(*writer, user, all);
    expect_history_matches(*other, user, all);
  }
  writer.reset();
  other.reset();
  EXPECT_EQ(table_rows(), 3);  // complete on disk after the stores close
  auto reopened = open_or_die(path);
  for (const std::string user : {"5001", "5002", "5003"}) {
    expect_history_matches(*reopened, user, all);
  }
}

}  // namespace
}  // namespace pererecos::storage
