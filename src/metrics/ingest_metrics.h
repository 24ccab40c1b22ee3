// The metrics of getting messages in: from the live chat (src/twitch), into the store
// (a BatchedWriter's commits), and from the store into the engine (the follower). Each
// class registers its families on construction, so /metrics shows them (at zero) even
// before a producer runs. Thread-safe like Registry; the per-channel lookups take the
// registry's mutex, so a hot producer keeps the returned Counter& instead.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "metrics/registry.h"

namespace pererecos::metrics {

// Live chat, per channel (producer: the Twitch chat session).
//   pererecos_chat_connected{channel}             1 while joined and reading, else 0
//   pererecos_chat_messages_received_total{channel}  messages read from chat
//   pererecos_chat_errors_total{channel,kind}     e.g. kind="connect", "timeout", "parse"
//   pererecos_chat_reconnects_total{channel}
class ChatMetrics {
 public:
  explicit ChatMetrics(Registry& registry);
  void set_connected(std::string_view channel, bool connected);
  Counter& messages_received(std::string_view channel);
  void error(std::string_view channel, std::string_view kind);
  void reconnected(std::string_view channel);

 private:
  Registry& registry_;
};

// Writes to the store (producer: a BatchedWriter's commit callback, see
// app/metrics_wiring.h).
//   pererecos_store_batch_events         histogram of events per committed batch
//   pererecos_store_write_seconds        histogram of the commit latency
//   pererecos_store_events_total{kind,result}  kind=message|moderation, result=stored|duplicate
//   pererecos_store_write_errors_total   failed write attempts (retried)
class StoreMetrics {
 public:
  explicit StoreMetrics(Registry& registry);
  // One successful commit of `events` events.
  void committed(std::size_t events, std::uint64_t messages_stored,
                 std::uint64_t messages_duplicate, std::uint64_t moderation_stored,
                 std::uint64_t moderation_duplicate, std::chrono::nanoseconds duration);
  void write_failed(std::chrono::nanoseconds duration);

 private:
  Histogram& batch_events_;
  Histogram& write_seconds_;
  Counter& messages_stored_;
  Counter& messages_duplicate_;
  Counter& moderation_stored_;
  Counter& moderation_duplicate_;
  Counter& write_errors_;
};

// Imports (producer: an import run in this process, e.g. a back-fill).
//   pererecos_import_records_total{result}  result=read|skipped
//   pererecos_import_errors_total           runs that stopped with an error
class ImportMetrics {
 public:
  explicit ImportMetrics(Registry& registry);
  void finished(std::uint64_t records_read, std::uint64_t records_skipped, bool failed);

 private:
  Counter& read_;
  Counter& skipped_;
  Counter& errors_;
};

}  // namespace pererecos::metrics
