// The demo channel's 7TV emote set: ~40 popular 7TV emote names with made-up but
// well-formed 24-hex ids, as the document 7TV's `GET /v3/emote-sets/{id}` returns. The
// community generator draws its 7TV emote tokens from demo_seventv_emotes(); the demo
// serves demo_emote_set_json() in place of the 7TV API.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace pererecos::demo {

struct DemoSevenTvEmote {
  std::string_view name;       // the name in the set (its alias), what chatters type
  std::string_view id;         // 24 lowercase hex digits
  std::string_view data_name;  // the emote's own name (differs from `name` for aliases)
  bool animated = false;
  int width_factor = 1;  // 1 = square (32x32 at 1x), 3 = a wide emote (96x32)
};

// The set's emotes, most popular first. Names are unique and none equals a Twitch
// global emote name (demo/twitch_emotes.h).
std::span<const DemoSevenTvEmote> demo_seventv_emotes();

// The set id ("66...", 24 hex digits) that `SEVENTV_EMOTE_SET_ID` should name.
std::string_view demo_emote_set_id();

// The default `host.url` prefix: the 7TV CDN form without scheme, as 7TV returns it.
inline constexpr std::string_view kSevenTvCdnEmoteBase = "//cdn.7tv.app/emote";

// The set as 7TV v3 JSON: {id, name, flags, tags, immutable, privileged, emotes:[{id,
// name, flags, timestamp, actor_id, data:{id, name, flags, lifecycle, state, listed,
// animated, owner, host:{url, files:[{name, static_name, width, height, frame_count,
// size, format}]}}}], emote_count, capacity, owner}. Each emote's host.url is
// `host_base` + "/" + id (e.g. a local URL when the demo serves the images itself).
// Deterministic: the same host_base gives the same bytes.
std::string demo_emote_set_json(std::string_view host_base = kSevenTvCdnEmoteBase);

}  // namespace pererecos::demo
