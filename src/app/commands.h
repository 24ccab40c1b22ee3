// The subcommands of `pererecos-stats`. Each returns the process exit code
// (0 success, 1 runtime failure, 2 invalid usage or configuration).
#pragma once

#include "storage/batched_writer.h"

#include <atomic>
#include <functional>

#include <string>
#include <vector>

#include "app/config.h"
#include "stats/emote_catalog.h"

namespace pererecos::app {

// `config`: prints the effective configuration (secrets masked) and where it came from.
int run_config_command(const Config& config);

struct ImportCommandOptions {
  std::vector<std::string> files;
  std::string format;   // "" or "auto" = detect per file
  std::string channel;  // --channel: needed by twitchdownloader-txt
  bool bulk_load = false;  // --bulk-load: an empty PostgreSQL database, fewer indexes
};

// `import`: reads recorded chat into the store named by DATABASE_URL (importers/).
int run_import_command(const Config& config, const ImportCommandOptions& options);

struct ForgetCommandOptions {
  std::vector<std::string> logins;
  bool opt_in = false;  // `optin`: remove the tombstones instead
};
int run_forget_command(const Config& config, const ForgetCommandOptions& options);

struct ServeOptions {
  // The demo's emote sets, used instead of fetching any (nullptr: fetch as configured).
  std::shared_ptr<const stats::EmoteCatalog> fixed_catalog;
  std::string fixed_catalog_channel;
  // The live demo (app/demo_live.h): when set, runs on its own thread from when the
  // server listens until shutdown, submitting to the ingest queue; `stop` turns true then.
  std::function<void(storage::BatchedWriter& writer, const std::atomic<bool>& stop)> live_chat;
};

// `serve`: rebuilds the statistics from the store and serves the API and the dashboard
// until SIGINT or SIGTERM, following what other processes store meanwhile.
int run_serve(const Config& config, const ServeOptions& options);

struct BackupCommandOptions {
  std::string file;    // the backup file
  bool force = false;  // backup: replace an existing FILE; restore: replace the database
};

// `backup FILE`: a consistent copy of the SQLite database while others write to it.
int run_backup_command(const Config& config, const BackupCommandOptions& options);
// `restore FILE`: checks FILE (integrity, schema version), then replaces the database's
// content; refuses an existing or in-use database without --force.
int run_restore_command(const Config& config, const BackupCommandOptions& options);

struct MigrateCommandOptions {
  std::string from, to;        // DATABASE_URL forms (sqlite://..., postgresql://...)
  bool append = false;         // allow a non-empty target
  std::size_t batch_size = 0;  // messages per transaction (0: the default)
};

// `migrate`: copies every table of one store into another, resumably, and verifies the
// copy (storage/migration/store_migration.h). Needs no configuration.
int run_migrate_command(const MigrateCommandOptions& options);

struct DemoCommandOptions {
  bool serve = true;  // false: build the dataset, print its summary and exit
};

// `demo`: builds (or reuses) the built-in demo dataset in its own SQLite file.
int run_demo_command(const Config& config, const DemoCommandOptions& options);

}  // namespace pererecos::app
