#include "storage/sqlite/sqlite_db.h"

#include <cstring>
#include <string>
#include <utility>

namespace pererecos::storage {

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

SqliteStatement::~SqliteStatement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

SqliteDb& SqliteDb::operator=(SqliteDb&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

SqliteDb::~SqliteDb() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Result<SqliteDb> SqliteDb::open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteDb db(raw);
  if (rc != SQLITE_OK) {
    std::string msg = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    // The operating system's reason ("Permission denied", "Is a directory"...), if any.
    if (const int err = raw != nullptr ? sqlite3_system_errno(raw) : 0; err != 0) {
      msg += std::string(" (") + std::strerror(err) + ")";
    }
    return Result<SqliteDb>::failure("cannot open SQLite database " + path + ": " + msg);
  }
  // SQLite falls back to read-only when it may not write the file; the store must write.
  if (sqlite3_db_readonly(raw, "main") == 1) {
    return Result<SqliteDb>::failure("cannot open SQLite database " + path +
                                     " for writing: the file is read-only for this user");
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

Status SqliteDb::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err != nullptr ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    return Status::error(msg);
  }
  return Status::ok();
}

Result<SqliteStatement> SqliteDb::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return Result<SqliteStatement>::failure(error("prepare `" + std::string(sql) + "`"));
  }
  return SqliteStatement(stmt);
}

Result<std::int64_t> SqliteDb::query_int(const char* sql) {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.status();
  const int rc = stmt->step();
  if (rc != SQLITE_ROW) return Result<std::int64_t>::failure(error(sql));
  return stmt->column_int(0);
}

Result<std::string> SqliteDb::query_text(const char* sql) {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.status();
  const int rc = stmt->step();
  if (rc != SQLITE_ROW) return Result<std::string>::failure(error(sql));
  return std::string(stmt->column_bytes(0));
}

std::string SqliteDb::error(std::string_view what) const {
  std::string out(what);
  out += ": ";
  out += db_ != nullptr ? sqlite3_errmsg(db_) : "no connection";
  return out;
}

}  // namespace pererecos::storage
