// Reader for a mongoexport dump of the original service's `chat_messages` collection,
// as JSON lines (the default) or one array (`--jsonArray`, possibly `--pretty`), in
// relaxed or canonical Extended JSON:
//   {"_id":{"$oid":"659a..."},"user_id":"253596827","username":"purple_geco",
//    "display_name":"Purple_Geco","message":"forsenParty EDM","channel":"nymn",
//    "timestamp":{"$date":"2024-01-06T16:19:44.095Z"},"hour":16}
#pragma once

#include <string_view>

#include "importers/record_sink.h"

namespace pererecos::importers {

// One message per document: login = `username` lowercased, display name =
// `display_name` (the login when missing or blank), user id = `user_id` (string or any
// integer form; optional), text = `message`, channel = `channel` else options.channel,
// timestamp = `timestamp` ({"$date": ISO | {"$numberLong": ms}}, an ISO string or epoch
// milliseconds). `hour` and `_id` are ignored; there is no Twitch id, so the identity is
// derived. A document missing `username`, `message`, `timestamp` or a channel, or with one
// of the wrong type, is skipped; so is a line that is not valid JSON.
// Records are numbered by line (JSON lines) or by array element (--jsonArray).
// Pure: no I/O, never throws.
void read_mongoexport(std::string_view bytes, const ReadOptions& options, RecordSink& sink);

}  // namespace pererecos::importers
