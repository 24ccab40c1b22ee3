// SqliteStore: the Store on an embedded SQLite database (WAL, synchronous=NORMAL).
//
// Durability: write() commits one transaction; once it returns ok the batch survives a
// crash of this process. A power loss may lose the last few committed transactions (WAL
// with synchronous=NORMAL), never corrupt the database. See docs/storage.md.
//
// login_history() is exact; the `logins` table itself may lag the messages by up to
// a few seconds of writes, which login_history() completes from the messages.
//
// Thread safety: every method takes an internal mutex, so one SqliteStore may be shared
// by threads, but calls run one at a time (a long scan delays a write). For concurrent
// reading while another thread writes, open a second SqliteStore on the same file (WAL
// lets readers and one writer proceed together; not possible for ":memory:").
// Methods are not re-entrant: a scan callback must not call back into the same store.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "storage/sqlite/sqlite_db.h"
#include "storage/sqlite/write_caches.h"
#include "storage/store.h"

namespace pererecos::storage {

struct SqliteStoreOptions {
  // The `logins` table is upserted after this many stored messages or this long since
  // the last upsert, whichever first (and when the store is destroyed). Larger = fewer
  // random page writes; login_history() completes the rest from the messages.
  std::uint64_t login_flush_messages = 500'000;
  std::chrono::milliseconds login_flush_interval{5000};
};

class SqliteStore final : public Store {
 public:
  // Opens or creates the database at `path` (":memory:" for a private in-memory one),
  // migrating it to the latest schema. Fails, writing nothing, when the file is not an
  // SQLite database, is corrupt, or has a schema version newer than this build knows.
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path,
                                                   SqliteStoreOptions options = {});

  ~SqliteStore() override;

  Result<WriteCounts> write(const std::vector<ChatMessage>& messages,
                            const std::vector<ModerationEvent>& moderation) override;
  Status scan_messages(TimestampMs from_ms,
                       const std::function<bool(const StoredMessage&)>& fn) override;
  // Rows in (ts, id) order, strings viewed in SQLite's row buffer and the sender cache.
  Status scan_message_views(
      TimestampMs from_ms,
      const std::function<bool(const ChatMessageView&, std::int64_t seq)>& fn) override;
  Status scan_moderation(const std::function<bool(const StoredModeration&)>& fn) override;
  Status scan_messages_after_seq(std::int64_t after_seq,
                                 const std::function<bool(const StoredMessage&)>& fn) override;
  Status scan_moderation_after_seq(std::int64_t after_seq,
                                   const std::function<bool(const StoredModeration&)>& fn) override;
  // Reads the rows of [from_ts, before_ts] backwards, filtered by channel and user id.
  Result<std::vector<StoredMessage>> user_messages_before(const UserMessagesQuery& q) override;
  Result<std::uint64_t> count_messages() override;
  Result<std::int64_t> add_feedback(const Feedback& feedback) override;
  Status put_emote_set(const EmoteSetSnapshot& snapshot) override;
  Result<std::optional<EmoteSetSnapshot>> get_emote_set(const std::string& provider,
                                                        const std::string& set_key) override;
  Status put_setting(const std::string& key, const std::string& value) override;
  Result<std::optional<std::string>> get_setting(const std::string& key) override;
  Result<std::vector<LoginRecord>> login_history(const std::string& user_id) override;

  // Privacy (sqlite_forget.cpp, docs/privacy.md; the contract is Store's). With
  // secure_delete on, forget() zeroes the deleted rows' pages, then checkpoints the WAL
  // (TRUNCATE) so no copy of them is left in the file or its WAL.
  using ForgetResult = pererecos::ForgetResult;
  Result<ForgetResult> forget(const std::vector<std::string>& logins,
                              TimestampMs now_ms) override;
  Status opt_in(const std::string& user_id, const std::string& login) override;
  Result<std::int64_t> forget_generation() override;

  // Runs maintenance SQL on this connection (e.g. "PRAGMA max_page_count = 100" to
  // simulate a full disk in tests, or "PRAGMA wal_checkpoint(TRUNCATE)").
  Status execute(const std::string& sql);

  const std::string& path() const { return path_; }

  struct Statements;  // the prepared statements (sqlite_statements.h)

 private:
  // Interned values for the read path (committed rows only; they never change).
  struct ChannelRow {
    std::string login, room_id;
  };
  struct SenderRow {
    std::string user_id, login, display_name;
  };

  SqliteStore(std::string path, SqliteStoreOptions options, SqliteDb db,
              std::unique_ptr<Statements> stmts);

  Result<std::int64_t> read_counter(const char* name);
  Status set_counter(const char* name, std::int64_t value);
  // Interned ids for the write path; rows inserted by a transaction that rolls back are
  // forgotten by forget_uncommitted().
  Result<std::int64_t> channel_id(const std::string& login, const std::string& room_id);
  Result<std::int64_t> sender_id(const ChatMessage& msg);
  void forget_uncommitted();
  Result<const ChannelRow*> channel_row(std::int64_t id);
  Result<const SenderRow*> sender_row(std::int64_t id);
  // Caches every committed sender with one table scan: a full message scan would
  // otherwise look its senders up one query at a time.
  Status cache_all_senders();

  // Reloads tombstones_ when forget_generation or the tombstone count changed.
  Status refresh_tombstones_locked();
  bool tombstoned(const ChatMessage& message) const;
  std::int64_t tombstones_version_ = -1;
  std::unordered_set<std::string> tombstoned_ids_, tombstoned_logins_;

  Result<WriteCounts> write_locked(const std::vector<ChatMessage>& messages,
                                   const std::vector<ModerationEvent>& moderation);
  // Records the written seq range [seq_begin, seq_end] with the time clusters of
  // stored_ts_ in ingest_log.
  Status log_ingest(std::int64_t seq_begin, std::int64_t seq_end);
  Status upsert_logins(const LoginSpans& spans);
  // Upserts the pending login history plus batch_sightings_ (the sightings of this
  // write's `batch_messages` stored messages) and sets logins_seq = `last_seq`, if that is due
  // (or `force`, which also checks that nobody else wrote since); sets `flushed`.
  // REQUIRES: a write transaction is open.
  Status flush_logins_locked(std::uint64_t batch_messages, std::int64_t last_seq, bool force,
                             bool& flushed);

  // Visits, through the ingest log, every message row with seq in (after_seq,
  // through_seq], one write at a time: on_row for each row of the write (columns as in
  // kMessageColumns, in (ts, id) order), then on_write_end, which returns false to stop.
  Status walk_ingested(std::int64_t after_seq, std::int64_t through_seq,
                       const std::function<Status(SqliteStatement& row)>& on_row,
                       const std::function<bool()>& on_write_end);
  // Adds the login sightings of messages with seq in (after_seq, through_seq] to `out`.
  Status aggregate_logins(std::int64_t after_seq, std::int64_t through_seq, LoginSpans& out);

  Status read_message_row(SqliteStatement& stmt, StoredMessage& out);
  // The Shared Chat source fields of message (ts, id) (flags bit kFlagSharedChat).
  Status read_shared_chat(TimestampMs ts, const std::string& id, std::string& source_id,
                          std::string& source_room_id);
  // Scans `stmt` (columns as in kMessageColumns, rows in (ts, id) order), handing out
  // rows that share one timestamp in seq order.
  Status scan_message_rows(SqliteStatement& stmt,
                           const std::function<bool(const StoredMessage&)>& fn);
  Status scan_moderation_rows(SqliteStatement& stmt,
                              const std::function<bool(const StoredModeration&)>& fn);
  Status step_error(const std::string& what);

  std::mutex mu_;
  std::string path_;
  const SqliteStoreOptions options_;
  SqliteDb db_;
  std::unique_ptr<Statements> stmts_;
  std::vector<TimestampMs> stored_ts_;  // per write: timestamps of the stored messages
  // Write-path interning caches. Channels: the last one (nearly always a hit), then by
  // "login\0room_id". Senders: by a 64-bit hash of the three fields, the entry pointing
  // at the id's row in sender_rows_ so that a hash collision is detected, never trusted.
  std::string last_channel_login_, last_channel_room_;
  std::int64_t last_channel_id_ = 0;
  std::unordered_map<std::string, std::int64_t> channel_ids_;
  HashedIdTable sender_ids_;  // rows are SenderRow*
  // Per write: (sender id, timestamp) of each stored message with a user id.
  std::vector<std::pair<std::int64_t, TimestampMs>> batch_sightings_;
  // Read-path caches by id (also filled by the write path; cleared on rollback). Rows
  // live in the maps (stable addresses); sender_index_ is a flat index for small ids.
  std::unordered_map<std::int64_t, ChannelRow> channel_rows_;
  std::unordered_map<std::int64_t, SenderRow> sender_rows_;
  std::vector<const SenderRow*> sender_index_;
  const SenderRow* cache_sender_row(std::int64_t id, SenderRow row);

  // Login history is written lazily (docs/storage.md): `logins` holds every message up
  // to the counter logins_seq; this writer keeps the sightings of the messages in
  // (pending_base_, pending_through_] in memory and upserts them as options_ say. pending_* are
  // valid only while the database's logins_seq == pending_base_ and last_seq == pending_through_
  // (another writer may have written meanwhile); otherwise they are rebuilt from the database.
  LoginSpans pending_logins_;
  std::int64_t pending_base_ = -1;
  std::int64_t pending_through_ = -1;
  std::uint64_t pending_messages_ = 0;
  std::chrono::steady_clock::time_point last_login_flush_;
};

}  // namespace pererecos::storage
