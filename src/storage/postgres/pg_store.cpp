// PgStore: opening, the session, and the small key-value tables. The write path is in
// pg_store_write.cpp, the read path in pg_store_read.cpp.
#include "storage/postgres/pg_store.h"

#include "storage/postgres/pg_migrations.h"

namespace pererecos::storage {

Result<std::unique_ptr<PgStore>> PgStore::open(const std::string& url) {
  auto conn = PgConnection::connect(url);
  if (!conn) return conn.status();
  if (Status s = migrate_pg(**conn); !s) return s;
  std::unique_ptr<PgStore> store(new PgStore(std::move(*conn)));
  if (Status s = store->create_session(); !s) return s;
  return store;
}

PgStore::PgStore(std::unique_ptr<PgConnection> conn) : conn_(std::move(conn)) {}

PgStore::~PgStore() = default;

Status PgStore::create_session() {
  // Nothing per session yet (write() sends its batch as array parameters); kept as the
  // place for session state such as LISTEN.
  return Status::ok();
}

Status PgStore::ensure_session() {
  bool reconnected = false;
  if (Status s = conn_->ensure_connected(reconnected); !s) return s;
  if (!reconnected) return Status::ok();
  // The server may have restarted and lost the interning commits that had not reached
  // its disk (see intern_senders): forget every cached id; they are looked up again.
  channel_ids_.clear();
  sender_ids_.clear();
  channel_rows_.clear();
  sender_rows_.clear();
  sender_index_.clear();
  max_sender_id_ = 0;
  return create_session();
}

bool PgStore::connected() {
  std::lock_guard lock(mu_);
  if (!conn_->is_ok()) return false;
  return static_cast<bool>(conn_->exec("SELECT 1"));
}

int PgStore::backend_pid() {
  std::lock_guard lock(mu_);
  auto r = conn_->query("SELECT pg_backend_pid()");
  return r ? static_cast<int>(r->int64(0, 0)) : -1;
}

Result<std::int64_t> PgStore::read_counter(const char* name) {
  auto r = conn_->query("SELECT value FROM counters WHERE name = $1", {name});
  if (!r) return r.status();
  if (r->rows() != 1) return conn_->error(std::string("counter ") + name + " missing");
  return r->int64(0, 0);
}

Result<std::uint64_t> PgStore::count_messages() {
  std::lock_guard lock(mu_);
  if (Status s = ensure_session(); !s) return s;
  auto n = read_counter("messages");
  if (!n) return n.status();
  return static_cast<std::uint64_t>(*n);
}

Result<std::int64_t> PgStore::add_feedback(const Feedback& feedback) {
  std::lock_guard lock(mu_);
  if (Status s = ensure_session(); !s) return s;
  const std::string created = std::to_string(feedback.created_ms);
  auto r = conn_->query_binary(
      "INSERT INTO feedback(type, message, created_ms) VALUES ($1, $2, $3::text::bigint)"
      " RETURNING id",
      {{feedback.type, PgConnection::kText},
       {feedback.message, PgConnection::kBytea},
       {created, PgConnection::kText}});
  if (!r) return r.status();
  return r->bin_int64(0, 0);
}

Status PgStore::put_emote_set(const EmoteSetSnapshot& snapshot) {
  std::lock_guard lock(mu_);
  if (Status s = ensure_session(); !s) return s;
  const std::string fetched = std::to_string(snapshot.fetched_ms);
  auto r = conn_->query_binary(
      "INSERT INTO emote_sets(provider, set_key, body, fetched_ms)"
      " VALUES ($1, $2, $3, $4::text::bigint) ON CONFLICT (provider, set_key) DO UPDATE SET"
      " body = excluded.body, fetched_ms = excluded.fetched_ms",
      {{snapshot.provider, PgConnection::kText},
       {snapshot.set_key, PgConnection::kText},
       {snapshot.body, PgConnection::kBytea},
       {fetched, PgConnection::kText}});
  return r ? Status::ok() : r.status();
}

Result<std::optional<EmoteSetSnapshot>> PgStore::get_emote_set(const std::string& provider,
                                                               const std::string& set_key) {
  std::lock_guard lock(mu_);
  if (Status s = ensure_session(); !s) return s;
  auto r = conn_->query_binary(
      "SELECT body, fetched_ms FROM emote_sets WHERE provider = $1 AND set_key = $2",
      {{provider, PgConnection::kText}, {set_key, PgConnection::kText}});
  if (!r) return r.status();
  if (r->rows() == 0) return std::optional<EmoteSetSnapshot>();
  return std::optional<EmoteSetSnapshot>(
      EmoteSetSnapshot{provider, set_key, std::string(r->bytes(0, 0)), r->bin_int64(0, 1)});
}

Status PgStore::put_setting(const std::string& key, const std::string& value) {
  std::lock_guard lock(mu_);
  if (Status s = ensure_session(); !s) return s;
  auto r = conn_->query_binary(
      "INSERT INTO settings(key, value) VALUES ($1, $2)"
      " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      {{key, PgConnection::kText}, {value, PgConnection::kBytea}});
  return r ? Status::ok() : r.status();
}

Result<std::optional<std::string>> PgStore::get_setting(const std::string& key) {
  std::lock_guard lock(mu_);
  if (Status s = ensure_session(); !s) return s;
  auto r = conn_->query_binary("SELECT value FROM settings WHERE key = $1",
                               {{key, PgConnection::kText}});
  if (!r) return r.status();
  if (r->rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(std::string(r->bytes(0, 0)));
}

}  // namespace pererecos::storage
