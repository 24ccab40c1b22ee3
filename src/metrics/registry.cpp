#include "metrics/registry.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace pererecos::metrics {
namespace {

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kCounter:
      return "counter";
    case Kind::kGauge:
      return "gauge";
    case Kind::kHistogram:
      return "histogram";
  }
  return "untyped";
}

void append_escaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else {
      out.push_back(c);
    }
  }
}

void append_sample(std::string& out, std::string_view name, std::string_view suffix,
                   const std::string& labels, double value) {
  out.append(name);
  out.append(suffix);
  out += labels;
  out.push_back(' ');
  out += format_value(value);
  out.push_back('\n');
}

// `labels` with one more label (the histogram's `le`) at the end.
std::string with_le(const Labels& labels, double bound) {
  Labels extended = labels;
  extended.emplace_back("le", format_value(bound));
  return render_labels(extended);
}

}  // namespace

std::string render_labels(const Labels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += labels[i].first;
    out += "=\"";
    append_escaped(out, labels[i].second, true);
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 9.007199254740992e15) {
    return std::to_string(static_cast<long long>(value));
  }
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general);
  return std::string(buffer, result.ptr);
}

Registry::Series& Registry::series_locked(std::string_view name, std::string_view help,
                                          Kind kind, const Labels& labels) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{}).first;
    it->second.kind = kind;
    it->second.help = std::string(help);
  } else if (it->second.kind != kind || it->second.collect) {
    std::fprintf(stderr, "metrics: %.*s registered twice with different kinds\n",
                 static_cast<int>(name.size()), name.data());
    std::abort();
  }
  Series& series = it->second.series[render_labels(labels)];
  if (series.labels.empty()) series.labels = labels;
  return series;
}

Counter& Registry::counter(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  Series& series = series_locked(name, help, Kind::kCounter, labels);
  if (!series.counter) series.counter = std::make_unique<Counter>();
  return *series.counter;
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  Series& series = series_locked(name, help, Kind::kGauge, labels);
  if (!series.gauge) series.gauge = std::make_unique<Gauge>();
  return *series.gauge;
}

Histogram& Registry::histogram(std::string_view name, std::string_view help,
                               std::span<const double> upper_bounds, const Labels& labels) {
  std::lock_guard lock(mutex_);
  Series& series = series_locked(name, help, Kind::kHistogram, labels);
  if (!series.histogram) series.histogram = std::make_unique<Histogram>(upper_bounds);
  return *series.histogram;
}

void Registry::collector(std::string_view name, std::string_view help, Kind kind,
                         std::function<std::vector<Sample>()> collect) {
  std::lock_guard lock(mutex_);
  if (families_.count(name) != 0) {
    std::fprintf(stderr, "metrics: %.*s registered twice\n", static_cast<int>(name.size()),
                 name.data());
    std::abort();
  }
  Family& family = families_[std::string(name)];
  family.kind = kind;
  family.help = std::string(help);
  family.collect = std::move(collect);
}

std::string Registry::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out.reserve(16 * 1024);
  for (const auto& [name, family] : families_) {
    out += "# HELP ";
    out += name;
    out.push_back(' ');
    append_escaped(out, family.help, false);
    out += "\n# TYPE ";
    out += name;
    out.push_back(' ');
    out += kind_name(family.kind);
    out.push_back('\n');
    if (family.collect) {
      for (const Sample& sample : family.collect()) {
        append_sample(out, name, "", render_labels(sample.labels), sample.value);
      }
      continue;
    }
    for (const auto& [label_text, series] : family.series) {
      if (series.counter) {
        append_sample(out, name, "", label_text, static_cast<double>(series.counter->value()));
      } else if (series.gauge) {
        append_sample(out, name, "", label_text, static_cast<double>(series.gauge->value()));
      } else if (series.histogram) {
        const Histogram& h = *series.histogram;
        // Read the buckets first: the count printed is their sum, so the +Inf bucket and
        // _count agree even while observations arrive.
        std::uint64_t cumulative = 0;
        const auto bounds = h.upper_bounds();
        for (std::size_t i = 0; i < bounds.size(); ++i) {
          cumulative += h.bucket(i);
          append_sample(out, name, "_bucket", with_le(series.labels, bounds[i]),
                        static_cast<double>(cumulative));
        }
        cumulative += h.bucket(bounds.size());
        append_sample(out, name, "_bucket",
                      with_le(series.labels, std::numeric_limits<double>::infinity()),
                      static_cast<double>(cumulative));
        append_sample(out, name, "_sum", label_text, h.sum());
        append_sample(out, name, "_count", label_text, static_cast<double>(cumulative));
      }
    }
  }
  return out;
}

}  // namespace pererecos::metrics
