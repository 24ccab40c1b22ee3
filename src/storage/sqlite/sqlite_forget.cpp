// SqliteStore's privacy operations: forget(), opt_in(), and the tombstone filter of the
// write path (docs/privacy.md).
#include <sqlite3.h>

#include <algorithm>

#include "storage/sqlite/sqlite_store.h"

namespace pererecos::storage {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

Status SqliteStore::refresh_tombstones_locked() {
  auto generation = read_counter("forget_generation");
  if (!generation) return generation.status();
  auto count = db_.query_int("SELECT count(*) FROM tombstones");
  if (!count) return Status::error(path_ + ": " + count.error());
  // opt_in() removes tombstones without a new generation: the count tells.
  const std::int64_t version = *generation * 1'000'003 + *count;
  if (version == tombstones_version_) return Status::ok();
  if (tombstones_version_ != -1) {
    forget_uncommitted();  // sender rows may have been deleted: drop the write caches
  }
  tombstoned_ids_.clear();
  tombstoned_logins_.clear();
  auto q = db_.prepare("SELECT user_id, login FROM tombstones");
  if (!q) return q.status();
  int rc;
  while ((rc = q->step()) == SQLITE_ROW) {
    if (!q->column_bytes(0).empty()) tombstoned_ids_.emplace(q->column_bytes(0));
    if (!q->column_bytes(1).empty()) tombstoned_logins_.emplace(q->column_bytes(1));
  }
  if (rc != SQLITE_DONE) return Status::error(db_.error("read tombstones"));
  tombstones_version_ = version;
  return Status::ok();
}

bool SqliteStore::tombstoned(const ChatMessage& message) const {
  if (!message.user_id.empty() && tombstoned_ids_.count(message.user_id) > 0) return true;
  return tombstoned_logins_.count(message.login) > 0;
}

Result<ForgetResult> SqliteStore::forget(const std::vector<std::string>& logins,
                                                      TimestampMs now_ms) {
  std::lock_guard lock(mu_);
  ForgetResult result;
  auto fail = [&](const std::string& what) -> Result<ForgetResult> {
    if (sqlite3_get_autocommit(db_.get()) == 0) db_.exec("ROLLBACK");
    forget_uncommitted();
    return Result<ForgetResult>::failure(path_ + ": forget: " + what);
  };
  if (Status s = db_.exec("PRAGMA secure_delete = ON"); !s) return fail(s.message());
  if (Status s = db_.exec("BEGIN IMMEDIATE"); !s) return fail(s.message());
  if (Status s = db_.exec("CREATE TEMP TABLE IF NOT EXISTS forget_senders(id INTEGER PRIMARY KEY);"
                          "DELETE FROM forget_senders;"
                          "CREATE TEMP TABLE IF NOT EXISTS forget_logins(login TEXT PRIMARY KEY);"
                          "DELETE FROM forget_logins;");
      !s) {
    return fail(s.message());
  }
  {
    auto add = db_.prepare("INSERT OR IGNORE INTO forget_logins(login) VALUES (?)");
    if (!add) return fail(add.error());
    for (const std::string& login : logins) {
      const std::string l = lower(login);
      add->bind_text(1, l);
      if (add->step() != SQLITE_DONE) return fail(db_.error("add login"));
      add->reset();
    }
  }
  // Every sender row of these logins, and of every user id ever seen with them (a user
  // who renamed is still the same user).
  const char* kSql = R"sql(
    INSERT OR IGNORE INTO forget_senders(id)
      SELECT id FROM senders WHERE login IN (SELECT login FROM forget_logins)
         OR (user_id <> '' AND user_id IN (
               SELECT user_id FROM senders WHERE login IN (SELECT login FROM forget_logins)
               UNION SELECT user_id FROM logins WHERE login IN (SELECT login FROM forget_logins)));
    INSERT OR IGNORE INTO tombstones(user_id, login, created_ms)
      SELECT DISTINCT user_id, login, ?1 FROM senders WHERE id IN (SELECT id FROM forget_senders);
    INSERT OR IGNORE INTO tombstones(user_id, login, created_ms)
      SELECT '', login, ?1 FROM forget_logins;
  )sql";
  {
    // Run the three statements one by one (the middle ones take the timestamp).
    std::string_view rest(kSql);
    while (true) {
      const std::size_t end = rest.find(';');
      if (end == std::string_view::npos) break;
      auto st = db_.prepare(rest.substr(0, end + 1));
      if (!st) return fail(st.error());
      if (sqlite3_bind_parameter_count(st->get()) > 0) st->bind_int(1, now_ms);
      if (st->step() != SQLITE_DONE) return fail(db_.error("mark forgotten senders"));
      rest.remove_prefix(end + 1);
    }
  }
  {
    auto ids = db_.prepare(
        "SELECT DISTINCT user_id FROM senders WHERE user_id <> '' AND "
        "id IN (SELECT id FROM forget_senders)");
    if (!ids) return fail(ids.error());
    while (ids->step() == SQLITE_ROW) result.user_ids.emplace_back(ids->column_bytes(0));
  }
  auto before = db_.query_int("SELECT count(*) FROM messages");
  if (!before) return fail(before.error());
  const char* kDelete = R"sql(
    DELETE FROM messages WHERE sender IN (SELECT id FROM forget_senders);
    UPDATE messages SET reply_login = '', reply_msg_id = ''
      WHERE reply_login <> '' AND reply_login IN (
        SELECT login FROM senders WHERE id IN (SELECT id FROM forget_senders)
        UNION SELECT login FROM forget_logins);
    DELETE FROM logins WHERE login IN (SELECT login FROM forget_logins)
       OR user_id IN (SELECT user_id FROM senders WHERE user_id <> ''
                      AND id IN (SELECT id FROM forget_senders));
    DELETE FROM senders WHERE id IN (SELECT id FROM forget_senders);
  )sql";
  const int changes_before = sqlite3_total_changes(db_.get());
  if (Status s = db_.exec(kDelete); !s) return fail(s.message());
  // Nothing deleted (e.g. a second !optout): no new generation, so no rebuild anywhere.
  const bool changed = sqlite3_total_changes(db_.get()) != changes_before;
  if (Status s = db_.exec("DELETE FROM forget_senders; DELETE FROM forget_logins;"); !s) {
    return fail(s.message());
  }
  auto after = db_.query_int("SELECT count(*) FROM messages");
  if (!after) return fail(after.error());
  result.messages_deleted = static_cast<std::uint64_t>(*before - *after);
  if (Status s = db_.exec(("UPDATE counters SET value = value - " +
                           std::to_string(result.messages_deleted) +
                           " WHERE name = 'messages';" +
                           (changed ? "UPDATE counters SET value = value + 1 "
                                      "WHERE name = 'forget_generation';"
                                    : ""))
                              .c_str());
      !s) {
    return fail(s.message());
  }
  if (Status s = db_.exec("COMMIT"); !s) return fail(s.message());
  forget_uncommitted();
  tombstones_version_ = -2;  // reload before the next write
  // The deleted rows' pages were zeroed in the WAL frames; copy them into the database
  // and empty the WAL, so no old copy stays in either file.
  if (Status s = db_.exec("PRAGMA wal_checkpoint(TRUNCATE)"); !s) {
    return Result<ForgetResult>::failure(path_ + ": forget: checkpoint: " + s.message());
  }
  return result;
}

Status SqliteStore::opt_in(const std::string& user_id, const std::string& login) {
  std::lock_guard lock(mu_);
  auto st = db_.prepare(
      "DELETE FROM tombstones WHERE (?1 <> '' AND user_id = ?1) OR (?2 <> '' AND login = ?2)");
  if (!st) return st.status();
  const std::string l = lower(login);
  st->bind_text(1, user_id);
  st->bind_text(2, l);
  if (st->step() != SQLITE_DONE) return Status::error(db_.error("opt in"));
  tombstones_version_ = -2;
  return Status::ok();
}

Result<std::int64_t> SqliteStore::forget_generation() {
  std::lock_guard lock(mu_);
  return read_counter("forget_generation");
}

}  // namespace pererecos::storage
