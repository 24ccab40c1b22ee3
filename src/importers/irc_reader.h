// Reader for raw Twitch IRC logs: one IRCv3 line per line, as received (recent-messages
// services, justlog/rustlog raw logs).
//
// Example line:
//   @id=33445373-...;tmi-sent-ts=1704557984095;user-id=253596827;display-name=Purple_Geco
//     :purple_geco!purple_geco@purple_geco.tmi.twitch.tv PRIVMSG #nymn :forsenParty EDM
#pragma once

#include <string_view>

#include "importers/record_sink.h"

namespace pererecos::importers {

// Decodes every line with irc::decode_twitch_line (require_timestamp = true). PRIVMSG
// lines become messages and CLEARCHAT/CLEARMSG moderation events; other well-formed
// lines are "not chat"; blank lines are ignored; a line that fails to decode is skipped
// with the decoder's reason. Pure: no I/O, never throws.
void read_irc(std::string_view bytes, RecordSink& sink);

}  // namespace pererecos::importers
