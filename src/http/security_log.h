// SecurityLog: one log line per security event (LOG_SECURITY_EVENTS) — rate-limit
// refusals, oversized or malformed requests, refused connections, bad health/metrics
// tokens, path traversal attempts — each naming the client address:
//
//   security: rate_limited client=203.0.113.9 detail="GET /api/v1/stats/user/x (user: 30/min)"
//
// The lines are themselves rate limited so that an attack cannot fill the disk: a token
// bucket of `burst` lines refilled at `per_second` lines a second (steady clock); events
// beyond it are counted, not written, and the next line written says how many were
// dropped ("... (1234 more events suppressed)"). Every event is counted in counts()
// whether logged or not (metrics).
//
// Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "http/rate_limiter.h"

namespace pererecos::http {

enum class SecurityEvent : std::uint8_t {
  kRateLimited,        // 429
  kBodyTooLarge,       // 413
  kHeadersTooLarge,    // 431: header block or field count over the cap
  kUrlTooLong,         // 414
  kMalformedRequest,   // 400: the HTTP parser refused the bytes
  kConnectionRefused,  // 503: over the total or per-client connection cap
  kSlowRequest,        // a request not complete within its deadline
  kBadToken,           // a wrong health or metrics token
  kPathTraversal,      // "..", encoded dots, backslash or NUL in a path
  kCount_
};

// "rate_limited", "body_too_large", ...
std::string_view security_event_name(SecurityEvent event);

struct SecurityLogOptions {
  bool enabled = true;     // LOG_SECURITY_EVENTS; when false nothing is written (still counted)
  double per_second = 10;  // sustained lines a second
  double burst = 100;      // lines written back to back before the rate applies
};

class SecurityLog {
 public:
  // `sink` receives each complete line (default: spdlog at warn level).
  explicit SecurityLog(SecurityLogOptions options = {},
                       std::function<void(const std::string&)> sink = {},
                       SteadyMillis now = steady_now_ms);

  // Records one event about `client` (an address); `detail` is free text (quoted and
  // cut to 200 bytes, control characters escaped, so a client cannot forge lines).
  void report(SecurityEvent event, std::string_view client, std::string_view detail) const;

  // Events of each kind since construction, logged or not.
  std::uint64_t count(SecurityEvent event) const;
  // Events not written because of the line rate limit.
  std::uint64_t suppressed() const { return suppressed_total_.load(std::memory_order_relaxed); }

  bool enabled() const { return options_.enabled; }

 private:
  SecurityLogOptions options_;
  std::function<void(const std::string&)> sink_;
  SteadyMillis now_;
  mutable std::array<std::atomic<std::uint64_t>, static_cast<std::size_t>(SecurityEvent::kCount_)>
      counts_{};
  mutable std::atomic<std::uint64_t> suppressed_total_{0};
  mutable std::mutex mutex_;
  mutable double tokens_;              // GUARDED_BY(mutex_)
  mutable std::int64_t last_ms_;       // GUARDED_BY(mutex_)
  mutable std::uint64_t pending_suppressed_ = 0;  // GUARDED_BY(mutex_)
};

// True when a request path (still percent-encoded, without the query) tries to leave its
// directory: a ".." segment (also as %2e%2e, mixed case, or with '\' separators), a
// backslash or an (encoded) NUL.
bool looks_like_path_traversal(std::string_view raw_path);

}  // namespace pererecos::http
