// Content comparison of emote catalogs: decides whether the engine must recompute.
#pragma once

#include "stats/emote_catalog.h"

namespace pererecos::emotes {

// True when both sets have the same provider, set id and name -> (id, image URL) map.
bool same_emote_set(const stats::EmoteSet& a, const stats::EmoteSet& b);

// True when both catalogs list the same sets (by content, same order) in channel_sets and
// in global_sets. Null set pointers compare equal only to null.
bool same_emote_catalog(const stats::EmoteCatalog& a, const stats::EmoteCatalog& b);

}  // namespace pererecos::emotes
