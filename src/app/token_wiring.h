// The chat's tokens in `serve`: a twitch::TokenManager (validation + refresh, twitch/
// token_manager.h) whose HTTP calls go through libcurl (emotes::CurlHttpGetter, 10 s
// per request) and whose refreshed tokens live in the store's settings (key
// "twitch_tokens", one Store connection of its own).
#pragma once

#include <memory>

#include "app/config.h"
#include "core/result.h"
#include "storage/store.h"
#include "twitch/token_manager.h"

namespace pererecos::app {

// TokenVault over Store::put_setting/get_setting. The value is
// "v1\n<fingerprint>\n<login>\n<access token>\n<refresh token>" (tokens never hold a line
// break: the OAuth answer parser refuses them).
class StoreTokenVault final : public twitch::TokenVault {
 public:
  static constexpr const char* kKey = "twitch_tokens";
  explicit StoreTokenVault(std::unique_ptr<Store> store) : store_(std::move(store)) {}
  Result<std::optional<twitch::StoredTokens>> load() override;
  Status save(const twitch::StoredTokens& tokens) override;

 private:
  std::unique_ptr<Store> store_;
};

// libcurl with `timeout` per request (connect at most 5 s of it).
twitch::HttpFunction curl_oauth_http(std::chrono::milliseconds timeout);

// The manager and what it uses, for ChatWiring.
struct ChatTokens {
  std::unique_ptr<StoreTokenVault> vault;  // null when the store cannot be opened
  std::unique_ptr<twitch::TokenManager> manager;
};

// Whether serve logs in with a token: TWITCH_OAUTH_TOKEN, or all three refresh settings
// (a token is then obtained by refreshing at start).
bool wants_token(const Config& config);

// A manager for `config` (REQUIRES wants_token(config)); validation every hour, retries
// from 5 s to 15 min, all scaled by TWITCH_TIMING_SCALE. A store that cannot be opened
// only costs persistence (logged).
ChatTokens make_chat_tokens(const Config& config);

}  // namespace pererecos::app
