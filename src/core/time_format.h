// ISO 8601 formatting and parsing of UTC instants.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/chat_event.h"

namespace pererecos {

// "2024-01-06T16:19:44.095+00:00" (SPEC §1: UTC, milliseconds, explicit offset).
std::string format_iso8601_ms(TimestampMs ts);

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff...]]" with an optional "Z" or "±HH:MM"
// / "±HHMM" offset (none means UTC); a space may replace the "T". Fractions beyond
// milliseconds are truncated. nullopt when the text is not such a date.
std::optional<TimestampMs> parse_iso8601(std::string_view text);

}  // namespace pererecos
