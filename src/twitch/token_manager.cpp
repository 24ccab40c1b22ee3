#include "twitch/token_manager.h"

#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace pererecos::twitch {
namespace {

double seconds(std::chrono::milliseconds d) { return static_cast<double>(d.count()) / 1000.0; }

}  // namespace

std::string token_fingerprint(const std::string& access_token, const std::string& refresh_token) {
  const std::string input = "pererecos-twitch-tokens-v1\n" + access_token + "\n" + refresh_token;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(input.data(), input.size(), digest, &size, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

TokenManager::TokenManager(TokenManagerOptions options, HttpFunction http, TokenVault* vault)
    : options_(std::move(options)),
      http_(std::move(http)),
      vault_(vault),
      fingerprint_(token_fingerprint(options_.access_token, options_.refresh_token)),
      rng_(options_.seed != 0 ? options_.seed : std::random_device{}()) {
  access_token_ = options_.access_token;
  refresh_token_ = options_.refresh_token;
  login_ = options_.login;
  status_.login = login_;
  status_.token = redact_token(access_token_);
  status_.source = "configured";
  status_.refresh_configured = can_refresh();
}

TokenManager::~TokenManager() { stop(); }

bool TokenManager::can_refresh() const {
  return !options_.client_id.empty() && !options_.client_secret.empty() &&
         !options_.refresh_token.empty();
}

void TokenManager::start() {
  std::unique_lock lock(mu_);
  if (started_) return;
  started_ = true;
  if (vault_ != nullptr) {
    lock.unlock();
    auto stored = vault_->load();
    lock.lock();
    if (!stored) {
      spdlog::warn("chat: cannot read the stored Twitch tokens ({}); using the configured ones",
                   scrub(stored.error()));
    } else if (*stored && !(*stored)->access_token.empty()) {
      const StoredTokens& s = **stored;
      if (s.configured_fingerprint == fingerprint_) {
        access_token_ = s.access_token;
        if (!s.refresh_token.empty()) refresh_token_ = s.refresh_token;
        if (options_.login.empty()) login_ = s.login;
        status_.source = "stored";
        spdlog::info(
            "chat: using the token refreshed at an earlier run ({}) instead of the "
            "configured one",
            redact_token(access_token_));
      } else {
        spdlog::info(
            "chat: TWITCH_OAUTH_TOKEN or TWITCH_REFRESH_TOKEN changed since the "
            "stored tokens were refreshed; the configured ones win");
      }
    }
  }
  status_.login = login_;
  status_.token = redact_token(access_token_);
  const auto now = Clock::now();
  next_validation_ = now;
  if (access_token_.empty()) {
    next_validation_ = Clock::time_point::max();
    if (can_refresh()) {
      refresh_wanted_ = true;
    } else {
      status_.state = "no_token";
      ready_ = true;
    }
  }
  worker_ = std::thread([this] { run(); });
}

bool TokenManager::wait_ready(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return ready_ || stopping_; }) && ready_;
}

void TokenManager::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    on_change_ = nullptr;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

Credentials TokenManager::credentials() {
  std::lock_guard lock(mu_);
  return {login_, access_token_};
}

void TokenManager::set_on_change(std::function<void()> fn) {
  std::lock_guard lock(mu_);
  on_change_ = std::move(fn);
}

AuthStatus TokenManager::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

void TokenManager::report_login_failure(const std::string& notice) {
  std::unique_lock lock(mu_);
  if (refresh_failures_in_row_ == 0) {  // else the failed refresh is the news
    status_.state = "invalid";
    status_.error =
        "Twitch refused the login with token " + redact_token(access_token_) + ": " + scrub(notice);
  }
  if (!can_refresh()) {
    spdlog::error(
        "chat: the token {} was refused ({}); no refresh is configured, retrying "
        "with back-off. Set a new TWITCH_OAUTH_TOKEN, or TWITCH_CLIENT_ID, "
        "TWITCH_CLIENT_SECRET and TWITCH_REFRESH_TOKEN",
        redact_token(access_token_), scrub(notice));
    status_.error +=
        "; no refresh configured (TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET, "
        "TWITCH_REFRESH_TOKEN)";
    return;
  }
  const auto wait = std::max(Clock::duration::zero(), refresh_not_before_ - Clock::now());
  spdlog::warn("chat: the token {} was refused ({}); refreshing it{}", redact_token(access_token_),
               scrub(notice),
               wait > Clock::duration::zero()
                   ? fmt::format(" in {:.1f} s (back-off after a failed refresh)",
                                 std::chrono::duration<double>(wait).count())
                   : std::string());
  if (!refresh_wanted_) {
    refresh_wanted_ = true;
    cv_.notify_all();
  }
}

void TokenManager::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const auto now = Clock::now();
    if (refresh_wanted_ && now >= refresh_not_before_) {
      refresh_now(lock);
      continue;
    }
    if (now >= next_validation_) {
      validate_now(lock);
      continue;
    }
    auto until = next_validation_;
    if (refresh_wanted_) until = std::min(until, refresh_not_before_);
    if (until == Clock::time_point::max()) {
      cv_.wait(lock);
    } else {
      cv_.wait_until(lock, until);
    }
  }
}

void TokenManager::validate_now(std::unique_lock<std::mutex>& lock) {
  const std::string token = access_token_;
  lock.unlock();
  Result<HttpReply> reply = http_(validate_call(options_.oauth_url, token));
  lock.lock();
  if (stopping_) return;
  const auto now = Clock::now();
  Result<TokenValidation> v =
      reply ? parse_validate_reply(*reply) : Result<TokenValidation>(reply.status());
  ready_ = true;
  cv_.notify_all();
  if (!v) {
    const auto delay = retry_delay(validation_failures_);
    next_validation_ = now + delay;
    // A refused login or refresh stays the news; an unanswered validation only replaces
    // a good or unknown state.
    if (status_.state == "valid" || status_.state == "unvalidated") {
      status_.state = "unvalidated";
      status_.error = "token validation failed: " + scrub(v.error());
    }
    spdlog::warn("chat: cannot validate the token {} at {}/validate: {}; next try in {:.1f} s",
                 redact_token(token), options_.oauth_url, scrub(v.error()), seconds(delay));
    return;
  }
  validation_failures_ = 0;
  ++status_.validations;
  next_validation_ = now + options_.validate_interval;
  if (!v->valid) {
    status_.expires_in_seconds.reset();
    const std::string why = "Twitch says the token " + redact_token(token) +
                            " is invalid or expired (validation: HTTP 401)";
    if (refresh_failures_in_row_ == 0) {
      status_.state = "invalid";
      status_.error = why;
    }
    if (can_refresh()) {
      spdlog::warn("chat: {}; refreshing it", why);
      refresh_wanted_ = true;
    } else {
      status_.error +=
          "; no refresh configured (TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET, "
          "TWITCH_REFRESH_TOKEN)";
      spdlog::error("chat: {}. Set a new TWITCH_OAUTH_TOKEN", status_.error);
    }
    return;
  }
  status_.state = "valid";
  status_.error.clear();
  status_.expires_in_seconds = v->expires_in;
  if (v->login.empty()) {
    spdlog::warn("chat: the token {} belongs to no user (an app token?); chat needs a user token",
                 redact_token(token));
  } else if (!options_.login.empty() && v->login != options_.login) {
    spdlog::warn(
        "chat: the token belongs to {}, not to TWITCH_BOT_LOGIN={}; Twitch may refuse "
        "the login",
        v->login, options_.login);
  }
  if (!v->scopes.empty() &&
      std::find(v->scopes.begin(), v->scopes.end(), "chat:read") == v->scopes.end()) {
    spdlog::warn("chat: the token {} lacks the chat:read scope; Twitch will refuse the login",
                 redact_token(token));
  }
  spdlog::info("chat: the token {} of {} is valid for {} s more", redact_token(token),
               v->login.empty() ? "(no user)" : v->login, v->expires_in);
  if (options_.login.empty() && !v->login.empty() && v->login != login_) {
    login_ = v->login;
    status_.login = login_;
    if (vault_ != nullptr && status_.source != "configured") {
      StoredTokens stored{access_token_, refresh_token_, login_, fingerprint_};
      lock.unlock();
      Status saved = vault_->save(stored);
      lock.lock();
      if (!saved) spdlog::error("chat: cannot store the token's login: {}", scrub(saved.message()));
    }
    changed(lock);
  }
}

void TokenManager::refresh_now(std::unique_lock<std::mutex>& lock) {
  refresh_wanted_ = false;
  if (!can_refresh()) return;
  const std::string refresh_token = refresh_token_;
  status_.state = "refreshing";
  lock.unlock();
  Result<HttpReply> reply = http_(
      refresh_call(options_.oauth_url, options_.client_id, options_.client_secret, refresh_token));
  lock.lock();
  if (stopping_) return;
  const auto now = Clock::now();
  Result<RefreshedTokens> tokens =
      reply ? parse_refresh_reply(*reply) : Result<RefreshedTokens>(reply.status());
  if (!tokens) {
    ++status_.refresh_failures;
    const auto delay = retry_delay(refresh_failures_in_row_);
    refresh_not_before_ = now + delay;
    status_.state = "refresh_failed";
    status_.error = "token refresh at " + options_.oauth_url +
                    "/token failed: " + scrub(tokens.error()) +
                    fmt::format("; next attempt in {:.1f} s at the earliest", seconds(delay));
    spdlog::error(
        "chat: {}. Check TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET and "
        "TWITCH_REFRESH_TOKEN",
        status_.error);
    ready_ = true;
    cv_.notify_all();
    return;
  }
  refresh_failures_in_row_ = 0;
  ++status_.refreshes;
  access_token_ = tokens->access_token;
  if (!tokens->refresh_token.empty()) refresh_token_ = tokens->refresh_token;
  status_.source = "refreshed";
  status_.state = "unvalidated";
  status_.error.clear();
  status_.token = redact_token(access_token_);
  status_.expires_in_seconds = tokens->expires_in;
  next_validation_ = now;  // the login and scopes of the new token
  spdlog::info("chat: token refreshed (now {}, valid for {} s); logging in with it",
               redact_token(access_token_), tokens->expires_in);
  if (vault_ != nullptr) {
    StoredTokens stored{access_token_, refresh_token_, login_, fingerprint_};
    lock.unlock();
    Status saved = vault_->save(stored);
    lock.lock();
    if (!saved) {
      spdlog::error("chat: cannot store the refreshed token (it is used until the next start): {}",
                    scrub(saved.message()));
    }
  }
  changed(lock);
}

std::chrono::milliseconds TokenManager::retry_delay(int& failures) {
  // Exponential back-off with equal jitter: [ceiling / 2, ceiling].
  auto ceiling = options_.retry_base;
  for (int i = 0; i < failures && ceiling < options_.retry_cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, options_.retry_cap);
  ++failures;
  const auto half = ceiling.count() / 2;
  std::uniform_int_distribution<long long> jitter(0,
                                                  std::max<long long>(0, ceiling.count() - half));
  return std::chrono::milliseconds(half + jitter(rng_));
}

std::string TokenManager::scrub(std::string text) const {
  for (const std::string* secret : {&access_token_, &refresh_token_, &options_.access_token,
                                    &options_.refresh_token, &options_.client_secret}) {
    if (secret->size() < 4) continue;
    const std::string shown = redact_token(*secret);
    for (std::size_t at = text.find(*secret); at != std::string::npos;
         at = text.find(*secret, at + shown.size())) {
      text.replace(at, secret->size(), shown);
    }
  }
  return text;
}

void TokenManager::changed(std::unique_lock<std::mutex>& lock) {
  (void)lock;  // held: the callback only posts (TokenSource::set_on_change)
  if (on_change_) on_change_();
}

}  // namespace pererecos::twitch
