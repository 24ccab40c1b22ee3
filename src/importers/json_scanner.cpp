#include "importers/json_scanner_internal.h"

namespace pererecos::importers::internal {

void JsonScanner::skip_bom() {
  if (pos_ == 0 && bytes_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

void JsonScanner::skip_whitespace() {
  while (pos_ < bytes_.size()) {
    const char c = bytes_[pos_];
    if (c == '\n') {
      ++line_;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      return;
    }
    ++pos_;
  }
}

bool JsonScanner::skip_string() {
  // REQUIRES: bytes_[pos_] == '"'.
  ++pos_;
  const std::size_t n = bytes_.size();
  const char* data = bytes_.data();
  while (pos_ < n) {
    const char c = data[pos_];
    if (c == '"') {
      ++pos_;
      return true;
    }
    if (c == '\\') {
      pos_ += 2;
      continue;
    }
    if (c == '\n') ++line_;  // invalid inside a string, but keep the count right
    ++pos_;
  }
  pos_ = n;
  return false;
}

bool JsonScanner::skip_container() {
  // REQUIRES: bytes_[pos_] is '{' or '['. Brackets of either kind nest; a mismatch is
  // left for the record parser to reject.
  std::size_t depth = 0;
  const std::size_t n = bytes_.size();
  const char* data = bytes_.data();
  while (pos_ < n) {
    const char c = data[pos_];
    switch (c) {
      case '"':
        if (!skip_string()) return false;
        continue;
      case '{':
      case '[':
        ++depth;
        break;
      case '}':
      case ']':
        if (--depth == 0) {
          ++pos_;
          return true;
        }
        break;
      case '\n':
        ++line_;
        break;
      default:
        break;
    }
    ++pos_;
  }
  return false;
}

bool JsonScanner::skip_value() {
  if (at_end()) return false;
  const char c = bytes_[pos_];
  if (c == '"') return skip_string();
  if (c == '{' || c == '[') return skip_container();
  const std::size_t start = pos_;
  while (pos_ < bytes_.size()) {
    const char d = bytes_[pos_];
    if (d == ',' || d == ']' || d == '}' || d == ' ' || d == '\t' || d == '\r' || d == '\n') {
      return pos_ > start;
    }
    ++pos_;
  }
  return false;
}

bool JsonScanner::read_raw_string(std::string_view* raw) {
  const std::size_t start = pos_ + 1;
  if (!skip_string()) return false;
  *raw = bytes_.substr(start, pos_ - 1 - start);
  return true;
}

}  // namespace pererecos::importers::internal
