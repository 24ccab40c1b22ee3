// The three Prometheus metric kinds as lock-free values: Counter, Gauge, Histogram.
// Every update is one or a few relaxed atomic operations, cheap enough for hot paths
// (a request, a stored batch); reads (a scrape) see each value whole, not a consistent
// snapshot across values. Obtain them from a metrics::Registry, which owns them and keeps
// them at a stable address for its lifetime.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace pererecos::metrics {

// Only goes up. Thread-safe.
class Counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// Goes up and down (open connections, a 0/1 state). Thread-safe.
class Gauge {
 public:
  void set(std::int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void add(std::int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Adds 1 to a gauge while alive (e.g. an open connection). A null gauge does nothing.
class GaugeScope {
 public:
  explicit GaugeScope(Gauge* gauge) : gauge_(gauge) {
    if (gauge_ != nullptr) gauge_->add(1);
  }
  ~GaugeScope() {
    if (gauge_ != nullptr) gauge_->add(-1);
  }
  GaugeScope(const GaugeScope&) = delete;
  GaugeScope& operator=(const GaugeScope&) = delete;

 private:
  Gauge* gauge_;
};

// Observations counted into buckets with fixed upper bounds (ascending), plus their sum
// and count. observe() is a short linear scan of the bounds and three atomic adds.
// Thread-safe.
class Histogram {
 public:
  explicit Histogram(std::span<const double> upper_bounds);

  void observe(double value);

  std::span<const double> upper_bounds() const { return bounds_; }
  // Observations in bucket i (value <= bound i and > bound i-1); index bounds().size() is
  // the +Inf bucket. Not cumulative.
  std::uint64_t bucket(std::size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0.0};
};

// Bucket bounds in seconds for request and write latencies: 100 µs to 10 s.
std::span<const double> latency_buckets_seconds();
// Bucket bounds for sizes in events (store batches): 1 to 50,000.
std::span<const double> size_buckets();

}  // namespace pererecos::metrics
