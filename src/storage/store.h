// Store: the durable truth (GUIDE §1). Every message and moderation event goes here;
// the stats engine is rebuilt from it by one sequential scan.
//
// Thread safety: a Store is used by one thread at a time unless an implementation says
// otherwise; BatchedWriter (storage/batched_writer.h) owns the writing side.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/ascii.h"
#include "core/chat_event.h"
#include "core/result.h"

namespace pererecos {

// What one write did. Duplicates are events whose identity was already stored.
struct WriteCounts {
  std::uint64_t messages_stored = 0;
  std::uint64_t messages_duplicate = 0;
  std::uint64_t moderation_stored = 0;
  std::uint64_t moderation_duplicate = 0;
  // Messages dropped because their sender was forgotten (a tombstone, docs/privacy.md).
  std::uint64_t messages_tombstoned = 0;
  // The highest seq in the database when this write committed (messages and moderation
  // events share one sequence); a reader that has seen every seq up to it is up to date
  // with this write. 0 for an empty database.
  std::int64_t last_seq = 0;
};

// A message as read back from the store, with its ingest sequence number.
struct StoredMessage {
  ChatMessage message;   // message.id is the identity (derived when Twitch gave none)
  std::int64_t seq = 0;  // ingest order: larger = ingested later
};

struct StoredModeration {
  ModerationEvent event;
  std::int64_t seq = 0;
};

// What Store::forget() did (docs/privacy.md).
struct ForgetResult {
  std::uint64_t messages_deleted = 0;
  std::vector<std::string> user_ids;  // the user ids found for the logins
};

struct Feedback {
  std::string type;  // "bug" or "sugestao"
  std::string message;
  TimestampMs created_ms = 0;
};

// A snapshot of a third-party emote set, kept so it can be served when the provider is
// unreachable (SPEC §4).
struct EmoteSetSnapshot {
  std::string provider;  // "7tv", "bttv", "ffz"
  std::string set_key;   // e.g. the 7TV set id, or "global"
  std::string body;      // the provider's response, verbatim
  TimestampMs fetched_ms = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Writes all events in one transaction, idempotently by identity (SPEC §1). Messages
  // without an id get their derived identity. Either everything is durable when this
  // returns ok, or nothing was written.
  virtual Result<WriteCounts> write(const std::vector<ChatMessage>& messages,
                                    const std::vector<ModerationEvent>& moderation) = 0;

  // Calls `fn` for every stored message with timestamp >= from_ms, in (timestamp, seq)
  // order. Stops early and returns ok when `fn` returns false.
  virtual Status scan_messages(TimestampMs from_ms,
                               const std::function<bool(const StoredMessage&)>& fn) = 0;

  // The same messages with less copying, for a reader that only looks at each one (the
  // rebuild): `fn` gets views valid during the call only, and messages sharing a timestamp
  // may come in any order among themselves (the caller sorts them by seq if it cares).
  // The default reads through scan_messages.
  virtual Status scan_message_views(
      TimestampMs from_ms, const std::function<bool(const ChatMessageView&, std::int64_t seq)>& fn) {
    return scan_messages(from_ms,
                         [&](const StoredMessage& m) { return fn(m.message, m.seq); });
  }

  // Every moderation event in (timestamp, seq) order.
  virtual Status scan_moderation(const std::function<bool(const StoredModeration&)>& fn) = 0;

  // Messages ingested after `after_seq` (seq order), for following another writer.
  virtual Status scan_messages_after_seq(std::int64_t after_seq,
                                         const std::function<bool(const StoredMessage&)>& fn) = 0;
  virtual Status scan_moderation_after_seq(
      std::int64_t after_seq, const std::function<bool(const StoredModeration&)>& fn) = 0;

  // The messages carrying `user_id` in `channel` (login, case-insensitive) with (timestamp,
  // seq) before (before_ts, before_seq) and timestamp >= from_ts, newest first (timestamp
  // descending, then seq descending), at most `limit`. For the statistics' recent messages
  // when the engine's in-memory copy runs out (stats/message_history.h). The default filters
  // scan_messages(from_ts); SqliteStore reads only the rows in [from_ts, before_ts].
  struct UserMessagesQuery {
    std::string channel;
    std::string user_id;
    TimestampMs before_ts = 0;
    std::int64_t before_seq = 0;
    TimestampMs from_ts = 0;
    std::size_t limit = 0;
  };
  virtual Result<std::vector<StoredMessage>> user_messages_before(const UserMessagesQuery& q) {
    const std::string channel = ascii_lower(q.channel);
    std::vector<StoredMessage> out;
    Status s = scan_messages(q.from_ts, [&](const StoredMessage& m) {
      const ChatMessage& msg = m.message;
      if (msg.timestamp_ms > q.before_ts) return false;
      if (msg.timestamp_ms == q.before_ts && m.seq >= q.before_seq) return true;
      if (msg.user_id == q.user_id && ascii_lower(msg.channel) == channel) out.push_back(m);
      return true;
    });
    if (!s) return s;
    std::reverse(out.begin(), out.end());  // scan order is (ts, seq) ascending
    if (out.size() > q.limit) out.resize(q.limit);
    return out;
  }

  virtual Result<std::uint64_t> count_messages() = 0;

  virtual Result<std::int64_t> add_feedback(const Feedback& feedback) = 0;

  virtual Status put_emote_set(const EmoteSetSnapshot& snapshot) = 0;
  virtual Result<std::optional<EmoteSetSnapshot>> get_emote_set(const std::string& provider,
                                                                const std::string& set_key) = 0;

  virtual Status put_setting(const std::string& key, const std::string& value) = 0;
  virtual Result<std::optional<std::string>> get_setting(const std::string& key) = 0;

  // Every login each user id was seen with: (user_id, login, first_ms, last_ms).
  struct LoginRecord {
    std::string user_id;
    std::string login;
    TimestampMs first_ms = 0;
    TimestampMs last_ms = 0;
  };
  virtual Result<std::vector<LoginRecord>> login_history(const std::string& user_id) = 0;

  // Privacy (docs/privacy.md). forget() deletes every message sent by these logins (and
  // by every user id seen with them), their login history and the reply links of other
  // messages to them, durably; tombstones them (by user id and by login, lowercase) so
  // that later writes drop their messages; and bumps forget_generation() when anything
  // was deleted, which a running server watches (app/forget_refresh.h). opt_in() removes
  // the tombstones of a user id and/or login (either may be empty): new messages are
  // stored again, deleted ones stay deleted. The defaults refuse (a backend without it).
  virtual Result<ForgetResult> forget(const std::vector<std::string>& logins,
                                      TimestampMs now_ms) {
    (void)logins;
    (void)now_ms;
    return Result<ForgetResult>::failure("this database backend cannot forget users");
  }
  virtual Status opt_in(const std::string& user_id, const std::string& login) {
    (void)user_id;
    (void)login;
    return Status::error("this database backend cannot opt users in");
  }
  // Changes whenever a forget() deleted something, by any process (0 on a new database).
  virtual Result<std::int64_t> forget_generation() { return std::int64_t{0}; }
};

// Opens the store named by a DATABASE_URL: "sqlite://./rel/path.db" (relative to the
// working directory), "sqlite:///abs/path.db", "sqlite://:memory:" (also
// "sqlite::memory:"; private to this Store). Creates the file and its missing parent
// directories, and migrates a new database; refuses (with a clear message, writing
// nothing) a database from a newer version or a file that is not a valid one.
// "postgresql://..." and "postgres://..." URIs and libpq key=value parameters
// ("host=... dbname=...") open a storage::PgStore (storage/postgres/pg_store.h), which
// connects and migrates the database; errors name the URL with its password redacted.
// Any other URL is an error naming it. SQLite URLs give a storage::SqliteStore
// (storage/sqlite/sqlite_store.h).
Result<std::unique_ptr<Store>> open_store(const std::string& url);

}  // namespace pererecos
