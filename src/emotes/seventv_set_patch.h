// Applying a live 7TV EventAPI change to an emote set held in memory, and writing a set
// back as a 7TV-shaped document so that the patched copy can be persisted and read again
// by parse_seventv_emote_set(). Pure functions.
#pragma once

#include <memory>
#include <string>

#include "emotes/seventv_events.h"
#include "stats/emote_catalog.h"

namespace pererecos::emotes {

// `set` with `change` applied: pulled emotes removed (by name, when the id matches),
// updated ones renamed (old name removed, new name added), pushed ones added (a pushed
// name replaces an emote of the same name). The result shares nothing mutable with `set`.
std::shared_ptr<const stats::EmoteSet> patched_seventv_set(const stats::EmoteSet& set,
                                                           const SevenTvSetChange& change);

// {"id":"<set_id>","emotes":[{"id":"…","name":"…","data":{"host":{"url":"//…",
// "files":[{"name":"1x.webp"}]}}},…]}, emotes sorted by name. Round trip:
// parse_seventv_emote_set(seventv_set_body(s)) gives back s's names, ids and image URLs.
std::string seventv_set_body(const stats::EmoteSet& set);

}  // namespace pererecos::emotes
