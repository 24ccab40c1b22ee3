// StatsEngine::replace_state and copy_emote_catalogs: swapping in statistics rebuilt from
// the store (after a forget, docs/privacy.md) while readers keep being answered.
#include <mutex>
#include <shared_mutex>

#include "stats/engine_state.h"
#include "stats/stats_engine.h"

namespace pererecos::stats {

std::vector<std::pair<std::string, std::shared_ptr<const EmoteCatalog>>> EngineState::catalogs()
    const {
  std::vector<std::pair<std::string, std::shared_ptr<const EmoteCatalog>>> out;
  for (const auto& ch : channels_) out.emplace_back(ch->name, ch->catalog);
  return out;
}

void StatsEngine::copy_emote_catalogs(const StatsEngine& other) {
  std::vector<std::pair<std::string, std::shared_ptr<const EmoteCatalog>>> catalogs;
  {
    std::shared_lock lock(other.mutex_);
    catalogs = other.state_->catalogs();
  }
  std::unique_lock lock(mutex_);
  for (auto& [channel, catalog] : catalogs) {
    if (catalog) state_->set_emote_catalog(channel, std::move(catalog));
  }
}

void StatsEngine::replace_state(StatsEngine& rebuilt) {
  // Lock order: the live engine, then the rebuilt one (used by the caller's thread only).
  std::unique_lock lock(mutex_);
  std::unique_lock rebuilt_lock(rebuilt.mutex_);
  std::int64_t old_applied = state_->applied();
  auto theirs = rebuilt.state_->catalogs();
  for (auto& [channel, catalog] : state_->catalogs()) {
    if (!catalog) continue;
    bool same = false;
    for (const auto& [name, c] : theirs) {
      if (name == channel) same = c == catalog;
    }
    if (!same) rebuilt.state_->set_emote_catalog(channel, catalog);
  }
  std::swap(state_, rebuilt.state_);
  // change_count() = a channel's stored count + other_changes_: the new state stores
  // fewer messages, so add more than the old one ever stored to keep it growing.
  other_changes_.fetch_add(static_cast<std::uint64_t>(old_applied) + 1,
                           std::memory_order_relaxed);
}

}  // namespace pererecos::stats
