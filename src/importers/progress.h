// Progress of an import, as events; ConsoleProgress (console_progress.h) renders them.
#pragma once

#include <cstdint>
#include <string>

#include "importers/import_summary.h"

namespace pererecos::importers {

// Where an import stands.
struct ProgressSnapshot {
  std::size_t file_index = 0;  // 0-based, of the file being read
  std::size_t file_count = 0;
  std::string_view path;           // of the file being read; valid during the call only
  std::uint64_t bytes_done = 0;    // over all files
  std::uint64_t bytes_total = 0;   // over all files
  std::uint64_t records_read = 0;  // messages + moderation events parsed so far
  std::uint64_t stored = 0;        // new events committed so far
  double elapsed_seconds = 0;
};

// Receives progress events. run_import calls it from the calling thread only, in this
// order: on_start, then per file on_file_start, on_progress (often: every few thousand
// records; implementations throttle what they show), on_file_done; then on_finish on
// success. Implementations need no locking.
class ProgressReporter {
 public:
  virtual ~ProgressReporter() = default;
  virtual void on_start(std::size_t file_count, std::uint64_t bytes_total) = 0;
  virtual void on_file_start(const ProgressSnapshot& snapshot, Format format) = 0;
  virtual void on_progress(const ProgressSnapshot& snapshot) = 0;
  virtual void on_file_done(const FileSummary& file) = 0;
  virtual void on_finish(const ImportSummary& summary) = 0;
};

// Shows nothing.
class SilentProgress final : public ProgressReporter {
 public:
  void on_start(std::size_t, std::uint64_t) override {}
  void on_file_start(const ProgressSnapshot&, Format) override {}
  void on_progress(const ProgressSnapshot&) override {}
  void on_file_done(const FileSummary&) override {}
  void on_finish(const ImportSummary&) override {}
};

}  // namespace pererecos::importers
