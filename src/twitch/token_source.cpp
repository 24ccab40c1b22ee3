#include "twitch/token_source.h"

namespace pererecos::twitch {

std::string redact_token(const std::string& token) {
  if (token.empty()) return "(none)";
  const std::size_t shown = token.size() > 12 ? 4 : 0;
  return token.substr(0, shown) + "…(" + std::to_string(token.size()) + " characters)";
}

}  // namespace pererecos::twitch
