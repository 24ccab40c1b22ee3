#include "emotes/ffz_parser.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "emotes/json_reading.h"

namespace pererecos::emotes {
namespace {

using json_internal::error_code;
using json_internal::for_each_element;
using json_internal::for_each_field;
using json_internal::is_null;
using json_internal::read_id;
using json_internal::read_string;
using json_internal::value;

struct FfzSet {
  std::string key;  // the key in `sets{}` (the set id as text)
  std::vector<ParsedEmote> emotes;
};

error_code read_urls(value& v, std::string& image_url) {
  std::string first;
  std::string one;
  auto e = for_each_field(v, [&](std::string_view key, value& url) -> error_code {
    if (is_null(url)) return simdjson::SUCCESS;
    std::string text;
    if (auto err = read_string(url, text)) return err;
    if (first.empty()) first = text;
    if (key == "1") one = text;
    return simdjson::SUCCESS;
  });
  if (e) return e;
  image_url = absolute_https_url(one.empty() ? first : one);
  return simdjson::SUCCESS;
}

error_code read_emoticon(value& v, std::vector<ParsedEmote>& out) {
  ParsedEmote emote;
  auto e = for_each_field(v, [&](std::string_view key, value& field) -> error_code {
    if (key == "id") return read_id(field, emote.id);
    if (key == "name") return read_string(field, emote.name);
    if (key == "urls")
      return is_null(field) ? simdjson::SUCCESS : read_urls(field, emote.image_url);
    return simdjson::SUCCESS;
  });
  if (e) return e;
  if (!emote.id.empty() && !emote.name.empty()) out.push_back(std::move(emote));
  return simdjson::SUCCESS;
}

// Reads `sets{}`: {"<id>": {"emoticons": [...]}, ...}.
error_code read_sets(value& v, std::vector<FfzSet>& out) {
  return for_each_field(v, [&](std::string_view key, value& set_value) -> error_code {
    FfzSet& set = out.emplace_back();
    set.key = std::string(key);
    return for_each_field(set_value, [&](std::string_view set_key, value& field) -> error_code {
      if (set_key != "emoticons" || is_null(field)) return simdjson::SUCCESS;
      return for_each_element(field,
                              [&](value& emoticon) { return read_emoticon(emoticon, set.emotes); });
    });
  });
}

void append_emotes(std::vector<FfzSet>& sets, ParsedEmoteSet& out) {
  for (FfzSet& set : sets) {
    for (ParsedEmote& e : set.emotes) out.emotes.push_back(std::move(e));
  }
}

}  // namespace

Result<ParsedEmoteSet> parse_ffz_room(std::string_view body) {
  std::vector<FfzSet> sets;
  bool has_sets = false;
  std::string room_set;
  Status s = json_internal::parse_document(body, "FFZ room", [&](value& root) {
    return for_each_field(root, [&](std::string_view key, value& v) -> error_code {
      if (key == "sets") {
        has_sets = true;
        return read_sets(v, sets);
      }
      if (key == "room") {
        return for_each_field(v, [&](std::string_view room_key, value& room_value) {
          if (room_key != "set" || is_null(room_value)) return simdjson::SUCCESS;
          return read_id(room_value, room_set);
        });
      }
      return simdjson::SUCCESS;
    });
  });
  if (!s) return s;
  if (!has_sets) return Result<ParsedEmoteSet>::failure("FFZ room: no sets");
  ParsedEmoteSet result;
  result.set_id = !room_set.empty() ? room_set : (sets.empty() ? "" : sets.front().key);
  append_emotes(sets, result);
  return result;
}

Result<ParsedEmoteSet> parse_ffz_global(std::string_view body) {
  std::vector<FfzSet> sets;
  bool has_sets = false;
  std::optional<std::vector<std::string>> default_sets;
  Status s = json_internal::parse_document(body, "FFZ global sets", [&](value& root) {
    return for_each_field(root, [&](std::string_view key, value& v) -> error_code {
      if (key == "sets") {
        has_sets = true;
        return read_sets(v, sets);
      }
      if (key == "default_sets") {
        default_sets.emplace();
        return for_each_element(
            v, [&](value& id) { return read_id(id, default_sets->emplace_back()); });
      }
      return simdjson::SUCCESS;
    });
  });
  if (!s) return s;
  if (!has_sets) return Result<ParsedEmoteSet>::failure("FFZ global sets: no sets");
  if (default_sets) {
    std::erase_if(sets, [&](const FfzSet& set) {
      return std::find(default_sets->begin(), default_sets->end(), set.key) == default_sets->end();
    });
  }
  ParsedEmoteSet result;
  result.set_id = "global";
  append_emotes(sets, result);
  return result;
}

}  // namespace pererecos::emotes
