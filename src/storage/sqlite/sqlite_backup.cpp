#include "storage/sqlite/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_db.h"

namespace pererecos::storage {
namespace {

using Facts = Result<SqliteDatabaseFacts>;

// A connection opened with `flags`, or the error naming `path`.
Result<sqlite3*> open_raw(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Result<sqlite3*>::failure("cannot open " + path + ": " + message);
  }
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  return db;
}

struct Closer {
  sqlite3* db;
  ~Closer() { sqlite3_close(db); }
};

// One integer or text row of `sql`; errors say `what`.
Result<std::string> query_one(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    return Result<std::string>::failure(sqlite3_errmsg(db));
  }
  std::string out;
  const int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    out = text != nullptr ? reinterpret_cast<const char*>(text) : "";
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Result<std::string>::failure(sqlite3_errmsg(db));
  return out;
}

// Checks the open database `db` (named `name` in errors) as check_sqlite_backup says.
Facts facts_of(sqlite3* db, const std::string& name, bool full_integrity_check) {
  auto integrity = query_one(db, full_integrity_check ? "PRAGMA integrity_check(1)"
                                                      : "PRAGMA quick_check(1)");
  if (!integrity) return Facts::failure(name + " is not a readable SQLite database: " +
                                        integrity.error());
  if (*integrity != "ok") {
    return Facts::failure(name + " is damaged (integrity check: " + *integrity + ")");
  }
  auto version = query_one(db, "PRAGMA user_version");
  if (!version) return Facts::failure(name + ": " + version.error());
  SqliteDatabaseFacts facts;
  facts.schema_version = std::stoi(version->empty() ? "0" : *version);
  if (facts.schema_version <= 0) {
    return Facts::failure(name + " is not a pererecos-stats database (schema version 0)");
  }
  if (facts.schema_version > latest_sqlite_schema_version()) {
    return Facts::failure(name + " has schema version " + std::to_string(facts.schema_version) +
                          ", newer than this build's " +
                          std::to_string(latest_sqlite_schema_version()) +
                          ": use a newer pererecos-stats");
  }
  auto messages = query_one(db, "SELECT count(*) FROM messages");
  if (!messages) return Facts::failure(name + " has no messages table: " + messages.error());
  facts.messages = std::stoull(messages->empty() ? "0" : *messages);
  return facts;
}

// Copies every page of `from` into `to` in one step (one read transaction on `from`).
Status copy_all(sqlite3* from, sqlite3* to, const std::string& what) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) return Status::error(what + ": " + sqlite3_errmsg(to));
  int rc = SQLITE_OK;
  // step(-1) copies everything at once; BUSY/LOCKED (a writer holds the lock briefly)
  // is retried for up to ~10 s.
  for (int attempt = 0; attempt < 200; ++attempt) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(50);
  }
  const int finish = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return Status::error(what + ": " + sqlite3_errstr(rc));
  if (finish != SQLITE_OK) return Status::error(what + ": " + sqlite3_errmsg(to));
  return Status::ok();
}

std::uint64_t file_size(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<std::uint64_t>(size);
}

}  // namespace

Facts backup_sqlite(const std::string& db_path, const std::string& file, bool overwrite) {
  std::error_code ec;
  if (!std::filesystem::exists(db_path, ec)) return Facts::failure("no database at " + db_path);
  if (std::filesystem::exists(file, ec) && !overwrite) {
    return Facts::failure(file + " exists; choose another name or add --force to replace it");
  }
  auto source = open_raw(db_path, SQLITE_OPEN_READONLY);
  if (!source) return source.status();
  Closer close_source{*source};
  const std::string partial = file + ".partial";
  std::filesystem::remove(partial, ec);
  {
    auto dest = open_raw(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!dest) return dest.status();
    Closer close_dest{*dest};
    if (Status s = copy_all(*source, *dest, "backup of " + db_path); !s) {
      sqlite3_close(*dest);
      close_dest.db = nullptr;
      std::filesystem::remove(partial, ec);
      return s;
    }
    // One self-contained file: fold any WAL content in, and leave no -wal/-shm beside it.
    query_one(*dest, "PRAGMA journal_mode = DELETE");
    auto facts = facts_of(*dest, "the backup", true);
    if (!facts) {
      sqlite3_close(*dest);
      close_dest.db = nullptr;
      std::filesystem::remove(partial, ec);
      return facts.status();
    }
  }
  std::filesystem::rename(partial, file, ec);
  if (ec) return Facts::failure("cannot rename " + partial + " to " + file + ": " + ec.message());
  auto check = check_sqlite_backup(file);
  if (!check) return check.status();
  return check;
}

Facts check_sqlite_backup(const std::string& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return Facts::failure("no file " + file);
  auto db = open_raw(file, SQLITE_OPEN_READONLY);
  if (!db) return db.status();
  Closer close{*db};
  auto facts = facts_of(*db, file, true);
  if (!facts) return facts;
  facts->bytes = file_size(file);
  return facts;
}

bool sqlite_database_in_use(const std::string& db_path) {
  const std::string shm = db_path + "-shm";
  const int fd = ::open(shm.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // no shared-memory file: nobody has the WAL database open
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = 128;  // SQLite's "dead man switch" byte: every open connection holds it shared
  lock.l_len = 1;
  const bool in_use = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  ::close(fd);
  return in_use;
}

Facts restore_sqlite(const std::string& file, const std::string& db_path) {
  auto source = open_raw(file, SQLITE_OPEN_READONLY);
  if (!source) return source.status();
  Closer close_source{*source};
  auto dest = open_raw(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!dest) return dest.status();
  Closer close_dest{*dest};
  if (Status s = copy_all(*source, *dest, "restore into " + db_path); !s) return s;
  // The store runs in WAL mode; the copy carries the backup's journal mode (DELETE).
  query_one(*dest, "PRAGMA journal_mode = WAL");
  auto facts = facts_of(*dest, db_path, false);
  if (!facts) return facts;
  facts->bytes = file_size(db_path);
  return facts;
}

}  // namespace pererecos::storage
