// SqliteStore: opening and the write path. Elsewhere: the read path (scans, login history)
// in sqlite_store_read.cpp, the channel and sender rows in sqlite_store_ids.cpp, the small
// tables (feedback, emote sets, settings) in sqlite_store_tables.cpp, privacy in
// sqlite_forget.cpp.
#include "storage/sqlite/sqlite_store.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/message_identity.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_statements.h"

namespace pererecos::storage {
namespace {

// Timestamps of the messages one write stored are split into clusters wherever two
// consecutive ones are further apart than this; each cluster becomes one ingest_log row,
// so a reader following by seq scans only the time ranges that were written.
constexpr TimestampMs kIngestClusterGapMs = 10 * 60 * 1000;

}  // namespace

Status SqliteStore::Statements::prepare_all(SqliteDb& db) {
  Status status;
  auto prep = [&](SqliteStatement& stmt, const std::string& sql) {
    if (!status) return;
    auto r = db.prepare(sql);
    if (r) {
      stmt = std::move(*r);
    } else {
      status = r.status();
    }
  };
  const std::string msg_cols = kMessageColumns;
  const std::string mod_cols = kModerationColumns;
  prep(begin_write, "BEGIN IMMEDIATE");
  prep(begin_read, "BEGIN");
  prep(commit, "COMMIT");
  prep(get_counter, "SELECT value FROM counters WHERE name = ?");
  prep(set_counter, "UPDATE counters SET value = ? WHERE name = ?");
  prep(add_counter, "UPDATE counters SET value = value + ? WHERE name = ?");
  const std::string row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  std::string rows = row;
  for (std::size_t i = 1; i < kInsertChunk; ++i) rows += ", " + row;
  prep(insert_message, "INSERT OR IGNORE INTO messages(" + msg_cols + ") VALUES " + row);
  prep(insert_message_chunk, "INSERT OR IGNORE INTO messages(" + msg_cols + ") VALUES " + rows);
  prep(message_seq, "SELECT seq FROM messages WHERE ts = ? AND id = ?");
  prep(insert_shared_chat,
       "INSERT OR IGNORE INTO shared_chat(ts, id, source_id, source_room_id) VALUES (?, ?, ?, ?)");
  prep(find_shared_chat, "SELECT source_id, source_room_id FROM shared_chat WHERE ts = ? AND id = ?");
  prep(insert_moderation,
       "INSERT OR IGNORE INTO moderation(" + mod_cols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  prep(insert_log,
       "INSERT INTO ingest_log(seq_end, min_ts, seq_begin, max_ts) VALUES (?, ?, ?, ?)");
  prep(find_channel, "SELECT id FROM channels WHERE login = ? AND room_id = ?");
  prep(insert_channel, "INSERT INTO channels(login, room_id) VALUES (?, ?)");
  prep(find_sender, "SELECT id FROM senders WHERE user_id = ? AND login = ? AND display_name = ?");
  prep(insert_sender, "INSERT INTO senders(user_id, login, display_name) VALUES (?, ?, ?)");
  prep(channel_by_id, "SELECT login, room_id FROM channels WHERE id = ?");
  prep(sender_by_id, "SELECT user_id, login, display_name FROM senders WHERE id = ?");
  prep(all_senders, "SELECT id, user_id, login, display_name FROM senders");
  prep(upsert_login,
       "INSERT INTO logins(user_id, login, first_ms, last_ms) VALUES (?, ?, ?, ?)"
       " ON CONFLICT (user_id, login) DO UPDATE SET"
       " first_ms = min(first_ms, excluded.first_ms), last_ms = max(last_ms, excluded.last_ms)");
  prep(logins_of_user, "SELECT login, first_ms, last_ms FROM logins WHERE user_id = ?");
  prep(scan_from_ts, "SELECT " + msg_cols + " FROM messages WHERE ts >= ? ORDER BY ts, id");
  prep(scan_ts_range,
       "SELECT " + msg_cols + " FROM messages WHERE ts >= ? AND ts <= ? ORDER BY ts, id");
  // Reads the primary key backwards over [from, before]: the caller narrows the range
  // (often to one millisecond) because there is no index by sender.
  prep(user_messages_before,
       "SELECT " + msg_cols + " FROM messages WHERE ts >= ? AND ts <= ?"
       " AND channel IN (SELECT id FROM channels WHERE lower(login) = ?)"
       " AND sender IN (SELECT id FROM senders WHERE user_id = ?) ORDER BY ts DESC");
  prep(log_after_seq,
       "SELECT seq_begin, seq_end, min_ts, max_ts FROM ingest_log"
       " WHERE seq_end > ? AND seq_begin <= ? ORDER BY seq_end, min_ts LIMIT ?");
  prep(scan_moderation, "SELECT " + mod_cols + " FROM moderation ORDER BY ts, seq");
  prep(scan_moderation_after_seq,
       "SELECT " + mod_cols + " FROM moderation WHERE seq > ? ORDER BY seq");
  prep(insert_feedback, "INSERT INTO feedback(type, message, created_ms) VALUES (?, ?, ?)");
  prep(put_emote_set,
       "INSERT INTO emote_sets(provider, set_key, body, fetched_ms) VALUES (?, ?, ?, ?)"
       " ON CONFLICT (provider, set_key) DO UPDATE SET"
       " body = excluded.body, fetched_ms = excluded.fetched_ms");
  prep(get_emote_set, "SELECT body, fetched_ms FROM emote_sets WHERE provider = ? AND set_key = ?");
  prep(put_setting,
       "INSERT INTO settings(key, value) VALUES (?, ?)"
       " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  prep(get_setting, "SELECT value FROM settings WHERE key = ?");
  return status;
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path,
                                                       SqliteStoreOptions options) {
  using R = Result<std::unique_ptr<SqliteStore>>;
  auto db = SqliteDb::open(path);
  if (!db) return db.status();
  // Validate before changing anything: reading the header and the schema detects a file
  // that is not a database or is corrupt, and the version check protects newer schemas.
  auto version = db->query_int("PRAGMA user_version");
  if (!version) {
    if (version.error().find("readonly") != std::string::npos) {  // e.g. no -wal/-shm allowed
      return R::failure(path + " cannot be written (" + version.error() +
                        "): the store needs write access to the file and its directory");
    }
    return R::failure(path + " is not a valid SQLite database (" + version.error() + ")");
  }
  auto tables = db->query_int("SELECT count(*) FROM sqlite_schema");
  if (!tables) {
    return R::failure(path + " is not a valid SQLite database (" + tables.error() + ")");
  }
  const int latest = latest_sqlite_schema_version();
  if (*version > latest) {
    return R::failure(path + ": database schema version " + std::to_string(*version) +
                      " is newer than this build (" + std::to_string(latest) +
                      "); upgrade pererecos-stats");
  }
  if (*version == 0 && *tables > 0) {
    return R::failure(path + " is an SQLite database of another application (schema version " +
                      "0 with " + std::to_string(*tables) + " tables); refusing to modify it");
  }
  if (path != ":memory:") {
    auto mode = db->query_text("PRAGMA journal_mode = WAL");
    if (!mode || *mode != "wal") {
      return R::failure(path + ": cannot enable WAL journal mode" +
                        (mode ? " (got " + *mode + ")" : ": " + mode.error()));
    }
  }
  // A WAL of up to ~40 MB between checkpoints (default ~4 MB): the pages at the end of the
  // messages B-tree are rewritten by every batch, and each checkpoint copies them again;
  // fewer checkpoints measured ~25% more rows per CPU-second.
  if (Status s = db->exec(
          "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;"
          " PRAGMA wal_autocheckpoint = 10000;");
      !s) {
    return R::failure(path + ": " + s.message());
  }
  if (Status s = migrate_sqlite(*db, path); !s) return s;
  auto stmts = std::make_unique<Statements>();
  if (Status s = stmts->prepare_all(*db); !s) return R::failure(path + ": " + s.message());
  return std::unique_ptr<SqliteStore>(
      new SqliteStore(path, options, std::move(*db), std::move(stmts)));
}

SqliteStore::SqliteStore(std::string path, SqliteStoreOptions options, SqliteDb db,
                         std::unique_ptr<Statements> stmts)
    : path_(std::move(path)),
      options_(options),
      db_(std::move(db)),
      stmts_(std::move(stmts)),
      last_login_flush_(std::chrono::steady_clock::now()) {}

SqliteStore::~SqliteStore() {
  // Best effort: write the pending login history so the table is complete on disk.
  if (!pending_logins_.empty() && stmts_->begin_write.step() == SQLITE_DONE) {
    stmts_->begin_write.reset();
    bool flushed = false;
    const Status s = flush_logins_locked(0, pending_through_, /*force=*/true, flushed);
    if (!s || !flushed || stmts_->commit.step() != SQLITE_DONE) {
      stmts_->commit.reset();
      db_.exec("ROLLBACK");
    }
  }
  stmts_.reset();  // finalize statements before the connection closes
}

Status SqliteStore::step_error(const std::string& what) {
  return Status::error(path_ + ": " + db_.error(what));
}

Result<std::int64_t> SqliteStore::read_counter(const char* name) {
  SqliteStatement& q = stmts_->get_counter;
  StatementResetter reset(q);
  q.bind_text(1, name);
  if (q.step() != SQLITE_ROW) return step_error(std::string("read counter ") + name);
  return q.column_int(0);
}

Status SqliteStore::set_counter(const char* name, std::int64_t value) {
  SqliteStatement& q = stmts_->set_counter;
  StatementResetter reset(q);
  q.bind_int(1, value);
  q.bind_text(2, name);
  if (q.step() != SQLITE_DONE) return step_error(std::string("update counter ") + name);
  return Status::ok();
}

Result<WriteCounts> SqliteStore::write(const std::vector<ChatMessage>& messages,
                                       const std::vector<ModerationEvent>& moderation) {
  std::lock_guard lock(mu_);
  // Tombstoned senders' messages are dropped here, before anything is written.
  if (Status s = refresh_tombstones_locked(); !s) return s;
  std::vector<ChatMessage> kept;
  const std::vector<ChatMessage>* batch = &messages;
  std::uint64_t dropped = 0;
  if (!tombstoned_ids_.empty() || !tombstoned_logins_.empty()) {
    kept.reserve(messages.size());
    for (const ChatMessage& m : messages) {
      if (tombstoned(m)) {
        ++dropped;
      } else {
        kept.push_back(m);
      }
    }
    batch = &kept;
  }
  auto result = write_locked(*batch, moderation);
  if (result) result->messages_tombstoned = dropped;
  if (!result) {
    if (sqlite3_get_autocommit(db_.get()) == 0) db_.exec("ROLLBACK");
    forget_uncommitted();
  }
  return result;
}

Result<WriteCounts> SqliteStore::write_locked(const std::vector<ChatMessage>& messages,
                                              const std::vector<ModerationEvent>& moderation) {
  Statements& st = *stmts_;
  const int begin_rc = st.begin_write.step();
  st.begin_write.reset();
  if (begin_rc != SQLITE_DONE) return step_error("begin write transaction");
  auto last_seq = read_counter("last_seq");
  if (!last_seq) return last_seq.status();
  auto logins_seq = read_counter("logins_seq");
  if (!logins_seq) return logins_seq.status();
  if (pending_base_ != *logins_seq || pending_through_ != *last_seq) {
    // First write, or another writer wrote since ours: rebuild from the database.
    pending_logins_.clear();
    pending_base_ = pending_through_ = -1;
    if (Status s = aggregate_logins(*logins_seq, *last_seq, pending_logins_); !s) return s;
    pending_base_ = *logins_seq;
    pending_through_ = *last_seq;
    pending_messages_ = static_cast<std::uint64_t>(*last_seq - *logins_seq);
  }

  const std::int64_t first_seq = *last_seq + 1;
  std::int64_t next_seq = first_seq;
  stored_ts_.clear();
  batch_sightings_.clear();
  WriteCounts counts;
  // Messages go kInsertChunk rows per INSERT statement (measured ~1.4x the rows per
  // CPU-second of one row per statement), the tail one row at a time. Row i of a chunk
  // gets seq next_seq + i. sqlite3_changes() says how many rows were new: all (the usual
  // case) or none settle it; for a mix, each row is looked up to see whether the stored
  // row carries our seq (a few seqs then stay unused, which is allowed: seqs only grow).
  std::array<std::string, kInsertChunk> derived;
  std::array<EncodedId, kInsertChunk> ids, reply_ids;
  std::array<std::int64_t, kInsertChunk> senders{};
  for (std::size_t begin = 0; begin < messages.size();) {
    const std::size_t n = messages.size() - begin >= kInsertChunk ? kInsertChunk : 1;
    SqliteStatement& ins = n == kInsertChunk ? st.insert_message_chunk : st.insert_message;
    for (std::size_t i = 0; i < n; ++i) {
      const ChatMessage& msg = messages[begin + i];
      std::string_view identity = msg.id;
      if (identity.empty()) {
        derived[i] = message_identity(msg);
        identity = derived[i];
      }
      auto channel = channel_id(msg.channel, msg.room_id);
      if (!channel) return channel.status();
      auto sender = sender_id(msg);
      if (!sender) return sender.status();
      senders[i] = *sender;
      ids[i] = encode_id(identity);
      reply_ids[i] = encode_id(msg.reply_parent_msg_id);
      const int base = static_cast<int>(i) * kMessageColumnCount;
      ins.bind_int(base + 1, msg.timestamp_ms);
      bind_id(ins, base + 2, ids[i]);
      ins.bind_int(base + 3, next_seq + static_cast<std::int64_t>(i));
      ins.bind_int(base + 4, *channel);
      ins.bind_int(base + 5, *sender);
      ins.bind_text(base + 6, msg.text);
      ins.bind_text(base + 7, msg.emotes);
      ins.bind_text(base + 8, msg.reply_parent_login);
      bind_id(ins, base + 9, reply_ids[i]);
      ins.bind_int(base + 10, msg.bits);
      const bool shared = !msg.source_id.empty() || !msg.source_room_id.empty();
      ins.bind_int(base + 11, (msg.first_msg ? kFlagFirstMsg : 0) | (msg.action ? kFlagAction : 0) |
                                  (shared ? kFlagSharedChat : 0));
    }
    const int rc = ins.step();
    ins.reset_keep_bindings();
    if (rc != SQLITE_DONE) return step_error("insert messages");
    // Shared Chat source fields (rare) live beside the row; INSERT OR IGNORE keeps the
    // first copy's, like the row itself.
    const auto changed_rows = static_cast<std::size_t>(sqlite3_changes(db_.get()));
    for (std::size_t i = 0; i < n; ++i) {
      const ChatMessage& msg = messages[begin + i];
      if (msg.source_id.empty() && msg.source_room_id.empty()) continue;
      SqliteStatement& q = st.insert_shared_chat;
      StatementResetter reset(q);
      q.bind_int(1, msg.timestamp_ms);
      bind_id(q, 2, ids[i]);
      q.bind_text(3, msg.source_id);
      q.bind_text(4, msg.source_room_id);
      if (q.step() != SQLITE_DONE) return step_error("insert shared chat source");
    }
    const std::size_t changed = changed_rows;
    for (std::size_t i = 0; i < n; ++i) {
      bool stored = changed == n;
      if (changed != 0 && changed != n) {
        SqliteStatement& q = st.message_seq;
        StatementResetter reset(q);
        q.bind_int(1, messages[begin + i].timestamp_ms);
        bind_id(q, 2, ids[i]);
        if (q.step() != SQLITE_ROW) return step_error("look up inserted message");
        stored = q.column_int(0) == next_seq + static_cast<std::int64_t>(i);
      }
      if (!stored) {
        ++counts.messages_duplicate;
        continue;
      }
      const ChatMessage& msg = messages[begin + i];
      ++counts.messages_stored;
      stored_ts_.push_back(msg.timestamp_ms);
      if (!msg.user_id.empty()) batch_sightings_.emplace_back(senders[i], msg.timestamp_ms);
    }
    if (changed != 0) next_seq += static_cast<std::int64_t>(n);  // no seq used: reuse them
    begin += n;
  }
  if (Status s = log_ingest(first_seq, next_seq - 1); !s) return s;

  for (const ModerationEvent& ev : moderation) {
    SqliteStatement& ins = st.insert_moderation;
    ins.bind_text(1, ev.channel);
    ins.bind_text(2, ev.room_id);
    ins.bind_int(3, ev.timestamp_ms);
    ins.bind_int(4, static_cast<std::int64_t>(ev.kind));
    ins.bind_text(5, ev.target_user_id);
    ins.bind_text(6, ev.target_login);
    ins.bind_text(7, ev.target_msg_id);
    ins.bind_int(8, ev.duration_s);
    ins.bind_int(9, next_seq);
    const int rc = ins.step();
    ins.reset();
    if (rc != SQLITE_DONE) return step_error("insert moderation event");
    if (sqlite3_changes(db_.get()) > 0) {
      ++counts.moderation_stored;
      ++next_seq;
    } else {
      ++counts.moderation_duplicate;
    }
  }

  const std::int64_t new_last_seq = next_seq - 1;
  if (counts.messages_stored > 0) {
    SqliteStatement& q = st.add_counter;
    StatementResetter reset(q);
    q.bind_int(1, static_cast<std::int64_t>(counts.messages_stored));
    q.bind_text(2, "messages");
    if (q.step() != SQLITE_DONE) return step_error("update message count");
  }
  if (new_last_seq != *last_seq) {
    if (Status s = set_counter("last_seq", new_last_seq); !s) return s;
  }
  bool flushed = false;
  if (Status s =
          flush_logins_locked(counts.messages_stored, new_last_seq, /*force=*/false, flushed);
      !s) {
    return s;
  }
  const int rc = st.commit.step();
  st.commit.reset();
  if (rc != SQLITE_DONE) return step_error("commit");

  // Committed: bring the in-memory login state up to date.
  if (flushed) {
    pending_logins_.clear();
    pending_base_ = new_last_seq;
    pending_messages_ = 0;
    last_login_flush_ = std::chrono::steady_clock::now();
  } else {
    for (const auto& [sender, ts] : batch_sightings_) pending_logins_.add(sender, ts, ts);
    pending_messages_ += counts.messages_stored;
  }
  pending_through_ = new_last_seq;
  counts.last_seq = new_last_seq;
  return counts;
}

Status SqliteStore::log_ingest(std::int64_t seq_begin, std::int64_t seq_end) {
  if (stored_ts_.empty()) return Status::ok();
  std::sort(stored_ts_.begin(), stored_ts_.end());
  SqliteStatement& ins = stmts_->insert_log;
  std::size_t begin = 0;
  for (std::size_t i = 1; i <= stored_ts_.size(); ++i) {
    if (i < stored_ts_.size() && stored_ts_[i] - stored_ts_[i - 1] <= kIngestClusterGapMs) {
      continue;
    }
    StatementResetter reset(ins);
    ins.bind_int(1, seq_end);
    ins.bind_int(2, stored_ts_[begin]);
    ins.bind_int(3, seq_begin);
    ins.bind_int(4, stored_ts_[i - 1]);
    if (ins.step() != SQLITE_DONE) return step_error("insert ingest log");
    begin = i;
  }
  return Status::ok();
}

Status SqliteStore::upsert_logins(const LoginSpans& spans) {
  SqliteStatement& up = stmts_->upsert_login;
  Status status;
  spans.for_each([&](std::int64_t sender, const LoginSpans::Span& span) {
    if (!status) return;
    auto row = sender_row(sender);
    if (!row) {
      status = row.status();
      return;
    }
    StatementResetter reset(up);
    up.bind_text(1, (*row)->user_id);
    up.bind_text(2, (*row)->login);
    up.bind_int(3, span.first_ms);
    up.bind_int(4, span.last_ms);
    if (up.step() != SQLITE_DONE) status = step_error("update login history");
  });
  return status;
}

Status SqliteStore::flush_logins_locked(std::uint64_t batch_messages, std::int64_t last_seq,
                                        bool force, bool& flushed) {
  flushed = false;
  const bool due =
      force || pending_messages_ + batch_messages >= options_.login_flush_messages ||
      std::chrono::steady_clock::now() - last_login_flush_ >= options_.login_flush_interval;
  if (!due) return Status::ok();
  if (force) {
    // Outside write(): only when nobody else wrote since our pending state was built.
    auto db_last = read_counter("last_seq");
    auto db_logins = read_counter("logins_seq");
    if (!db_last || !db_logins) return Status::error("cannot read counters");
    if (*db_last != pending_through_ || *db_logins != pending_base_) return Status::ok();
  }
  LoginSpans batch;
  for (const auto& [sender, ts] : batch_sightings_) batch.add(sender, ts, ts);
  if (Status s = upsert_logins(pending_logins_); !s) return s;
  if (Status s = upsert_logins(batch); !s) return s;
  if (Status s = set_counter("logins_seq", last_seq); !s) return s;
  flushed = true;
  return Status::ok();
}

}  // namespace pererecos::storage
