// ASCII case folding, for the names Twitch and HTTP compare case-insensitively (logins,
// channel names, header names). Only A-Z change: every other byte, including each byte
// of a UTF-8 sequence, is kept as it is.
#pragma once

#include <string>
#include <string_view>

namespace pererecos {

inline char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

}  // namespace pererecos
