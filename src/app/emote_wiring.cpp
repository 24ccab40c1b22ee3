#include "app/emote_wiring.h"

#include <spdlog/spdlog.h>

namespace pererecos::app {

Status StoreSnapshots::put(const emotes::SetSnapshot& snapshot) {
  std::lock_guard lock(mutex_);
  return store_->put_emote_set(
      EmoteSetSnapshot{snapshot.provider, snapshot.set_key, snapshot.body, snapshot.fetched_ms});
}

Result<std::optional<emotes::SetSnapshot>> StoreSnapshots::get(const std::string& provider,
                                                               const std::string& set_key) {
  std::lock_guard lock(mutex_);
  auto found = store_->get_emote_set(provider, set_key);
  if (!found) return found.status();
  if (!*found) return std::optional<emotes::SetSnapshot>();
  const EmoteSetSnapshot& s = **found;
  return std::optional<emotes::SetSnapshot>(
      emotes::SetSnapshot{s.provider, s.set_key, s.body, s.fetched_ms});
}

EmoteWiring::EmoteWiring(const Config& config, std::unique_ptr<Store> snapshot_store,
                         const Clock& clock, stats::StatsEngine& engine)
    : config_(config), snapshots_(std::move(snapshot_store)) {
  emotes::EmoteServiceConfig service_config;
  service_config.urls.seventv = config.seventv_api_url;
  service_config.urls.bttv = config.bttv_api_url;
  service_config.urls.ffz = config.ffz_api_url;
  auto providers = emotes::emote_providers_from_names(config.emote_providers);
  if (providers) service_config.providers = *providers;
  service_ = std::make_unique<emotes::EmoteSetService>(
      service_config, http_, snapshots_, clock,
      [&engine](const std::string& channel, std::shared_ptr<const stats::EmoteCatalog> catalog) {
        std::size_t emotes = 0;
        for (const auto& set : catalog->channel_sets) emotes += set->by_name.size();
        for (const auto& set : catalog->global_sets) emotes += set->by_name.size();
        spdlog::info("emote sets of #{} updated: {} emotes", channel, emotes);
        engine.set_emote_catalog(channel, *catalog);
      });
}

void EmoteWiring::configure_channels(
    const std::vector<std::pair<std::string, std::string>>& channels) {
  bool first = true;
  for (const auto& [channel, room_id] : channels) {
    emotes::ChannelEmoteConfig c;
    c.channel = channel;
    c.twitch_id = room_id;
    if (first) c.seventv_emote_set_id = config_.seventv_emote_set_id;
    first = false;
    service_->set_channel(c);
  }
  service_->load_persisted();
}

void EmoteWiring::refresh() {
  service_->refresh();
  for (const emotes::SetStatus& status : service_->statuses()) {
    if (!status.last_error.empty()) {
      spdlog::warn("emote set {} {}: {} (keeping {})", status.provider, status.key,
                   status.last_error,
                   status.origin == emotes::SetOrigin::kNone ? "nothing" : "the last good copy");
    }
  }
}

}  // namespace pererecos::app
