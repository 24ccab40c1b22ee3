// EventHub: the bookkeeping of GET /api/v1/events (Server-Sent Events). It bounds the
// number of concurrent event-stream clients and tells each stream the channel's change
// counter (StatsReader::change_count). The streaming itself is event_stream.h.
//
// A client holds an EventSubscription for as long as its stream is open; the slot is
// given back when the subscription is destroyed. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "stats/stats_reader.h"

namespace pererecos::http {

struct EventStreamOptions {
  // EVENTS_MAX_CLIENTS: open streams at most; one more gets 503 with Retry-After.
  std::size_t max_clients = 100;
  // A comment line (": heartbeat") after this long without any write, so that proxies
  // and the browser see the stream alive.
  std::chrono::milliseconds heartbeat{15'000};
  // At most one "stats" event per this interval per client.
  std::chrono::milliseconds min_interval{1'000};
  // How often each stream looks at the change counter.
  std::chrono::milliseconds poll_interval{250};
  // A client that does not take one event (or heartbeat) within this time is dropped;
  // only one event is ever pending per client, so a slow reader costs one small buffer.
  std::chrono::milliseconds write_timeout{10'000};
  // The browser's reconnection delay (the stream's "retry:" field).
  std::chrono::milliseconds retry{3'000};
};

class EventHub;

// One open stream's slot and channel.
class EventSubscription {
 public:
  EventSubscription(const EventHub& hub, std::string channel) : hub_(hub), channel_(std::move(channel)) {}
  ~EventSubscription();
  EventSubscription(const EventSubscription&) = delete;
  EventSubscription& operator=(const EventSubscription&) = delete;

  const std::string& channel() const { return channel_; }
  // The channel's change counter now.
  std::uint64_t change_count() const;
  const EventStreamOptions& options() const;

 private:
  const EventHub& hub_;
  std::string channel_;
};

class EventHub {
 public:
  // `stats` must outlive the hub, and the hub every subscription.
  EventHub(const stats::StatsReader& stats, EventStreamOptions options)
      : stats_(stats), options_(options) {}

  // A subscription to `channel` (already resolved), or nullptr when max_clients streams
  // are open.
  std::shared_ptr<EventSubscription> subscribe(std::string channel) const;

  std::size_t clients() const { return clients_.load(); }
  const EventStreamOptions& options() const { return options_; }

 private:
  friend class EventSubscription;
  const stats::StatsReader& stats_;
  EventStreamOptions options_;
  mutable std::atomic<std::size_t> clients_{0};
};

}  // namespace pererecos::http
