// Versioned, forward-only schema migrations for the SQLite store.
//
// The schema version lives in `PRAGMA user_version` (0 = empty database). Migration N
// takes a database at version N-1 to version N inside one transaction, so a crash leaves
// the database at N-1 or N, never between. To change the schema, append step N+1 to
// kSqliteMigrations in migrations.cpp (never edit a released step) and add what it needs
// to the migration test's fixtures.
#pragma once

#include <span>

#include "core/result.h"
#include "storage/sqlite/sqlite_db.h"

namespace pererecos::storage {

struct SqliteMigration {
  int version;       // the user_version after this step; steps are numbered 1, 2, 3...
  const char* name;  // one line saying what the step does
  const char* sql;   // statements run in the step's transaction
};

// Every step, in order; element i has version i + 1.
std::span<const SqliteMigration> sqlite_migrations();

// The schema version this build writes (the last step's version).
int latest_sqlite_schema_version();

// Applies the steps after the database's current version, up to `target_version`
// (default: the latest), each in its own IMMEDIATE transaction that re-reads the version
// first (another process may have migrated meanwhile). `db_name` names the database in
// error messages. REQUIRES: the database's version is <= latest_sqlite_schema_version().
Status migrate_sqlite(SqliteDb& db, const std::string& db_name, int target_version = -1);

}  // namespace pererecos::storage
