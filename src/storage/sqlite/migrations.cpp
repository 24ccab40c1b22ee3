#include "storage/sqlite/migrations.h"

#include <string>

namespace pererecos::storage {
namespace {

// Step 1: the events. Compactness matters (bytes per message on disk): channel and sender
// (user id, login, display name) are interned into small tables and referenced by
// integer; ids are BLOBs when they are UUIDs or derived ids (id_codec.h); the first-msg
// and action flags share one integer. Messages are keyed by (ts, id): Twitch ids are
// random, and a key that starts with the timestamp keeps inserts appending to the end of
// the B-tree. There is deliberately no index on messages.seq (it cost a third of the
// write rate and 33 bytes per message): `ingest_log` has one row per written group of
// messages (seq range x timestamp range) instead, which is how a reader finds what was
// ingested after a given seq (docs/storage.md).
constexpr char kStep1Events[] = R"sql(
CREATE TABLE channels(
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL,
  room_id TEXT NOT NULL,
  UNIQUE (login, room_id));
CREATE TABLE senders(
  id INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  login TEXT NOT NULL,
  display_name TEXT NOT NULL,
  UNIQUE (user_id, login, display_name));
CREATE TABLE messages(
  ts INTEGER NOT NULL,
  id NOT NULL,
  seq INTEGER NOT NULL,
  channel INTEGER NOT NULL,
  sender INTEGER NOT NULL,
  text TEXT NOT NULL,
  emotes TEXT NOT NULL,
  reply_login TEXT NOT NULL,
  reply_msg_id NOT NULL,
  bits INTEGER NOT NULL,
  flags INTEGER NOT NULL,
  PRIMARY KEY (ts, id)) WITHOUT ROWID;
CREATE TABLE ingest_log(
  seq_end INTEGER NOT NULL,
  min_ts INTEGER NOT NULL,
  seq_begin INTEGER NOT NULL,
  max_ts INTEGER NOT NULL,
  PRIMARY KEY (seq_end, min_ts)) WITHOUT ROWID;
CREATE TABLE moderation(
  channel TEXT NOT NULL,
  ts INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  target_user_id TEXT NOT NULL,
  target_login TEXT NOT NULL,
  target_msg_id TEXT NOT NULL,
  room_id TEXT NOT NULL,
  duration_s INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (channel, ts, kind, target_user_id, target_login, target_msg_id)) WITHOUT ROWID;
CREATE INDEX moderation_by_seq ON moderation(seq);
CREATE INDEX moderation_by_ts ON moderation(ts, seq);
CREATE TABLE counters(
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO counters(name, value) VALUES ('messages', 0), ('last_seq', 0);
)sql";

// Step 2: login history and the side tables. The login history is backfilled from the
// messages already stored, so a version-1 database loses nothing; the counter logins_seq
// says up to which seq `logins` is complete (it is upserted lazily, see sqlite_store.h).
constexpr char kStep2SideTables[] = R"sql(
CREATE TABLE logins(
  user_id TEXT NOT NULL,
  login TEXT NOT NULL,
  first_ms INTEGER NOT NULL,
  last_ms INTEGER NOT NULL,
  PRIMARY KEY (user_id, login)) WITHOUT ROWID;
INSERT INTO logins(user_id, login, first_ms, last_ms)
  SELECT s.user_id, s.login, min(m.ts), max(m.ts)
  FROM messages m JOIN senders s ON s.id = m.sender
  WHERE s.user_id <> ''
  GROUP BY s.user_id, s.login;
INSERT INTO counters(name, value) SELECT 'logins_seq', value FROM counters WHERE name = 'last_seq';
CREATE TABLE feedback(
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  message TEXT NOT NULL,
  created_ms INTEGER NOT NULL);
CREATE TABLE emote_sets(
  provider TEXT NOT NULL,
  set_key TEXT NOT NULL,
  body TEXT NOT NULL,
  fetched_ms INTEGER NOT NULL,
  UNIQUE (provider, set_key));
CREATE TABLE settings(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL) WITHOUT ROWID;
)sql";

// Step 3: Shared Chat (SPEC §1). The source fields of the few messages that carry them
// (messages.flags bit 4), beside the row rather than in two more columns of every row.
constexpr char kStep3SharedChat[] = R"sql(
CREATE TABLE shared_chat(
  ts INTEGER NOT NULL,
  id NOT NULL,
  source_id TEXT NOT NULL,
  source_room_id TEXT NOT NULL,
  PRIMARY KEY (ts, id)) WITHOUT ROWID;
)sql";

// Step 4: privacy (docs/privacy.md). A tombstone by user id and by login keeps a forgotten
// user's messages out of every later write; forget_generation tells a running server
// that messages were removed.
constexpr char kStep4Tombstones[] = R"sql(
CREATE TABLE tombstones(
  user_id TEXT NOT NULL,
  login TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (user_id, login)) WITHOUT ROWID;
INSERT INTO counters(name, value) VALUES ('forget_generation', 0);
)sql";

constexpr SqliteMigration kSqliteMigrations[] = {
    {1, "messages, moderation events, interned channels and senders", kStep1Events},
    {2, "login history (backfilled), feedback, emote-set snapshots, settings", kStep2SideTables},
    {3, "Shared Chat source fields", kStep3SharedChat},
    {4, "tombstones of forgotten users", kStep4Tombstones},
};

}  // namespace

std::span<const SqliteMigration> sqlite_migrations() { return kSqliteMigrations; }

int latest_sqlite_schema_version() { return sqlite_migrations().back().version; }

Status migrate_sqlite(SqliteDb& db, const std::string& db_name, int target_version) {
  if (target_version < 0) target_version = latest_sqlite_schema_version();
  for (const SqliteMigration& step : sqlite_migrations()) {
    if (step.version > target_version) break;
    if (Status s = db.exec("BEGIN IMMEDIATE"); !s) {
      return Status::error(db_name + ": cannot start migration: " + s.message());
    }
    auto current = db.query_int("PRAGMA user_version");
    if (!current) {
      db.exec("ROLLBACK");
      return Status::error(db_name + ": " + current.error());
    }
    if (*current >= step.version) {
      db.exec("COMMIT");
      continue;
    }
    Status s = db.exec(step.sql);
    if (s) s = db.exec(("PRAGMA user_version = " + std::to_string(step.version)).c_str());
    if (s) s = db.exec("COMMIT");
    if (!s) {
      db.exec("ROLLBACK");
      return Status::error(db_name + ": migration to schema version " +
                           std::to_string(step.version) + " (" + step.name +
                           ") failed: " + s.message());
    }
  }
  return Status::ok();
}

}  // namespace pererecos::storage
