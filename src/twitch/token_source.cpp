#include "twitch/token_source.h"

namespace pererecos::twitch {

std::string redact_token(const std::string& token) {
  if (token.empty()) return "(none)";
  const std::size_t shown = token.size() > 12 ? 4 : 0;
  return token.substr(0, shown) + "…(" + std::to_string(token.size()) + " characters)";
}

}  // namespace pererecos::twitch

#include <spdlog/spdlog.h>

namespace pererecos::twitch {

void FixedTokenSource::report_login_failure(const std::string& notice) {
  spdlog::error("chat: the configured token {} was refused ({}); no refresh is configured, "
                "retrying with back-off. Set a new TWITCH_OAUTH_TOKEN, or TWITCH_CLIENT_ID, "
                "TWITCH_CLIENT_SECRET and TWITCH_REFRESH_TOKEN",
                redact_token(credentials_.token), notice);
}

}  // namespace pererecos::twitch
