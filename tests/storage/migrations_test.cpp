// Schema migrations: from every older version, refusal of newer versions, refusal of
// files that are not (valid, pererecos) SQLite databases, leaving their bytes unchanged.
#include "storage/sqlite/migrations.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/sqlite/sqlite_store.h"
#include "storage/test_util.h"

namespace pererecos::storage {
namespace {

using testing::read_bytes;
using testing::TempDir;
using testing::write_bytes;

SqliteDb raw_open(const std::string& path) {
  auto db = SqliteDb::open(path);
  EXPECT_TRUE(db.is_ok());
  return std::move(*db);
}

std::int64_t query_int(SqliteDb& db, const char* sql) {
  auto v = db.query_int(sql);
  EXPECT_TRUE(v.is_ok()) << sql << ": " << v.error();
  return v ? *v : -1;
}

std::string schema_of(const std::string& path) {
  SqliteDb db = raw_open(path);
  auto stmt = db.prepare(
      "SELECT group_concat(sql, ';') FROM "
      "(SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name)");
  EXPECT_TRUE(stmt.is_ok());
  EXPECT_EQ(stmt->step(), SQLITE_ROW);
  return std::string(stmt->column_bytes(0));
}

// Puts data into a database at schema version `version`, written the way that version's
// code wrote it. Each new schema version adds its case here.
void seed_at_version(SqliteDb& db, int version) {
  switch (version) {
    case 0:
      return;  // empty
    case 1:
      ASSERT_TRUE(db.exec(R"sql(
        INSERT INTO channels(id, login, room_id) VALUES (1, 'chan', '1000');
        INSERT INTO senders(id, user_id, login, display_name) VALUES
          (1, '7', 'old', 'Old'), (2, '7', 'new', 'New'), (3, '', 'anon', 'anon');
        INSERT INTO messages VALUES
          (1000, 'a', 1, 1, 1, 'first', '', '', '', 0, 0),
          (2000, 'b', 2, 1, 1, 'second', '', '', '', 0, 1),
          (3000, 'c', 3, 1, 2, 'renamed', '', '', '', 0, 2),
          (3500, 'd', 4, 1, 3, 'no user id', '', '', '', 0, 0);
        INSERT INTO ingest_log VALUES (4, 1000, 1, 3500);
        UPDATE counters SET value = 4 WHERE name = 'messages';
        UPDATE counters SET value = 4 WHERE name = 'last_seq';
      )sql"));
      return;
    case 2:
      // Version 2 wrote messages like version 1 (its logins table is filled lazily).
      seed_at_version(db, 1);
      return;
    case 3:
      // Version 3 (Shared Chat) wrote ordinary messages like version 2.
      seed_at_version(db, 2);
      return;
    default:
      FAIL() << "no seed for schema version " << version << ": add one to seed_at_version";
  }
}

TEST(SqliteMigrations, StepsAreNumberedOneByOne) {
  int expected = 1;
  for (const auto& step : sqlite_migrations()) EXPECT_EQ(step.version, expected++);
  EXPECT_EQ(latest_sqlite_schema_version(), expected - 1);
}

TEST(SqliteMigrations, MigratesFromEveryOlderVersion) {
  const int latest = latest_sqlite_schema_version();
  TempDir dir;
  const std::string fresh = dir.file("fresh.db");
  ASSERT_TRUE(SqliteStore::open(fresh).is_ok());
  for (int version = 0; version < latest; ++version) {
    SCOPED_TRACE("from version " + std::to_string(version));
    const std::string path = dir.file("v" + std::to_string(version) + ".db");
    {
      SqliteDb db = raw_open(path);
      ASSERT_TRUE(migrate_sqlite(db, path, version));
      ASSERT_EQ(query_int(db, "PRAGMA user_version"), version);
      seed_at_version(db, version);
    }
    {
      auto store = SqliteStore::open(path);
      ASSERT_TRUE(store.is_ok()) << store.error();
      const auto msgs = testing::scan_all(**store);
      if (version >= 1) {
        ASSERT_EQ(msgs.size(), 4u);
        EXPECT_EQ(msgs[2].message.text, "renamed");
        EXPECT_EQ(msgs[2].message.login, "new");
        EXPECT_TRUE(msgs[1].message.first_msg);
        EXPECT_TRUE(msgs[2].message.action);
        auto history = (*store)->login_history("7");  // backfilled by step 2
        ASSERT_TRUE(history.is_ok());
        ASSERT_EQ(history->size(), 2u);
        EXPECT_EQ((*history)[0].login, "old");
        EXPECT_EQ((*history)[0].first_ms, 1000);
        EXPECT_EQ((*history)[0].last_ms, 2000);
        EXPECT_EQ((*history)[1].login, "new");
      } else {
        EXPECT_TRUE(msgs.empty());
      }
      // The migrated database works like a new one.
      auto counts = (*store)->write({testing::make_message(99, 5000)}, {});
      ASSERT_TRUE(counts.is_ok()) << counts.error();
      EXPECT_EQ(counts->last_seq, version >= 1 ? 5 : 1);
      EXPECT_EQ(*(*store)->count_messages(), version >= 1 ? 5u : 1u);
      ASSERT_TRUE((*store)->put_setting("k", "v"));
    }
    SqliteDb db = raw_open(path);
    EXPECT_EQ(query_int(db, "PRAGMA user_version"), latest);
    EXPECT_EQ(schema_of(path), schema_of(fresh));
  }
}

TEST(SqliteMigrations, MissingAndEmptyFilesAreCreated) {
  TempDir dir;
  write_bytes(dir.file("empty.db"), "");
  for (const std::string name : {"missing.db", "empty.db"}) {
    auto store = SqliteStore::open(dir.file(name));
    ASSERT_TRUE(store.is_ok()) << store.error();
  }
  SqliteDb db = raw_open(dir.file("empty.db"));
  EXPECT_EQ(query_int(db, "PRAGMA user_version"), latest_sqlite_schema_version());
  EXPECT_EQ(read_bytes(dir.file("empty.db")).substr(0, 15), "SQLite format 3");
}

TEST(SqliteMigrations, RefusesANewerSchemaTouchingNothing) {
  TempDir dir;
  const std::string path = dir.file("newer.db");
  ASSERT_TRUE(SqliteStore::open(path).is_ok());
  const int newer = latest_sqlite_schema_version() + 5;
  {
    SqliteDb db = raw_open(path);
    ASSERT_TRUE(db.exec(("PRAGMA user_version = " + std::to_string(newer)).c_str()));
  }
  const std::string before = read_bytes(path);
  auto store = SqliteStore::open(path);
  ASSERT_FALSE(store.is_ok());
  EXPECT_NE(store.error().find(
                "database schema version " + std::to_string(newer) + " is newer than this build (" +
                std::to_string(latest_sqlite_schema_version()) + "); upgrade pererecos-stats"),
            std::string::npos)
      << store.error();
  EXPECT_NE(store.error().find(path), std::string::npos);
  EXPECT_EQ(read_bytes(path), before);
  SqliteDb db = raw_open(path);
  EXPECT_EQ(query_int(db, "PRAGMA user_version"), newer);
}

TEST(SqliteMigrations, RefusesGarbageNamingTheFileWithBytesUnchanged) {
  TempDir dir;
  std::string garbage;
  for (int i = 0; i < 8192; ++i) garbage += static_cast<char>((i * 7919 + 13) % 251);
  for (const std::string& bytes : {garbage, std::string("hello, this is not a database\n")}) {
    const std::string path = dir.file("garbage.db");
    write_bytes(path, bytes);
    auto store = SqliteStore::open(path);
    ASSERT_FALSE(store.is_ok());
    EXPECT_NE(store.error().find(path), std::string::npos) << store.error();
    EXPECT_NE(store.error().find("not a valid SQLite database"), std::string::npos)
        << store.error();
    EXPECT_EQ(read_bytes(path), bytes);
    EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
  }
}

TEST(SqliteMigrations, RefusesACorruptDatabaseWithBytesUnchanged) {
  TempDir dir;
  const std::string path = dir.file("corrupt.db");
  {
    auto store = SqliteStore::open(path);
    ASSERT_TRUE(store.is_ok());
  }
  std::string bytes = read_bytes(path);
  ASSERT_GT(bytes.size(), 4096u);
  for (std::size_t i = 100; i < 4096; ++i) bytes[i] = static_cast<char>(0xA5);  // page 1 body
  write_bytes(path, bytes);
  auto store = SqliteStore::open(path);
  ASSERT_FALSE(store.is_ok());
  EXPECT_NE(store.error().find(path), std::string::npos) << store.error();
  EXPECT_EQ(read_bytes(path), bytes);
}

TEST(SqliteMigrations, RefusesAnotherApplicationsDatabase) {
  TempDir dir;
  const std::string path = dir.file("other.db");
  {
    SqliteDb db = raw_open(path);
    ASSERT_TRUE(db.exec("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)"));
  }
  const std::string before = read_bytes(path);
  auto store = SqliteStore::open(path);
  ASSERT_FALSE(store.is_ok());
  EXPECT_NE(store.error().find("another application"), std::string::npos) << store.error();
  EXPECT_EQ(read_bytes(path), before);
}

}  // namespace
}  // namespace pererecos::storage
