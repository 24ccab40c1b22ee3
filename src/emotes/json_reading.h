// Internal helpers shared by the provider parsers: a thin, exception-free layer over the
// simdjson On-Demand API. Not for callers outside src/emotes/.
//
// Every function returns a simdjson::error_code (SUCCESS == 0); callers stop at the first
// error, which is what makes truncated or hostile input safe to feed.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pererecos::emotes::json_internal {

using simdjson::error_code;
using simdjson::ondemand::value;

// Parses `body` and hands its root value to `read_root`, then requires that the whole
// document was consumed (trailing content is an error). `what` names the document in the
// error message, e.g. "7TV emote set".
Status parse_document(std::string_view body, std::string_view what,
                      const std::function<error_code(value& root)>& read_root);

// Calls `fn(key, value)` for every field of the object `v`, in document order. Fails with
// INCORRECT_TYPE when `v` is not an object.
error_code for_each_field(value& v,
                          const std::function<error_code(std::string_view key, value& v)>& fn);

// Calls `fn(element)` for every element of the array `v`. INCORRECT_TYPE unless an array.
error_code for_each_element(value& v, const std::function<error_code(value& element)>& fn);

// A string value copied out (unescaped). INCORRECT_TYPE for any other type.
error_code read_string(value& v, std::string& out);

// A string value copied out; JSON null leaves `out` as it was.
error_code read_optional_string(value& v, std::string& out);

// A signed 64-bit integer. INCORRECT_TYPE for a non-number, an error for a fraction or
// a value out of range.
error_code read_int64(value& v, std::int64_t& out);

// An identifier: a string, or a non-negative integer rendered in decimal (FFZ ids).
error_code read_id(value& v, std::string& out);

// True when `v` is JSON null (and consumes it); false for any other value (not consumed).
bool is_null(value& v);

}  // namespace pererecos::emotes::json_internal
