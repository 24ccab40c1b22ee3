#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#ifdef __GLIBC__
#include <malloc.h>  // malloc_trim
#endif
#include <thread>

#include "app/commands.h"
#include "app/emote_wiring.h"
#include "app/store_follower.h"
#include "core/clock.h"
#include "http/api_handler.h"
#include "http/http_server.h"
#include "http/store_feedback_sink.h"
#include "stats/stats_engine.h"
#include "storage/store.h"

namespace pererecos::app {
namespace {

// How often the engine looks for messages stored by other writers (SPEC: answers reflect
// new messages within one store batch, which is at most 200 ms).
constexpr auto kFollowInterval = std::chrono::milliseconds(200);
constexpr auto kEmoteRefreshInterval = std::chrono::hours(1);

std::string find_web_root() {
  if (std::filesystem::exists("web/index.html")) return "web";
  return std::string(PERERECOS_SOURCE_DIR) + "/web";
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

// Waits for SIGINT or SIGTERM, which every thread blocks (see block_stop_signals).
int wait_for_stop_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int signal_number = 0;
  sigwait(&set, &signal_number);
  return signal_number;
}

// Blocks SIGINT and SIGTERM in this thread and every thread it starts afterwards, so
// that wait_for_stop_signal() receives them.
void block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

// A background loop that runs `step` every `interval` until stopped.
class Ticker {
 public:
  template <typename Step>
  Ticker(std::chrono::milliseconds interval, Step step)
      : thread_([this, interval, step]() mutable {
          std::unique_lock lock(mutex_);
          while (!stopping_) {
            lock.unlock();
            step();
            lock.lock();
            cv_.wait_for(lock, interval, [&] { return stopping_; });
          }
        }) {}
  ~Ticker() { stop(); }
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace

int run_serve(const Config& config, const ServeOptions& options) {
  block_stop_signals();
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");

  std::unique_ptr<Clock> clock;
  if (config.now) {
    clock = std::make_unique<FixedClock>(*config.now);
  } else {
    clock = std::make_unique<SystemClock>();
  }

  auto follow_store = open_store(config.database_url);
  if (!follow_store) {
    spdlog::error("cannot open the database: {}", follow_store.error());
    return 1;
  }
  // One connection per user: the follower, the HTTP threads (feedback), the emote sets.
  auto feedback_store = open_store(config.database_url);
  auto emote_store = open_store(config.database_url);
  if (!feedback_store || !emote_store) {
    spdlog::error("cannot open the database: {}",
                  feedback_store ? emote_store.error() : feedback_store.error());
    return 1;
  }

  stats::EngineConfig engine_config;
  engine_config.time_zone = config.channel_timezone;
  engine_config.ignored_logins = config.ignored_users;
  engine_config.emote_providers = join(config.emote_providers);
  engine_config.channels = config.channels;
  auto engine = stats::StatsEngine::create(*clock, engine_config);
  if (!engine) {
    spdlog::error("cannot start the statistics engine: {}", engine.error());
    return 1;
  }

  StoreFollower follower(**follow_store, **engine);
  const auto rebuild_started = std::chrono::steady_clock::now();
  auto rebuilt = follower.rebuild([&](std::uint64_t applied) {
    spdlog::info("rebuilding statistics: {} messages so far ({:.0f} s)", applied,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - rebuild_started)
                     .count());
  });
  if (!rebuilt) {
    spdlog::error("cannot read the database: {}", rebuilt.error());
    return 1;
  }
  (*engine)->catch_up();  // the rankings too, before the first visitor
#ifdef __GLIBC__
  malloc_trim(0);  // hand the rebuild's transient buffers (read batches, sort space) back
#endif
  spdlog::info("statistics rebuilt from {} messages and {} moderation events in {:.1f} s",
               rebuilt->messages, rebuilt->moderation,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - rebuild_started)
                   .count());

  std::unique_ptr<EmoteWiring> emotes;
  if (options.fixed_catalog) {
    (*engine)->set_emote_catalog(options.fixed_catalog_channel, *options.fixed_catalog);
  } else {
    emotes = std::make_unique<EmoteWiring>(config, std::move(*emote_store), *clock, **engine);
    std::vector<std::string> emote_channels = config.channels;
    if (emote_channels.empty()) {
      if (auto fallback = (*engine)->resolve_channel(std::nullopt)) emote_channels.push_back(*fallback);
    }
    std::vector<std::pair<std::string, std::string>> with_rooms;
    for (const std::string& channel : emote_channels) {
      const auto room = follower.room_ids().find(channel);
      with_rooms.emplace_back(channel, room == follower.room_ids().end() ? "" : room->second);
    }
    emotes->configure_channels(with_rooms);
  }

  http::StoreFeedbackSink feedback(**feedback_store);
  http::ApiOptions api;
  api.root_path = http::normalize_root_path(config.api_root_path);
  api.cors_origins = config.cors_origins;
  api.security_headers = config.enable_security_headers;
  api.max_request_size = config.max_request_size;
  api.rate_limit_enabled = config.rate_limit_enabled;
  api.security_log.enabled = config.log_security_events;
  http::HttpServerOptions server_options;
  apply_http_limits(config.http_limits, api, server_options);
  if (!config.health_check_token.empty()) api.health_check_token = config.health_check_token;
  api.web_root = find_web_root();
  api.api_version = PERERECOS_VERSION;

  std::atomic<bool> database_ok{true};
  http::ApiHandler handler(api, **engine, *clock, &feedback, [&] {
    http::HealthSnapshot health;
    health.database_connected = database_ok.load();
    health.chat_enabled = false;
    health.messages_stored = static_cast<std::uint64_t>((*engine)->messages_applied());
    return health;
  });

  server_options.address = config.host;
  server_options.port = config.port;
  server_options.max_body_bytes = config.max_request_size;
  http::HttpServer server(server_options, handler);
  if (Status s = server.start(); !s) {
    spdlog::error("cannot listen on {}:{}: {}", config.host, config.port, s.message());
    return 1;
  }
  const std::string shown_host = config.host == "0.0.0.0" ? "localhost" : config.host;
  spdlog::info("serving the dashboard at http://{}:{}{}/ (API under {}/api/v1, Ctrl-C stops)",
               shown_host, server.port(), api.root_path, api.root_path);

  Ticker follow(kFollowInterval, [&] {
    auto caught = follower.catch_up();
    database_ok.store(caught.is_ok());
    if (!caught) spdlog::warn("reading new messages failed: {}", caught.error());
  });
  std::unique_ptr<Ticker> emote_refresh;
  if (emotes) {
    emote_refresh = std::make_unique<Ticker>(
        std::chrono::duration_cast<std::chrono::milliseconds>(kEmoteRefreshInterval),
        [&] { emotes->refresh(); });
  }

  const int signal_number = wait_for_stop_signal();
  spdlog::info("received {}, stopping", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  server.stop();
  server.wait();
  follow.stop();
  if (emote_refresh) emote_refresh->stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace pererecos::app
