#include "importers/format.h"

#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace pererecos::importers {
namespace {

constexpr std::array<std::pair<Format, std::string_view>, 5> kNames = {{
    {Format::kAuto, "auto"},
    {Format::kIrc, "irc"},
    {Format::kTwitchDownloaderJson, "twitchdownloader-json"},
    {Format::kTwitchDownloaderText, "twitchdownloader-txt"},
    {Format::kMongoExport, "mongoexport"},
}};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view skip_bom_and_space(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  return s;
}

// True when `head` has `"key"` used as an object key: followed by optional
// whitespace and ':' and not preceded by a backslash (an escaped quote inside a string).
bool has_json_key(std::string_view head, std::string_view key) {
  std::string quoted;
  quoted.reserve(key.size() + 2);
  quoted += '"';
  quoted += key;
  quoted += '"';
  for (std::size_t pos = head.find(quoted); pos != std::string_view::npos;
       pos = head.find(quoted, pos + 1)) {
    if (pos > 0 && head[pos - 1] == '\\') continue;
    std::size_t i = pos + quoted.size();
    while (i < head.size() && is_space(head[i])) ++i;
    if (i < head.size() && head[i] == ':') return true;
  }
  return false;
}

bool starts_with_year_dash(std::string_view s) {
  if (s.size() < 6 || s[0] != '[') return false;
  for (int i = 1; i <= 4; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return s[5] == '-';
}

bool ends_with(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    const char a = static_cast<char>(
        std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])));
    if (a != suffix[i]) return false;
  }
  return true;
}

std::string printable_prefix(std::string_view s) {
  std::string out;
  for (const char c : s.substr(0, 24)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7F) ? c : '?';
  }
  return out;
}

}  // namespace

std::string_view format_name(Format format) {
  for (const auto& [f, name] : kNames) {
    if (f == format) return name;
  }
  return "unknown";
}

std::optional<Format> parse_format_name(std::string_view name) {
  for (const auto& [f, n] : kNames) {
    if (n == name) return f;
  }
  return std::nullopt;
}

bool is_blank(std::string_view bytes) { return skip_bom_and_space(bytes).empty(); }

Result<Format> detect_format(std::string_view head, std::string_view path) {
  const std::string_view s = skip_bom_and_space(head);
  if (s.empty()) {
    return Result<Format>::failure("cannot detect the format of " + std::string(path) +
                                   ": the file is empty");
  }
  if (s[0] == '@' || s[0] == ':' || s.substr(0, 4) == "PING") return Format::kIrc;
  if (s[0] == '{' && has_json_key(s, "comments")) return Format::kTwitchDownloaderJson;
  if (starts_with_year_dash(s)) return Format::kTwitchDownloaderText;
  if ((s[0] == '{' || s[0] == '[') &&
      (has_json_key(s, "username") || has_json_key(s, "timestamp"))) {
    return Format::kMongoExport;
  }
  if ((s[0] == '{' || s[0] == '[') && (ends_with(path, ".jsonl") || ends_with(path, ".ndjson"))) {
    return Format::kMongoExport;
  }
  return Result<Format>::failure(
      "cannot detect the format of " + std::string(path) + " (it starts with \"" +
      printable_prefix(s) +
      "\"); pass --format irc|twitchdownloader-json|twitchdownloader-txt|mongoexport");
}

}  // namespace pererecos::importers
