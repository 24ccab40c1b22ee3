// PgStore: the Store on a PostgreSQL database (libpq), for several instances sharing one
// database. Same contract as SqliteStore (storage/store.h); docs/storage.md.
//
// Writes: one transaction per write(). The batch is sent as binary array parameters (one
// per column, read with unnest()) and inserted if absent by identity ((ts, id) for
// messages, the key of the moderation table for events). Seqs are allocated while
// holding the row lock of the `last_seq` counter until commit, so concurrent writers
// (other instances) are serialised for the insert, and seqs become visible in seq order: a reader
// that has seen seq N has seen every seq below it (the follower's cursor). Channels and
// senders are interned in their own short committed transaction before the batch's, so
// ids never refer to rolled-back rows.
//
// Reads: scans run in one REPEATABLE READ snapshot and stream rows with COPY ... TO
// STDOUT (binary), one row in memory at a time (plus the rows sharing one timestamp, for
// the (ts, seq) order). The interned channels and senders are cached in memory.
//
// Connection loss: a call that finds the connection broken reconnects (with backoff, see
// PgConnection::ensure_connected); a call that fails returns an error and leaves nothing
// half-written (the transaction rolls back), so BatchedWriter's retry loses nothing and a
// retried batch whose commit did succeed is counted as duplicates.
//
// Thread safety: every method takes an internal mutex (calls run one at a time). Methods
// are not re-entrant: a scan callback must not call back into the same store.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "storage/postgres/pg_connection.h"
#include "storage/store.h"

namespace pererecos::storage {

class PgStore final : public Store {
 public:
  // Connects to `url` (postgresql://..., postgres://... or libpq key=value parameters),
  // migrates the schema under the migration lock, and prepares the session. Fails with a
  // clear message (the URL's password redacted) when the server is unreachable, the
  // schema is newer than this build, or the database belongs to another application.
  static Result<std::unique_ptr<PgStore>> open(const std::string& url);
  // A store for reading only, on a streaming replica (pg_replica.cpp): no migration;
  // waits up to `schema_wait` for the schema version this build needs to arrive by
  // replication. Writes through it fail (the server refuses them).
  static Result<std::unique_ptr<PgStore>> open_replica(
      const std::string& url, std::chrono::milliseconds schema_wait = std::chrono::seconds(30));

  ~PgStore() override;

  Result<WriteCounts> write(const std::vector<ChatMessage>& messages,
                            const std::vector<ModerationEvent>& moderation) override;
  Status scan_messages(TimestampMs from_ms,
                       const std::function<bool(const StoredMessage&)>& fn) override;
  Status scan_message_views(
      TimestampMs from_ms,
      const std::function<bool(const ChatMessageView&, std::int64_t seq)>& fn) override;
  Status scan_moderation(const std::function<bool(const StoredModeration&)>& fn) override;
  Status scan_messages_after_seq(std::int64_t after_seq,
                                 const std::function<bool(const StoredMessage&)>& fn) override;
  Status scan_moderation_after_seq(std::int64_t after_seq,
                                   const std::function<bool(const StoredModeration&)>& fn) override;
  Result<std::uint64_t> count_messages() override;
  Result<std::int64_t> add_feedback(const Feedback& feedback) override;
  Status put_emote_set(const EmoteSetSnapshot& snapshot) override;
  Result<std::optional<EmoteSetSnapshot>> get_emote_set(const std::string& provider,
                                                        const std::string& set_key) override;
  Status put_setting(const std::string& key, const std::string& value) override;
  Result<std::optional<std::string>> get_setting(const std::string& key) override;
  Result<std::vector<LoginRecord>> login_history(const std::string& user_id) override;
  // Privacy (pg_forget.cpp): forget() deletes the rows and VACUUMs the tables; the freed
  // bytes stay in the data files and the server's WAL until overwritten (docs/privacy.md).
  Result<ForgetResult> forget(const std::vector<std::string>& logins,
                              TimestampMs now_ms) override;
  Status opt_in(const std::string& user_id, const std::string& login) override;
  Result<std::int64_t> forget_generation() override;

  // True while the connection is up (for /health).
  bool connected();
  // The backend process id of this store's connection (tests terminate it to simulate a
  // lost connection).
  int backend_pid();
  // How many write() batches went by COPY (the rest were inserted if absent).
  std::uint64_t copied_batches() {
    std::lock_guard lock(mu_);
    return copied_batches_;
  }
  const std::string& redacted_url() const { return conn_->redacted_url(); }

 private:
  struct ChannelRow {
    std::string login, room_id;
  };
  struct SenderRow {
    std::string user_id, login, display_name;
  };

  explicit PgStore(std::unique_ptr<PgConnection> conn);

  // Reconnects if needed (then forgets the cached interning ids).
  Status ensure_session();
  Status create_session();

  // Write path (pg_store_write.cpp).
  Result<WriteCounts> write_locked(const std::vector<ChatMessage>& messages,
                                   const std::vector<ModerationEvent>& moderation);
  // Fills sender_of_[i] / channel_of_[i] for every message, interning the missing ones.
  Status intern(const std::vector<ChatMessage>& messages);
  Status intern_channels(const std::vector<ChatMessage>& messages);
  Status intern_senders(const std::vector<ChatMessage>& messages);
  // COPY of a batch whose identities are all new; false (rolled back to a savepoint)
  // when it was not. The count of stored messages of the insert-if-absent path.
  Result<bool> copy_new_messages(const std::vector<ChatMessage>& messages, std::int64_t last_seq);
  Result<std::uint64_t> insert_messages_if_absent(const std::vector<ChatMessage>& messages,
                                                  std::int64_t last_seq);
  bool copy_first_ = true;  // the previous batch had no duplicates: try COPY first
  std::uint64_t copied_batches_ = 0;

  // Read path (pg_store_read.cpp).
  // Starts a REPEATABLE READ READ ONLY transaction and brings the channel and sender
  // caches up to its snapshot.
  Status begin_snapshot();
  void end_snapshot();
  Status refresh_channels();
  Status refresh_senders();
  Result<const ChannelRow*> channel_row(std::int64_t id) const;
  Result<const SenderRow*> sender_row(std::int64_t id) const;
  const SenderRow* cache_sender(std::int64_t id, SenderRow row);
  // Streams the message rows of `select` (columns as kMessageColumns) through `fn`, which
  // gets each row's fields.
  struct RawMessage;
  Status stream_messages(const std::string& select,
                         const std::function<Status(const RawMessage&, bool& stop)>& fn);
  Status fill_message(const RawMessage& raw, StoredMessage& out) const;
  Status stream_moderation(const std::string& select,
                           const std::function<bool(const StoredModeration&)>& fn);
  Result<std::int64_t> read_counter(const char* name);

  // Privacy (pg_forget.cpp): reloads the tombstones when forget_generation or their count
  // changed (then also forgets the interned sender ids: forget() deletes sender rows), and
  // returns `messages` without the tombstoned senders' (`kept` holds them when any was
  // dropped). For write().
  Result<const std::vector<ChatMessage>*> drop_tombstoned(const std::vector<ChatMessage>& messages,
                                                          std::vector<ChatMessage>& kept,
                                                          std::uint64_t& dropped);
  Result<ForgetResult> forget_locked(const std::vector<std::string>& logins, TimestampMs now_ms);
  std::int64_t tombstones_version_ = -1;
  std::unordered_set<std::string> tombstoned_ids_, tombstoned_logins_;

  std::mutex mu_;
  std::unique_ptr<PgConnection> conn_;
  // Write-path interning: "login\0room_id" and "user_id\0login\0display_name" -> id.
  std::unordered_map<std::string, std::int64_t> channel_ids_;
  std::unordered_map<std::string, std::int64_t> sender_ids_;
  std::vector<std::int64_t> channel_of_, sender_of_;  // per message of the current write
  // Read-path caches by id (committed rows; rows live in the maps, stable addresses).
  std::unordered_map<std::int64_t, ChannelRow> channel_rows_;
  std::unordered_map<std::int64_t, SenderRow> sender_rows_;
  std::vector<const SenderRow*> sender_index_;  // flat index for small ids
  std::int64_t max_sender_id_ = 0;
};

}  // namespace pererecos::storage
