#include "irc/irc_line.h"

#include <cstring>

namespace pererecos::irc {
namespace {

bool is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// A command is a run of ASCII letters or exactly three digits.
bool is_valid_command(std::string_view command) {
  if (command.size() == 3 && is_ascii_digit(command[0]) && is_ascii_digit(command[1]) &&
      is_ascii_digit(command[2])) {
    return true;
  }
  for (char c : command) {
    if (!is_ascii_letter(c)) return false;
  }
  return !command.empty();
}

std::size_t skip_spaces(std::string_view line, std::size_t pos) {
  while (pos < line.size() && line[pos] == ' ') ++pos;
  return pos;
}

// Index of the next space at or after `pos`, or line.size().
std::size_t find_space(std::string_view line, std::size_t pos) {
  const std::size_t found = line.find(' ', pos);
  return found == std::string_view::npos ? line.size() : found;
}

bool contains_byte(std::string_view text, char byte) {
  return !text.empty() && std::memchr(text.data(), byte, text.size()) != nullptr;
}

IrcPrefix split_prefix(std::string_view raw) {
  IrcPrefix prefix;
  prefix.raw = raw;
  const std::size_t nick_end = raw.find_first_of("!@");
  prefix.nick = raw.substr(0, nick_end);
  if (nick_end == std::string_view::npos) return prefix;
  std::string_view rest = raw.substr(nick_end);
  if (rest.front() == '!') {
    const std::size_t at = rest.find('@');
    prefix.user = rest.substr(1, at == std::string_view::npos ? std::string_view::npos : at - 1);
    if (at != std::string_view::npos) prefix.host = rest.substr(at + 1);
  } else {
    prefix.host = rest.substr(1);
  }
  return prefix;
}

}  // namespace

void IrcTagIterator::advance() {
  while (!rest_.empty()) {
    const std::size_t semicolon = rest_.find(';');
    const std::string_view entry = rest_.substr(0, semicolon);
    rest_ = semicolon == std::string_view::npos ? std::string_view() : rest_.substr(semicolon + 1);
    const std::size_t equals = entry.find('=');
    if (entry.empty() || equals == 0) continue;  // empty entry, or "=value" with no key
    if (equals == std::string_view::npos) {
      current_ = IrcTag{entry, std::string_view()};
    } else {
      current_ = IrcTag{entry.substr(0, equals), entry.substr(equals + 1)};
    }
    done_ = false;
    return;
  }
  current_ = IrcTag{};
  done_ = true;
}

std::optional<std::string_view> IrcLine::raw_tag(std::string_view key) const {
  std::optional<std::string_view> found;
  for (const IrcTag& tag : tags()) {
    if (tag.key == key) found = tag.raw_value;
  }
  return found;
}

std::string IrcLine::tag(std::string_view key) const {
  const std::optional<std::string_view> raw = raw_tag(key);
  return raw ? unescape_tag_value(*raw) : std::string();
}

IrcPrefix IrcLine::prefix() const { return split_prefix(view(prefix_)); }

Result<IrcLine> parse_irc_line(std::string_view line) {
  using Part = IrcLine::Part;
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return Result<IrcLine>::failure("empty line");
  if (line.size() > kMaxLineBytes) return Result<IrcLine>::failure("line too long");
  if (contains_byte(line, '\0')) return Result<IrcLine>::failure("line contains a NUL byte");
  if (contains_byte(line, '\r') || contains_byte(line, '\n')) {
    return Result<IrcLine>::failure("line contains a CR or LF byte");
  }
  const auto part = [](std::size_t begin, std::size_t end) {
    return Part{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end - begin)};
  };

  // Filled in place: IrcLine is returned by value on every parse, so avoid extra copies.
  Result<IrcLine> result{IrcLine()};
  IrcLine& out = result.value();
  out.base_ = line.data();
  std::size_t pos = 0;
  const bool has_tags = line[0] == '@';
  if (has_tags) {
    const std::size_t end = line.find(' ');
    if (end == std::string_view::npos) return Result<IrcLine>::failure("line has only tags");
    out.tags_ = part(1, end);
    pos = end;
  }
  pos = skip_spaces(line, pos);
  if (pos == line.size()) {
    return Result<IrcLine>::failure(has_tags ? "missing command" : "line has only spaces");
  }

  if (line[pos] == ':') {
    const std::size_t end = find_space(line, pos);
    if (end == pos + 1) return Result<IrcLine>::failure("empty prefix");
    out.prefix_ = part(pos + 1, end);
    pos = skip_spaces(line, end);
    if (pos == line.size()) return Result<IrcLine>::failure("missing command");
  }

  const std::size_t command_end = find_space(line, pos);
  out.command_ = part(pos, command_end);
  if (!is_valid_command(line.substr(pos, command_end - pos))) {
    return Result<IrcLine>::failure("invalid command");
  }
  pos = command_end;

  while (true) {
    pos = skip_spaces(line, pos);
    if (pos == line.size()) break;
    if (line[pos] == ':' || out.param_count_ == IrcLine::kMaxParams - 1) {
      if (line[pos] == ':') ++pos;
      out.params_[out.param_count_++] = part(pos, line.size());
      out.has_trailing_ = true;
      break;
    }
    const std::size_t end = find_space(line, pos);
    out.params_[out.param_count_++] = part(pos, end);
    pos = end;
  }
  return result;
}

void unescape_tag_value_into(std::string_view raw, std::string& out) {
  out.clear();
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const std::size_t backslash = raw.find('\\', pos);
    if (backslash == std::string_view::npos) {
      out.append(raw.substr(pos));
      return;
    }
    out.append(raw.substr(pos, backslash - pos));
    if (backslash + 1 == raw.size()) return;  // a lone trailing backslash is dropped
    const char escaped = raw[backslash + 1];
    switch (escaped) {
      case 's':
        out.push_back(' ');
        break;
      case ':':
        out.push_back(';');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'n':
        out.push_back('\n');
        break;
      default:  // "\\" and any unknown escape: the character itself
        out.push_back(escaped);
        break;
    }
    pos = backslash + 2;
  }
}

std::string unescape_tag_value(std::string_view raw) {
  std::string out;
  unescape_tag_value_into(raw, out);
  return out;
}

}  // namespace pererecos::irc
