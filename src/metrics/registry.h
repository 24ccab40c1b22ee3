// Registry: owns every metric of the process and renders them in the Prometheus text
// exposition format (version 0.0.4) for GET /metrics.
//
//   metrics::Registry registry;
//   metrics::Counter& stored =
//       registry.counter("pererecos_messages_stored_total", "Messages stored.", {{"channel", c}});
//   stored.inc();                 // hot path: keep the reference, no lookup
//   std::string text = registry.render();
//
// A metric is a family (name, help, kind) with one series per distinct label set. Asking
// again for the same name and labels returns the same object, so producers need not
// coordinate. References stay valid for the registry's lifetime.
//
// Thread safety: every method may be called from any thread. Registration and render()
// take a mutex; updating a returned metric never does.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/metric_types.h"

namespace pererecos::metrics {

// Label name → value pairs, e.g. {{"route", "user"}, {"status", "200"}}. Names must match
// [a-zA-Z_][a-zA-Z0-9_]*; values are any UTF-8 (escaped when rendered).
using Labels = std::vector<std::pair<std::string, std::string>>;

// One sample of a metric computed at scrape time.
struct Sample {
  Labels labels;
  double value = 0;
};

enum class Kind { kCounter, kGauge, kHistogram };

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // REQUIRES (for all four): `name` matches [a-zA-Z_:][a-zA-Z0-9_:]*, counters end in
  // "_total", and a name is always registered with the same kind (a mismatch is a
  // programming error: the process aborts with a message naming the metric).
  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  // `upper_bounds` ascending; the first registration of a series fixes them.
  Histogram& histogram(std::string_view name, std::string_view help,
                       std::span<const double> upper_bounds, const Labels& labels = {});

  // A family whose samples `collect` computes at each render() (resident memory, engine
  // users per channel, uptime). `collect` runs on the scraping thread, under the
  // registry's mutex: it must be thread-safe and must not call this registry. `kind` is
  // kGauge or kCounter.
  void collector(std::string_view name, std::string_view help, Kind kind,
                 std::function<std::vector<Sample>()> collect);

  // Every family, sorted by name, in the text exposition format.
  std::string render() const;

 private:
  struct Series {
    Labels labels;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  struct Family {
    Kind kind = Kind::kGauge;
    std::string help;
    std::map<std::string, Series> series;  // by rendered label set
    std::function<std::vector<Sample>()> collect;
  };
  // REQUIRES: mutex_ held.
  Series& series_locked(std::string_view name, std::string_view help, Kind kind,
                        const Labels& labels);

  mutable std::mutex mutex_;
  std::map<std::string, Family, std::less<>> families_;  // GUARDED_BY(mutex_)
};

// `{a="x",b="y"}` (empty for no labels), values escaped as the format wants.
std::string render_labels(const Labels& labels);
// A sample value: integers exactly, others in the shortest round-trip form; +Inf, NaN.
std::string format_value(double value);

}  // namespace pererecos::metrics
