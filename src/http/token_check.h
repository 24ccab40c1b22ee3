// Comparing a secret a request presents (X-Health-Token, a bearer token) with the
// configured one.
#pragma once

#include <algorithm>
#include <string_view>

namespace pererecos::http {

// Compares without an early exit on the first differing byte.
inline bool constant_time_equals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = static_cast<unsigned char>(diff | (x ^ y));
  }
  return diff == 0;
}

}  // namespace pererecos::http
