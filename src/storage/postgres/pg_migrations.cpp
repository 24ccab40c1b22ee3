#include "storage/postgres/pg_migrations.h"

#include <string>

namespace pererecos::storage {
namespace {

// Step 1: the events. Every string that comes from chat is bytea: chat text may hold any
// bytes (invalid UTF-8, NUL), which a text column would reject, and the store keeps it
// exactly (SPEC §1). Channels and senders are interned as in SQLite. Messages are keyed
// by (ts, id), ids in the tagged form of pg_copy.h. seq is the ingest order; writers
// allocate it while holding the last_seq counter's row lock (pg_store_write.cpp), so seqs
// become visible in seq order and a follower's cursor "every seq <= N seen" is exact. Its
// index is a BRIN (seq grows with the physical append order): nearly free to maintain,
// and a follower reading recent seqs visits only the newest block ranges.
constexpr char kStep1Events[] = R"sql(
CREATE TABLE channels(
  id bigserial PRIMARY KEY,
  login bytea NOT NULL,
  room_id bytea NOT NULL,
  UNIQUE (login, room_id));
CREATE TABLE senders(
  id bigserial PRIMARY KEY,
  user_id bytea NOT NULL,
  login bytea NOT NULL,
  display_name bytea NOT NULL,
  UNIQUE (user_id, login, display_name));
CREATE TABLE messages(
  ts bigint NOT NULL,
  id bytea NOT NULL,
  seq bigint NOT NULL,
  channel bigint NOT NULL,
  sender bigint NOT NULL,
  text bytea NOT NULL,
  emotes bytea NOT NULL,
  reply_login bytea NOT NULL,
  reply_msg_id bytea NOT NULL,
  bits bigint NOT NULL,
  flags integer NOT NULL,
  PRIMARY KEY (ts, id));
CREATE INDEX messages_by_seq ON messages USING brin (seq)
  WITH (pages_per_range = 16, autosummarize = on);
CREATE TABLE moderation(
  channel bytea NOT NULL,
  ts bigint NOT NULL,
  kind integer NOT NULL,
  target_user_id bytea NOT NULL,
  target_login bytea NOT NULL,
  target_msg_id bytea NOT NULL,
  room_id bytea NOT NULL,
  duration_s bigint NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (channel, ts, kind, target_user_id, target_login, target_msg_id));
CREATE INDEX moderation_by_seq ON moderation(seq);
CREATE INDEX moderation_by_ts ON moderation(ts, seq);
CREATE TABLE counters(
  name text PRIMARY KEY,
  value bigint NOT NULL);
INSERT INTO counters(name, value) VALUES ('messages', 0), ('last_seq', 0);
)sql";

// Step 2: login history and the side tables. The history is read from the messages
// through an index on (sender, ts): each sender's first and last timestamp are two index
// probes, the index also serves "a user's latest messages", and it costs a write less
// than upserting a logins row per sender and batch (measured: the upsert was half the
// server's CPU per message). Built over the messages already stored, so a version-1
// database loses nothing.
constexpr char kStep2SideTables[] = R"sql(
CREATE INDEX messages_by_sender ON messages(sender, ts);
CREATE TABLE feedback(
  id bigserial PRIMARY KEY,
  type text NOT NULL,
  message bytea NOT NULL,
  created_ms bigint NOT NULL);
CREATE TABLE emote_sets(
  provider text NOT NULL,
  set_key text NOT NULL,
  body bytea NOT NULL,
  fetched_ms bigint NOT NULL,
  PRIMARY KEY (provider, set_key));
CREATE TABLE settings(
  key text PRIMARY KEY,
  value bytea NOT NULL);
)sql";

// Step 3: privacy (docs/privacy.md), as SQLite's step 4: a tombstone by user id and by
// login keeps a forgotten user's messages out of every later write; forget_generation
// tells running servers that messages were removed (pg_forget.cpp).
constexpr char kStep3Tombstones[] = R"sql(
CREATE TABLE tombstones(
  user_id bytea NOT NULL,
  login bytea NOT NULL,
  created_ms bigint NOT NULL,
  PRIMARY KEY (user_id, login));
INSERT INTO counters(name, value) VALUES ('forget_generation', 0);
)sql";

constexpr PgMigration kPgMigrations[] = {
    {1, "messages, moderation events, interned channels and senders", kStep1Events},
    {2, "login history (backfilled), feedback, emote-set snapshots, settings", kStep2SideTables},
    {3, "tombstones of forgotten users", kStep3Tombstones},
};

const std::string kLockKey = std::to_string(kMigrationLockKey);

Status apply_steps(PgConnection& conn, int target_version) {
  if (Status s =
          conn.exec("CREATE TABLE IF NOT EXISTS schema_migrations(version integer PRIMARY KEY,"
                    " name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
      !s) {
    return s;
  }
  auto current = pg_schema_version(conn);
  if (!current) return current.status();
  for (const PgMigration& step : pg_migrations()) {
    if (step.version > target_version) break;
    if (step.version <= *current) continue;
    Status s = conn.exec("BEGIN");
    if (s) s = conn.exec(step.sql);
    if (s) {
      auto r = conn.query("INSERT INTO schema_migrations(version, name) VALUES ($1, $2)",
                          {std::to_string(step.version), step.name});
      if (!r) s = r.status();
    }
    if (s) s = conn.exec("COMMIT");
    if (!s) {
      (void)conn.exec("ROLLBACK");
      return Status::error(conn.redacted_url() + ": migration to schema version " +
                           std::to_string(step.version) + " (" + step.name +
                           ") failed: " + s.message());
    }
  }
  return Status::ok();
}

}  // namespace

std::span<const PgMigration> pg_migrations() { return kPgMigrations; }

int latest_pg_schema_version() { return pg_migrations().back().version; }

Result<int> pg_schema_version(PgConnection& conn) {
  auto exists = conn.query("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists) return exists.status();
  if (exists->text(0, 0) != "t") return 0;
  auto v = conn.query("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!v) return v.status();
  return static_cast<int>(v->int64(0, 0));
}

Status migrate_pg(PgConnection& conn, int target_version) {
  const int latest = latest_pg_schema_version();
  if (target_version < 0) target_version = latest;
  if (Status s = conn.exec("SET lock_timeout = '120s'"); !s) return s;
  if (Status s = conn.exec("SELECT pg_advisory_lock(" + kLockKey + ")"); !s) {
    (void)conn.exec("RESET lock_timeout");
    return Status::error(conn.redacted_url() + ": cannot take the migration lock: " + s.message());
  }
  (void)conn.exec("RESET lock_timeout");
  Status status = [&]() -> Status {
    auto version = pg_schema_version(conn);
    if (!version) return version.status();
    if (*version > latest) {
      return Status::error(conn.redacted_url() + ": database schema version " +
                           std::to_string(*version) + " is newer than this build (" +
                           std::to_string(latest) + "); upgrade pererecos-stats");
    }
    if (*version == 0) {
      auto foreign = conn.query("SELECT to_regclass('messages') IS NOT NULL");
      if (!foreign) return foreign.status();
      if (foreign->text(0, 0) == "t") {
        return Status::error(conn.redacted_url() +
                             ": the database has a `messages` table but no schema_migrations "
                             "(another application's?); refusing to modify it");
      }
    }
    return apply_steps(conn, target_version);
  }();
  (void)conn.exec("SELECT pg_advisory_unlock(" + kLockKey + ")");
  return status;
}

}  // namespace pererecos::storage
