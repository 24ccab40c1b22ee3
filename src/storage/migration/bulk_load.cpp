#include "storage/migration/bulk_load.h"

#include "storage/store_url.h"

namespace pererecos::storage {

Result<std::unique_ptr<BulkLoad>> BulkLoad::begin(const std::string& url) {
  using R = Result<std::unique_ptr<BulkLoad>>;
  auto location = parse_store_url(url);
  if (!location) return location.status();
  if (location->backend != StoreLocation::Backend::kPostgres) {
    return std::unique_ptr<BulkLoad>(new BulkLoad(nullptr));
  }
  auto side = SideTables::open(url);
  if (!side) return side.status();
  auto counts = (*side)->counts();
  if (!counts) return counts.status();
  if (counts->messages > 0) {
    return R::failure("--bulk-load needs a database without messages (this one has " +
                      std::to_string(counts->messages) + "); import without it");
  }
  if (Status s = (*side)->begin_bulk_load(); !s) return s;
  return std::unique_ptr<BulkLoad>(new BulkLoad(std::move(*side)));
}

Status BulkLoad::finish() { return side_ ? side_->end_bulk_load() : Status::ok(); }

}  // namespace pererecos::storage
