// metrics::Registry and the metric types: the text exposition format, label escaping,
// one object per (name, labels), exact counts under concurrent updates.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "metrics/process_metrics.h"
#include "metrics/registry.h"

namespace pererecos::metrics {
namespace {

TEST(MetricsRegistry, RendersCountersAndGaugesWithHelpAndType) {
  Registry r;
  r.counter("app_hits_total", "Hits.", {{"route", "user"}}).inc(3);
  r.gauge("app_open", "Open now.").set(-2);
  EXPECT_EQ(r.render(),
            "# HELP app_hits_total Hits.\n# TYPE app_hits_total counter\n"
            "app_hits_total{route=\"user\"} 3\n"
            "# HELP app_open Open now.\n# TYPE app_open gauge\napp_open -2\n");
}

TEST(MetricsRegistry, SameNameAndLabelsIsTheSameObject) {
  Registry r;
  Counter& a = r.counter("x_total", "X.", {{"channel", "nymn"}});
  Counter& b = r.counter("x_total", "ignored the second time", {{"channel", "nymn"}});
  Counter& c = r.counter("x_total", "", {{"channel", "forsen"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
  a.inc();
  b.inc();
  EXPECT_EQ(c.value(), 0u);
  const std::string text = r.render();
  EXPECT_NE(text.find("x_total{channel=\"nymn\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("x_total{channel=\"forsen\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# HELP x_total X.\n"), std::string::npos) << text;
}

TEST(MetricsRegistry, EscapesLabelValuesAndHelp) {
  Registry r;
  r.gauge("g", "a \\ b\nc", {{"v", "quote\" back\\ nl\n"}}).set(1);
  const std::string text = r.render();
  EXPECT_NE(text.find("# HELP g a \\\\ b\\nc\n"), std::string::npos) << text;
  EXPECT_NE(text.find("g{v=\"quote\\\" back\\\\ nl\\n\"} 1\n"), std::string::npos) << text;
}

TEST(MetricsRegistry, HistogramBucketsAreCumulativeWithSumAndCount) {
  Registry r;
  const double bounds[] = {0.001, 0.01, 1};
  Histogram& h = r.histogram("lat_seconds", "Latency.", bounds, {{"route", "a"}});
  h.observe(0.0005);
  h.observe(0.001);  // on a bound: counted in that bucket (le = less or equal)
  h.observe(0.5);
  h.observe(7);
  const std::string text = r.render();
  EXPECT_NE(text.find("lat_seconds_bucket{route=\"a\",le=\"0.001\"} 2\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("lat_seconds_bucket{route=\"a\",le=\"0.01\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{route=\"a\",le=\"1\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{route=\"a\",le=\"+Inf\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_sum{route=\"a\"} 7.5015\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_seconds_count{route=\"a\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE lat_seconds histogram\n"), std::string::npos);
}

TEST(MetricsRegistry, CollectorsAreAskedAtEachRender) {
  Registry r;
  int calls = 0;
  r.collector("users", "Users.", Kind::kGauge, [&] {
    ++calls;
    return std::vector<Sample>{{{{"channel", "a"}}, 5}, {{{"channel", "b"}}, 0.25}};
  });
  const std::string text = r.render();
  EXPECT_NE(text.find("users{channel=\"a\"} 5\nusers{channel=\"b\"} 0.25\n"), std::string::npos)
      << text;
  r.render();
  EXPECT_EQ(calls, 2);
}

TEST(MetricsRegistry, ConcurrentUpdatesAreExact) {
  Registry r;
  const double bounds[] = {1, 2};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&r, &bounds, t] {
      for (int i = 0; i < 20000; ++i) {
        r.counter("c_total", "C.", {{"t", std::to_string(i % 2)}}).inc();
        r.histogram("h", "H.", bounds).observe(t);
        r.gauge("g", "G.").add(i % 2 == 0 ? 1 : -1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(r.counter("c_total", "", {{"t", "0"}}).value(), 40000u);
  EXPECT_EQ(r.counter("c_total", "", {{"t", "1"}}).value(), 40000u);
  Histogram& h = r.histogram("h", "", bounds);
  EXPECT_EQ(h.count(), 80000u);
  EXPECT_EQ(h.bucket(0), 40000u);  // observations 0 and 1
  EXPECT_EQ(h.bucket(1), 20000u);  // 2
  EXPECT_EQ(h.bucket(2), 20000u);  // 3 -> +Inf
  EXPECT_DOUBLE_EQ(h.sum(), 20000.0 * (0 + 1 + 2 + 3));
  EXPECT_EQ(r.gauge("g", "").value(), 0);
}

TEST(MetricsFormat, Values) {
  EXPECT_EQ(format_value(0), "0");
  EXPECT_EQ(format_value(123456789012), "123456789012");
  EXPECT_EQ(format_value(0.0001), "0.0001");
  EXPECT_EQ(format_value(2.5), "2.5");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
}

TEST(ProcessMetrics, ResidentMemoryAndBuildInfo) {
  const auto rss = resident_memory_bytes();
  ASSERT_TRUE(rss.has_value());
  EXPECT_GT(*rss, 1u << 20);  // a test binary takes more than 1 MiB
  Registry r;
  register_process_metrics(r, "1.2.3", "abcdef123456");
  const std::string text = r.render();
  EXPECT_NE(text.find("pererecos_build_info{version=\"1.2.3\",commit=\"abcdef123456\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nprocess_resident_memory_bytes "), std::string::npos);
  EXPECT_NE(text.find("\npererecos_uptime_seconds "), std::string::npos);
}

}  // namespace
}  // namespace pererecos::metrics
