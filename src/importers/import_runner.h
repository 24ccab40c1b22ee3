// run_import: files in, events stored, a summary out. The library behind
// `pererecos-stats import`.
#pragma once

#include <atomic>

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.h"
#include "importers/format.h"
#include "importers/import_summary.h"
#include "importers/progress.h"
#include "storage/store.h"

namespace pererecos::importers {

struct ImportOptions {
  Format format = Format::kAuto;  // kAuto: detect per file (detect_format)
  // --channel: see ReadOptions::channel. Required by twitchdownloader-txt.
  std::string channel;
  // Events per Store::write transaction.
  std::size_t batch_size = 5000;
  // How many skipped records each FileSummary lists (all are counted).
  std::size_t max_skipped_listed = 20;
  // When set and it becomes true (e.g. from a SIGINT handler), reading stops at the next
  // record; everything read so far is still written, and the summary says `interrupted`.
  const std::atomic<bool>* cancel = nullptr;
};

// Imports `files` in order into `store`. Every file is opened and its format settled
// before anything is written: a missing or unreadable file, an undetectable format, or
// twitchdownloader-txt without a channel is an error naming the file, and nothing is
// written. An empty (or all-blank) file imports nothing and is not an error. Then each
// file is memory-mapped and parsed on the calling thread while a second thread writes
// batches of `batch_size` events through Store::write (double buffering: the next batch
// is parsed while the previous one commits). A bad record is skipped and reported,
// never fatal. Events are idempotent by identity, so importing the same file twice
// stores nothing new the second time. A failed Store::write stops the import with an
// error (batches already committed stay committed).
// REQUIRES: `store` is not used by another thread during the call.
Result<ImportSummary> run_import(const std::vector<std::string>& files,
                                 const ImportOptions& options, Store& store,
                                 ProgressReporter& progress);

}  // namespace pererecos::importers
