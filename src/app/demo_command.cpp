#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "app/demo_dataset.h"
#include "core/clock.h"
#include "core/time_format.h"

namespace pererecos::app {
namespace {

// A dataset older than this is rebuilt, so "today" on the dashboard has chat in it.
constexpr TimestampMs kDemoMaxAgeMs = 6LL * 3600 * 1000;

void print_summary(const DemoDataset& d, const std::string& url) {
  const auto& s = d.summary;
  if (d.reused) {
    std::printf("demo: reusing %s (%llu messages, generated for %s)\n", url.c_str(),
                static_cast<unsigned long long>(s.messages), format_iso8601_ms(d.end_ms).c_str());
    return;
  }
  std::printf(
      "demo: built %s in %.1f s, ending %s\n"
      "  %llu messages from %llu chatters in %llu streams; %llu replies, %llu bot messages,\n"
      "  %llu renamed users; moderation: %llu timeouts, %llu bans, %llu deleted messages\n",
      url.c_str(), d.build_seconds, format_iso8601_ms(d.end_ms).c_str(),
      static_cast<unsigned long long>(s.messages),
      static_cast<unsigned long long>(s.distinct_chatters),
      static_cast<unsigned long long>(s.streams), static_cast<unsigned long long>(s.replies),
      static_cast<unsigned long long>(s.bot_messages),
      static_cast<unsigned long long>(s.renamed_users),
      static_cast<unsigned long long>(s.timeouts), static_cast<unsigned long long>(s.bans),
      static_cast<unsigned long long>(s.deletions));
}

}  // namespace

int run_demo_command(const Config& config, const DemoCommandOptions& options) {
  const TimestampMs now = config.now ? *config.now : SystemClock().now_ms();
  // A frozen clock reproduces one dataset exactly; a live one reuses a fresh dataset.
  const TimestampMs max_age = config.now ? 0 : kDemoMaxAgeMs;
  auto dataset = ensure_demo_dataset(config.database_url, now, max_age);
  if (!dataset) {
    std::cerr << "pererecos-stats demo: " << dataset.error() << "\n";
    return 1;
  }
  print_summary(*dataset, config.database_url);
  std::fflush(stdout);
  (void)options;
  return 0;
}

}  // namespace pererecos::app
