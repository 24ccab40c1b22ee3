#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "app/demo_dataset.h"
#include "app/demo_live.h"
#include "core/clock.h"
#include "core/time_format.h"
#include "demo/demo_emote_set.h"
#include "emotes/parsed_emote_set.h"
#include "emotes/seventv_parser.h"

namespace pererecos::app {
namespace {

// A dataset older than this is rebuilt, so "today" on the dashboard has chat in it.
constexpr TimestampMs kDemoMaxAgeMs = 6LL * 3600 * 1000;

// The demo's 7TV set, served locally: parsed from the built-in document.
std::shared_ptr<const stats::EmoteCatalog> demo_emote_catalog() {
  auto parsed = emotes::parse_seventv_emote_set(demo::demo_emote_set_json());
  if (!parsed) return nullptr;
  auto catalog = std::make_shared<stats::EmoteCatalog>();
  catalog->channel_sets.push_back(emotes::to_emote_set(emotes::kSevenTv, *parsed));
  return catalog;
}

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
  if (!options.serve) return 0;
  ServeOptions serve;
  serve.fixed_catalog_channel = demo::CommunityOptions().channel;
  serve.fixed_catalog = demo_emote_catalog();
  if (!serve.fixed_catalog) {
    std::cerr << "pererecos-stats demo: the built-in 7TV set does not parse\n";
    return 1;
  }
  Config served = config;
  served.chat_enabled = false;  // the demo never reads a live channel
  if (!config.now) {
    // The real clock: the history ends at about now and the community keeps chatting.
    const TimestampMs history_end = dataset->end_ms;
    serve.live_chat = [history_end](storage::BatchedWriter& writer, const std::atomic<bool>& stop) {
      run_demo_live_chat(writer, history_end, stop);
    };
  }
  served.recent_messages_url.clear();  // the demo channel is not on Twitch: no back-fill
  return run_serve(served, serve);
}

}  // namespace pererecos::app
