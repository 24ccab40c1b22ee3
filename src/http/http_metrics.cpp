#include "http/http_metrics.h"

#include <string>

namespace pererecos::http {
namespace {

constexpr std::string_view kRequests = "pererecos_http_requests_total";
constexpr std::string_view kRequestsHelp = "HTTP requests answered, by route and status.";
constexpr std::string_view kLimited = "pererecos_http_rate_limited_total";
constexpr std::string_view kLimitedHelp = "HTTP requests refused by the rate limiter (429).";

}  // namespace

HttpMetrics::HttpMetrics(metrics::Registry& registry)
    : registry_(registry),
      route_count_(routes().size()),
      requests_(std::make_unique<std::atomic<metrics::Counter*>[]>((route_count_ + 1) *
                                                                    kStatusSlots)),
      limited_(std::make_unique<std::atomic<metrics::Counter*>[]>(route_count_ + 1)),
      open_connections_(registry.gauge("pererecos_http_open_connections",
                                       "HTTP connections open now.")),
      connections_accepted_(registry.counter("pererecos_http_connections_total",
                                             "HTTP connections accepted.")),
      event_stream_clients_(registry.gauge("pererecos_http_event_stream_clients",
                                           "Event streams (GET /api/v1/events) open now.")) {
  for (std::size_t i = 0; i <= route_count_; ++i) {
    durations_.push_back(&registry.histogram(
        "pererecos_http_request_duration_seconds",
        "Time to answer an HTTP request in the API handler, by route.",
        metrics::latency_buckets_seconds(), {{"route", std::string(route_name(i))}}));
    limited_[i].store(nullptr);
  }
  for (std::size_t i = 0; i < (route_count_ + 1) * kStatusSlots; ++i) requests_[i].store(nullptr);
  // Present from the start for every limited route, so an alert has a series to read.
  for (std::size_t i = 0; i < route_count_; ++i) {
    if (routes()[i].limit_per_minute > 0) {
      limited_[i].store(&registry.counter(kLimited, kLimitedHelp,
                                          {{"route", std::string(route_name(i))}}));
    }
  }
}

std::size_t HttpMetrics::route_index(const Route* route) const {
  if (route == nullptr) return route_count_;
  const std::size_t index = static_cast<std::size_t>(route - routes().data());
  return index < route_count_ ? index : route_count_;
}

std::string_view HttpMetrics::route_name(std::size_t index) const {
  return index < route_count_ ? routes()[index].name : std::string_view("unmatched");
}

void HttpMetrics::observe(const Route* route, int status, std::chrono::nanoseconds duration) {
  const std::size_t r = route_index(route);
  durations_[r]->observe(std::chrono::duration<double>(duration).count());
  if (status < kMinStatus || status >= kMinStatus + kStatusSlots) status = 500;
  std::atomic<metrics::Counter*>& slot =
      requests_[r * kStatusSlots + static_cast<std::size_t>(status - kMinStatus)];
  metrics::Counter* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    // Two threads may both get here: the registry returns the same counter to both.
    counter = &registry_.counter(kRequests, kRequestsHelp,
                                 {{"route", std::string(route_name(r))},
                                  {"status", std::to_string(status)}});
    slot.store(counter, std::memory_order_release);
  }
  counter->inc();
}

void HttpMetrics::rate_limited(const Route& route) {
  const std::size_t r = route_index(&route);
  metrics::Counter* counter = limited_[r].load(std::memory_order_acquire);
  if (counter == nullptr) {
    counter = &registry_.counter(kLimited, kLimitedHelp, {{"route", std::string(route_name(r))}});
    limited_[r].store(counter, std::memory_order_release);
  }
  counter->inc();
}

}  // namespace pererecos::http
