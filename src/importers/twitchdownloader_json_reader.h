// Reader for TwitchDownloader chat JSON (`TwitchDownloaderCLI chatdownload -o x.json`):
//   {"streamer": {"name": "nymn", "id": 62300805},
//    "comments": [{"_id": "33445373-...", "created_at": "2024-01-06T16:19:44.095Z",
//                  "channel_id": "62300805",
//                  "commenter": {"_id": "253596827", "name": "purple_geco",
//                                "display_name": "Purple_Geco"},
//                  "message": {"body": "forsenParty EDM", "bits_spent": 0,
//                              "fragments": [{"text": "forsenParty", "emoticon":
//                                {"emoticon_id": "emotesv2_ee52..."}},
//                                            {"text": " EDM", "emoticon": null}]}}, ...]}
#pragma once

#include <string>
#include <string_view>

#include "importers/record_sink.h"
#include "simdjson.h"

namespace pererecos::importers {

// Walks the top-level object, parses each element of `comments` on its own (memory stays
// bounded by the largest comment, plus the input view) and emits one message per
// comment: id = `_id`, timestamp = `created_at`, login = `commenter.name` lowercased,
// user id = `commenter._id`, display name = `commenter.display_name`, text =
// `message.body`, bits = `message.bits_spent`, room id = `channel_id` else
// `streamer.id`, emotes tag built from the fragments (see build_emotes_tag_from_fragments).
// Channel: options.channel when set, else `streamer.name`. Records are numbered by
// their position in `comments` (1-based). A comment that is not an object, lacks a
// required field (`created_at`, `commenter.name`, `message.body`) or has one of the wrong
// type is skipped; input that ends inside `comments` skips the cut comment and stops.
// Pure: no I/O, never throws.
void read_twitchdownloader_json(std::string_view bytes, const ReadOptions& options,
                                RecordSink& sink);

// The Twitch `emotes` tag for `body` from TwitchDownloader fragments: each fragment
// with an `emoticon.emoticon_id` marks its own code-point span of the body. Fragments
// are located in order in the body (they normally concatenate to it); a fragment not
// found in the rest of the body is ignored. Ids are listed in order of first use:
// "id1:0-4,12-16/id2:6-10". Empty when there is no emote.
std::string build_emotes_tag_from_fragments(std::string_view body,
                                            simdjson::dom::element fragments);

}  // namespace pererecos::importers
