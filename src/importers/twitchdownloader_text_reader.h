// Reader for TwitchDownloader's text chat export:
//   [2024-01-06 16:19:44 UTC] Purple_Geco: forsenParty EDM
// (the variant without " UTC" is accepted too; times are UTC either way).
#pragma once

#include <string_view>

#include "importers/record_sink.h"

namespace pererecos::importers {

// REQUIRES: options.channel is not empty (the export does not name its channel).
// Each matching line becomes a message with second precision, no Twitch id (its
// identity is derived), no user id, display name as written and login = the display
// name lowercased. A display name that is not ASCII [A-Za-z0-9_] cannot be attributed
// to a login: the line is skipped. Blank lines are ignored; any other line that does
// not match is skipped. Pure: no I/O, never throws.
void read_twitchdownloader_text(std::string_view bytes, const ReadOptions& options,
                                RecordSink& sink);

}  // namespace pererecos::importers
