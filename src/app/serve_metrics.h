// ServeMetrics: every metric of `serve`, in one registry served at GET /metrics
// (docs/metrics.md). Owns the registry and the producers' metric groups; the wiring in
// serve_command.cpp hands each group to its producer:
//   http()   -> ApiHandler::set_metrics (requests, connections, event-stream clients)
//   store()  -> a BatchedWriter's commit callback (app/metrics_wiring.h)
//   chat()   -> the Twitch chat sessions (connection state, messages received, errors)
//   imports()-> an import run in this process (e.g. a back-fill)
//   followed() after each StoreFollower::catch_up (messages stored per channel)
// and collects the engine's users per channel and messages at scrape time.
// Thread-safe like metrics::Registry.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "app/store_follower.h"
#include "http/http_metrics.h"
#include "metrics/ingest_metrics.h"
#include "metrics/registry.h"
#include "stats/stats_engine.h"

namespace pererecos::app {

class ServeMetrics {
 public:
  // `engine` must outlive this object; `channels` are the configured ones.
  ServeMetrics(const stats::StatsEngine& engine, std::vector<std::string> channels);

  metrics::Registry& registry() { return registry_; }
  http::HttpMetrics& http() { return http_; }
  metrics::StoreMetrics& store() { return store_; }
  metrics::ChatMetrics& chat() { return chat_; }
  metrics::ImportMetrics& imports() { return imports_; }

  // Counts what a catch-up applied and learns channels seen in the store (for the
  // per-channel engine gauges). Call from the follower's thread.
  void followed(const FollowProgress& progress);
  // Channels found by the rebuild (StoreFollower::room_ids()).
  void add_channels(const std::map<std::string, std::string>& room_ids);

 private:
  std::vector<metrics::Sample> engine_users() const;

  metrics::Registry registry_;
  const stats::StatsEngine& engine_;
  http::HttpMetrics http_;
  metrics::StoreMetrics store_;
  metrics::ChatMetrics chat_;
  metrics::ImportMetrics imports_;
  mutable std::mutex channels_mutex_;
  std::vector<std::string> channels_;  // GUARDED_BY(channels_mutex_), sorted, unique
};

}  // namespace pererecos::app
