// Pure parsers for the BetterTTV v3 API (https://api.betterttv.net/3). No I/O.
#pragma once

#include <string_view>

#include "core/result.h"
#include "emotes/parsed_emote_set.h"

namespace pererecos::emotes {

// Parses a channel (`GET {api}/cached/users/twitch/{twitch_id}`): the channel's own
// emotes (`channelEmotes[]`) followed by the ones it shares from others
// (`sharedEmotes[]`), each `{id, code}`. Worked example:
//   {"id":"5a1","channelEmotes":[{"id":"5f1b","code":"peepoHey"}],"sharedEmotes":[]}
//   -> {set_id "5a1", emotes [{id "5f1b", name "peepoHey",
//       image_url "https://cdn.betterttv.net/emote/5f1b/1x.webp"}]}
// Entries without a string id or code are skipped. Error: not JSON, truncated, not an
// object, neither array present, or a field of the wrong type.
Result<ParsedEmoteSet> parse_bttv_channel(std::string_view body);

// Parses the global emotes (`GET {api}/cached/emotes/global`): a JSON array of
// `{id, code}`. set_id is "global". Error: not a JSON array, truncated, wrong types.
Result<ParsedEmoteSet> parse_bttv_global(std::string_view body);

}  // namespace pererecos::emotes
