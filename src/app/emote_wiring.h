// Connects the emotes module to the engine: persisted 7TV/BTTV/FFZ snapshots in the store,
// fetched at start and hourly, each changed catalog handed to the engine.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "app/config.h"
#include "core/clock.h"
#include "emotes/curl_http_getter.h"
#include "emotes/emote_set_service.h"
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

class EmoteWiring {
 public:
  // `engine` must outlive this object.
  EmoteWiring(const Config& config, std::unique_ptr<Store> snapshot_store, const Clock& clock,
              stats::StatsEngine& engine);

  // Emote sets for `channels` (login → room id, the room id may be empty); the first
  // channel gets SEVENTV_EMOTE_SET_ID. Publishes persisted copies at once (no network).
  void configure_channels(const std::vector<std::pair<std::string, std::string>>& channels);

  // Fetches every set (blocking, bounded by the HTTP timeouts) and publishes changes.
  void refresh();

 private:
  const Config& config_;
  StoreSnapshots snapshots_;
  emotes::CurlHttpGetter http_;
  std::unique_ptr<emotes::EmoteSetService> service_;
};

}  // namespace pererecos::app
