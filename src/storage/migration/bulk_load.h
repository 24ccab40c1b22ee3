// Bulk loading a PostgreSQL database that holds no messages yet (`import --bulk-load`):
// the secondary index messages(sender, ts), whose upkeep is the largest single cost of
// an insert (docs/performance.md), is dropped for the load and built in one sorted pass
// at its end (SideTables::begin_bulk_load). Refused for a database that already holds
// messages, since instances may be reading it; for SQLite there is nothing to do.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "storage/migration/side_tables.h"

namespace pererecos::storage {

class BulkLoad {
 public:
  // Starts the bulk load of `url`'s database; an error when it is not empty.
  static Result<std::unique_ptr<BulkLoad>> begin(const std::string& url);
  // Builds the indexes again. Without it (a crash), the next bulk load or `migrate`
  // run builds them; reads stay correct meanwhile, login history slower.
  Status finish();

 private:
  explicit BulkLoad(std::unique_ptr<SideTables> side) : side_(std::move(side)) {}
  std::unique_ptr<SideTables> side_;  // null for SQLite
};

}  // namespace pererecos::storage
