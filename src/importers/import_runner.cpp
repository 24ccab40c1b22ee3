#include "importers/import_runner.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "importers/batch_pipe_internal.h"
#include "importers/mapped_file.h"
#include "importers/readers.h"

namespace pererecos::importers {
namespace {

using internal::Batch;
using internal::BatchPipe;
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

// Owns the writing thread: takes batches from the pipe and writes them to the store,
// adding the counts to the file summaries.
class StoreWriter {
 public:
  StoreWriter(Store& store, BatchPipe& pipe, std::vector<FileSummary>& files)
      : store_(store), pipe_(pipe), files_(files), thread_([this] { run(); }) {}

  ~StoreWriter() {
    pipe_.close();
    if (thread_.joinable()) thread_.join();
  }

  // Joins the thread; the error of the first failed write, if any.
  std::optional<std::string> finish() {
    pipe_.close();
    if (thread_.joinable()) thread_.join();
    return error_;
  }

  bool failed() const { return failed_.load(std::memory_order_acquire); }
  std::uint64_t stored() const { return stored_.load(std::memory_order_relaxed); }

 private:
  void run() {
    Batch batch;
    while (pipe_.pop(&batch)) {
      Result<WriteCounts> counts = store_.write(batch.messages, batch.moderation);
      if (!counts.is_ok()) {
        error_ = "writing to the store failed: " + counts.error();
        failed_.store(true, std::memory_order_release);
        pipe_.done();
        pipe_.cancel();
        return;
      }
      {
        // files_ entries are only read by the parsing thread after wait_idle().
        FileSummary& file = files_[batch.file_index];
        file.messages_stored += counts->messages_stored;
        file.messages_duplicate += counts->messages_duplicate;
        file.moderation_stored += counts->moderation_stored;
        file.moderation_duplicate += counts->moderation_duplicate;
      }
      stored_.fetch_add(counts->messages_stored + counts->moderation_stored,
                        std::memory_order_relaxed);
      pipe_.recycle(std::move(batch));
      batch = Batch();
      pipe_.done();
    }
  }

  Store& store_;
  BatchPipe& pipe_;
  std::vector<FileSummary>& files_;
  std::optional<std::string> error_;
  std::atomic<bool> failed_{false};
  std::atomic<std::uint64_t> stored_{0};
  std::thread thread_;  // last: starts after everything above is constructed
};

// Collects what a reader finds into batches and counts, and reports progress.
class BatchingSink final : public RecordSink {
 public:
  BatchingSink(const ImportOptions& options, BatchPipe& pipe, const StoreWriter& writer,
               ProgressReporter& progress, ProgressSnapshot& snapshot, Clock::time_point start)
      : options_(options),
        pipe_(pipe),
        writer_(writer),
        progress_(progress),
        snapshot_(snapshot),
        start_(start) {}

  // Starts a new file: counts go to `file`, whose first byte is at `bytes_before`.
  void begin_file(std::size_t index, FileSummary* file, std::uint64_t bytes_before) {
    file_index_ = index;
    file_ = file;
    bytes_before_ = bytes_before;
    reset_batch();
  }

  // Hands the current batch to the writer.
  void flush() {
    if (batch_.empty()) return;
    pipe_.push(std::move(batch_));
    reset_batch();
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
  void reset_batch() {
    Batch recycled;
    if (pipe_.take_recycled(&recycled)) {
      recycled.messages.clear();  // the strings are freed here, off the writing thread
      recycled.moderation.clear();
      batch_ = std::move(recycled);
    } else {
      batch_ = Batch();
    }
    batch_.file_index = file_index_;
    batch_.messages.reserve(options_.batch_size);
  }

  const ImportOptions& options_;
  BatchPipe& pipe_;
  const StoreWriter& writer_;
  ProgressReporter& progress_;
  ProgressSnapshot& snapshot_;
  const Clock::time_point start_;
  std::size_t file_index_ = 0;
  FileSummary* file_ = nullptr;
  std::uint64_t bytes_before_ = 0;
  Batch batch_;
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

  BatchPipe pipe(/*capacity=*/2);
  StoreWriter writer(store, pipe, summary.files);
  BatchingSink sink(effective, pipe, writer, progress, snapshot, start);
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
    pipe.wait_idle();
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
