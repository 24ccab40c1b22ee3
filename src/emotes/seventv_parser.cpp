#include "emotes/seventv_parser.h"

#include <vector>

#include "emotes/json_reading.h"
#include "emotes/seventv_parser_internal.h"

namespace pererecos::emotes {
namespace {

using json_internal::error_code;
using json_internal::for_each_element;
using json_internal::for_each_field;
using json_internal::is_null;
using json_internal::read_optional_string;
using json_internal::read_string;
using json_internal::value;

// Reads `data.host` into a URL for the smallest image.
error_code read_host(value& host, std::string& image_url) {
  std::string base;
  std::vector<std::string> files;
  auto e = for_each_field(host, [&](std::string_view key, value& v) -> error_code {
    if (key == "url") return read_string(v, base);
    if (key == "files") {
      return for_each_element(v, [&](value& file) {
        return for_each_field(file, [&](std::string_view file_key, value& file_value) {
          if (file_key != "name") return simdjson::SUCCESS;
          return read_string(file_value, files.emplace_back());
        });
      });
    }
    return simdjson::SUCCESS;
  });
  if (e) return e;
  std::string url = absolute_https_url(base);
  if (url.empty()) {
    image_url.clear();
    return simdjson::SUCCESS;
  }
  std::string chosen;
  for (const std::string& f : files) {
    if (f == "1x.webp") chosen = f;
  }
  for (const std::string& f : files) {
    if (chosen.empty() && f.starts_with("1x.")) chosen = f;
  }
  if (chosen.empty()) chosen = files.empty() ? "1x.webp" : files.front();
  image_url = url + "/" + chosen;
  return simdjson::SUCCESS;
}

}  // namespace

error_code json_internal::read_seventv_emote(value& v, std::vector<ParsedEmote>& out) {
  ParsedEmote emote;
  bool has_id = false;
  bool has_name = false;
  auto e = for_each_field(v, [&](std::string_view key, value& field) -> error_code {
    if (key == "id") {
      has_id = true;
      return read_string(field, emote.id);
    }
    if (key == "name") {
      has_name = true;
      return read_string(field, emote.name);
    }
    if (key == "data") {
      if (is_null(field)) return simdjson::SUCCESS;
      return for_each_field(field, [&](std::string_view data_key, value& data_value) {
        if (data_key != "host" || is_null(data_value)) return simdjson::SUCCESS;
        return read_host(data_value, emote.image_url);
      });
    }
    return simdjson::SUCCESS;
  });
  if (e) return e;
  if (has_id && has_name && !emote.id.empty() && !emote.name.empty()) {
    out.push_back(std::move(emote));
  }
  return simdjson::SUCCESS;
}

Result<ParsedEmoteSet> parse_seventv_emote_set(std::string_view body) {
  ParsedEmoteSet set;
  bool has_id = false;
  Status s = json_internal::parse_document(body, "7TV emote set", [&](value& root) {
    return for_each_field(root, [&](std::string_view key, value& v) -> error_code {
      if (key == "id") {
        has_id = true;
        return read_string(v, set.set_id);
      }
      if (key == "emotes") {
        if (is_null(v)) return simdjson::SUCCESS;
        return for_each_element(v, [&](value& emote) { return json_internal::read_seventv_emote(emote, set.emotes); });
      }
      return simdjson::SUCCESS;
    });
  });
  if (!s) return s;
  if (!has_id || set.set_id.empty()) return Result<ParsedEmoteSet>::failure("7TV emote set: no id");
  return set;
}

Result<SevenTvUserLink> parse_seventv_user_link(std::string_view body) {
  std::string direct;
  std::string nested;
  std::string user_id;
  Status s = json_internal::parse_document(body, "7TV user", [&](value& root) {
    return for_each_field(root, [&](std::string_view key, value& v) -> error_code {
      if (key == "emote_set_id") return read_optional_string(v, direct);
      if (key == "emote_set" || key == "user") {
        if (is_null(v)) return simdjson::SUCCESS;
        std::string& id = key == "user" ? user_id : nested;
        return for_each_field(v, [&](std::string_view sub_key, value& sub_value) {
          if (sub_key != "id") return simdjson::SUCCESS;
          return read_string(sub_value, id);
        });
      }
      return simdjson::SUCCESS;
    });
  });
  if (!s) return s;
  return SevenTvUserLink{direct.empty() ? nested : direct, user_id};
}

Result<std::string> parse_seventv_user(std::string_view body) {
  Result<SevenTvUserLink> link = parse_seventv_user_link(body);
  if (!link) return link.status();
  return link->emote_set_id;
}

}  // namespace pererecos::emotes
