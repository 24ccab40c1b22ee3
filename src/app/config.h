// Configuration (docs/configuration.md): the original service's environment names plus
// ours, read from a `.env` file, the process environment and command-line flags — flags
// win over the environment, which wins over the file. Validation names the offending key.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/chat_event.h"
#include "app/http_limits_config.h"
#include "core/result.h"

namespace pererecos::app {

struct Config {
  std::string database_url;
  // A streaming replica of DATABASE_URL's PostgreSQL database; "" = none. The rebuild
  // and the follower read there (docs/scaling.md, "Read replicas").
  std::string database_replica_url;
  std::vector<std::string> channels;  // lowercase logins without '#'
  std::string twitch_oauth_token;
  std::string twitch_client_id;
  std::string twitch_client_secret;
  std::string twitch_refresh_token;
  // Live chat (docs/twitch.md).
  bool chat_enabled = true;         // CHAT_ENABLED: read chat when a channel is configured
  std::string twitch_irc_url;       // ircs://host:port (TLS) or irc://host:port (tests)
  std::string twitch_irc_ca_file;   // extra trusted CA (PEM) for the chat server; tests
  std::string twitch_bot_login;     // login that goes with TWITCH_OAUTH_TOKEN
  std::string twitch_oauth_url;     // token refresh/validation endpoint
  double twitch_timing_scale = 1.0; // chat timings multiplied by this (tests only)
  std::string stats_command;        // "!stats"; empty = off
  std::string stats_command_reply;  // with {user} and {url}
  std::string optout_command;       // "!optout"; empty = off (docs/privacy.md)
  std::string optin_command;        // "!optin"; empty = off
  std::string public_url;           // where the dashboard is reachable, for {url}
  std::string seventv_emote_set_id;
  std::string seventv_api_url;
  std::string bttv_api_url;
  std::string ffz_api_url;
  std::string seventv_events_url;  // empty: no live 7TV updates
  std::vector<std::string> emote_providers;  // subset of twitch, 7tv, bttv, ffz
  std::vector<std::string> cors_origins;
  std::string health_check_token;
  std::string metrics_token;  // METRICS_TOKEN
  std::uint64_t max_request_size = 0;
  bool enable_security_headers = true;
  bool log_security_events = true;
  bool rate_limit_enabled = true;
  std::string host;
  std::uint16_t port = 0;
  std::string api_root_path;  // "" or "/prefix" without a trailing slash
  std::string dashboard_title;      // DASHBOARD_TITLE
  bool emote_images = true;         // EMOTE_IMAGES
  unsigned events_max_clients = 0;  // EVENTS_MAX_CLIENTS (0: no event stream)
  std::string channel_timezone;
  std::vector<std::string> ignored_users;  // lowercase
  std::optional<TimestampMs> now;          // PERERECOS_NOW: a frozen clock
  bool mongodb_url_set = false;            // MONGODB_URL was given (see mongodb_notice())
  std::string recent_messages_url;         // "" = back-fill off
  std::uint64_t recent_messages_timeout_ms = 10000;
  std::uint64_t ingest_buffer_bytes = 64u << 20;  // store stall bound of the ingest queue
  HttpLimitsConfig http_limits;            // app/http_limits_config.h
};

// One known setting: its environment name, default and a one-line description.
struct SettingInfo {
  const char* name;
  const char* default_value;
  const char* description;
};
const std::vector<SettingInfo>& known_settings();

// Where values come from, lowest precedence first.
struct ConfigSources {
  std::map<std::string, std::string> dotenv;
  std::map<std::string, std::string> environment;
  std::map<std::string, std::string> flags;
};

// Known settings (and MONGODB_URL) found in a process environment block.
std::map<std::string, std::string> settings_from_environment(char** envp);

// Merges the sources and validates every value. The error is one line naming the key,
// e.g. "PORT: '80a' is not a port number (1-65535)".
Result<Config> build_config(const ConfigSources& sources);

// The message printed when MONGODB_URL is set: MongoDB is replaced, and how to migrate.
std::string mongodb_notice();

}  // namespace pererecos::app
