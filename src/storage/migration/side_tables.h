// SideTables: direct access to the tables of a store that the Store interface reads only
// by key (feedback, emote-set snapshots, settings, tombstones), for `migrate`
// (storage/migration/store_migration.h): count them, read them all, write them all in one
// transaction. Messages and moderation events go through Store::scan / Store::write
// instead; login history is derived from the messages on both backends, so it moves
// with them.
//
// The SQLite side opens its own connection to the file (WAL: it works beside an open
// SqliteStore); the PostgreSQL side its own libpq connection. Both need the schema the
// Store migrated at open, so open the Store first.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "storage/store.h"

namespace pererecos::storage {

struct SideRows {
  struct FeedbackRow {
    std::int64_t id = 0;
    Feedback feedback;
  };
  struct Tombstone {
    std::string user_id, login;
    TimestampMs created_ms = 0;
  };
  std::vector<FeedbackRow> feedback;  // by id
  std::vector<EmoteSetSnapshot> emote_sets;
  std::vector<std::pair<std::string, std::string>> settings;  // key, value; by key
  std::vector<Tombstone> tombstones;
};

struct TableCounts {
  std::uint64_t messages = 0, moderation = 0, feedback = 0, emote_sets = 0, settings = 0,
                tombstones = 0;
  bool empty() const {
    return messages == 0 && moderation == 0 && feedback == 0 && emote_sets == 0 &&
           settings == 0 && tombstones == 0;
  }
};

// Settings whose key starts with this are the migration's own bookkeeping: neither
// counted, read nor compared.
inline constexpr char kMigrationSettingPrefix[] = "migrate.";

class SideTables {
 public:
  virtual ~SideTables() = default;

  // Opens the side tables of the database `url` names (as open_store parses it).
  static Result<std::unique_ptr<SideTables>> open(const std::string& url);

  virtual Result<TableCounts> counts() = 0;
  // Whether this database has a table for tombstones (write() refuses them otherwise).
  virtual Result<bool> holds_tombstones() = 0;
  virtual Result<SideRows> read() = 0;
  // Writes every row in one transaction, together with the setting (extra_key,
  // extra_value) when extra_key is not empty. Feedback keeps its ids when `keep_ids`
  // (rows whose id exists are skipped: a repeated write adds nothing), else gets new
  // ids; emote sets and settings replace what has the same key; tombstones are added if
  // absent. Fails, writing nothing, when there are tombstones and the database has no
  // table for them.
  // Around a bulk copy into a database nobody else uses: drops the secondary indexes
  // whose upkeep dominates the insert cost (PostgreSQL's messages(sender, ts)), and builds
  // them again in one sorted pass. A copy interrupted in between leaves them missing
  // until the resumed run's end_bulk_load() (reads are still correct, only slower).
  virtual Status begin_bulk_load() { return Status::ok(); }
  virtual Status end_bulk_load() { return Status::ok(); }

  virtual Status write(const SideRows& rows, bool keep_ids, const std::string& extra_key,
                       const std::string& extra_value) = 0;
};

}  // namespace pererecos::storage
