// TokenManager: the chat's TokenSource when a token is configured. It validates the
// token at start and every validate_interval (GET {oauth_url}/validate: the login for
// NICK when TWITCH_BOT_LOGIN is empty, and whether the token still works), and refreshes
// it (POST {oauth_url}/token, grant_type=refresh_token) when Twitch refuses the login or
// validation answers 401 — if client id, client secret and refresh token are configured.
// Refreshed tokens are saved in a TokenVault (the app keeps them in the store) and win over
// the configured ones at the next start, until the configured pair changes (a fingerprint
// of the configured pair is saved with them).
//
// Failures never loop: refreshes and failed validations are retried with an exponential
// back-off with equal jitter (retry_base .. retry_cap); a refresh runs only when asked
// (login refused, 401), and requests during a back-off are merged into one attempt.
// Without refresh settings a refused token is reported (log + status) and the chat keeps
// retrying the login with its own back-off.
//
// Nothing here logs or reports a token or the secret whole (redact_token).
//
// Threads: one worker thread of its own (start() .. stop()) makes the HTTP calls;
// credentials(), report_login_failure(), status() are thread-safe and never block on I/O.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "core/result.h"
#include "twitch/oauth_client.h"
#include "twitch/token_source.h"

namespace pererecos::twitch {

// What a TokenVault keeps: the tokens in use after a refresh, and the fingerprint of the
// configured pair they replaced.
struct StoredTokens {
  std::string access_token;
  std::string refresh_token;
  std::string login;                   // from validation; may be empty
  std::string configured_fingerprint;  // token_fingerprint() of the configured pair
};

// Persistence for refreshed tokens (implemented in app/ over the store's settings).
// Called on the manager's worker thread only (and once from start()).
class TokenVault {
 public:
  virtual ~TokenVault() = default;
  virtual Result<std::optional<StoredTokens>> load() = 0;
  virtual Status save(const StoredTokens& tokens) = 0;
};

// A hex SHA-256 fingerprint of the configured (access token, refresh token) pair; it
// reveals neither.
std::string token_fingerprint(const std::string& access_token, const std::string& refresh_token);

struct TokenManagerOptions {
  std::string login;          // TWITCH_BOT_LOGIN; empty = the login validation returns
  std::string access_token;   // TWITCH_OAUTH_TOKEN without "oauth:"
  std::string client_id;      // TWITCH_CLIENT_ID
  std::string client_secret;  // TWITCH_CLIENT_SECRET
  std::string refresh_token;  // TWITCH_REFRESH_TOKEN
  std::string oauth_url = "https://id.twitch.tv/oauth2";   // without a trailing '/'
  std::chrono::milliseconds validate_interval{3'600'000};  // Twitch asks for hourly
  std::chrono::milliseconds retry_base{5'000};             // failed refresh / validation
  std::chrono::milliseconds retry_cap{900'000};
  std::uint64_t seed = 0;  // retry jitter; 0 = random
};

// For /health and logs. Never holds a token or secret whole.
struct AuthStatus {
  // "unvalidated" (no answer from Twitch yet), "valid", "invalid" (validation said 401 or
  // the chat refused the login), "refreshing", "refresh_failed", "no_token".
  std::string state = "unvalidated";
  std::string login;
  std::string token;   // redact_token() of the token in use
  std::string source;  // "configured", "stored" (refreshed at an earlier run), "refreshed"
  bool refresh_configured = false;
  std::string error;                   // the last problem; empty once the token works again
  std::uint64_t validations = 0;       // answered validations
  std::uint64_t refreshes = 0;         // successful refreshes
  std::uint64_t refresh_failures = 0;  // failed refresh attempts
  std::optional<std::int64_t> expires_in_seconds;  // from the last validation or refresh
};

class TokenManager final : public TokenSource {
 public:
  // `vault` may be null (nothing persisted) and must outlive the manager.
  TokenManager(TokenManagerOptions options, HttpFunction http, TokenVault* vault);
  ~TokenManager() override;  // stop()
  TokenManager(const TokenManager&) = delete;
  TokenManager& operator=(const TokenManager&) = delete;

  bool can_refresh() const;
  // Loads the vault (stored tokens win when the configured pair is unchanged) and starts
  // the worker: the first validation (or, without a token, a refresh) runs at once.
  void start();
  // Waits until the first validation or refresh has answered or failed, at most `timeout`.
  bool wait_ready(std::chrono::milliseconds timeout);
  void stop();  // idempotent

  Credentials credentials() override;
  void report_login_failure(const std::string& notice) override;
  void set_on_change(std::function<void()> fn) override;

  AuthStatus status() const;

 private:
  void run();
  void validate_now(std::unique_lock<std::mutex>& lock);
  void refresh_now(std::unique_lock<std::mutex>& lock);
  // The next back-off delay after `failures` failures in a row (then counted); mu_ held.
  std::chrono::milliseconds retry_delay(int& failures);
  std::string scrub(std::string text) const;  // every secret we know, redacted
  void changed(std::unique_lock<std::mutex>& lock);

  using Clock = std::chrono::steady_clock;
  const TokenManagerOptions options_;
  const HttpFunction http_;
  TokenVault* const vault_;
  std::string fingerprint_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::thread worker_;
  bool started_ = false;
  bool stopping_ = false;
  bool ready_ = false;
  std::string access_token_;   // GUARDED_BY(mu_)
  std::string refresh_token_;  // GUARDED_BY(mu_)
  std::string login_;          // GUARDED_BY(mu_)
  AuthStatus status_;          // GUARDED_BY(mu_)
  bool refresh_wanted_ = false;
  Clock::time_point refresh_not_before_{};
  Clock::time_point next_validation_{};
  int refresh_failures_in_row_ = 0;
  int validation_failures_ = 0;
  std::mt19937_64 rng_;
  std::function<void()> on_change_;
};

}  // namespace pererecos::twitch
