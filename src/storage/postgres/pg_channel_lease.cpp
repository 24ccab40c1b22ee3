#include "storage/postgres/pg_channel_lease.h"

#include "storage/postgres/pg_connection.h"

namespace pererecos::storage {

Result<std::unique_ptr<PgChannelLocks>> PgChannelLocks::connect(const std::string& url) {
  auto conn = PgConnection::connect(url);
  if (!conn) return conn.status();
  std::unique_ptr<PgChannelLocks> locks(new PgChannelLocks(std::move(*conn)));
  if (Status s = locks->prepare_session(); !s) return s;
  return locks;
}

PgChannelLocks::PgChannelLocks(std::unique_ptr<PgConnection> conn) : conn_(std::move(conn)) {}

PgChannelLocks::~PgChannelLocks() { release_all(); }

Status PgChannelLocks::prepare_session() {
  // Bounded statements; and the server notices a vanished holder within ~5 s (its own
  // keepalives on this session), which frees the holder's channels for the others.
  return conn_->exec(
      "SET statement_timeout = 3000; SET tcp_keepalives_idle = 2; "
      "SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 3; "
      "SET application_name = 'pererecos-stats channel leases'");
}

Result<std::set<std::string>> PgChannelLocks::refresh(const std::vector<std::string>& wanted) {
  bool reconnected = false;
  if (Status s = conn_->ensure_connected(reconnected); !s) {
    held_.clear();
    return s;
  }
  if (reconnected) {
    held_.clear();  // a new session holds nothing
    if (Status s = prepare_session(); !s) return s;
  }
  // Liveness: a session that answers still holds its locks.
  if (auto ping = conn_->query("SELECT 1"); !ping) {
    held_.clear();
    return ping.status();
  }
  const std::string key_class = std::to_string(kLockClass);
  for (const std::string& channel : wanted) {
    if (held_.count(channel) != 0) continue;
    auto got = conn_->query("SELECT pg_try_advisory_lock(" + key_class + ", hashtext($1))",
                            {channel});
    if (!got) {
      if (!conn_->is_ok()) held_.clear();
      return got.status();
    }
    if (got->rows() == 1 && got->text(0, 0) == "t") held_.insert(channel);
  }
  return held_;
}

void PgChannelLocks::release_all() {
  if (conn_ && conn_->is_ok() && !held_.empty()) {
    (void)conn_->exec("SELECT pg_advisory_unlock_all()");
  }
  held_.clear();
}

int PgChannelLocks::backend_pid() {
  if (!conn_ || !conn_->is_ok()) return 0;
  auto r = conn_->query("SELECT pg_backend_pid()");
  return r && r->rows() == 1 ? static_cast<int>(r->int64(0, 0)) : 0;
}

}  // namespace pererecos::storage
