// EngineState's answers for the dashboard: the channel list and the per-channel counter
// behind GET /events.
#include <algorithm>

#include "core/ascii.h"
#include "stats/engine_state.h"

namespace pererecos::stats {

std::vector<std::string> EngineState::channel_names() const {
  std::vector<std::string> out;
  for (const auto& ch : channels_) {
    if (ch->stored > 0) out.push_back(ch->name);
  }
  for (const auto& configured : config_.channels) out.push_back(ascii_lower(configured));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::int64_t EngineState::channel_stored(std::string_view channel) const {
  const auto index = find_channel(channel);
  return index ? channels_[*index]->stored : 0;
}

}  // namespace pererecos::stats
