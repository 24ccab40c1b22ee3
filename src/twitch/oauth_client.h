// Twitch OAuth (id.twitch.tv/oauth2) as the chat needs it: refreshing a user access token
// and validating one. Pure protocol: the requests are built and the answers parsed here;
// the bytes travel through an HttpFunction that the app provides (libcurl, with timeouts).
//
//   POST {base}/token   Content-Type: application/x-www-form-urlencoded
//        grant_type=refresh_token&refresh_token=..&client_id=..&client_secret=..
//        200 {access_token, refresh_token, expires_in, scope: [..], token_type}
//        400 {"status":400,"message":"Invalid refresh token"} (or another 4xx)
//   GET  {base}/validate   Authorization: OAuth <token>
//        200 {client_id, login, scopes: [..], user_id, expires_in}
//        401 {"status":401,"message":"invalid access token"}
//
// No error text built here contains a token or the client secret.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace pererecos::twitch {

struct HttpCall {
  std::string method;  // "GET" or "POST"
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct HttpReply {
  long status = 0;
  std::string body;
};

// Performs one request with a timeout. An error value = no answer (DNS, connect, TLS,
// timeout); any HTTP status is an answer. Called from the token manager's own thread.
using HttpFunction = std::function<Result<HttpReply>(const HttpCall&)>;

// application/x-www-form-urlencoded: unreserved characters as is, the rest %XX.
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);

struct RefreshedTokens {
  std::string access_token;
  std::string refresh_token;    // Twitch may rotate it; empty = keep the old one
  std::int64_t expires_in = 0;  // seconds; 0 when absent
};

struct TokenValidation {
  bool valid = false;  // false: Twitch answered 401 (the token is invalid or expired)
  std::string login;
  std::string user_id;
  std::string client_id;
  std::int64_t expires_in = 0;  // seconds
  std::vector<std::string> scopes;
};

HttpCall refresh_call(const std::string& base_url, const std::string& client_id,
                      const std::string& client_secret, const std::string& refresh_token);
HttpCall validate_call(const std::string& base_url, const std::string& access_token);

// The answer to refresh_call. Error: a 4xx/5xx (with Twitch's message, e.g. "Invalid
// refresh token (HTTP 400)") or a malformed 200.
Result<RefreshedTokens> parse_refresh_reply(const HttpReply& reply);
// The answer to validate_call: 200 -> valid, 401 -> not valid; anything else an error.
Result<TokenValidation> parse_validate_reply(const HttpReply& reply);

}  // namespace pererecos::twitch
