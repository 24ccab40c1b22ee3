// ChannelLease: which configured chat channels this instance may read. With several
// instances on one PostgreSQL database, exactly one of them holds each channel (a
// session-level advisory lock, storage/postgres/pg_channel_lease.h); the others stand by
// and retry, and take a channel over when its holder dies or loses the database
// (docs/scaling.md). With SQLite (one process owns the file) this instance always owns
// every channel. The chat wiring (app/chat_leases.h) consults it before joining a channel,
// so src/twitch/ knows nothing of storage.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"

namespace pererecos::app {

class ChannelLease {
 public:
  virtual ~ChannelLease() = default;
  // One round (called periodically from one thread): keeps the channels held, tries to
  // take those of `wanted` not held. Returns the channels held now; an error when the
  // lease service (the database) cannot be reached — then nothing is known.
  virtual Result<std::set<std::string>> refresh(const std::vector<std::string>& wanted) = 0;
  // Gives every channel back (clean stop: another instance takes over at its next round).
  virtual void release_all() = 0;
  // True for the single-process lease (every channel is always ours; no rounds needed).
  virtual bool always_owner() const { return false; }
};

// Every channel is always ours (SQLite).
std::unique_ptr<ChannelLease> always_owner_lease();

// The lease for DATABASE_URL: advisory locks on a dedicated connection for
// postgresql:// / postgres:// URLs, always_owner_lease() for anything else. Error when
// the PostgreSQL server cannot be reached.
Result<std::unique_ptr<ChannelLease>> make_channel_lease(const std::string& database_url);

}  // namespace pererecos::app
