// What seventv_parser.cpp shares with seventv_events.cpp. Not for callers outside
// src/emotes/.
#pragma once

#include <vector>

#include "emotes/json_reading.h"
#include "emotes/parsed_emote_set.h"

namespace pererecos::emotes::json_internal {

// Reads one 7TV ActiveEmote ({"id","name","data":{"host":{…}}}) and appends it to `out`
// when it has a non-empty id and name (else skips it).
error_code read_seventv_emote(value& v, std::vector<ParsedEmote>& out);

}  // namespace pererecos::emotes::json_internal
