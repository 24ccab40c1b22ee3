// Pure parsers for the FrankerFaceZ v1 API (https://api.frankerfacez.com/v1). No I/O.
#pragma once

#include <string_view>

#include "core/result.h"
#include "emotes/parsed_emote_set.h"

namespace pererecos::emotes {

// Parses a room (`GET {api}/room/id/{twitch_id}`): every set in `sets{}` (normally just
// the room's own), merged in document order; each `emoticons[]` entry is
// `{id (number), name, urls: {"1": url, "2": url, "4": url}}`. Worked example:
//   {"room":{"set":5937},"sets":{"5937":{"id":5937,"emoticons":[{"id":128054,
//    "name":"OMEGALUL","urls":{"1":"https://cdn.frankerfacez.com/emote/128054/1"}}]}}}
//   -> {set_id "5937", emotes [{id "128054", name "OMEGALUL",
//       image_url "https://cdn.frankerfacez.com/emote/128054/1"}]}
// The image is urls["1"], else the first URL listed. set_id is `room.set`, else the
// first key of `sets`. Entries without an id or string name are skipped. Error: not JSON,
// truncated, no `sets` object, or a field of the wrong type.
Result<ParsedEmoteSet> parse_ffz_room(std::string_view body);

// Parses the global sets (`GET {api}/set/global`): the sets of `sets{}` whose id is listed
// in `default_sets[]` (every set when `default_sets` is absent), merged in document
// order. set_id is "global". Error as for parse_ffz_room.
Result<ParsedEmoteSet> parse_ffz_global(std::string_view body);

}  // namespace pererecos::emotes
