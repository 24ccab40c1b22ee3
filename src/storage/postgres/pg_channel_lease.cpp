#include "storage/postgres/pg_channel_lease.h"

#include <cstdio>

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
  std::string sql =
      "SET statement_timeout = 3000; SET tcp_keepalives_idle = 2; "
      "SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 3;";
  if (!group_.empty()) sql += " SET application_name = '" + group_ + "'";
  return conn_->exec(sql);
}

Result<PgChannelLocks::Members> PgChannelLocks::other_members() {
  auto r = conn_->query(
      "SELECT count(l.objid) FROM pg_stat_activity a LEFT JOIN pg_locks l ON l.pid = a.pid "
      "AND l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = " +
          std::to_string(kLockClass) +
          "::oid WHERE a.datname = current_database() AND a.application_name = $1 "
          "AND a.pid <> pg_backend_pid() GROUP BY a.pid ORDER BY 1",
      {group_});
  if (!r) return r.status();
  Members m;
  m.others = static_cast<std::size_t>(r->rows());
  if (m.others > 0) m.least = static_cast<std::size_t>(r->int64(0, 0));
  return m;
}

Status PgChannelLocks::unlock(const std::string& channel) {
  auto r = conn_->query(
      "SELECT pg_advisory_unlock(" + std::to_string(kLockClass) + ", hashtext($1))", {channel});
  return r ? Status::ok() : r.status();
}

Result<std::set<std::string>> PgChannelLocks::refresh(const std::vector<std::string>& wanted) {
  if (group_.empty()) {
    // The group: a hash of the sorted channel list (application_name has 63 bytes).
    std::set<std::string> sorted(wanted.begin(), wanted.end());
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (const std::string& c : sorted) {
      for (char ch : c + ",") h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
    }
    char name[64];
    std::snprintf(name, sizeof name, "pererecos-stats channel leases %016llx",
                  static_cast<unsigned long long>(h));
    group_ = name;
    if (conn_->is_ok()) {
      if (Status s = prepare_session(); !s) return s;
    }
  }
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
  auto fail = [&](Status s) -> Result<std::set<std::string>> {
    if (!conn_->is_ok()) held_.clear();
    return s;
  };
  auto members = other_members();
  if (!members) return fail(members.status());
  // Give one back when at least two above the least loaded member.
  if (members->others > 0 && held_.size() >= members->least + 2) {
    const std::string channel = *held_.rbegin();
    if (Status s = unlock(channel); !s) return fail(s);
    held_.erase(channel);
  }
  const std::string key_class = std::to_string(kLockClass);
  std::set<std::string> free_now;
  for (const std::string& channel : wanted) {
    if (held_.count(channel) != 0) continue;
    auto got =
        conn_->query("SELECT pg_try_advisory_lock(" + key_class + ", hashtext($1))", {channel});
    if (!got) return fail(got.status());
    if (got->rows() != 1 || got->text(0, 0) != "t") continue;  // held by another
    const std::size_t share = (wanted.size() + members->others) / (members->others + 1);
    const bool crowded = members->others > 0 && held_.size() >= share;
    if (crowded && seen_free_.count(channel) == 0) {
      // A less loaded member should take it; if none does, ours at the next round.
      if (Status s = unlock(channel); !s) return fail(s);
      free_now.insert(channel);
      continue;
    }
    held_.insert(channel);
  }
  seen_free_ = std::move(free_now);
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
