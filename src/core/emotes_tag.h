// The Twitch `emotes` tag: "ID:start-end,start-end/ID2:start-end" with inclusive
// code-point positions into the message text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pererecos {

struct EmoteSpan {
  std::string id;
  std::uint32_t start = 0;  // first code point, inclusive
  std::uint32_t end = 0;    // last code point, inclusive
  bool operator==(const EmoteSpan&) const = default;
};

// Parses the tag into spans sorted by start. Malformed entries are skipped (the tag is
// advisory); an empty tag gives an empty vector.
std::vector<EmoteSpan> parse_emotes_tag(std::string_view tag);

}  // namespace pererecos
