// Parsing one JSON record with simdjson (DOM) and reading fields that may be written in
// relaxed or canonical MongoDB Extended JSON. Internal to the importers module.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/chat_event.h"

namespace pererecos::importers::internal {

// Parses one record at a time into a reused simdjson DOM. The bytes are copied into an
// internal padded buffer, so the input needs no padding and may be a view into a
// memory-mapped file.
class JsonRecordParser {
 public:
  // On success *root refers to the parsed document, valid until the next parse().
  // On failure returns simdjson's message.
  bool parse(std::string_view json, simdjson::dom::element* root, std::string* error);

 private:
  simdjson::dom::parser parser_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
};

// obj[key] when obj is an object that has the key and it is not null.
std::optional<simdjson::dom::element> field(simdjson::dom::element obj, std::string_view key);

// A JSON string.
std::optional<std::string_view> as_string(simdjson::dom::element value);

// An integer: a JSON integer, an integral double, a string of digits (optional '-'),
// {"$numberInt": "..."}, {"$numberLong": "..."} or an integral {"$numberDouble": "..."}.
std::optional<std::int64_t> as_integer(simdjson::dom::element value);

// An identifier kept as text: a string, an integer (any form as_integer accepts) in
// decimal, or {"$oid": "..."}.
std::optional<std::string> as_id_text(simdjson::dom::element value);

// An instant: {"$date": ISO string | {"$numberLong": ms} | ms}, an ISO 8601 string, or
// an integer of milliseconds since the epoch.
std::optional<TimestampMs> as_instant(simdjson::dom::element value);

// Name of the JSON type of `value`, for error messages ("string", "object" ...).
std::string_view type_name(simdjson::dom::element value);

// "first 60 characters of `raw`..." with control bytes replaced, for error messages.
std::string excerpt(std::string_view raw);

}  // namespace pererecos::importers::internal
