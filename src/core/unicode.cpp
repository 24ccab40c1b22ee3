#include "core/unicode.h"

#include <cstdint>
#include <cstring>

namespace pererecos {
namespace {

// Length of the UTF-8 sequence starting at text[i]; 1 for an invalid or truncated one.
std::size_t sequence_length(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t len = 1;
  if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
  } else if (lead >= 0xE0) {
    len = 3;
  } else if (lead >= 0xC2 && lead < 0xE0) {
    len = 2;
  }
  if (lead >= 0xF5) len = 1;
  if (i + len > text.size()) return 1;
  for (std::size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 1;
  }
  return len;
}

}  // namespace

std::size_t count_code_points(std::string_view text) {
  // Fast path: a run of ASCII bytes, eight at a time, is one code point per byte.
  std::size_t i = 0;
  while (i + 8 <= text.size()) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    if ((w & 0x8080808080808080ULL) != 0) break;
    i += 8;
  }
  std::size_t count = i;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
    } else {
      i += sequence_length(text, i);
    }
    ++count;
  }
  return count;
}

std::size_t byte_offset_of_code_point(std::string_view text, std::size_t index) {
  std::size_t i = 0;
  for (std::size_t cp = 0; cp < index; ++cp) {
    if (i >= text.size()) return std::string_view::npos;
    i += static_cast<unsigned char>(text[i]) < 0x80 ? 1 : sequence_length(text, i);
  }
  return i;
}

}  // namespace pererecos
