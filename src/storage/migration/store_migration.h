// Copying one store into another (`pererecos-stats migrate`, docs/operations.md): SQLite
// to PostgreSQL and back, or between two databases of the same kind.
//
// What moves: every message and moderation event (through Store::scan/Store::write, so
// identities are kept and a repeated write stores nothing twice; seqs are the target's
// own), feedback, emote-set snapshots, settings and tombstones (SideTables). The login
// history is derived from the messages on both backends and moves with them.
//
// Resuming: after every committed batch the target's setting "migrate.cursor" records
// the source and the timestamp reached; a run that finds its own cursor there continues
// from that timestamp (the rows of that timestamp are written again and count as
// duplicates). The side tables and the final cursor ("done") commit in one transaction.
//
// Verification: both sides are scanned again; per channel, the number of messages and an
// order-independent checksum of the message identities (channel, timestamp, id), plus the
// counts of every other table, must be equal (with `append`, the target must hold at
// least as many of each, and the checksums are not compared).
//
// Speed: the source is read on one thread while the target writes the previous batch on
// another; without `append` the target's secondary index messages(sender, ts) is dropped
// for the copy and built again at its end (SideTables::begin_bulk_load), before the
// moderation events and the verification.
//
// The source should not be written meanwhile (stop the service): messages stored after
// the scan passed their timestamp are not copied, and verification reports them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "core/result.h"
#include "storage/migration/side_tables.h"

namespace pererecos::storage {

struct MigrationOptions {
  std::string from_url, to_url;
  bool append = false;           // allow a non-empty target
  std::size_t batch_size = 20'000;  // messages per target transaction
};

// Progress of one phase ("messages", "moderation", "side tables", "verify source",
// "verify target"): `done` of `total` units (total 0 = unknown).
using MigrationProgress =
    std::function<void(const std::string& phase, std::uint64_t done, std::uint64_t total)>;

// The identity digest of one channel's messages (or of all of them).
struct IdentityDigest {
  std::uint64_t count = 0;
  std::uint64_t checksum = 0;  // sum of a 64-bit hash of (channel, ts, id), mod 2^64
};

struct StoreDigest {
  std::map<std::string, IdentityDigest> channels;  // by channel login
  IdentityDigest all;
  TableCounts tables;
};

struct MigrationReport {
  bool resumed = false;          // continued an interrupted run
  bool already_complete = false; // the target held a finished copy of this source
  std::int64_t resumed_from_ms = 0;
  std::uint64_t messages_read = 0, messages_stored = 0, messages_duplicate = 0;
  std::uint64_t moderation_stored = 0, moderation_duplicate = 0;
  std::uint64_t messages_tombstoned = 0;
  StoreDigest source, target;
  bool verified = false;         // the comparison passed
  std::vector<std::string> mismatches;  // what differs, one line each
};

// Runs the migration. Errors (unreachable or missing databases, a non-empty target
// without `append`, a failed write) come back as a Status; a failed verification is a
// successful return with report.verified false.
Result<MigrationReport> migrate_store(const MigrationOptions& options,
                                      const MigrationProgress& progress);

// The digest of one store's content (the verification's half), exposed for tests.
Result<StoreDigest> digest_store(const std::string& url, const MigrationProgress& progress);

// The checksum's 64-bit hash of one message identity.
std::uint64_t identity_hash(std::string_view channel, std::int64_t ts, std::string_view id);

}  // namespace pererecos::storage
