// SqliteStore: the small tables beside the messages — the message counter, feedback,
// emote-set snapshots and settings — and raw SQL for tests and tools.
#include <sqlite3.h>

#include "storage/sqlite/sqlite_statements.h"
#include "storage/sqlite/sqlite_store.h"

namespace pererecos::storage {

Result<std::uint64_t> SqliteStore::count_messages() {
  std::lock_guard lock(mu_);
  auto n = read_counter("messages");
  if (!n) return n.status();
  return static_cast<std::uint64_t>(*n);
}

Result<std::int64_t> SqliteStore::add_feedback(const Feedback& feedback) {
  std::lock_guard lock(mu_);
  SqliteStatement& q = stmts_->insert_feedback;
  StatementResetter reset(q);
  q.bind_text(1, feedback.type);
  q.bind_text(2, feedback.message);
  q.bind_int(3, feedback.created_ms);
  if (q.step() != SQLITE_DONE) return step_error("add feedback");
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.get()));
}

Status SqliteStore::put_emote_set(const EmoteSetSnapshot& snapshot) {
  std::lock_guard lock(mu_);
  SqliteStatement& q = stmts_->put_emote_set;
  StatementResetter reset(q);
  q.bind_text(1, snapshot.provider);
  q.bind_text(2, snapshot.set_key);
  q.bind_text(3, snapshot.body);
  q.bind_int(4, snapshot.fetched_ms);
  if (q.step() != SQLITE_DONE) return step_error("store emote set");
  return Status::ok();
}

Result<std::optional<EmoteSetSnapshot>> SqliteStore::get_emote_set(const std::string& provider,
                                                                   const std::string& set_key) {
  std::lock_guard lock(mu_);
  SqliteStatement& q = stmts_->get_emote_set;
  StatementResetter reset(q);
  q.bind_text(1, provider);
  q.bind_text(2, set_key);
  const int rc = q.step();
  if (rc == SQLITE_DONE) return std::optional<EmoteSetSnapshot>();
  if (rc != SQLITE_ROW) return step_error("read emote set");
  return std::optional<EmoteSetSnapshot>(
      EmoteSetSnapshot{provider, set_key, std::string(q.column_bytes(0)), q.column_int(1)});
}

Status SqliteStore::put_setting(const std::string& key, const std::string& value) {
  std::lock_guard lock(mu_);
  SqliteStatement& q = stmts_->put_setting;
  StatementResetter reset(q);
  q.bind_text(1, key);
  q.bind_text(2, value);
  if (q.step() != SQLITE_DONE) return step_error("store setting");
  return Status::ok();
}

Result<std::optional<std::string>> SqliteStore::get_setting(const std::string& key) {
  std::lock_guard lock(mu_);
  SqliteStatement& q = stmts_->get_setting;
  StatementResetter reset(q);
  q.bind_text(1, key);
  const int rc = q.step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return step_error("read setting");
  return std::optional<std::string>(std::string(q.column_bytes(0)));
}

Status SqliteStore::execute(const std::string& sql) {
  std::lock_guard lock(mu_);
  if (Status s = db_.exec(sql.c_str()); !s) return Status::error(path_ + ": " + s.message());
  return Status::ok();
}

}  // namespace pererecos::storage
