// UTF-8 helpers. Positions and lengths in SPEC.md count Unicode code points.
#pragma once

#include <cstddef>
#include <string_view>

namespace pererecos {

// Number of code points in `text`. Invalid bytes each count as one code point, so the
// result is defined for any input.
std::size_t count_code_points(std::string_view text);

// Byte offset of code point number `index` (0-based) in `text`; text.size() when the
// text has exactly `index` code points, npos when it has fewer.
std::size_t byte_offset_of_code_point(std::string_view text, std::size_t index);

}  // namespace pererecos
