// PgChannelLocks: which chat channels this instance reads, decided by PostgreSQL
// session-level advisory locks on a dedicated connection (docs/scaling.md).
//
// A channel's lock is pg_try_advisory_lock(kLockClass, hashtext(channel)) in the shared
// database. It is held as long as the session lives: the server drops it when the holder
// process dies (kill -9 closes its socket; the backend exits at once), when its connection
// is terminated, or when the server's TCP keepalives (set to 2 s + 3 x 1 s on this session)
// find the peer gone. Two channels whose hashes collide share one lock: whoever holds it
// reads both (session locks are re-entrant), so no channel is left unread.
//
// Balance: the instances that want the same channel list (a group: their sessions carry the
// list's hash in application_name) share its channels. Each round an instance holding at
// least two more channels than the least loaded member of its group gives one back; a free
// channel is taken by an instance below its fair share (channels / members, rounded up) —
// so a dead member's channels are taken at the survivors' next round — or by anyone once
// it has been seen free for two rounds (so no channel stays unread when the group's
// members want different things). A moved channel costs its new holder's join (and the
// gap back-fill closes the hole).
//
// Not thread-safe: one thread (app/chat_leases) calls refresh() periodically.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"

namespace pererecos::storage {

class PgConnection;

class PgChannelLocks {
 public:
  // The first key of every channel lock ("Pere" in ASCII), so that our locks do not meet
  // other applications' advisory locks in the same database.
  static constexpr std::int32_t kLockClass = 0x50657265;

  // Connects to `url` (as PgStore::open; no migration needed). Error when unreachable.
  static Result<std::unique_ptr<PgChannelLocks>> connect(const std::string& url);
  ~PgChannelLocks();

  // One round: checks that the session is alive (a broken one is reconnected with backoff,
  // and then every lock it held is gone), then tries to take each channel of `wanted` not
  // held yet. Returns the channels held after the round; an error (holding nothing) when
  // the database cannot be reached. Each statement is bounded by a 3 s statement_timeout.
  Result<std::set<std::string>> refresh(const std::vector<std::string>& wanted);

  // Gives every lock back (a clean stop lets another instance take over at once).
  void release_all();

  // The session's backend pid (tests terminate it), 0 when not connected.
  int backend_pid();

 private:
  explicit PgChannelLocks(std::unique_ptr<PgConnection> conn);
  Status prepare_session();
  // The other live members of this group: how many, and the fewest channels one holds.
  struct Members {
    std::size_t others = 0;
    std::size_t least = 0;  // when others > 0
  };
  Result<Members> other_members();
  Status unlock(const std::string& channel);

  std::unique_ptr<PgConnection> conn_;
  std::string group_;  // application_name of this group's lease sessions
  std::set<std::string> held_;
  std::set<std::string> seen_free_;  // free channels we left to a less loaded member
};

}  // namespace pererecos::storage
