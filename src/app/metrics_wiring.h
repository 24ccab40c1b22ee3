// Glue between producers and their metric groups, for code that creates a BatchedWriter
// (the live chat's store writer) in `serve`.
#pragma once

#include <utility>

#include "metrics/ingest_metrics.h"
#include "storage/batched_writer.h"

namespace pererecos::app {

// A commit callback that records each commit in `metrics` (batch size, latency, stored
// and duplicate counts, failures) and then calls `next` (may be empty).
//   storage::BatchedWriter writer(store, options,
//                                 with_store_metrics(serve_metrics.store(), on_commit));
inline storage::BatchedWriter::CommitCallback with_store_metrics(
    metrics::StoreMetrics& metrics, storage::BatchedWriter::CommitCallback next = {}) {
  return [&metrics, next = std::move(next)](const storage::CommitReport& report) {
    if (report.status) {
      metrics.committed(report.events, report.counts.messages_stored,
                        report.counts.messages_duplicate, report.counts.moderation_stored,
                        report.counts.moderation_duplicate, report.duration);
    } else {
      metrics.write_failed(report.duration);
    }
    if (next) next(report);
  };
}

}  // namespace pererecos::app
