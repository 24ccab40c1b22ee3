#include "core/emotes_tag.h"

#include <algorithm>
#include <charconv>

namespace pererecos {
namespace {

bool parse_u32(std::string_view s, std::uint32_t& out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

std::vector<EmoteSpan> parse_emotes_tag(std::string_view tag) {
  std::vector<EmoteSpan> spans;
  while (!tag.empty()) {
    const std::size_t slash = tag.find('/');
    std::string_view entry = tag.substr(0, slash);
    tag = slash == std::string_view::npos ? std::string_view() : tag.substr(slash + 1);
    const std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    const std::string_view id = entry.substr(0, colon);
    std::string_view ranges = entry.substr(colon + 1);
    while (!ranges.empty()) {
      const std::size_t comma = ranges.find(',');
      const std::string_view range = ranges.substr(0, comma);
      ranges = comma == std::string_view::npos ? std::string_view() : ranges.substr(comma + 1);
      const std::size_t dash = range.find('-');
      if (dash == std::string_view::npos) continue;
      std::uint32_t start = 0, end = 0;
      if (!parse_u32(range.substr(0, dash), start) || !parse_u32(range.substr(dash + 1), end) ||
          end < start)
        continue;
      spans.push_back(EmoteSpan{std::string(id), start, end});
    }
  }
  std::sort(spans.begin(), spans.end(),
            [](const EmoteSpan& a, const EmoteSpan& b) { return a.start < b.start; });
  return spans;
}

}  // namespace pererecos
