#include "importers/mongoexport_reader.h"

#include <optional>
#include <string>
#include <utility>

#include "core/ascii.h"
#include "importers/json_record_internal.h"
#include "importers/json_scanner_internal.h"
#include "importers/lines_internal.h"

namespace pererecos::importers {
namespace {

using simdjson::dom::element;

std::string trim_ascii(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

class DocumentReader {
 public:
  DocumentReader(const ReadOptions& options, RecordSink& sink)
      : sink_(sink), default_channel_(normalize_channel(options.channel)) {}

  void read(std::string_view json, const RecordPosition& where) {
    element root;
    std::string error;
    if (!parser_.parse(json, &root, &error)) {
      sink_.on_skipped(where, "invalid JSON: " + error);
      return;
    }
    if (root.type() != simdjson::dom::element_type::OBJECT) {
      sink_.on_skipped(
          where, "document is a " + std::string(internal::type_name(root)) + ", not an object");
      return;
    }
    std::string problem;
    std::optional<ChatMessage> message = to_message(root, &problem);
    if (!message) {
      sink_.on_skipped(where, std::move(problem));
      return;
    }
    sink_.on_message(std::move(*message), where);
  }

 private:
  std::optional<std::string_view> required_string(element root, std::string_view key,
                                                  std::string* problem) {
    auto value = internal::field(root, key);
    if (!value) {
      *problem = "missing " + std::string(key);
      return std::nullopt;
    }
    auto s = internal::as_string(*value);
    if (!s) {
      *problem =
          std::string(key) + " is a " + std::string(internal::type_name(*value)) + ", not a string";
    }
    return s;
  }

  std::optional<ChatMessage> to_message(element root, std::string* problem) {
    ChatMessage m;
    auto username = required_string(root, "username", problem);
    if (!username) return std::nullopt;
    m.login = ascii_lower(trim_ascii(*username));
    if (m.login.empty()) {
      *problem = "empty username";
      return std::nullopt;
    }
    auto text = required_string(root, "message", problem);
    if (!text) return std::nullopt;
    m.text = std::string(*text);
    auto stamp = internal::field(root, "timestamp");
    if (!stamp) {
      *problem = "missing timestamp";
      return std::nullopt;
    }
    std::optional<TimestampMs> ts = internal::as_instant(*stamp);
    if (!ts) {
      *problem = "timestamp is not a date ({\"$date\": ...}, ISO 8601 text or epoch ms)";
      return std::nullopt;
    }
    m.timestamp_ms = *ts;
    if (auto channel = internal::field(root, "channel")) {
      auto s = internal::as_string(*channel);
      if (!s) {
        *problem = "channel is a " + std::string(internal::type_name(*channel)) + ", not a string";
        return std::nullopt;
      }
      m.channel = normalize_channel(trim_ascii(*s));
    }
    if (m.channel.empty()) m.channel = default_channel_;
    if (m.channel.empty()) {
      *problem = "no channel in the document; pass --channel";
      return std::nullopt;
    }
    if (auto uid = internal::field(root, "user_id")) {
      std::optional<std::string> id = internal::as_id_text(*uid);
      if (!id) {
        *problem = "user_id is a " + std::string(internal::type_name(*uid)) + ", not an id";
        return std::nullopt;
      }
      m.user_id = std::move(*id);
    }
    if (auto display = internal::field(root, "display_name")) {
      if (auto s = internal::as_string(*display)) m.display_name = trim_ascii(*s);
    }
    if (m.display_name.empty()) m.display_name = m.login;
    return m;
  }

  RecordSink& sink_;
  std::string default_channel_;
  internal::JsonRecordParser parser_;
};

// True when the first value of `bytes` (an object) ends on the line it starts on: the
// file is JSON lines rather than pretty-printed documents.
bool first_document_fits_one_line(std::string_view bytes) {
  internal::JsonScanner scanner(bytes);
  scanner.skip_bom();
  scanner.skip_whitespace();
  const std::uint64_t first_line = scanner.line();
  if (!scanner.skip_value()) return true;  // a lone cut line: treat line by line
  return scanner.line() == first_line;
}

}  // namespace

void read_mongoexport(std::string_view bytes, const ReadOptions& options, RecordSink& sink) {
  DocumentReader reader(options, sink);
  internal::JsonScanner scanner(bytes);
  scanner.skip_bom();
  scanner.skip_whitespace();
  const auto read = [&](std::string_view json, const RecordPosition& where) {
    reader.read(json, where);
  };
  if (scanner.peek() == '[') {
    std::uint64_t records = 0;
    const internal::ArrayEnd end =
        internal::for_each_element(scanner, bytes, 0, sink, &records, read);
    if (end == internal::ArrayEnd::kMalformed) {
      sink.on_skipped({records + 1, scanner.line()},
                      "malformed JSON after this point in the array; the rest is ignored");
    }
    sink.on_consumed(bytes.size());
    return;
  }
  if (first_document_fits_one_line(bytes)) {
    internal::for_each_line(bytes, sink, [&](std::string_view line, std::uint64_t number) {
      if (number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
      if (internal::is_blank_line(line)) return;
      reader.read(line, {number, number});
    });
    return;
  }
  // Pretty-printed documents one after another.
  std::uint64_t records = 0;
  while (!sink.stopped()) {
    scanner.skip_whitespace();
    if (scanner.at_end()) break;
    const RecordPosition where{++records, scanner.line()};
    const std::size_t start = scanner.pos();
    if (!scanner.skip_value()) {
      if (scanner.at_end()) {
        sink.on_skipped(where, "truncated JSON: the input ends inside this document");
        break;
      }
      // A stray ',' ']' or '}': skip the byte and go on.
      scanner.advance();
      sink.on_skipped(where, "unexpected character between documents");
      continue;
    }
    read(bytes.substr(start, scanner.pos() - start), where);
    if (records % internal::kConsumedEveryRecords == 0) sink.on_consumed(scanner.pos());
  }
  sink.on_consumed(bytes.size());
}

}  // namespace pererecos::importers
