// Request-target parsing: path / query split, percent-decoding, query parameters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pererecos::http {

// A request-target split at the first '?'. An absolute-form target
// ("http://host/path?x") is reduced to its path and query.
struct TargetParts {
  std::string_view path;   // still percent-encoded
  std::string_view query;  // without the '?'; empty when there is none
};
TargetParts split_target(std::string_view target);

// Decodes %XX escapes (either case of hex digit). A '%' not followed by two hex digits is
// kept literally. When `plus_as_space` (query strings, as HTML forms encode them), '+'
// becomes a space. The result may hold any bytes, including invalid UTF-8 and NUL.
std::string percent_decode(std::string_view text, bool plus_as_space);

// Strict UTF-8 validity (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view text);

// The decoded parameters of a query string, in order. "a=1&b=&c" gives a="1", b="",
// c="" (a name with no '=' has an empty value); empty pieces ("a=1&&b=2") are skipped.
class QueryParams {
 public:
  explicit QueryParams(std::string_view query);

  // The value of the LAST parameter named `name` (as most frameworks do for scalar
  // parameters), or nullopt when absent.
  std::optional<std::string_view> get(std::string_view name) const;

  const std::vector<std::pair<std::string, std::string>>& all() const { return params_; }

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

}  // namespace pererecos::http
