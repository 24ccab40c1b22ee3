#include "importers/twitchdownloader_json_reader.h"

#include <optional>
#include <utility>
#include <vector>

#include "core/ascii.h"
#include "core/time_format.h"
#include "core/unicode.h"
#include "importers/json_record_internal.h"
#include "importers/json_scanner_internal.h"

namespace pererecos::importers {
namespace {

using internal::ArrayEnd;
using internal::JsonScanner;
using simdjson::dom::element;

std::string trim_ascii(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

struct Streamer {
  std::string login;
  std::string id;
};

class CommentReader {
 public:
  CommentReader(const ReadOptions& options, RecordSink& sink) : sink_(sink) {
    channel_ = normalize_channel(options.channel);
  }

  // Takes channel and room id from the `streamer` object.
  void set_streamer(std::string_view json) {
    element root;
    std::string error;
    if (!parser_.parse(json, &root, &error)) return;
    if (auto name = internal::field(root, "name")) {
      if (auto s = internal::as_string(*name); s && channel_.empty()) {
        channel_ = normalize_channel(*s);
      }
    }
    if (auto id = internal::field(root, "id")) {
      if (auto text = internal::as_id_text(*id)) streamer_id_ = *text;
    }
  }

  bool has_channel() const { return !channel_.empty(); }

  void read(std::string_view json, const RecordPosition& where) {
    element root;
    std::string error;
    if (!parser_.parse(json, &root, &error)) {
      sink_.on_skipped(where, "invalid JSON in comment: " + error);
      return;
    }
    if (root.type() != simdjson::dom::element_type::OBJECT) {
      sink_.on_skipped(
          where, "comment is a " + std::string(internal::type_name(root)) + ", not an object");
      return;
    }
    std::string problem;
    std::optional<ChatMessage> message = to_message(root, &problem);
    if (!message) {
      sink_.on_skipped(where, problem);
      return;
    }
    sink_.on_message(std::move(*message), where);
  }

 private:
  // Reads a required string field, or explains why not.
  static std::optional<std::string_view> required_string(element obj, std::string_view key,
                                                         std::string_view path,
                                                         std::string* problem) {
    auto value = internal::field(obj, key);
    if (!value) {
      *problem = "missing " + std::string(path);
      return std::nullopt;
    }
    auto s = internal::as_string(*value);
    if (!s) {
      *problem = std::string(path) + " is a " + std::string(internal::type_name(*value)) +
                 ", not a string";
    }
    return s;
  }

  std::optional<ChatMessage> to_message(element root, std::string* problem) {
    if (channel_.empty()) {
      *problem = "no channel: the file has no streamer.name; pass --channel";
      return std::nullopt;
    }
    ChatMessage m;
    m.channel = channel_;
    if (auto id = internal::field(root, "_id")) {
      auto s = internal::as_string(*id);
      if (!s) {
        *problem = "_id is a " + std::string(internal::type_name(*id)) + ", not a string";
        return std::nullopt;
      }
      m.id = std::string(*s);
    }
    auto created = required_string(root, "created_at", "created_at", problem);
    if (!created) return std::nullopt;
    const std::optional<TimestampMs> ts = parse_iso8601(*created);
    if (!ts) {
      *problem = "created_at \"" + internal::excerpt(*created) + "\" is not an ISO 8601 time";
      return std::nullopt;
    }
    m.timestamp_ms = *ts;

    auto commenter = internal::field(root, "commenter");
    if (!commenter || commenter->type() != simdjson::dom::element_type::OBJECT) {
      *problem = commenter ? "commenter is not an object" : "missing commenter";
      return std::nullopt;
    }
    auto name = required_string(*commenter, "name", "commenter.name", problem);
    if (!name) return std::nullopt;
    if (name->empty()) {
      *problem = "empty commenter.name";
      return std::nullopt;
    }
    m.login = ascii_lower(*name);
    if (auto uid = internal::field(*commenter, "_id")) {
      if (auto text = internal::as_id_text(*uid)) m.user_id = std::move(*text);
    }
    if (auto display = internal::field(*commenter, "display_name")) {
      if (auto s = internal::as_string(*display)) m.display_name = trim_ascii(*s);
    }
    if (m.display_name.empty()) m.display_name = m.login;

    auto body_message = internal::field(root, "message");
    if (!body_message || body_message->type() != simdjson::dom::element_type::OBJECT) {
      *problem = body_message ? "message is not an object" : "missing message";
      return std::nullopt;
    }
    auto body = required_string(*body_message, "body", "message.body", problem);
    if (!body) return std::nullopt;
    m.text = std::string(*body);
    if (auto fragments = internal::field(*body_message, "fragments")) {
      m.emotes = build_emotes_tag_from_fragments(m.text, *fragments);
    }
    if (auto bits = internal::field(*body_message, "bits_spent")) {
      if (auto n = internal::as_integer(*bits); n && *n > 0) m.bits = *n;
    }
    if (auto room = internal::field(root, "channel_id")) {
      if (auto text = internal::as_id_text(*room)) m.room_id = std::move(*text);
    }
    if (m.room_id.empty()) m.room_id = streamer_id_;
    return m;
  }

  RecordSink& sink_;
  internal::JsonRecordParser parser_;
  std::string channel_;
  std::string streamer_id_;
};

}  // namespace

std::string build_emotes_tag_from_fragments(std::string_view body, element fragments) {
  simdjson::dom::array array;
  if (fragments.get(array) != simdjson::SUCCESS) return {};
  std::vector<std::pair<std::string, std::string>> by_id;  // id -> "s-e,s-e"
  std::size_t cursor_byte = 0;
  std::size_t cursor_cp = 0;
  for (element fragment : array) {
    auto text_value = internal::field(fragment, "text");
    if (!text_value) continue;
    auto text = internal::as_string(*text_value);
    if (!text || text->empty()) continue;
    std::size_t pos = cursor_byte;
    if (body.compare(cursor_byte, text->size(), *text) != 0) {
      pos = body.find(*text, cursor_byte);
      if (pos == std::string_view::npos) continue;
    }
    const std::size_t start_cp =
        cursor_cp + count_code_points(body.substr(cursor_byte, pos - cursor_byte));
    const std::size_t length_cp = count_code_points(*text);
    cursor_byte = pos + text->size();
    cursor_cp = start_cp + length_cp;
    auto emoticon = internal::field(fragment, "emoticon");
    if (!emoticon) continue;
    auto id_value = internal::field(*emoticon, "emoticon_id");
    if (!id_value) continue;
    std::optional<std::string> id = internal::as_id_text(*id_value);
    if (!id || id->empty()) continue;
    std::string range = std::to_string(start_cp) + "-" + std::to_string(start_cp + length_cp - 1);
    auto it = by_id.begin();
    while (it != by_id.end() && it->first != *id) ++it;
    if (it == by_id.end()) {
      by_id.emplace_back(std::move(*id), std::move(range));
    } else {
      it->second += ',';
      it->second += range;
    }
  }
  std::string tag;
  for (const auto& [id, ranges] : by_id) {
    if (!tag.empty()) tag += '/';
    tag += id;
    tag += ':';
    tag += ranges;
  }
  return tag;
}

void read_twitchdownloader_json(std::string_view bytes, const ReadOptions& options,
                                RecordSink& sink) {
  CommentReader reader(options, sink);
  JsonScanner scanner(bytes);
  scanner.skip_bom();
  scanner.skip_whitespace();
  if (scanner.peek() != '{') {
    sink.on_skipped({0, scanner.line()},
                    "not a TwitchDownloader chat JSON: expected '{' at the start");
    sink.on_consumed(bytes.size());
    return;
  }
  scanner.advance();
  std::uint64_t records = 0;
  bool saw_comments = false;
  std::optional<std::pair<std::size_t, std::uint64_t>> pending;  // comments before streamer
  auto read_comment = [&](std::string_view json, const RecordPosition& where) {
    reader.read(json, where);
  };
  bool malformed = false;
  while (true) {
    scanner.skip_whitespace();
    if (scanner.peek() == '}' || scanner.at_end()) break;
    std::string_view key;
    if (scanner.peek() != '"' || !scanner.read_raw_string(&key)) {
      malformed = !scanner.at_end();
      break;
    }
    scanner.skip_whitespace();
    if (scanner.peek() != ':') {
      malformed = !scanner.at_end();
      break;
    }
    scanner.advance();
    scanner.skip_whitespace();
    const std::size_t value_start = scanner.pos();
    if (key == "comments" && scanner.peek() == '[' && !saw_comments) {
      saw_comments = true;
      if (reader.has_channel()) {
        const ArrayEnd end =
            internal::for_each_element(scanner, bytes, 0, sink, &records, read_comment);
        if (end == ArrayEnd::kMalformed) {
          sink.on_skipped({records + 1, scanner.line()},
                          "malformed JSON after this point in comments; the rest is ignored");
        }
        if (end != ArrayEnd::kClosed) break;
      } else {
        pending.emplace(value_start, scanner.line());
        if (!scanner.skip_value()) break;
      }
    } else {
      if (!scanner.skip_value()) break;
      if (key == "streamer") {
        reader.set_streamer(bytes.substr(value_start, scanner.pos() - value_start));
      }
    }
    scanner.skip_whitespace();
    if (scanner.peek() == ',') scanner.advance();
  }
  if (malformed && saw_comments) {
    sink.on_skipped({0, scanner.line()}, "malformed JSON at the top level; the rest is ignored");
  }
  if (pending) {
    // `comments` came before `streamer`: read them now that the channel may be known.
    JsonScanner again(bytes.substr(pending->first), pending->second);
    const ArrayEnd end = internal::for_each_element(again, bytes.substr(pending->first),
                                                    pending->first, sink, &records, read_comment);
    if (end == ArrayEnd::kMalformed) {
      sink.on_skipped({records + 1, again.line()},
                      "malformed JSON after this point in comments; the rest is ignored");
    }
  }
  if (!saw_comments) {
    sink.on_skipped({0, scanner.line()}, "no \"comments\" array: not a TwitchDownloader chat JSON");
  }
  sink.on_consumed(bytes.size());
}

}  // namespace pererecos::importers
