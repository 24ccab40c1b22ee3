#include "storage/open_replica.h"

#include "storage/postgres/pg_store.h"
#include "storage/store_url.h"

namespace pererecos::storage {

Result<std::unique_ptr<Store>> open_read_replica(const std::string& primary_url,
                                                 const std::string& replica_url) {
  using R = Result<std::unique_ptr<Store>>;
  auto replica = parse_store_url(replica_url);
  if (!replica) return replica.status();
  auto primary = parse_store_url(primary_url);
  if (!primary) return primary.status();
  if (replica->backend != StoreLocation::Backend::kPostgres ||
      primary->backend != StoreLocation::Backend::kPostgres) {
    return R::failure("DATABASE_REPLICA_URL needs PostgreSQL for both DATABASE_URL and the replica");
  }
  {
    auto migrated = open_store(primary_url);  // migrates the primary, then closes
    if (!migrated) return migrated.status();
  }
  auto store = PgStore::open_replica(replica_url);
  if (!store) return store.status();
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace pererecos::storage
