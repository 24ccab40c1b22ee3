// The Twitch global (native) emotes the demo community uses: real names and real ids, so
// the `emotes` tags it produces look exactly like Twitch's.
#pragma once

#include <span>
#include <string_view>

namespace pererecos::demo {

struct TwitchEmote {
  std::string_view name;  // case-sensitive token, e.g. "Kappa" or "<3"
  std::string_view id;    // numeric id as it appears in the `emotes` tag
};

// A fixed list of ~15 global emotes (Kappa 25, LUL 425618, PogChamp 305954156, ...), most
// popular first. No name collides with a demo 7TV emote name.
std::span<const TwitchEmote> twitch_global_emotes();

}  // namespace pererecos::demo
