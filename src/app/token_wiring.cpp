#include "app/token_wiring.h"

#include <spdlog/spdlog.h>

#include <sstream>

#include "emotes/curl_http_getter.h"

namespace pererecos::app {
namespace {

std::chrono::milliseconds scaled(std::chrono::milliseconds d, double factor) {
  const auto v = static_cast<long long>(static_cast<double>(d.count()) * factor);
  return std::chrono::milliseconds(v < 1 ? 1 : v);
}

}  // namespace

Result<std::optional<twitch::StoredTokens>> StoreTokenVault::load() {
  using R = Result<std::optional<twitch::StoredTokens>>;
  auto value = store_->get_setting(kKey);
  if (!value) return value.status();
  if (!*value) return std::optional<twitch::StoredTokens>();
  std::istringstream in(**value);
  std::string version;
  twitch::StoredTokens t;
  std::getline(in, version);
  std::getline(in, t.configured_fingerprint);
  std::getline(in, t.login);
  std::getline(in, t.access_token);
  std::getline(in, t.refresh_token);
  if (version != "v1" || t.configured_fingerprint.empty()) {
    return R::failure(std::string("the stored setting ") + kKey + " is not in a known format");
  }
  return std::optional<twitch::StoredTokens>(std::move(t));
}

Status StoreTokenVault::save(const twitch::StoredTokens& t) {
  for (const std::string* field :
       {&t.configured_fingerprint, &t.login, &t.access_token, &t.refresh_token}) {
    if (field->find('\n') != std::string::npos) return Status::error("a token holds a line break");
  }
  return store_->put_setting(kKey, "v1\n" + t.configured_fingerprint + "\n" + t.login + "\n" +
                                       t.access_token + "\n" + t.refresh_token);
}

twitch::HttpFunction curl_oauth_http(std::chrono::milliseconds timeout) {
  emotes::CurlOptions options;
  options.total_timeout = timeout;
  options.connect_timeout = std::min(timeout, std::chrono::milliseconds(5000));
  options.max_body_bytes = 64u << 10;  // OAuth answers are a few hundred bytes
  auto getter = std::make_shared<emotes::CurlHttpGetter>(options);
  return [getter](const twitch::HttpCall& call) -> Result<twitch::HttpReply> {
    emotes::HttpRequest request;
    request.method = call.method;
    request.url = call.url;
    request.headers = call.headers;
    request.body = call.body;
    Result<emotes::HttpResponse> r = getter->send(request);
    if (!r) return r.status();
    return twitch::HttpReply{r->status, std::move(r->body)};
  };
}

bool wants_token(const Config& config) {
  return !config.twitch_oauth_token.empty() ||
         (!config.twitch_client_id.empty() && !config.twitch_client_secret.empty() &&
          !config.twitch_refresh_token.empty());
}

ChatTokens make_chat_tokens(const Config& config) {
  ChatTokens out;
  auto store = open_store(config.database_url);
  if (store) {
    out.vault = std::make_unique<StoreTokenVault>(std::move(*store));
  } else {
    spdlog::error(
        "chat: cannot open the database for the refreshed tokens ({}); a refreshed "
        "token is kept until the next start only",
        store.error());
  }
  twitch::TokenManagerOptions o;
  o.login = config.twitch_bot_login;
  o.access_token = config.twitch_oauth_token;
  o.client_id = config.twitch_client_id;
  o.client_secret = config.twitch_client_secret;
  o.refresh_token = config.twitch_refresh_token;
  if (!config.twitch_oauth_url.empty()) o.oauth_url = config.twitch_oauth_url;
  const double f = config.twitch_timing_scale;
  o.validate_interval = scaled(o.validate_interval, f);
  o.retry_base = scaled(o.retry_base, f);
  o.retry_cap = scaled(o.retry_cap, f);
  out.manager = std::make_unique<twitch::TokenManager>(
      std::move(o), curl_oauth_http(std::chrono::milliseconds(10'000)), out.vault.get());
  return out;
}

}  // namespace pererecos::app
