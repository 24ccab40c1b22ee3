#include "app/multi_instance.h"

#include "storage/store_url.h"

namespace pererecos::app {

Result<std::unique_ptr<MultiInstance>> MultiInstance::open(const std::string& database_url,
                                                           bool want_lease,
                                                           std::function<void()> on_stored) {
  auto m = std::make_unique<MultiInstance>();
  if (want_lease) {
    auto lease = make_channel_lease(database_url);
    if (!lease) return lease.status();
    m->lease_ = std::move(*lease);
  }
  auto where = storage::parse_store_url(database_url);
  if (where && where->backend == storage::StoreLocation::Backend::kPostgres) {
    auto listener = storage::PgStoreListener::start(database_url, std::move(on_stored));
    if (!listener) return listener.status();
    m->listener_ = std::move(*listener);
  }
  return m;
}

}  // namespace pererecos::app
