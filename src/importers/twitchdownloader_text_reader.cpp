#include "importers/twitchdownloader_text_reader.h"

#include <optional>
#include <string>

#include "core/ascii.h"
#include "core/time_format.h"
#include "importers/lines_internal.h"

namespace pererecos::importers {
namespace {

bool is_login_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Checks the shape "YYYY-MM-DD HH:MM:SS" (parse_iso8601 accepts more than this).
bool is_date_time(std::string_view s) {
  static constexpr std::string_view kShape = "dddd-dd-dd dd:dd:dd";
  if (s.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (kShape[i] == 'd' ? !is_digit(s[i]) : s[i] != kShape[i]) return false;
  }
  return true;
}

}  // namespace

void read_twitchdownloader_text(std::string_view bytes, const ReadOptions& options,
                                RecordSink& sink) {
  const std::string channel = normalize_channel(options.channel);
  internal::for_each_line(bytes, sink, [&](std::string_view line, std::uint64_t number) {
    if (internal::is_blank_line(line)) return;
    const RecordPosition where{number, number};
    if (number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    const std::size_t close = line.find("] ");
    if (line.empty() || line[0] != '[' || close == std::string_view::npos) {
      sink.on_skipped(where, "not a \"[YYYY-MM-DD HH:MM:SS UTC] Name: text\" line");
      return;
    }
    std::string_view stamp = line.substr(1, close - 1);
    if (stamp.size() > 4 && stamp.substr(stamp.size() - 4) == " UTC") {
      stamp.remove_suffix(4);
    }
    const std::optional<TimestampMs> ts = is_date_time(stamp) ? parse_iso8601(stamp) : std::nullopt;
    if (!ts) {
      sink.on_skipped(where, "bad timestamp \"[" + std::string(line.substr(1, close - 1)) + "]\"");
      return;
    }
    const std::string_view rest = line.substr(close + 2);
    const std::size_t colon = rest.find(": ");
    if (colon == std::string_view::npos || colon == 0) {
      sink.on_skipped(where, "no \"Name: text\" after the timestamp");
      return;
    }
    const std::string_view name = rest.substr(0, colon);
    const std::string_view text = rest.substr(colon + 2);
    for (const char c : name) {
      if (!is_login_char(c)) {
        sink.on_skipped(where, "display name \"" + std::string(name) +
                                   "\" is not a login (only ASCII letters, digits and _ "
                                   "can be attributed)");
        return;
      }
    }
    if (text.empty()) {
      sink.on_skipped(where, "empty message text");
      return;
    }
    ChatMessage message;
    message.channel = channel;
    message.display_name = std::string(name);
    message.login.reserve(name.size());
    for (const char c : name) {
      message.login += ascii_lower(c);
    }
    message.text = std::string(text);
    message.timestamp_ms = *ts;
    sink.on_message(std::move(message), where);
  });
}

}  // namespace pererecos::importers
