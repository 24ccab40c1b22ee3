#include "emotes/seventv_events.h"

#include "emotes/json_reading.h"
#include "emotes/seventv_parser_internal.h"

namespace pererecos::emotes {
namespace {

using json_internal::error_code;
using json_internal::for_each_element;
using json_internal::for_each_field;
using json_internal::is_null;
using json_internal::read_int64;
using json_internal::read_optional_string;
using json_internal::read_string;
using json_internal::value;

// One ChangeField of `pushed` / `pulled` / `updated`: {"key","index","value","old_value"}.
// Appends to `olds` / `news` only when the key is "emotes" and the emote is complete.
error_code read_change_field(value& v, std::vector<ParsedEmote>& olds,
                             std::vector<ParsedEmote>& news) {
  std::string key;
  std::vector<ParsedEmote> old_value, new_value;
  auto e = for_each_field(v, [&](std::string_view field, value& fv) -> error_code {
    if (field == "key") return read_string(fv, key);
    if (field == "value" || field == "old_value") {
      // Only objects can be emotes; other changes (a set's name, a user's connections)
      // carry strings or arrays here. The key may come after the value, so look first.
      simdjson::ondemand::json_type type;
      if (auto e = fv.type().get(type)) return e;
      if (type != simdjson::ondemand::json_type::object) return simdjson::SUCCESS;
      return json_internal::read_seventv_emote(fv, field == "value" ? new_value : old_value);
    }
    return simdjson::SUCCESS;
  });
  if (e) return e;
  if (key != "emotes") return simdjson::SUCCESS;
  olds.insert(olds.end(), old_value.begin(), old_value.end());
  news.insert(news.end(), new_value.begin(), new_value.end());
  return simdjson::SUCCESS;
}

error_code read_body(value& v, SevenTvEvent& out) {
  return for_each_field(v, [&](std::string_view key, value& fv) -> error_code {
    if (key == "id") return read_string(fv, out.object_id);
    if (key != "pushed" && key != "pulled" && key != "updated") return simdjson::SUCCESS;
    if (is_null(fv)) return simdjson::SUCCESS;
    return for_each_element(fv, [&](value& element) -> error_code {
      std::vector<ParsedEmote> olds, news;
      if (auto e = read_change_field(element, olds, news)) return e;
      SevenTvSetChange& c = out.change;
      if (key == "pushed") {
        c.pushed.insert(c.pushed.end(), news.begin(), news.end());
      } else if (key == "pulled") {
        c.pulled.insert(c.pulled.end(), olds.begin(), olds.end());
      } else if (olds.size() == 1 && news.size() == 1) {
        c.updated.emplace_back(std::move(olds[0]), std::move(news[0]));
      }
      return simdjson::SUCCESS;
    });
  });
}

error_code read_data(value& v, SevenTvEvent& out) {
  return for_each_field(v, [&](std::string_view key, value& fv) -> error_code {
    if (key == "heartbeat_interval") return read_int64(fv, out.heartbeat_interval_ms);
    if (key == "session_id") return read_string(fv, out.session_id);
    if (key == "subscription_limit") return read_int64(fv, out.subscription_limit);
    if (key == "count") return read_int64(fv, out.count);
    if (key == "type") return read_string(fv, out.type);
    if (key == "code") return read_int64(fv, out.code);
    if (key == "message" || key == "reason" || key == "command") {
      return read_optional_string(fv, out.message);
    }
    if (key == "body") {
      if (is_null(fv)) return simdjson::SUCCESS;
      return read_body(fv, out);
    }
    return simdjson::SUCCESS;
  });
}

}  // namespace

Result<SevenTvEvent> parse_seventv_event(std::string_view text) {
  SevenTvEvent event;
  bool has_op = false;
  Status s = json_internal::parse_document(text, "7TV event", [&](value& root) {
    return for_each_field(root, [&](std::string_view key, value& v) -> error_code {
      if (key == "op") {
        std::int64_t op = 0;
        if (auto e = read_int64(v, op)) return e;
        if (op < 0 || op > 1000) return simdjson::NUMBER_OUT_OF_RANGE;
        event.op = static_cast<int>(op);
        has_op = true;
        return simdjson::SUCCESS;
      }
      if (key == "d") {
        if (is_null(v)) return simdjson::SUCCESS;
        return read_data(v, event);
      }
      return simdjson::SUCCESS;
    });
  });
  if (!s) return s;
  if (!has_op) return Result<SevenTvEvent>::failure("7TV event: no op");
  return event;
}

std::string seventv_subscription_message(SevenTvOp op, std::string_view type,
                                         std::string_view object_id) {
  std::string out = "{\"op\":" + std::to_string(static_cast<int>(op)) + ",\"d\":{\"type\":\"";
  out += type;
  out += "\",\"condition\":{\"object_id\":\"";
  out += object_id;
  out += "\"}}}";
  return out;
}

}  // namespace pererecos::emotes
