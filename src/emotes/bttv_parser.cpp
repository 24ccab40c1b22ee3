#include "emotes/bttv_parser.h"

#include <string>
#include <vector>

#include "emotes/json_reading.h"

namespace pererecos::emotes {
namespace {

using json_internal::error_code;
using json_internal::for_each_element;
using json_internal::for_each_field;
using json_internal::read_string;
using json_internal::value;

error_code read_emote(value& v, std::vector<ParsedEmote>& out) {
  ParsedEmote emote;
  auto e = for_each_field(v, [&](std::string_view key, value& field) -> error_code {
    if (key == "id") return read_string(field, emote.id);
    if (key == "code") return read_string(field, emote.name);
    return simdjson::SUCCESS;
  });
  if (e) return e;
  if (!emote.id.empty() && !emote.name.empty()) {
    emote.image_url = "https://cdn.betterttv.net/emote/" + emote.id + "/1x.webp";
    out.push_back(std::move(emote));
  }
  return simdjson::SUCCESS;
}

error_code read_emote_array(value& v, std::vector<ParsedEmote>& out) {
  return for_each_element(v, [&](value& emote) { return read_emote(emote, out); });
}

}  // namespace

Result<ParsedEmoteSet> parse_bttv_channel(std::string_view body) {
  ParsedEmoteSet set;
  std::vector<ParsedEmote> shared;
  bool has_emote_array = false;
  Status s = json_internal::parse_document(body, "BTTV channel", [&](value& root) {
    return for_each_field(root, [&](std::string_view key, value& v) -> error_code {
      if (key == "id") return json_internal::read_id(v, set.set_id);
      if (key == "channelEmotes") {
        has_emote_array = true;
        return read_emote_array(v, set.emotes);
      }
      if (key == "sharedEmotes") {
        has_emote_array = true;
        return read_emote_array(v, shared);
      }
      return simdjson::SUCCESS;
    });
  });
  if (!s) return s;
  if (!has_emote_array) return Result<ParsedEmoteSet>::failure("BTTV channel: no emote arrays");
  for (ParsedEmote& e : shared) set.emotes.push_back(std::move(e));
  return set;
}

Result<ParsedEmoteSet> parse_bttv_global(std::string_view body) {
  ParsedEmoteSet set;
  set.set_id = "global";
  Status s = json_internal::parse_document(
      body, "BTTV global emotes", [&](value& root) { return read_emote_array(root, set.emotes); });
  if (!s) return s;
  return set;
}

}  // namespace pererecos::emotes
