// Decoding of one raw Twitch IRC line into a typed ChatEvent (pure, no I/O).
#pragma once

#include <string_view>

#include "core/chat_event.h"
#include "core/result.h"
#include "irc/irc_line.h"

namespace pererecos::irc {

struct DecodeOptions {
  // Recorded lines (imports) must carry `tmi-sent-ts` or `rm-received-ts`; a PRIVMSG,
  // CLEARCHAT or CLEARMSG without either is rejected (SPEC §1). Live lines set this to
  // false and pass the receive time, used when the line has no timestamp.
  bool require_timestamp = true;
  TimestampMs receive_time_ms = 0;
};

// Decodes `line` (without the trailing CR LF; a trailing "\r" is tolerated).
// A malformed line gives an error naming what is wrong; never throws, never hangs.
Result<ChatEvent> decode_twitch_line(std::string_view line, const DecodeOptions& options = {});
// The same for a line already parsed (parse_irc_line), so a caller that looked at the
// command first does not parse the line twice. `irc` views the line's text.
Result<ChatEvent> decode_twitch_irc(const IrcLine& irc, const DecodeOptions& options = {});

}  // namespace pererecos::irc
