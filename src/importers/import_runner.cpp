#include "importers/import_runner.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "importers/mapped_file.h"
#include "importers/readers.h"
#include "storage/batched_writer.h"

namespace pererecos::importers {
namespace {

using Clock = std::chrono::steady_clock;

// A file opened and with its format settled, before anything is written.
struct PreparedFile {
  std::unique_ptr<MappedFile> mapping;
  Format format = Format::kAuto;
  bool blank = false;
};

Result<PreparedFile> prepare(const std::string& path, const ImportOptions& options) {
  auto mapped = MappedFile::open(path);
  if (!mapped.is_ok()) return mapped.status();
  PreparedFile file;
  file.mapping = std::move(mapped.value());
  const std::string_view bytes = file.mapping->bytes();
  file.blank = is_blank(bytes);
  file.format = options.format;
  if (file.format == Format::kAuto && !file.blank) {
    Result<Format> detected = detect_format(bytes.substr(0, kDetectionHeadBytes), path);
    if (!detected.is_ok()) return detected.status();
    file.format = detected.value();
  }
  if (file.format == Format::kTwitchDownloaderText && options.channel.empty() && !file.blank) {
    return Status::error(path +
                         " is a TwitchDownloader text export, which does not name its "
                         "channel: pass --channel");
  }
  return file;
}

// The importer's side of the ingest queue (storage::BatchedWriter): each batch is one
// group of its own, whose counts go to its file's summary. A failed write gives up at
// once (max_attempts = 1): the import stops with the error, committed batches stay.
class ImportWriter {
 public:
  ImportWriter(Store& store, std::size_t batch_size, std::vector<FileSummary>& files)
      : files_(files),
        writer_(store, writer_options(batch_size), [this](const storage::CommitReport& r) {
          if (!r.status) note_failure(r.status);
        }) {}

  // Hands `batch` (events of file `file_index`) to the writer; `batch` comes back empty,
  // possibly with the capacity of a written batch.
  void submit(storage::EventBatch& batch, std::size_t file_index) {
    Status s = writer_.submit_batch(batch, [this, file_index](const Result<WriteCounts>& counts) {
      if (!counts.is_ok()) return;
      // files_ entries are only read by the parsing thread after flush().
      FileSummary& file = files_[file_index];
      file.messages_stored += counts->messages_stored;
      file.messages_duplicate += counts->messages_duplicate;
      file.moderation_stored += counts->moderation_stored;
      file.moderation_duplicate += counts->moderation_duplicate;
      stored_.fetch_add(counts->messages_stored + counts->moderation_stored,
                        std::memory_order_relaxed);
    });
    if (!s) note_failure(s);
  }

  // Waits until everything submitted is written (or the writer gave up).
  void flush() { writer_.flush(); }

  // Closes the writer; the error of the first failed write, if any.
  std::optional<std::string> finish() {
    writer_.close();
    std::lock_guard lock(mu_);
    return error_;
  }

  bool failed() const { return failed_.load(std::memory_order_acquire); }
  std::uint64_t stored() const { return stored_.load(std::memory_order_relaxed); }

 private:
  static storage::BatchedWriterOptions writer_options(std::size_t batch_size) {
    storage::BatchedWriterOptions o;
    o.max_batch_events = batch_size;
    o.queue_capacity = 2 * batch_size;  // double buffering: parse one while one commits
    o.max_buffered_bytes = 0;           // bounded by the event count above
    o.max_attempts = 1;
    o.close_retry_for = std::chrono::milliseconds(0);
    return o;
  }

  void note_failure(const Status& status) {
    std::lock_guard lock(mu_);
    if (!error_) error_ = "writing to the store failed: " + status.message();
    failed_.store(true, std::memory_order_release);
  }

  std::vector<FileSummary>& files_;
  std::mutex mu_;
  std::optional<std::string> error_;  // GUARDED_BY(mu_)
  std::atomic<bool> failed_{false};
  std::atomic<std::uint64_t> stored_{0};
  storage::BatchedWriter writer_;  // last: its thread starts after everything above
};

// Collects what a reader finds into batches and counts, and reports progress.
class BatchingSink final : public RecordSink {
 public:
  BatchingSink(const ImportOptions& options, ImportWriter& writer, ProgressReporter& progress,
               ProgressSnapshot& snapshot, Clock::time_point start)
      : options_(options),
        writer_(writer),
        progress_(progress),
        snapshot_(snapshot),
        start_(start) {}

  // Starts a new file: counts go to `file`, whose first byte is at `bytes_before`.
  void begin_file(std::size_t index, FileSummary* file, std::uint64_t bytes_before) {
    file_index_ = index;
    file_ = file;
    bytes_before_ = bytes_before;
  }

  // Hands the current batch to the writer.
  void flush() {
    if (batch_.empty()) return;
    writer_.submit(batch_, file_index_);
    batch_.messages.reserve(options_.batch_size);
  }

  void on_message(ChatMessage&& message, const RecordPosition&) override {
    ++file_->messages_read;
    ++snapshot_.records_read;
    batch_.messages.push_back(std::move(message));
    if (batch_.messages.size() + batch_.moderation.size() >= options_.batch_size) flush();
  }

  void on_moderation(ModerationEvent&& event, const RecordPosition&) override {
    ++file_->moderation_read;
    ++snapshot_.records_read;
    batch_.moderation.push_back(std::move(event));
    if (batch_.messages.size() + batch_.moderation.size() >= options_.batch_size) flush();
  }

  void on_not_chat(const RecordPosition&) override { ++file_->not_chat; }

  void on_skipped(const RecordPosition& where, std::string reason) override {
    ++file_->skipped;
    if (file_->skipped_records.size() < options_.max_skipped_listed) {
      file_->skipped_records.push_back({where, std::move(reason)});
    }
  }

  void on_consumed(std::uint64_t bytes) override {
    snapshot_.bytes_done = bytes_before_ + bytes;
    snapshot_.stored = writer_.stored();
    snapshot_.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    progress_.on_progress(snapshot_);
  }

  bool stopped() const override { return writer_.failed() || cancelled(); }

  bool cancelled() const {
    return options_.cancel != nullptr && options_.cancel->load(std::memory_order_relaxed);
  }

 private:
  const ImportOptions& options_;
  ImportWriter& writer_;
  ProgressReporter& progress_;
  ProgressSnapshot& snapshot_;
  const Clock::time_point start_;
  std::size_t file_index_ = 0;
  FileSummary* file_ = nullptr;
  std::uint64_t bytes_before_ = 0;
  storage::EventBatch batch_;
};

}  // namespace

Result<ImportSummary> run_import(const std::vector<std::string>& files,
                                 const ImportOptions& options, Store& store,
                                 ProgressReporter& progress) {
  const Clock::time_point start = Clock::now();
  ImportOptions effective = options;
  if (effective.batch_size == 0) effective.batch_size = 1;

  std::vector<PreparedFile> prepared;
  prepared.reserve(files.size());
  std::uint64_t bytes_total = 0;
  for (const std::string& path : files) {
    Result<PreparedFile> file = prepare(path, effective);
    if (!file.is_ok()) return file.status();
    bytes_total += file->mapping->bytes().size();
    prepared.push_back(std::move(file.value()));
  }

  ImportSummary summary;
  summary.files.resize(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    summary.files[i].path = files[i];
    summary.files[i].format = prepared[i].format;
    summary.files[i].bytes = prepared[i].mapping->bytes().size();
  }

  progress.on_start(files.size(), bytes_total);
  ProgressSnapshot snapshot;
  snapshot.file_count = files.size();
  snapshot.bytes_total = bytes_total;

  ReadOptions read_options;
  read_options.channel = effective.channel;

  ImportWriter writer(store, effective.batch_size, summary.files);
  BatchingSink sink(effective, writer, progress, snapshot, start);
  std::uint64_t bytes_before = 0;
  for (std::size_t i = 0; i < prepared.size() && !writer.failed() && !sink.cancelled(); ++i) {
    FileSummary& file = summary.files[i];
    snapshot.file_index = i;
    snapshot.path = file.path;
    snapshot.bytes_done = bytes_before;
    progress.on_file_start(snapshot, file.format);
    sink.begin_file(i, &file, bytes_before);
    if (!prepared[i].blank) {
      read_records(file.format, prepared[i].mapping->bytes(), read_options, sink);
    }
    sink.flush();
    writer.flush();
    prepared[i].mapping.reset();
    bytes_before += file.bytes;
    snapshot.bytes_done = bytes_before;
    snapshot.stored = writer.stored();
    snapshot.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!writer.failed()) {
      progress.on_progress(snapshot);
      progress.on_file_done(file);
    }
  }
  if (std::optional<std::string> error = writer.finish()) return Status::error(*error);
  summary.interrupted = sink.cancelled();
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  progress.on_finish(summary);
  return summary;
}

}  // namespace pererecos::importers
