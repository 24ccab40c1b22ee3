// The provider-neutral result of parsing one emote-set response, and its conversion to
// the stats::EmoteSet the engine matches tokens against.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "stats/emote_catalog.h"

namespace pererecos::emotes {

// Provider names as they appear in EMOTE_PROVIDERS, stats::EmoteSet::provider and the
// snapshot store.
inline constexpr std::string_view kSevenTv = "7tv";
inline constexpr std::string_view kBttv = "bttv";
inline constexpr std::string_view kFfz = "ffz";

struct ParsedEmote {
  std::string id;         // the provider's emote id (FFZ numeric ids as decimal text)
  std::string name;       // the token that triggers it; case-sensitive (7TV: the alias)
  std::string image_url;  // absolute https URL of the smallest image; may be empty
};

// Every emote entry of a response, in document order. Duplicate names are kept here
// (the real 7TV fixture lists one emote twice); to_emote_set() resolves them.
struct ParsedEmoteSet {
  std::string set_id;  // the provider's id for the set, or "global"
  std::vector<ParsedEmote> emotes;
};

// Builds the immutable name -> emote map. When a name occurs more than once, the first
// occurrence (document order) wins, so the result is deterministic.
std::shared_ptr<const stats::EmoteSet> to_emote_set(std::string_view provider,
                                                    const ParsedEmoteSet& parsed);

// "//cdn.example/x" -> "https://cdn.example/x"; absolute http(s) URLs unchanged; anything
// else (empty, relative) -> "".
std::string absolute_https_url(std::string_view url);

}  // namespace pererecos::emotes
