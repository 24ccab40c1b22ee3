// What GET /api/v1/health reports, gathered by a probe the app injects.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pererecos::http {

struct ChannelHealth {
  std::string channel;
  bool connected = false;
  // Milliseconds since the last message seen in this channel; nullopt when none yet.
  std::optional<std::int64_t> last_message_age_ms;
  // The chat connection's view (twitch/chat_status.h): "joined", "connecting",
  // "reconnecting", "refused", "auth_failed"...; empty when unknown.
  std::string state{};
  std::string last_error{};  // e.g. "msg_concurrent_channel_limit_reached: ..."; never a token
  std::uint64_t messages_received = 0;  // read from chat since start
  // Not joined now, but for less than the grace period after a (re)start or a drop: not
  // degraded yet (HealthGrace, app/serve_health.h).
  bool within_join_grace = false;
  std::optional<std::int64_t> not_joined_seconds{};  // since when not joined; nullopt = joined
  std::optional<std::int64_t> messages_stored_today{};  // the channel's day total (engine)
  struct Backfill {
    bool running = false;
    std::string last_run;      // ISO 8601 of the last attempt; empty = never
    std::string last_success;  // ISO 8601; empty = never
    std::uint64_t attempts = 0, failures = 0;
    std::uint64_t fetched = 0;  // events in the last successful answer
    std::uint64_t stored = 0;   // ... of them new to the store
    std::uint64_t skipped = 0;  // malformed lines or other channels' lines
    std::string error;          // of the last attempt; empty when it succeeded
  };
  std::optional<Backfill> backfill{};  // nullopt: back-fill off or never requested
};

// The ingest queue (storage::BatchedWriter) as /health shows it.
struct IngestHealth {
  std::string state;  // "ok", "store stalled (...), N bytes buffered[, buffer full: reading paused]"
  bool store_ok = true;
  bool reading_paused = false;  // the buffer is full: chat reading waits for the store
  std::uint64_t buffered_bytes = 0, max_buffered_bytes = 0, queued = 0;
  std::uint64_t committed = 0, failed_attempts = 0, dropped = 0;
  std::string last_error;
};

// The chat's token (twitch::AuthStatus) when logging in with one. Never a token whole.
struct AuthHealth {
  std::string state;  // unvalidated, valid, invalid, refreshing, refresh_failed, no_token
  std::string login;
  std::string token;   // redacted: first 4 characters and the length
  std::string source;  // configured, stored, refreshed
  bool refresh_configured = false;
  std::string error;   // the last problem, empty when none
  std::uint64_t validations = 0;
  std::uint64_t refreshes = 0;
  std::uint64_t refresh_failures = 0;
};

struct HealthSnapshot {
  bool database_connected = false;
  // false when chat ingestion is disabled (then it counts as up, SPEC §2).
  bool chat_enabled = false;
  std::vector<ChannelHealth> channels;  // one per configured channel
  std::optional<std::uint64_t> messages_stored;
  std::optional<AuthHealth> auth;  // absent when reading anonymously
  std::optional<IngestHealth> ingest{};  // nullopt: no ingest queue (not shown)
};

// Called once per health request, from an I/O thread; must be thread-safe and fast.
using HealthProbe = std::function<HealthSnapshot()>;

}  // namespace pererecos::http
