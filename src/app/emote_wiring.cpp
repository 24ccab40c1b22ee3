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
                         const Clock& clock, stats::StatsEngine& engine,
                         ChannelRegistry& registry, EmoteWiringOptions options)
    : config_(config),
      registry_(registry),
      options_(std::move(options)),
      snapshots_(std::move(snapshot_store)),
      http_(options_.http) {
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
  if (!config.seventv_events_url.empty() && (!providers || providers->seventv)) {
    emotes::SevenTvEventOptions events = options_.events;
    events.url = config.seventv_events_url;
    events_ = std::make_unique<emotes::SevenTvEventClient>(
        events, emotes::SevenTvEventHandlers{
                    [this] {
                      // A reconnect: the server does not replay what the gap missed.
                      if (events_ && events_->status().sessions > 1) {
                        queue([](Pending& p) { p.seventv = true; });
                      }
                    },
                    [this](const emotes::SevenTvEvent& event) { on_dispatch(event); }});
  }
}

EmoteWiring::~EmoteWiring() { stop(); }

void EmoteWiring::start(const std::string& seventv_set_channel) {
  if (thread_.joinable()) return;
  seventv_set_channel_ = seventv_set_channel;
  // The registry replays every known channel into pending_.channels at once.
  subscription_ = registry_.subscribe([this](const ChannelInfo& info) {
    queue([&](Pending& p) {
      p.channels[info.channel] = info;
      p.fetch.insert(info.channel);
    });
  });
  std::map<std::string, ChannelInfo> known;
  {
    std::lock_guard lock(mutex_);
    known = std::move(pending_.channels);
    pending_.channels.clear();
    pending_.fetch.clear();
    pending_.everything = true;
  }
  configure(known);  // the persisted copies, before the first visitor
  thread_ = std::thread([this] { work(); });
  if (events_) {
    if (Status s = events_->start(); !s) {
      spdlog::error("7tv events: {}; live emote changes are off", s.message());
      events_.reset();
    }
  }
}

void EmoteWiring::stop() {
  if (subscription_) {
    registry_.unsubscribe(*subscription_);
    subscription_.reset();
  }
  if (events_) events_->stop();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EmoteWiring::refresh_soon() {
  queue([](Pending& p) { p.everything = true; });
}

void EmoteWiring::queue(const std::function<void(Pending&)>& add) {
  {
    std::lock_guard lock(mutex_);
    add(pending_);
  }
  wake_.notify_all();
}

void EmoteWiring::on_dispatch(const emotes::SevenTvEvent& event) {
  if (event.type == emotes::kEmoteSetUpdate && !event.object_id.empty()) {
    queue([&](Pending& p) { p.changes.emplace_back(event.object_id, event.change); });
  } else if (event.type == emotes::kUserUpdate && !event.object_id.empty()) {
    queue([&](Pending& p) { p.users.insert(event.object_id); });
  }
}

void EmoteWiring::configure(const std::map<std::string, ChannelInfo>& channels) {
  for (const auto& [name, info] : channels) {
    emotes::ChannelEmoteConfig c;
    c.channel = info.channel;
    c.twitch_id = info.room_id;
    if (info.channel == seventv_set_channel_) c.seventv_emote_set_id = config_.seventv_emote_set_id;
    service_->set_channel(c);
  }
}

void EmoteWiring::work() {
  auto next_full = std::chrono::steady_clock::now();
  while (true) {
    Pending job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, next_full, [&] { return stopping_ || !pending_.empty(); });
      if (stopping_) return;
      if (std::chrono::steady_clock::now() >= next_full) pending_.everything = true;
      job = std::move(pending_);
      pending_ = Pending();
    }
    if (job.everything) next_full = std::chrono::steady_clock::now() + options_.refresh_interval;
    run(std::move(job));
  }
}

void EmoteWiring::run(Pending job) {
  configure(job.channels);
  // Live changes first: they need no network.
  for (const auto& [set_id, change] : job.changes) service_->apply_seventv_change(set_id, change);
  if (job.everything) {
    service_->refresh();
    for (const emotes::SetStatus& status : service_->statuses()) {
      if (!status.last_error.empty()) {
        spdlog::warn("emote set {} {}: {} (keeping {})", status.provider, status.key,
                     status.last_error,
                     status.origin == emotes::SetOrigin::kNone ? "nothing" : "the last good copy");
      }
    }
  } else {
    if (job.seventv) service_->refresh_provider(emotes::kSevenTv);
    for (const std::string& user : job.users) {
      for (const std::string& channel : service_->channels_of_seventv_user(user)) {
        job.fetch.insert(channel);
      }
    }
    for (const std::string& channel : job.fetch) service_->refresh_channel(channel);
  }
  if (events_) {
    const emotes::EmoteSetService::SevenTvWatch watch = service_->seventv_watch();
    std::set<emotes::SevenTvSubscription> subscriptions;
    for (const std::string& id : watch.set_ids) {
      subscriptions.insert({std::string(emotes::kEmoteSetUpdate), id});
    }
    for (const std::string& id : watch.user_ids) {
      subscriptions.insert({std::string(emotes::kUserUpdate), id});
    }
    events_->set_subscriptions(std::move(subscriptions));
  }
}

}  // namespace pererecos::app
