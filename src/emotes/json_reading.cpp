#include "emotes/json_reading.h"

#include <utility>

namespace pererecos::emotes::json_internal {

Status parse_document(std::string_view body, std::string_view what,
                      const std::function<error_code(value& root)>& read_root) {
  auto fail = [&](error_code e) {
    return Status::error(std::string(what) + ": invalid JSON (" + simdjson::error_message(e) + ")");
  };
  simdjson::padded_string padded(body);
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  if (auto e = parser.iterate(padded).get(doc)) return fail(e);
  value root;
  if (auto e = doc.get_value().get(root)) return fail(e);
  if (auto e = read_root(root)) return fail(e);
  // current_location() reports OUT_OF_BOUNDS exactly when every token was consumed.
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    return fail(simdjson::TRAILING_CONTENT);
  }
  return Status::ok();
}

error_code for_each_field(value& v,
                          const std::function<error_code(std::string_view key, value& v)>& fn) {
  simdjson::ondemand::object object;
  if (auto e = v.get_object().get(object)) return e;
  for (auto field_result : object) {
    simdjson::ondemand::field field;
    if (auto e = std::move(field_result).get(field)) return e;
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    value field_value = field.value();
    if (auto e = fn(key, field_value)) return e;
  }
  return simdjson::SUCCESS;
}

error_code for_each_element(value& v, const std::function<error_code(value& element)>& fn) {
  simdjson::ondemand::array array;
  if (auto e = v.get_array().get(array)) return e;
  for (auto element_result : array) {
    value element;
    if (auto e = std::move(element_result).get(element)) return e;
    if (auto e = fn(element)) return e;
  }
  return simdjson::SUCCESS;
}

error_code read_string(value& v, std::string& out) {
  std::string_view text;
  if (auto e = v.get_string().get(text)) return e;
  out.assign(text);
  return simdjson::SUCCESS;
}

error_code read_optional_string(value& v, std::string& out) {
  if (is_null(v)) return simdjson::SUCCESS;
  return read_string(v, out);
}

error_code read_int64(value& v, std::int64_t& out) {
  return v.get_int64().get(out);
}

error_code read_id(value& v, std::string& out) {
  simdjson::ondemand::json_type type;
  if (auto e = v.type().get(type)) return e;
  if (type == simdjson::ondemand::json_type::string) return read_string(v, out);
  if (type != simdjson::ondemand::json_type::number) return simdjson::INCORRECT_TYPE;
  std::uint64_t number = 0;
  if (auto e = v.get_uint64().get(number)) return e;
  out = std::to_string(number);
  return simdjson::SUCCESS;
}

bool is_null(value& v) {
  bool null = false;
  if (v.is_null().get(null)) return false;
  return null;
}

}  // namespace pererecos::emotes::json_internal
