// Thin RAII wrappers over the SQLite C API: a connection (SqliteDb) and a reusable
// prepared statement (SqliteStatement). Errors come back as Status with SQLite's message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pererecos::storage {

// A prepared statement, reset and reused across executions.
// Not thread-safe; valid while its SqliteDb lives.
class SqliteStatement {
 public:
  SqliteStatement() = default;
  explicit SqliteStatement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  SqliteStatement(SqliteStatement&& other) noexcept { *this = std::move(other); }
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Bind helpers; `index` is 1-based. Text and blobs are copied by SQLite when the
  // statement runs (SQLITE_TRANSIENT is not used: the caller keeps them alive until
  // step() returns, which every caller in this module does).
  void bind_int(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void bind_text(int index, std::string_view value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  }
  void bind_blob(int index, const void* data, int size) {
    sqlite3_bind_blob(stmt_, index, data, size, SQLITE_STATIC);
  }
  void bind_null(int index) { sqlite3_bind_null(stmt_, index); }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(stmt_); }
  // Resets the statement and clears its bindings, ready for the next execution.
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  // Resets without clearing bindings: for hot statements whose every parameter is bound
  // again before the next step().
  void reset_keep_bindings() { sqlite3_reset(stmt_); }

  std::int64_t column_int(int col) const { return sqlite3_column_int64(stmt_, col); }
  int column_type(int col) const { return sqlite3_column_type(stmt_, col); }
  // The column's bytes (text or blob); valid until the next step/reset.
  std::string_view column_bytes(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    const int n = sqlite3_column_bytes(stmt_, col);
    return p == nullptr ? std::string_view() : std::string_view(static_cast<const char*>(p), n);
  }

  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement when leaving a scope, so an early return never leaves it busy.
class StatementResetter {
 public:
  explicit StatementResetter(SqliteStatement& stmt) : stmt_(stmt) {}
  ~StatementResetter() { stmt_.reset(); }
  StatementResetter(const StatementResetter&) = delete;
  StatementResetter& operator=(const StatementResetter&) = delete;

 private:
  SqliteStatement& stmt_;
};

// An open connection. Closing happens in the destructor.
class SqliteDb {
 public:
  SqliteDb() = default;
  SqliteDb(SqliteDb&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  SqliteDb& operator=(SqliteDb&& other) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Opens (creating when missing) the database at `path` (":memory:" for a private
  // in-memory one). Reads nothing yet.
  static Result<SqliteDb> open(const std::string& path);

  // Runs one or more statements that return no rows we need.
  Status exec(const char* sql);
  Result<SqliteStatement> prepare(std::string_view sql);
  // Runs a query returning one integer (e.g. "PRAGMA user_version").
  Result<std::int64_t> query_int(const char* sql);
  // Runs a query returning one text value.
  Result<std::string> query_text(const char* sql);

  // "what: <sqlite message>", for the last error on this connection.
  std::string error(std::string_view what) const;

  sqlite3* get() const { return db_; }

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

}  // namespace pererecos::storage
