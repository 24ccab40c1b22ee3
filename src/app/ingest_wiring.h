// The one ingest path of `serve` (and the live demo): a Store connection used for writing
// only, the BatchedWriter in front of it (bounded by INGEST_BUFFER_BYTES), and the
// recent-messages Backfiller feeding it. Chat, back-fill and the demo all submit to
// writer(); the engine follows the store (StoreFollower), woken by `on_commit`.
//
// Hooks: serve creates one Ingest after opening the store, calls start() with the
// configured channels, connects the chat sink's on_joined(channel) to on_joined(), shows
// health() in /health, and calls close() on SIGTERM before exiting (everything received
// is stored; exit 0 when close() is ok).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/config.h"
#include "core/result.h"
#include "recent_messages/backfiller.h"
#include "storage/batched_writer.h"
#include "storage/store.h"

namespace pererecos::app {

struct IngestHealth {
  std::string state;  // BatchedWriter::state_text(): "ok" or "store stalled (...), N bytes buffered"
  bool store_ok = true;  // false while stalled or given up
  std::string last_error;  // the last write failure; empty when the last write succeeded
  storage::BatchedWriterStats queue;
  std::vector<recent_messages::BackfillStatus> backfill;  // per channel
};

class Ingest {
 public:
  // Opens a writing connection to config.database_url. `on_commit` (may be empty) runs on
  // the writer thread after every write attempt (e.g. to wake the engine's follower).
  static Result<std::unique_ptr<Ingest>> open(const Config& config,
                                              storage::BatchedWriter::CommitCallback on_commit = {});
  ~Ingest();

  storage::BatchedWriter& writer() { return *writer_; }
  // Back-fills every channel in `channels` (at start).
  void start(const std::vector<std::string>& channels);
  // After every (re)join of `channel` by the chat connection: back-fill it.
  void on_joined(const std::string& channel);
  IngestHealth health() const;
  // Stops the back-fill, then stores everything queued (retrying a stalled store for a
  // few seconds). Ok when nothing was lost. Idempotent.
  Status close();

 private:
  Ingest() = default;
  std::unique_ptr<Store> store_;
  std::unique_ptr<storage::BatchedWriter> writer_;
  std::unique_ptr<recent_messages::Backfiller> backfiller_;
};

}  // namespace pererecos::app
