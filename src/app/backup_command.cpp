// `pererecos-stats backup FILE` and `pererecos-stats restore FILE` (storage/sqlite/sqlite_backup.h).
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "storage/sqlite/sqlite_backup.h"
#include "storage/store.h"
#include "storage/store_url.h"

namespace pererecos::app {
namespace {

// The SQLite file of DATABASE_URL, or a message saying why there is none.
Result<std::string> sqlite_path(const Config& config) {
  auto location = storage::parse_store_url(config.database_url);
  if (!location) return location.status();
  if (location->backend != storage::StoreLocation::Backend::kSqlite ||
      location->target == ":memory:") {
    return Result<std::string>::failure("backup and restore work on a SQLite file; DATABASE_URL is " +
                                        config.database_url);
  }
  return location->target;
}

std::string mebibytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

}  // namespace

int run_backup_command(const Config& config, const BackupCommandOptions& options) {
  auto path = sqlite_path(config);
  if (!path) {
    std::cerr << "pererecos-stats: " << path.error() << "\n";
    return 2;
  }
  auto facts = storage::backup_sqlite(*path, options.file, options.force);
  if (!facts) {
    std::cerr << "pererecos-stats: backup failed: " << facts.error() << "\n";
    return 1;
  }
  std::cout << "backed up " << *path << " to " << options.file << ": " << facts->messages
            << " messages, schema version " << facts->schema_version << ", "
            << mebibytes(facts->bytes) << ", integrity ok\n";
  return 0;
}

int run_restore_command(const Config& config, const BackupCommandOptions& options) {
  auto path = sqlite_path(config);
  if (!path) {
    std::cerr << "pererecos-stats: " << path.error() << "\n";
    return 2;
  }
  auto backup = storage::check_sqlite_backup(options.file);
  if (!backup) {
    std::cerr << "pererecos-stats: cannot restore: " << backup.error() << "\n";
    return 1;
  }
  const bool in_use = storage::sqlite_database_in_use(*path);
  std::error_code ec;
  const bool exists = std::filesystem::exists(*path, ec);
  if ((in_use || exists) && !options.force) {
    std::cerr << "pererecos-stats: refusing to overwrite " << *path
              << (in_use ? ", which a running process (e.g. `serve`) has open" : ", which exists")
              << "; stop the service first"
              << " and add --force to replace its content with " << options.file << "\n";
    return 1;
  }
  auto restored = storage::restore_sqlite(options.file, *path);
  if (!restored) {
    std::cerr << "pererecos-stats: restore failed: " << restored.error() << "\n";
    return 1;
  }
  // Opening migrates a backup from an older version to this build's schema.
  auto store = open_store(config.database_url);
  if (!store) {
    std::cerr << "pererecos-stats: the restored database does not open: " << store.error() << "\n";
    return 1;
  }
  std::cout << "restored " << options.file << " into " << *path << ": " << restored->messages
            << " messages, schema version " << backup->schema_version << "\n";
  if (in_use) {
    std::cout << "note: a running process had the database open; restart it so that its "
                 "statistics are rebuilt from the restored data\n";
  }
  return 0;
}

}  // namespace pererecos::app
