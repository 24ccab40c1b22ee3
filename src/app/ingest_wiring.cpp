#include "app/ingest_wiring.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>
#include <utility>

#include "app/backfill_wiring.h"

namespace pererecos::app {
namespace {

// Wraps the commit callback (writer thread only) with one log line when the store starts
// failing and one when it recovers, not one per retry.
storage::BatchedWriter::CommitCallback log_store_state(
    storage::BatchedWriter::CommitCallback next) {
  struct State {
    std::uint64_t failures = 0;
    std::chrono::steady_clock::time_point since{};
  };
  auto state = std::make_shared<State>();
  return [state, next = std::move(next)](const storage::CommitReport& report) {
    if (!report.status.is_ok()) {
      if (state->failures++ == 0) {
        state->since = std::chrono::steady_clock::now();
        spdlog::error("ingest: storing failed ({}); buffering up to INGEST_BUFFER_BYTES, then "
                      "chat reading pauses; retrying until the store recovers",
                      report.status.message());
      }
    } else if (state->failures > 0) {
      spdlog::info("ingest: the store recovered after {} failed attempts ({:.1f} s)",
                   state->failures,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - state->since)
                       .count());
      state->failures = 0;
    }
    if (next) next(report);
  };
}

}  // namespace

Result<std::unique_ptr<Ingest>> Ingest::open(const Config& config,
                                             storage::BatchedWriter::CommitCallback on_commit) {
  auto store = open_store(config.database_url);
  if (!store.is_ok()) return store.status();
  std::unique_ptr<Ingest> ingest(new Ingest());
  ingest->store_ = std::move(store.value());
  storage::BatchedWriterOptions options;
  options.max_buffered_bytes = static_cast<std::size_t>(config.ingest_buffer_bytes);
  // Under a burst, groups of up to 8,192 events: a commit rewrites the B-tree's interior
  // pages into the WAL, so 1,000-event groups spent most of the writer's time there
  // (docs/performance.md). At ordinary rates the 200 ms delay still closes the group.
  options.max_batch_events = 8192;
  ingest->writer_ = std::make_unique<storage::BatchedWriter>(
      *ingest->store_, options, log_store_state(std::move(on_commit)));
  ingest->backfiller_ =
      make_backfiller(config.recent_messages_url,
                      std::chrono::milliseconds(config.recent_messages_timeout_ms), *ingest->writer_);
  return ingest;
}

Ingest::~Ingest() { close(); }

void Ingest::start(const std::vector<std::string>& channels) {
  for (const std::string& channel : channels) on_joined(channel);
}

void Ingest::on_joined(const std::string& channel) {
  if (backfiller_) backfiller_->request(channel);  // null once closed
}

IngestHealth Ingest::health() const {
  IngestHealth h;
  h.queue = writer_->stats();
  h.state = writer_->state_text();
  h.store_ok = !h.queue.stalled && !h.queue.given_up;
  if (Status e = writer_->last_error(); !e.is_ok()) h.last_error = e.message();
  if (backfiller_) h.backfill = backfiller_->results();
  return h;
}

Status Ingest::close() {
  if (!writer_) return Status::ok();
  backfiller_.reset();  // fetches under way finish and are queued first
  Status s = writer_->close();
  return s;
}

}  // namespace pererecos::app
