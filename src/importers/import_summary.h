// What an import did, per file and in total.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "importers/format.h"
#include "importers/record_sink.h"

namespace pererecos::importers {

// A record that was not imported, and why.
struct SkippedRecord {
  RecordPosition where;
  std::string reason;
};

struct FileSummary {
  std::string path;
  Format format = Format::kAuto;  // the format used (detected when asked for kAuto)
  std::uint64_t bytes = 0;
  std::uint64_t messages_read = 0;    // messages parsed
  std::uint64_t moderation_read = 0;  // moderation events parsed
  std::uint64_t messages_stored = 0;  // new in the store
  std::uint64_t messages_duplicate = 0;
  std::uint64_t moderation_stored = 0;
  std::uint64_t moderation_duplicate = 0;
  std::uint64_t not_chat = 0;  // well-formed records that are neither (JOIN, USERNOTICE...)
  std::uint64_t skipped = 0;   // records that could not be imported
  // The first ImportOptions::max_skipped_listed skipped records, in input order;
  // `skipped` counts them all.
  std::vector<SkippedRecord> skipped_records;

  std::uint64_t read() const { return messages_read + moderation_read; }
  std::uint64_t stored() const { return messages_stored + moderation_stored; }
  std::uint64_t duplicates() const { return messages_duplicate + moderation_duplicate; }
};

struct ImportSummary {
  std::vector<FileSummary> files;
  double seconds = 0;  // wall time of the whole import
  // Stopped early by ImportOptions::cancel: what was read is stored, the rest was not read.
  bool interrupted = false;

  // Sums over all files.
  FileSummary total() const;
};

// A human-readable report: one block per file (format, counts, the listed skipped
// records with their line numbers and reasons, "... and N more"), then the totals and
// the rate. Ends with a newline.
std::string format_summary(const ImportSummary& summary);

}  // namespace pererecos::importers
