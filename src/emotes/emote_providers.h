// Which emote providers count (EMOTE_PROVIDERS) and where their APIs live.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pererecos::emotes {

// The providers named in EMOTE_PROVIDERS (default: all four). `twitch` concerns native
// emotes (the IRC `emotes` tag), which need no fetching; it is carried here so one value
// describes the whole setting.
struct EmoteProviders {
  bool twitch = true;
  bool seventv = true;
  bool bttv = true;
  bool ffz = true;
};

// Parses names such as {"twitch", "7tv", "bttv", "ffz"} (case-insensitive, surrounding
// spaces ignored, empty entries ignored). Only the named providers are enabled; an empty
// list enables none. Error: an unknown name.
Result<EmoteProviders> emote_providers_from_names(const std::vector<std::string>& names);

// The same from a comma-separated list, e.g. "twitch,7tv".
Result<EmoteProviders> parse_emote_providers(std::string_view list);

// Base URLs (no trailing slash needed). Tests point them at a local server.
struct ProviderUrls {
  std::string seventv = "https://7tv.io/v3";            // SEVENTV_API_URL
  std::string bttv = "https://api.betterttv.net/3";     // BTTV_API_URL
  std::string ffz = "https://api.frankerfacez.com/v1";  // FFZ_API_URL
};

// True for ids safe to put in a URL path: 1-64 characters of [A-Za-z0-9_-]. Twitch ids
// are digits, 7TV ids hex or ULIDs.
bool is_safe_path_id(std::string_view id);

}  // namespace pererecos::emotes
