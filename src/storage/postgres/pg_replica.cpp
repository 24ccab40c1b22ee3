// PgStore::open_replica: a PgStore that only reads, on a streaming replica (hot standby)
// of the primary's database (DATABASE_REPLICA_URL, docs/scaling.md "Read replicas").
#include <chrono>
#include <thread>

#include "storage/postgres/pg_migrations.h"
#include "storage/postgres/pg_store.h"

namespace pererecos::storage {

Result<std::unique_ptr<PgStore>> PgStore::open_replica(const std::string& url,
                                                       std::chrono::milliseconds schema_wait) {
  using R = Result<std::unique_ptr<PgStore>>;
  auto conn = PgConnection::connect(url);
  if (!conn) return conn.status();
  // No migration here (a standby refuses writes and advisory locks): the primary
  // migrates, and its steps arrive by replication. Wait for them a little.
  const int latest = latest_pg_schema_version();
  const auto deadline = std::chrono::steady_clock::now() + schema_wait;
  while (true) {
    auto version = pg_schema_version(**conn);
    if (!version) return version.status();
    if (*version > latest) {
      return R::failure((*conn)->redacted_url() + ": the replica's schema version " +
                        std::to_string(*version) + " is newer than this build (" +
                        std::to_string(latest) + "); upgrade pererecos-stats");
    }
    if (*version == latest) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      return R::failure((*conn)->redacted_url() + ": the replica's schema is at version " +
                        std::to_string(*version) + ", this build needs " + std::to_string(latest) +
                        ": is it a replica of DATABASE_URL, and is replication running?");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::unique_ptr<PgStore> store(new PgStore(std::move(*conn)));
  if (Status s = store->create_session(); !s) return s;
  return store;
}

}  // namespace pererecos::storage
