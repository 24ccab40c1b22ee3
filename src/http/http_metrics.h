// HttpMetrics: the HTTP server's Prometheus metrics (docs/metrics.md).
//   pererecos_http_requests_total{route,status}        answered requests
//   pererecos_http_request_duration_seconds{route}     time in ApiHandler (histogram)
//   pererecos_http_rate_limited_total{route}           requests refused with 429
//   pererecos_http_open_connections                    connections open now
//   pererecos_http_connections_total                   connections accepted
//   pererecos_http_event_stream_clients                GET /api/v1/events streams open now
// `route` is the route's name in router.cpp ("user", "leaderboard", ...) or "unmatched".
// Each (route, status) series is registered on first use and cached in a lock-free slot,
// so recording a request is a few atomic operations. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "http/router.h"
#include "metrics/registry.h"

namespace pererecos::http {

class HttpMetrics {
 public:
  // `registry` must outlive this object.
  explicit HttpMetrics(metrics::Registry& registry);

  // One answered request; `route` is null when no route matched.
  void observe(const Route* route, int status, std::chrono::nanoseconds duration);
  void rate_limited(const Route& route);

  // Held (metrics::GaugeScope) by each session / each event-stream client while open.
  metrics::Gauge& open_connections() { return open_connections_; }
  metrics::Counter& connections_accepted() { return connections_accepted_; }
  metrics::Gauge& event_stream_clients() { return event_stream_clients_; }

  metrics::Registry& registry() { return registry_; }

 private:
  static constexpr int kMinStatus = 100;
  static constexpr int kStatusSlots = 500;  // 100..599
  std::size_t route_index(const Route* route) const;
  std::string_view route_name(std::size_t index) const;

  metrics::Registry& registry_;
  const std::size_t route_count_;  // routes().size(); index route_count_ = "unmatched"
  std::vector<metrics::Histogram*> durations_;  // per route index, registered up front
  std::unique_ptr<std::atomic<metrics::Counter*>[]> requests_;  // [route][status slot]
  std::unique_ptr<std::atomic<metrics::Counter*>[]> limited_;   // [route]
  metrics::Gauge& open_connections_;
  metrics::Counter& connections_accepted_;
  metrics::Gauge& event_stream_clients_;
};

}  // namespace pererecos::http
