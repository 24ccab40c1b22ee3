// The third-party emote sets the engine matches tokens against (SPEC §1 "emote use").
// Produced by the emotes module (7TV, BTTV, FFZ fetchers), consumed by the stats engine.
// Published as immutable snapshots: build a new catalog and hand it over whole.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace pererecos::stats {

struct ThirdPartyEmote {
  std::string id;
  std::string image_url;  // may be empty
};

// One provider's set. Names are case-sensitive; a 7TV emote's name is its alias in the set.
struct EmoteSet {
  std::string provider;  // "7tv", "bttv" or "ffz"
  std::string set_id;    // the provider's id for the set, or "global"
  std::unordered_map<std::string, ThirdPartyEmote> by_name;
};

// The sets that apply to one channel. A token is looked up in channel_sets in order
// (7TV, then BTTV, then FFZ), then in global_sets (same order); the first hit wins.
struct EmoteCatalog {
  std::vector<std::shared_ptr<const EmoteSet>> channel_sets;
  std::vector<std::shared_ptr<const EmoteSet>> global_sets;
};

}  // namespace pererecos::stats
