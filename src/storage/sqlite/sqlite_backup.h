// Online backup and restore of a SQLite store (SQLite's backup API), for
// `pererecos-stats backup FILE` and `pererecos-stats restore FILE`.
//
// A backup copies every page of the live database inside one read transaction, so the
// copy is the database as it stood at one instant, even while `serve` or `import` keeps
// writing (in WAL mode readers never block writers, nor writers readers). It is written
// to FILE.partial, checked (PRAGMA integrity_check), and renamed to FILE only then, so
// FILE is never a half-written copy.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace pererecos::storage {

// What a backup file (or a database) holds, as far as a restore cares.
struct SqliteDatabaseFacts {
  int schema_version = 0;    // PRAGMA user_version
  std::uint64_t messages = 0;
  std::uint64_t bytes = 0;   // file size
};

// Copies the database at `db_path` to `file`. Refuses when `file` exists unless
// `overwrite`. The source must be a store of this program (schema version 1..latest).
Result<SqliteDatabaseFacts> backup_sqlite(const std::string& db_path, const std::string& file,
                                          bool overwrite);

// Opens `file` read-only and checks that it is a store this build can use: a SQLite
// database, `PRAGMA integrity_check` says ok, schema version 1..latest (an older one is
// migrated when next opened). The error names the first problem.
Result<SqliteDatabaseFacts> check_sqlite_backup(const std::string& file);

// Whether another process has the database at `db_path` open now (e.g. a running
// `serve`): asks the OS whether anyone holds SQLite's lock on its shared-memory file
// (`-shm`), which every connection to a WAL database keeps while open.
bool sqlite_database_in_use(const std::string& db_path);

// Replaces the content of the database at `db_path` (created when missing) by that of
// `file`, through the backup API (so it is transactional: an interrupted restore leaves
// the old content). REQUIRES: check_sqlite_backup(file) succeeded; the caller decided
// about overwriting.
Result<SqliteDatabaseFacts> restore_sqlite(const std::string& file, const std::string& db_path);

}  // namespace pererecos::storage
