#include "recent_messages/answer_parser.h"

#include <simdjson.h>

#include <utility>
#include <variant>

#include "irc/twitch_decoder.h"

namespace pererecos::recent_messages {
namespace {

using R = Result<RecentMessagesAnswer>;

// A string, a number (as its text) or null/absent (empty).
std::string loose_text(simdjson::dom::element value) {
  if (value.is_string()) return std::string(value.get_string().value());
  if (value.is_int64()) return std::to_string(value.get_int64().value());
  if (value.is_uint64()) return std::to_string(value.get_uint64().value());
  return {};
}

}  // namespace

Result<RecentMessagesAnswer> parse_answer(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  simdjson::dom::element root;
  if (auto err = parser.parse(padded).get(root); err) {
    return R::failure(std::string("the answer is not JSON: ") + simdjson::error_message(err));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object)) return R::failure("the answer is not a JSON object");
  RecentMessagesAnswer answer;
  simdjson::dom::element value;
  if (!object["error"].get(value)) answer.error = loose_text(value);
  if (!object["error_code"].get(value)) answer.error_code = loose_text(value);
  simdjson::dom::element messages;
  if (object["messages"].get(messages)) return answer;  // absent: nothing held
  if (messages.is_null()) return answer;
  simdjson::dom::array array;
  if (messages.get_array().get(array)) return R::failure("\"messages\" is not an array");
  answer.lines.reserve(array.size());
  for (simdjson::dom::element line : array) {
    std::string_view text;
    if (line.get_string().get(text)) return R::failure("\"messages\" holds a non-string");
    answer.lines.emplace_back(text);
  }
  return answer;
}

DecodedLines decode_lines(const std::vector<std::string>& lines, std::string_view channel) {
  DecodedLines out;
  auto skip = [&](std::string reason) {
    if (out.skipped++ == 0) out.first_skip_reason = std::move(reason);
  };
  for (const std::string& line : lines) {
    Result<ChatEvent> event = irc::decode_twitch_line(line);  // recorded: timestamp required
    if (!event.is_ok()) {
      skip(event.error());
      continue;
    }
    if (auto* m = std::get_if<ChatMessage>(&*event)) {
      if (m->channel != channel) {
        skip("a line of channel #" + m->channel);
        continue;
      }
      out.messages.push_back(std::move(*m));
    } else if (auto* e = std::get_if<ModerationEvent>(&*event)) {
      if (e->channel != channel) {
        skip("a line of channel #" + e->channel);
        continue;
      }
      out.moderation.push_back(std::move(*e));
    } else {
      ++out.other;
    }
  }
  return out;
}

}  // namespace pererecos::recent_messages
