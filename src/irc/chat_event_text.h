// A stable one-line textual rendering of a ChatEvent, for golden files, logs and tools.
#pragma once

#include <string>

#include "core/chat_event.h"

namespace pererecos::irc {

// Renders `event` on one line: the kind first, then every field as `name=value` in a
// fixed order. String values are double-quoted with `"` and `\` backslash-escaped and
// bytes below 0x20 and 0x7F written as \xNN; other bytes (UTF-8 text) are kept as they
// are. The output never contains CR or LF. Example:
//   PRIVMSG id="a1" channel="nymn" ... action=0 text="hi \x01"
// The format is part of the golden tests: changing it means regenerating them.
std::string describe_chat_event(const ChatEvent& event);

}  // namespace pererecos::irc
