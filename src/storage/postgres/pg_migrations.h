// Versioned, forward-only schema migrations for the PostgreSQL store.
//
// The applied steps are rows of `schema_migrations` (version, name, applied_at). Migrating
// takes a session-level advisory lock (kMigrationLockKey) first, so instances starting
// together migrate once: the others wait, then find the steps applied. Each step runs in
// its own transaction together with its schema_migrations row, so a crash leaves the
// database at N-1 or N. To change the schema, append step N+1 in pg_migrations.cpp (never
// edit a released step) and extend the migration test.
#pragma once

#include <span>

#include "core/result.h"
#include "storage/postgres/pg_connection.h"

namespace pererecos::storage {

struct PgMigration {
  int version;       // steps are numbered 1, 2, 3...
  const char* name;  // one line saying what the step does
  const char* sql;   // statements run in the step's transaction
};

// pg_advisory_lock key of the migration lock ("pererecos" in ASCII).
inline constexpr long long kMigrationLockKey = 0x7065726572656373LL;

std::span<const PgMigration> pg_migrations();
int latest_pg_schema_version();

// The database's schema version (0 when schema_migrations does not exist).
Result<int> pg_schema_version(PgConnection& conn);

// Under the migration lock (waiting for it up to 120 s): refuses a database whose version
// is newer than this build, or one with a `messages` table but no schema_migrations
// (another application's); then applies the steps after the current version, up to
// `target_version` (default: the latest).
Status migrate_pg(PgConnection& conn, int target_version = -1);

}  // namespace pererecos::storage
