#include "importers/import_summary.h"

#include <fmt/format.h>

namespace pererecos::importers {
namespace {

std::string where_text(const RecordPosition& where) {
  if (where.record == 0 || where.record == where.line) return fmt::format("line {}", where.line);
  return fmt::format("record {} (line {})", where.record, where.line);
}

void add_counts(FileSummary& into, const FileSummary& file) {
  into.bytes += file.bytes;
  into.messages_read += file.messages_read;
  into.moderation_read += file.moderation_read;
  into.messages_stored += file.messages_stored;
  into.messages_duplicate += file.messages_duplicate;
  into.moderation_stored += file.moderation_stored;
  into.moderation_duplicate += file.moderation_duplicate;
  into.not_chat += file.not_chat;
  into.skipped += file.skipped;
}

}  // namespace

FileSummary ImportSummary::total() const {
  FileSummary total;
  total.path = "total";
  for (const FileSummary& file : files) add_counts(total, file);
  return total;
}

std::string format_summary(const ImportSummary& summary) {
  std::string out;
  for (const FileSummary& file : summary.files) {
    out += fmt::format(
        "{} ({}, {:.1f} MB): {} read ({} messages, {} moderation), {} stored, {} duplicates, "
        "{} not chat, {} skipped\n",
        file.path, format_name(file.format), static_cast<double>(file.bytes) / 1e6, file.read(),
        file.messages_read, file.moderation_read, file.stored(), file.duplicates(), file.not_chat,
        file.skipped);
    for (const SkippedRecord& skipped : file.skipped_records) {
      out += fmt::format("  skipped {}: {}\n", where_text(skipped.where), skipped.reason);
    }
    if (file.skipped > file.skipped_records.size()) {
      out += fmt::format("  ... and {} more skipped\n", file.skipped - file.skipped_records.size());
    }
  }
  const FileSummary total = summary.total();
  const double rate = summary.seconds > 0 ? static_cast<double>(total.read()) / summary.seconds : 0;
  out += fmt::format(
      "total: {} file(s), {} read, {} stored, {} duplicates, {} not chat, {} skipped in {:.2f} s "
      "({:.0f} records/s, {:.1f} MB/s)\n",
      summary.files.size(), total.read(), total.stored(), total.duplicates(), total.not_chat,
      total.skipped, summary.seconds, rate,
      summary.seconds > 0 ? static_cast<double>(total.bytes) / 1e6 / summary.seconds : 0.0);
  if (summary.interrupted) {
    out += "interrupted: everything read so far is stored; import the same files again to "
           "finish (what is stored already is skipped as duplicates)\n";
  }
  return out;
}

}  // namespace pererecos::importers
