// Connects the emotes module to the engine and the channel registry: every channel the
// service answers for (configured, stored, seen live) gets the global sets and its own
// 7TV/BTTV/FFZ sets, persisted in the store, fetched in the background when the registry
// announces the channel or a new room id, refreshed hourly, and patched live from the
// 7TV EventAPI. Each changed catalog is handed to the engine (which recomputes).
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app/channel_registry.h"
#include "app/config.h"
#include "core/clock.h"
#include "emotes/curl_http_getter.h"
#include "emotes/emote_set_service.h"
#include "emotes/seventv_event_client.h"
#include "emotes/snapshot_store.h"
#include "stats/stats_engine.h"
#include "storage/store.h"

namespace pererecos::app {

// A SnapshotStore over Store::put_emote_set / get_emote_set. Thread-safe; `store` must be
// used by this adapter only.
class StoreSnapshots final : public emotes::SnapshotStore {
 public:
  explicit StoreSnapshots(std::unique_ptr<Store> store) : store_(std::move(store)) {}
  Status put(const emotes::SetSnapshot& snapshot) override;
  Result<std::optional<emotes::SetSnapshot>> get(const std::string& provider,
                                                 const std::string& set_key) override;

 private:
  std::mutex mutex_;
  std::unique_ptr<Store> store_;
};

struct EmoteWiringOptions {
  std::chrono::milliseconds refresh_interval = std::chrono::hours(1);
  emotes::CurlOptions http;
  // url is taken from Config::seventv_events_url (empty: no EventAPI client).
  emotes::SevenTvEventOptions events;
};

class EmoteWiring {
 public:
  // `engine` and `registry` must outlive this object.
  EmoteWiring(const Config& config, std::unique_ptr<Store> snapshot_store, const Clock& clock,
              stats::StatsEngine& engine, ChannelRegistry& registry,
              EmoteWiringOptions options = {});
  ~EmoteWiring();  // stop()
  EmoteWiring(const EmoteWiring&) = delete;
  EmoteWiring& operator=(const EmoteWiring&) = delete;

  // Subscribes to the registry and publishes the persisted sets of every channel known so
  // far at once (no network, blocking); then starts the background thread (one fetch of
  // everything, then the registry's new channels, EventAPI changes, hourly refreshes) and
  // the EventAPI client. `seventv_set_channel` gets SEVENTV_EMOTE_SET_ID (the first
  // configured channel, or the default one).
  void start(const std::string& seventv_set_channel);
  // Stops the thread and the EventAPI client (waits for a fetch under way).
  void stop();

  // Queues a fetch of everything now.
  void refresh_soon();

  const emotes::EmoteSetService& service() const { return *service_; }
  // Null when SEVENTV_EVENTS_URL is empty.
  const emotes::SevenTvEventClient* events() const { return events_.get(); }

 private:
  struct Pending {
    std::map<std::string, ChannelInfo> channels;  // to (re)configure
    std::set<std::string> fetch;                  // channels to fetch
    bool everything = false;
    bool seventv = false;                         // refetch 7TV (EventAPI reconnect)
    std::vector<std::pair<std::string, emotes::SevenTvSetChange>> changes;
    std::set<std::string> users;                  // 7TV users that changed
    bool empty() const {
      return channels.empty() && fetch.empty() && !everything && !seventv && changes.empty() &&
             users.empty();
    }
  };

  void configure(const std::map<std::string, ChannelInfo>& channels);
  void work();
  void run(Pending job);
  void queue(const std::function<void(Pending&)>& add);
  void on_dispatch(const emotes::SevenTvEvent& event);

  const Config& config_;
  ChannelRegistry& registry_;
  EmoteWiringOptions options_;
  StoreSnapshots snapshots_;
  emotes::CurlHttpGetter http_;
  std::unique_ptr<emotes::EmoteSetService> service_;
  std::unique_ptr<emotes::SevenTvEventClient> events_;
  std::string seventv_set_channel_;
  std::optional<ChannelRegistry::SubscriptionId> subscription_;

  std::mutex mutex_;
  std::condition_variable wake_;
  Pending pending_;        // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace pererecos::app
