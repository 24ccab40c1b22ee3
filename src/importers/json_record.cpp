#include <charconv>
#include <cmath>
#include <cstring>

#include "core/time_format.h"
#include "importers/json_record_internal.h"

namespace pererecos::importers::internal {

using simdjson::dom::element;
using simdjson::dom::element_type;

bool JsonRecordParser::parse(std::string_view json, element* root, std::string* error) {
  const std::size_t needed = json.size() + simdjson::SIMDJSON_PADDING;
  if (needed > capacity_) {
    capacity_ = std::max(needed, capacity_ * 2);
    buffer_ = std::make_unique<char[]>(capacity_);
  }
  std::memcpy(buffer_.get(), json.data(), json.size());
  std::memset(buffer_.get() + json.size(), 0, simdjson::SIMDJSON_PADDING);
  const simdjson::error_code code =
      parser_.parse(buffer_.get(), json.size(), /*realloc_if_needed=*/false).get(*root);
  if (code != simdjson::SUCCESS) {
    *error = simdjson::error_message(code);
    return false;
  }
  return true;
}

std::optional<element> field(element obj, std::string_view key) {
  simdjson::dom::object object;
  if (obj.get(object) != simdjson::SUCCESS) return std::nullopt;
  element value;
  if (object.at_key(key).get(value) != simdjson::SUCCESS) return std::nullopt;
  if (value.is_null()) return std::nullopt;
  return value;
}

std::optional<std::string_view> as_string(element value) {
  std::string_view s;
  if (value.get(s) != simdjson::SUCCESS) return std::nullopt;
  return s;
}

namespace {

std::optional<std::int64_t> integer_from_text(std::string_view text) {
  std::int64_t out = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return out;
}

std::optional<std::int64_t> integer_from_double(double d) {
  if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) > 9.0e15) return std::nullopt;
  return static_cast<std::int64_t>(d);
}

}  // namespace

std::optional<std::int64_t> as_integer(element value) {
  switch (value.type()) {
    case element_type::INT64: {
      std::int64_t i = 0;
      if (value.get(i) == simdjson::SUCCESS) return i;
      return std::nullopt;
    }
    case element_type::UINT64:
      return std::nullopt;  // beyond int64
    case element_type::DOUBLE: {
      double d = 0;
      if (value.get(d) != simdjson::SUCCESS) return std::nullopt;
      return integer_from_double(d);
    }
    case element_type::STRING:
      return integer_from_text(*as_string(value));
    case element_type::OBJECT: {
      for (const std::string_view key : {"$numberInt", "$numberLong"}) {
        if (auto inner = field(value, key)) {
          if (auto text = as_string(*inner)) return integer_from_text(*text);
          return std::nullopt;
        }
      }
      if (auto inner = field(value, "$numberDouble")) {
        auto text = as_string(*inner);
        if (!text) return std::nullopt;
        double d = 0;
        const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), d);
        if (ec != std::errc() || ptr != text->data() + text->size()) return std::nullopt;
        return integer_from_double(d);
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<std::string> as_id_text(element value) {
  if (auto s = as_string(value)) return std::string(*s);
  if (auto oid = field(value, "$oid")) {
    if (auto s = as_string(*oid)) return std::string(*s);
    return std::nullopt;
  }
  if (auto i = as_integer(value)) return std::to_string(*i);
  return std::nullopt;
}

std::optional<TimestampMs> as_instant(element value) {
  if (auto date = field(value, "$date")) {
    if (auto s = as_string(*date)) return parse_iso8601(*s);
    return as_integer(*date);
  }
  if (auto s = as_string(value)) return parse_iso8601(*s);
  if (value.type() == element_type::INT64 || value.type() == element_type::DOUBLE) {
    return as_integer(value);
  }
  return std::nullopt;
}

std::string_view type_name(element value) {
  switch (value.type()) {
    case element_type::ARRAY:
      return "array";
    case element_type::OBJECT:
      return "object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return "number";
    case element_type::STRING:
      return "string";
    case element_type::BOOL:
      return "boolean";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "value";
}

std::string excerpt(std::string_view raw) {
  std::string out;
  const std::size_t limit = 60;
  for (const char c : raw.substr(0, limit)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7F) ? '?' : c;
  }
  if (raw.size() > limit) out += "...";
  return out;
}

}  // namespace pererecos::importers::internal
