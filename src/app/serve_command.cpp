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

#include "app/channel_registry.h"
#include "app/chat_privacy.h"
#include "app/chat_wiring.h"
#include "app/commands.h"
#include "app/emote_wiring.h"
#include "app/serve_health.h"
#include "app/serve_metrics.h"
#include "app/engine_writer.h"
#include "app/forget_refresh.h"
#include "app/ingest_wiring.h"
#include "app/multi_instance.h"
#include "app/store_follower.h"
#include "storage/open_replica.h"
#include "app/store_history.h"
#include "core/clock.h"
#include "core/version.h"
#include "http/api_handler.h"
#include "http/http_server.h"
#include "http/store_feedback_sink.h"
#include "stats/stats_engine.h"
#include "storage/store.h"

namespace pererecos::app {
namespace {

// How often the engine writer looks for messages stored by other processes (a concurrent
// `import`); this process's own commits wake it at once (EngineWriter::notify).
constexpr auto kFollowInterval = std::chrono::milliseconds(1000);
// How often a forget by another process is looked for (docs/privacy.md: within 1 s). A
// one-row indexed read, 20 a second; 200 ms cost ~100 ms of the median (docs/performance.md).
constexpr auto kForgetPoll = std::chrono::milliseconds(50);

// ./web, else the installed copy beside the binary (<prefix>/bin/pererecos-stats ->
// <prefix>/share/pererecos-stats/web: /usr/share/... for the .deb), else the source tree's.
std::string find_web_root() {
  if (std::filesystem::exists("web/index.html")) return "web";
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "pererecos-stats" / "web";
    if (std::filesystem::exists(installed / "index.html", ec)) return installed.string();
  }
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

  // The follower (rebuild, then following) reads from the replica when there is one.
  auto follow_store = config.database_replica_url.empty()
                          ? open_store(config.database_url)
                          : storage::open_read_replica(config.database_url,
                                                       config.database_replica_url);
  if (!follow_store) {
    spdlog::error("cannot open the database: {}", follow_store.error());
    return 1;
  }
  // One connection per user: the follower, the HTTP threads (feedback), the emote sets.
  auto feedback_store = open_store(config.database_url);
  auto emote_store = open_store(config.database_url);
  auto history_store = open_store(config.database_url);  // recent_messages' older texts
  if (!feedback_store || !emote_store || !history_store) {
    spdlog::error("cannot open the database: {}",
                  !feedback_store ? feedback_store.error()
                                  : (!emote_store ? emote_store.error() : history_store.error()));
    return 1;
  }
  StoreHistory history(std::move(*history_store));

  stats::EngineConfig engine_config;
  engine_config.time_zone = config.channel_timezone;
  engine_config.ignored_logins = config.ignored_users;
  engine_config.emote_providers = join(config.emote_providers);
  engine_config.channels = config.channels;
  engine_config.history = &history;
  auto engine = stats::StatsEngine::create(*clock, engine_config);
  if (!engine) {
    spdlog::error("cannot start the statistics engine: {}", engine.error());
    return 1;
  }

  // Forgets (by any process) rebuild the statistics and swap them in (docs/privacy.md).
  auto forget_refresh =
      ForgetRefresh::open(config.database_url, engine_config, *clock, **engine, kForgetPoll);
  if (!forget_refresh) {
    spdlog::error("cannot open the database: {}", forget_refresh.error());
    return 1;
  }

  // The channels the service answers for; the chat wiring reports room ids it learns with
  // registry.observe(channel, room_id), the follower those of stored messages.
  ChannelRegistry registry(config.channels);
  StoreFollower follower(**follow_store, **engine);
  ServeMetrics metrics(**engine, config.channels);
  follower.set_channel_observer(
      [&registry](std::string_view channel, std::string_view room_id) {
        registry.observe(channel, room_id);
      });
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
  metrics.add_channels(follower.room_ids());
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
    emotes = std::make_unique<EmoteWiring>(config, std::move(*emote_store), *clock, **engine,
                                           registry);
    emotes->start((*engine)->resolve_channel(std::nullopt).value_or(""));
  }

  // The one ingest path (chat, back-fill, demo) and the gap back-fill of every channel.
  // Every commit wakes the engine's writer thread (constructed below), so a message is in
  // the answers as soon as it is durable, not at the next poll.
  std::atomic<EngineWriter*> engine_writer_to_wake{nullptr};
  // Several instances on one PostgreSQL database: channel leases and NOTIFY wake-ups.
  auto multi = MultiInstance::open(config.database_url, ChatWiring::wanted(config), [&] {
    if (EngineWriter* w = engine_writer_to_wake.load()) w->notify();
  });
  if (!multi) {
    spdlog::error("cannot open the database: {}", multi.error());
    return 1;
  }
  auto ingest = Ingest::open(config, [&](const storage::CommitReport& report) {
    if (!report.status.is_ok()) return;
    (*multi)->on_commit();
    if (EngineWriter* w = engine_writer_to_wake.load()) w->notify();
  });
  if (!ingest) {
    spdlog::error("cannot open the database for writing: {}", ingest.error());
    return 1;
  }
  (*ingest)->start(config.channels);

  // Live chat: into the one ingest queue; the follower applies its commits to the engine.
  std::unique_ptr<ChatWiring> chat;
  std::unique_ptr<ChatPrivacy> privacy;  // !optout / !optin
  if (ChatWiring::wanted(config) && ChatPrivacy::wanted(config)) {
    auto opened = ChatPrivacy::open(config, *clock, [&] { (*forget_refresh)->notify(); });
    if (!opened) {
      spdlog::error("{}", opened.error());
      return 1;
    }
    privacy = std::move(*opened);
  }
  if (ChatWiring::wanted(config)) {
    auto wiring =
        ChatWiring::create(config, (*ingest)->writer(), (*multi)->lease(), privacy.get());
    if (!wiring) {
      spdlog::error("{}", wiring.error());
      return 1;
    }
    chat = std::move(*wiring);
    chat->set_metrics(&metrics.chat());
    chat->set_room_observer([&registry](const std::string& channel, const std::string& room) {
      registry.observe(channel, room);
    });
    chat->set_join_observer([&ingest](const std::string& channel) { (*ingest)->on_joined(channel); });
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
  if (!config.metrics_token.empty()) api.metrics_token = config.metrics_token;
  api.web_root = find_web_root();
  api.dashboard_title = config.dashboard_title;
  api.emote_images = config.emote_images;
  api.events.max_clients = config.events_max_clients;
  api.api_version = PERERECOS_VERSION;
  api.version = full_version();


  std::atomic<bool> database_ok{true};
  http::ApiHandler handler(api, **engine, *clock, &feedback, [&] {
    return serve_health(database_ok.load() && (*multi)->connected(), **ingest, chat.get(),
                        **engine);
  });
  handler.set_metrics(&metrics.http());

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

  // The engine's one writer thread, woken by the ingest queue's commits (above) and by a
  // slow poll for other processes' writes.
  EngineWriter engine_writer(
      **engine, *clock,
      [&]() -> Status {
        auto swapped = (*forget_refresh)->swap_if_ready(follower);
        if (!swapped) return swapped.status();
        if (*swapped) metrics.followed(**swapped);
        auto caught = follower.catch_up();
        if (caught) metrics.followed(*caught);
        return caught ? Status::ok() : caught.status();
      },
      kFollowInterval, [&](const Status& s) {
        database_ok.store(s.is_ok());
        if (!s) spdlog::warn("reading new messages failed: {}", s.message());
      });
  engine_writer_to_wake.store(&engine_writer);
  (*forget_refresh)->start([&engine_writer] { engine_writer.notify(); });
  if (chat) chat->start();

  std::atomic<bool> live_stop{false};
  std::thread live_chat;
  if (options.live_chat) {
    live_chat = std::thread([&] { options.live_chat((*ingest)->writer(), live_stop); });
  }

  const int signal_number = wait_for_stop_signal();
  spdlog::info("received {}, stopping", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  if (chat) chat->stop();  // stop reading chat first; ingest->close() below stores the rest
  if (privacy) privacy->stop();  // the !optout / !optin already asked for are done
  server.stop();
  server.wait();
  live_stop = true;
  if (live_chat.joinable()) live_chat.join();
  engine_writer_to_wake.store(nullptr);
  (*forget_refresh)->stop();  // before the writer it wakes
  engine_writer.stop();
  // Everything received is stored before we exit (SIGTERM loses nothing).
  if (Status s = (*ingest)->close(); !s) {
    spdlog::error("stopping: {}", s.message());
    return 1;
  }
  if (emotes) emotes->stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace pererecos::app
