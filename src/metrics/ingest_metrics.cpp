#include "metrics/ingest_metrics.h"

namespace pererecos::metrics {
namespace {

constexpr std::string_view kConnected = "pererecos_chat_connected";
constexpr std::string_view kConnectedHelp =
    "1 while the chat connection of the channel is joined and reading, else 0.";
constexpr std::string_view kReceived = "pererecos_chat_messages_received_total";
constexpr std::string_view kReceivedHelp = "Chat messages read from the live chat.";
constexpr std::string_view kErrors = "pererecos_chat_errors_total";
constexpr std::string_view kErrorsHelp = "Chat connection errors by kind.";
constexpr std::string_view kReconnects = "pererecos_chat_reconnects_total";
constexpr std::string_view kReconnectsHelp = "Chat reconnections.";

Labels channel_label(std::string_view channel) { return {{"channel", std::string(channel)}}; }

double seconds(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

ChatMetrics::ChatMetrics(Registry& registry) : registry_(registry) {}

void ChatMetrics::set_connected(std::string_view channel, bool connected) {
  registry_.gauge(kConnected, kConnectedHelp, channel_label(channel)).set(connected ? 1 : 0);
}

Counter& ChatMetrics::messages_received(std::string_view channel) {
  return registry_.counter(kReceived, kReceivedHelp, channel_label(channel));
}

void ChatMetrics::error(std::string_view channel, std::string_view kind) {
  registry_.counter(kErrors, kErrorsHelp, {{"channel", std::string(channel)}, {"kind", std::string(kind)}})
      .inc();
}

void ChatMetrics::reconnected(std::string_view channel) {
  registry_.counter(kReconnects, kReconnectsHelp, channel_label(channel)).inc();
}

StoreMetrics::StoreMetrics(Registry& registry)
    : batch_events_(registry.histogram("pererecos_store_batch_events",
                                       "Events per batch committed to the store.",
                                       size_buckets())),
      write_seconds_(registry.histogram("pererecos_store_write_seconds",
                                        "Time to commit one batch to the store.",
                                        latency_buckets_seconds())),
      messages_stored_(registry.counter("pererecos_store_events_total",
                                        "Events written to the store, by kind and result.",
                                        {{"kind", "message"}, {"result", "stored"}})),
      messages_duplicate_(registry.counter("pererecos_store_events_total", "",
                                           {{"kind", "message"}, {"result", "duplicate"}})),
      moderation_stored_(registry.counter("pererecos_store_events_total", "",
                                          {{"kind", "moderation"}, {"result", "stored"}})),
      moderation_duplicate_(registry.counter("pererecos_store_events_total", "",
                                             {{"kind", "moderation"}, {"result", "duplicate"}})),
      write_errors_(registry.counter("pererecos_store_write_errors_total",
                                     "Failed store write attempts (their events are retried).")) {}

void StoreMetrics::committed(std::size_t events, std::uint64_t messages_stored,
                             std::uint64_t messages_duplicate, std::uint64_t moderation_stored,
                             std::uint64_t moderation_duplicate,
                             std::chrono::nanoseconds duration) {
  batch_events_.observe(static_cast<double>(events));
  write_seconds_.observe(seconds(duration));
  messages_stored_.inc(messages_stored);
  messages_duplicate_.inc(messages_duplicate);
  moderation_stored_.inc(moderation_stored);
  moderation_duplicate_.inc(moderation_duplicate);
}

void StoreMetrics::write_failed(std::chrono::nanoseconds duration) {
  write_errors_.inc();
  write_seconds_.observe(seconds(duration));
}

ImportMetrics::ImportMetrics(Registry& registry)
    : read_(registry.counter("pererecos_import_records_total",
                             "Records read by imports in this process, by result.",
                             {{"result", "read"}})),
      skipped_(registry.counter("pererecos_import_records_total", "", {{"result", "skipped"}})),
      errors_(registry.counter("pererecos_import_errors_total",
                               "Imports in this process that stopped with an error.")) {}

void ImportMetrics::finished(std::uint64_t records_read, std::uint64_t records_skipped,
                             bool failed) {
  read_.inc(records_read);
  skipped_.inc(records_skipped);
  if (failed) errors_.inc();
}

}  // namespace pererecos::metrics
