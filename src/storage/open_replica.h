// Opening the read replica named by DATABASE_REPLICA_URL (docs/scaling.md, "Read
// replicas"): rebuilds and following read there, writes go to DATABASE_URL's primary.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "storage/store.h"

namespace pererecos::storage {

// A Store reading from the PostgreSQL streaming replica at `replica_url`, after opening
// `primary_url` once so the primary's schema is migrated (and replicated) first. Errors:
// a replica URL that is not PostgreSQL, a primary that is not PostgreSQL, an unreachable
// server, a schema that does not arrive within 30 s.
Result<std::unique_ptr<Store>> open_read_replica(const std::string& primary_url,
                                                 const std::string& replica_url);

}  // namespace pererecos::storage
