// Pure parsers for the 7TV v3 REST API (https://7tv.io/v3). No I/O.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "emotes/parsed_emote_set.h"

namespace pererecos::emotes {

// Parses an emote set (`GET {api}/emote-sets/{id}`, also `/emote-sets/global`).
// Worked example:
//   {"id":"63b0","name":"Tabula rasa","emotes":[{"id":"60ae","name":"PagMan",
//    "data":{"name":"PagMan","host":{"url":"//cdn.7tv.app/emote/60ae",
//    "files":[{"name":"1x.avif"},{"name":"1x.webp"}]}}}]}
//   -> {set_id "63b0", emotes [{id "60ae", name "PagMan",
//       image_url "https://cdn.7tv.app/emote/60ae/1x.webp"}]}
// `emotes[].name` is the emote's alias in this set (what chatters type), not
// `data.name`. The image is `1x.webp` when listed, else the first `1x.*` file, else the
// first file. Entries without a string id or name are skipped; a missing `emotes` array
// means an empty set. Error: not JSON, truncated, no string `id`, or a field of the
// wrong type.
Result<ParsedEmoteSet> parse_seventv_emote_set(std::string_view body);

// Parses a user connection (`GET {api}/users/twitch/{twitch_id}`) into the id of the
// channel's active emote set: `emote_set_id`, else `emote_set.id`. An empty string when
// the user has no set (both absent or null). Error: not a JSON object, truncated.
Result<std::string> parse_seventv_user(std::string_view body);

// The same lookup with the channel's 7TV user id (`user.id`, empty when absent), which
// the EventAPI's user.update subscriptions need. Worked example:
//   {"id":"62300805","platform":"TWITCH","emote_set_id":"60ae","emote_set":null,
//    "user":{"id":"60b3","username":"nymn"}}  ->  {emote_set_id "60ae", user_id "60b3"}
struct SevenTvUserLink {
  std::string emote_set_id;
  std::string user_id;
};
Result<SevenTvUserLink> parse_seventv_user_link(std::string_view body);

}  // namespace pererecos::emotes
