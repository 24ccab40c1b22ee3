// PgStore's privacy operations: forget(), opt_in(), forget_generation() and the tombstone
// filter of the write path (docs/privacy.md); the same contract as SqliteStore's.
#include <algorithm>

#include "storage/postgres/pg_copy.h"
#include "storage/postgres/pg_store.h"

namespace pererecos::storage {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

Result<const std::vector<ChatMessage>*> PgStore::drop_tombstoned(
    const std::vector<ChatMessage>& messages, std::vector<ChatMessage>& kept,
    std::uint64_t& dropped) {
  dropped = 0;
  auto version = conn_->query(
      "SELECT (SELECT value FROM counters WHERE name = 'forget_generation') * 1000003"
      " + (SELECT count(*) FROM tombstones)");
  if (!version) return version.status();
  if (version->rows() != 1 || version->is_null(0, 0)) {
    return conn_->error("counter forget_generation missing");
  }
  const std::int64_t v = version->int64(0, 0);
  if (v != tombstones_version_) {
    // forget() may have deleted interned senders (here or in another instance).
    sender_ids_.clear();
    tombstoned_ids_.clear();
    tombstoned_logins_.clear();
    auto rows = conn_->query_binary("SELECT user_id, login FROM tombstones", {});
    if (!rows) return rows.status();
    for (int i = 0; i < rows->rows(); ++i) {
      if (!rows->bytes(i, 0).empty()) tombstoned_ids_.emplace(rows->bytes(i, 0));
      if (!rows->bytes(i, 1).empty()) tombstoned_logins_.emplace(rows->bytes(i, 1));
    }
    tombstones_version_ = v;
  }
  if (tombstoned_ids_.empty() && tombstoned_logins_.empty()) return &messages;
  auto gone = [&](const ChatMessage& m) {
    return (!m.user_id.empty() && tombstoned_ids_.count(m.user_id) > 0) ||
           tombstoned_logins_.count(lower(m.login)) > 0;
  };
  if (std::none_of(messages.begin(), messages.end(), gone)) return &messages;
  kept.clear();
  for (const ChatMessage& m : messages) {
    if (gone(m)) {
      ++dropped;
    } else {
      kept.push_back(m);
    }
  }
  return &kept;
}

Result<ForgetResult> PgStore::forget(const std::vector<std::string>& logins, TimestampMs now_ms) {
  std::lock_guard lock(mu_);
  if (Status s = ensure_session(); !s) return s;
  auto result = forget_locked(logins, now_ms);
  if (!result && conn_->is_ok()) (void)conn_->exec("ROLLBACK");
  sender_ids_.clear();  // sender rows were deleted
  tombstones_version_ = -2;
  if (!result) return Result<ForgetResult>::failure(conn_->redacted_url() + ": forget: " +
                                                    result.error());
  // Mark the dead rows' space free at once (a plain VACUUM: the bytes stay in the data
  // files and the server's WAL until overwritten; VACUUM FULL rewrites, docs/privacy.md).
  if (Status s = conn_->exec("VACUUM messages, senders"); !s) {
    return Result<ForgetResult>::failure(conn_->redacted_url() + ": forget: vacuum: " +
                                         s.message());
  }
  return result;
}

Result<ForgetResult> PgStore::forget_locked(const std::vector<std::string>& logins,
                                            TimestampMs now_ms) {
  ForgetResult result;
  if (Status s = conn_->exec("BEGIN"); !s) return s;
  // The writers' sequence lock: no write commits while the forget runs.
  if (auto locked = conn_->query("SELECT value FROM counters WHERE name = 'last_seq' FOR UPDATE");
      !locked) {
    return locked.status();
  }
  if (Status s = conn_->exec(
          "CREATE TEMP TABLE IF NOT EXISTS forget_logins(login bytea PRIMARY KEY);"
          "CREATE TEMP TABLE IF NOT EXISTS forget_senders(id bigint PRIMARY KEY);"
          "TRUNCATE forget_logins, forget_senders");
      !s) {
    return s;
  }
  for (const std::string& login : logins) {
    const std::string l = lower(login);
    auto added = conn_->query_binary(
        "INSERT INTO forget_logins(login) VALUES ($1) ON CONFLICT DO NOTHING",
        {{l, PgConnection::kBytea}});
    if (!added) return added.status();
  }
  // Every sender row of these logins, and of every user id ever seen with them.
  if (Status s = conn_->exec(R"sql(
      INSERT INTO forget_senders(id)
        SELECT id FROM senders WHERE login IN (SELECT login FROM forget_logins)
           OR (user_id <> ''::bytea AND user_id IN (
                 SELECT user_id FROM senders WHERE login IN (SELECT login FROM forget_logins)))
      ON CONFLICT DO NOTHING)sql");
      !s) {
    return s;
  }
  const std::string created = std::to_string(now_ms);
  for (const char* sql :
       {"INSERT INTO tombstones(user_id, login, created_ms)"
        " SELECT DISTINCT user_id, login, $1::text::bigint FROM senders"
        " WHERE id IN (SELECT id FROM forget_senders) ON CONFLICT DO NOTHING",
        "INSERT INTO tombstones(user_id, login, created_ms)"
        " SELECT ''::bytea, login, $1::text::bigint FROM forget_logins ON CONFLICT DO NOTHING"}) {
    auto r = conn_->query_binary(sql, {{created, PgConnection::kText}});
    if (!r) return r.status();
  }
  auto ids = conn_->query_binary(
      "SELECT DISTINCT user_id FROM senders WHERE user_id <> ''::bytea"
      " AND id IN (SELECT id FROM forget_senders) ORDER BY user_id",
      {});
  if (!ids) return ids.status();
  for (int i = 0; i < ids->rows(); ++i) result.user_ids.emplace_back(ids->bytes(i, 0));

  auto deleted = conn_->query("DELETE FROM messages WHERE sender IN (SELECT id FROM forget_senders)");
  if (!deleted) return deleted.status();
  result.messages_deleted = deleted->affected();
  std::string no_reply_id;
  encode_pg_id("", no_reply_id);
  auto unlinked = conn_->query_binary(
      "UPDATE messages SET reply_login = ''::bytea, reply_msg_id = $1"
      " WHERE reply_login <> ''::bytea AND reply_login IN ("
      "   SELECT login FROM senders WHERE id IN (SELECT id FROM forget_senders)"
      "   UNION SELECT login FROM forget_logins)",
      {{no_reply_id, PgConnection::kBytea}});
  if (!unlinked) return unlinked.status();
  auto senders = conn_->query("DELETE FROM senders WHERE id IN (SELECT id FROM forget_senders)");
  if (!senders) return senders.status();
  const bool changed =
      result.messages_deleted > 0 || unlinked->affected() > 0 || senders->affected() > 0;
  auto counted = conn_->query(
      "UPDATE counters SET value = CASE name WHEN 'messages' THEN value - $1::bigint"
      " ELSE value + $2::bigint END WHERE name IN ('messages', 'forget_generation')",
      {std::to_string(result.messages_deleted), changed ? "1" : "0"});
  if (!counted) return counted.status();
  if (Status s = conn_->exec("TRUNCATE forget_logins, forget_senders; COMMIT"); !s) return s;
  return result;
}

Status PgStore::opt_in(const std::string& user_id, const std::string& login) {
  std::lock_guard lock(mu_);
  if (Status s = ensure_session(); !s) return s;
  const std::string l = lower(login);
  auto r = conn_->query_binary(
      "DELETE FROM tombstones WHERE ($1 <> ''::bytea AND user_id = $1)"
      " OR ($2 <> ''::bytea AND login = $2)",
      {{user_id, PgConnection::kBytea}, {l, PgConnection::kBytea}});
  if (!r) return r.status();
  tombstones_version_ = -2;
  return Status::ok();
}

Result<std::int64_t> PgStore::forget_generation() {
  std::lock_guard lock(mu_);
  if (Status s = ensure_session(); !s) return s;
  return read_counter("forget_generation");
}

}  // namespace pererecos::storage
