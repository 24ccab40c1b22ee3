#include "app/env_file.h"

#include <fstream>
#include <sstream>

namespace pererecos::app {
namespace {

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_key(std::string_view key) {
  if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
  for (const char c : key) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// Parses a value; `ok` is false for an unterminated quote or text after a closing quote.
std::string parse_value(std::string_view raw, bool& ok) {
  ok = true;
  raw = trim(raw);
  if (raw.empty()) return {};
  const char quote = raw.front();
  if (quote == '\'' || quote == '"') {
    std::string out;
    std::size_t i = 1;
    for (; i < raw.size() && raw[i] != quote; ++i) {
      if (quote == '"' && raw[i] == '\\' && i + 1 < raw.size()) {
        const char e = raw[++i];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
      } else {
        out += raw[i];
      }
    }
    if (i >= raw.size()) {
      ok = false;
      return {};
    }
    const std::string_view rest = trim(raw.substr(i + 1));
    if (!rest.empty() && rest.front() != '#') ok = false;
    return out;
  }
  const std::size_t comment = raw.find(" #");
  return std::string(trim(raw.substr(0, comment)));
}

}  // namespace

Result<std::map<std::string, std::string>> parse_env_file(std::string_view text) {
  std::map<std::string, std::string> values;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export ")) line = trim(line.substr(7));
    const std::size_t eq = line.find('=');
    const std::string_view key = eq == std::string_view::npos ? line : trim(line.substr(0, eq));
    if (eq == std::string_view::npos || !is_key(key)) {
      return Result<std::map<std::string, std::string>>::failure(
          "line " + std::to_string(line_no) + ": expected KEY=VALUE");
    }
    bool ok = true;
    std::string value = parse_value(line.substr(eq + 1), ok);
    if (!ok) {
      return Result<std::map<std::string, std::string>>::failure(
          "line " + std::to_string(line_no) + ": unterminated or malformed quoted value for " +
          std::string(key));
    }
    values[std::string(key)] = std::move(value);
  }
  return values;
}

Result<std::map<std::string, std::string>> read_env_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Result<std::map<std::string, std::string>>::failure("cannot read " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto parsed = parse_env_file(buffer.str());
  if (!parsed) return Result<std::map<std::string, std::string>>::failure(path + ": " + parsed.error());
  return parsed;
}

}  // namespace pererecos::app
