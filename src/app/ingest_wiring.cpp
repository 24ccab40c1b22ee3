#include "app/ingest_wiring.h"

#include <utility>

#include "app/backfill_wiring.h"

namespace pererecos::app {

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
  ingest->writer_ =
      std::make_unique<storage::BatchedWriter>(*ingest->store_, options, std::move(on_commit));
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
