// Parsing of DATABASE_URL values into the backend and location they name.
#pragma once

#include <string>

#include "core/result.h"

namespace pererecos::storage {

struct StoreLocation {
  enum class Backend { kSqlite, kPostgres };
  Backend backend = Backend::kSqlite;
  // kSqlite: a file path (relative paths are relative to the working directory) or
  // ":memory:". kPostgres: the URL unchanged (a libpq connection string).
  std::string target;
};

// "sqlite://./rel.db" -> ./rel.db, "sqlite:///abs.db" -> /abs.db, "sqlite://rel.db" ->
// rel.db, "sqlite://:memory:" and "sqlite::memory:" -> :memory:; "postgresql://...",
// "postgres://..." and libpq key=value strings ("host=h dbname=d") -> kPostgres. Anything
// else (including an empty path) is an error message naming the URL.
Result<StoreLocation> parse_store_url(const std::string& url);

}  // namespace pererecos::storage
