#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "importers/console_progress.h"
#include "importers/import_runner.h"
#include "storage/migration/bulk_load.h"
#include "storage/store.h"

namespace pererecos::app {
namespace {

// Set by the first SIGINT/SIGTERM: the import stops reading, stores what it has read and
// prints its summary. A second signal ends the process at once (committed batches stay).
std::atomic<bool> g_interrupted{false};  // a signal handler can reach nothing else

extern "C" void on_stop_signal(int signal_number) {
  g_interrupted.store(true);
  std::signal(signal_number, SIG_DFL);
}

}  // namespace

int run_import_command(const Config& config, const ImportCommandOptions& options) {
  importers::ImportOptions import_options;
  if (!options.format.empty()) {
    const auto format = importers::parse_format_name(options.format);
    if (!format) {
      std::cerr << "pererecos-stats import: unknown --format '" << options.format
                << "' (auto, irc, twitchdownloader-json, twitchdownloader-txt, mongoexport)\n";
      return 2;
    }
    import_options.format = *format;
  }
  import_options.channel = options.channel;
  import_options.cancel = &g_interrupted;
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);

  auto store = open_store(config.database_url);
  if (!store) {
    std::cerr << "pererecos-stats import: " << store.error() << "\n";
    return 1;
  }
  std::unique_ptr<storage::BulkLoad> bulk;
  if (options.bulk_load) {
    auto begun = storage::BulkLoad::begin(config.database_url);
    if (!begun) {
      std::cerr << "pererecos-stats import: " << begun.error() << "\n";
      return 1;
    }
    bulk = std::move(*begun);
  }
  const auto progress = importers::make_stderr_progress();
  const auto summary = importers::run_import(options.files, import_options, **store, *progress);
  if (bulk) {
    if (Status s = bulk->finish(); !s) {
      std::cerr << "pererecos-stats import: rebuilding the indexes: " << s.message() << "\n";
      return 1;
    }
  }
  if (!summary) {
    std::cerr << "pererecos-stats import: " << summary.error() << "\n";
    return 1;
  }
  std::cout << importers::format_summary(*summary);
  return summary->interrupted ? 130 : 0;
}

}  // namespace pererecos::app
