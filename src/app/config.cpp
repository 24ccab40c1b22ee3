#include "app/config.h"

#include <date/tz.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "core/time_format.h"
#include "storage/store_url.h"

namespace pererecos::app {
namespace {

constexpr const char* kDefaultIgnored =
    "nightbot,streamelements,streamlabs,moobot,fossabot,wizebot,soundalerts,sery_bot,"
    "kofistreambot,streamadsbot";

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::vector<std::string> split_list(const std::string& value) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = value.find(',', start);
    std::string item = trim(value.substr(start, comma - start));
    if (!item.empty()) items.push_back(std::move(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

bool is_login(const std::string& s) {
  if (s.empty() || s.size() > 25) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Reads values with precedence and turns errors into one line naming the key.
class Reader {
 public:
  explicit Reader(const ConfigSources& sources) : sources_(sources) {}

  std::string get(const std::string& key) const {
    for (const auto* layer : {&sources_.flags, &sources_.environment, &sources_.dotenv}) {
      if (auto it = layer->find(key); it != layer->end()) return it->second;
    }
    for (const SettingInfo& s : known_settings()) {
      if (key == s.name) return s.default_value;
    }
    return {};
  }
  bool has(const std::string& key) const {
    return sources_.flags.count(key) || sources_.environment.count(key) ||
           sources_.dotenv.count(key);
  }

 private:
  const ConfigSources& sources_;
};

Status fail(const std::string& key, const std::string& what) {
  return Status::error(key + ": " + what);
}

Result<bool> parse_bool(const std::string& key, const std::string& raw) {
  const std::string v = lowercase(trim(raw));
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  return fail(key, "'" + raw + "' is not a boolean (true/false, 1/0, yes/no)");
}

Status check_database_url(const std::string& url) {
  if (url.starts_with("sqlite://")) {
    if (url.size() == std::string("sqlite://").size()) {
      return fail("DATABASE_URL", "'" + url + "' names no file (e.g. sqlite://./pererecos.db)");
    }
    return Status::ok();
  }
  if (auto where = storage::parse_store_url(url);
      where && where->backend == storage::StoreLocation::Backend::kPostgres) {
    return Status::ok();  // postgresql://, postgres:// or libpq's host=... dbname=...
  }
  return fail("DATABASE_URL", "'" + url +
                                  "' is not a database URL (sqlite://PATH or postgresql://...)");
}

}  // namespace

const std::vector<SettingInfo>& known_settings() {
  static const std::vector<SettingInfo> kSettings = [] {
    std::vector<SettingInfo> v = {
      {"DATABASE_URL", "sqlite://./pererecos.db",
       "where messages are stored: sqlite://PATH (embedded) or postgresql://USER:PASSWORD@HOST:PORT/DB"},
      {"DATABASE_REPLICA_URL", "",
       "optional PostgreSQL streaming replica of DATABASE_URL: rebuilds and following read there"},
      {"TWITCH_CHANNEL", "", "the channel to read (login, without #)"},
      {"TWITCH_CHANNELS", "", "several channels, comma separated (overrides TWITCH_CHANNEL)"},
      {"TWITCH_OAUTH_TOKEN", "", "chat token (oauth:...), validated at start and hourly; empty = read anonymously"},
      {"TWITCH_CLIENT_ID", "", "app client id, to refresh a refused token (kept in the store)"},
      {"TWITCH_CLIENT_SECRET", "", "app client secret, to refresh a refused token"},
      {"TWITCH_REFRESH_TOKEN", "", "refresh token, to refresh a refused token"},
      {"CHAT_ENABLED", "true", "read live chat of the configured channels (false = imports only)"},
      {"TWITCH_IRC_URL", "ircs://irc.chat.twitch.tv:6697",
       "chat server: ircs://host:port (TLS) or irc://host:port (plain, tests)"},
      {"TWITCH_IRC_CA_FILE", "", "extra trusted CA certificate (PEM) for the chat server (tests)"},
      {"TWITCH_BOT_LOGIN", "", "the login of TWITCH_OAUTH_TOKEN's account; empty = from validation"},
      {"TWITCH_OAUTH_URL", "https://id.twitch.tv/oauth2", "Twitch OAuth base URL (token refresh and validation)"},
      {"TWITCH_TIMING_SCALE", "1",
       "multiply every chat and token timing (ping, back-off, pacing, validation) by this; for tests only"},
      {"STATS_COMMAND", "!stats", "chat command answered with the user's page; empty = off"},
      {"STATS_COMMAND_REPLY", "@{user} suas estatísticas: {url}", "reply to STATS_COMMAND"},
      {"OPTOUT_COMMAND", "!optout", "chat command that forgets its sender (docs/privacy.md); empty = off"},
      {"OPTIN_COMMAND", "!optin", "chat command that undoes OPTOUT_COMMAND for new messages; empty = off"},
      {"PUBLIC_URL", "", "public address of the dashboard, for {url} (e.g. https://stats.example)"},
      {"SEVENTV_EMOTE_SET_ID", "", "the channel's 7TV emote set id"},
      {"SEVENTV_API_URL", "https://7tv.io/v3", "base URL of the 7TV API"},
      {"BTTV_API_URL", "https://api.betterttv.net/3", "base URL of the BTTV API"},
      {"FFZ_API_URL", "https://api.frankerfacez.com/v1", "base URL of the FFZ API"},
      {"SEVENTV_EVENTS_URL", "wss://events.7tv.io/v3",
       "7TV EventAPI (live emote changes), ws:// or wss://; empty = off"},
      {"EMOTE_PROVIDERS", "twitch,7tv,bttv,ffz", "emote providers that count in statistics"},
      {"CORS_ORIGINS", "*", "allowed CORS origins, comma separated, or *"},
      {"HEALTH_CHECK_TOKEN", "", "when set, /health details need X-Health-Token"},
      {"METRICS_TOKEN", "",
       "when set, /metrics needs it as a bearer token (else HEALTH_CHECK_TOKEN guards it)"},
      {"MAX_REQUEST_SIZE", "1048576", "largest accepted request body, in bytes"},
      {"ENABLE_SECURITY_HEADERS", "true", "send X-Frame-Options, CSP and friends"},
      {"LOG_SECURITY_EVENTS", "true", "log rejected requests (rate limits, bad input)"},
      {"RATE_LIMIT_ENABLED", "true", "per-client request limits of the API (429 when over)"},
      {"HOST", "0.0.0.0", "address the HTTP server listens on"},
      {"PORT", "8000", "port the HTTP server listens on"},
      {"API_ROOT_PATH", "", "path prefix when served behind a reverse proxy (e.g. /stats)"},
      {"DASHBOARD_TITLE", "Pererecos Stats", "the dashboard's name in its header"},
      {"EMOTE_IMAGES", "true",
       "show emote images from the providers' CDNs; false: names only, no other host"},
      {"EVENTS_MAX_CLIENTS", "100", "open live-update streams (GET /api/v1/events) at most"},
      {"CHANNEL_TIMEZONE", "UTC", "IANA time zone for hours of the day (America/Sao_Paulo)"},
      {"IGNORED_USERS", kDefaultIgnored, "logins left out of every statistic, comma separated"},
      {"PERERECOS_NOW", "", "freeze the clock at this ISO 8601 instant (tests, demos)"},
      {"RECENT_MESSAGES_URL", "https://recent-messages.robotty.de/api/v2/recent-messages",
       "gap back-fill service (then /{channel}); empty = off"},
      {"RECENT_MESSAGES_TIMEOUT_MS", "10000", "timeout of one back-fill fetch, in ms"},
      {"INGEST_BUFFER_BYTES", "67108864",
       "events buffered while the store stalls; beyond it, chat reading pauses"},
    };
    v.insert(v.end(), http_limit_settings().begin(), http_limit_settings().end());
    return v;
  }();
  return kSettings;
}

std::map<std::string, std::string> settings_from_environment(char** envp) {
  std::map<std::string, std::string> found;
  for (char** e = envp; e && *e; ++e) {
    const std::string entry(*e);
    const std::size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = entry.substr(0, eq);
    const bool known = key == "MONGODB_URL" ||
                       std::any_of(known_settings().begin(), known_settings().end(),
                                   [&](const SettingInfo& s) { return key == s.name; });
    if (known) found[key] = entry.substr(eq + 1);
  }
  return found;
}

Result<Config> build_config(const ConfigSources& sources) {
  const Reader r(sources);
  Config c;

  c.database_url = trim(r.get("DATABASE_URL"));
  if (Status s = check_database_url(c.database_url); !s) return s;
  c.database_replica_url = trim(r.get("DATABASE_REPLICA_URL"));
  if (!c.database_replica_url.empty()) {
    for (const std::string* url : {&c.database_replica_url, &c.database_url}) {
      auto where = storage::parse_store_url(*url);
      if (!where || where->backend != storage::StoreLocation::Backend::kPostgres) {
        return fail("DATABASE_REPLICA_URL",
                    "a read replica needs PostgreSQL for both DATABASE_URL and "
                    "DATABASE_REPLICA_URL (postgresql://...)");
      }
    }
  }

  const std::string channels_key = r.has("TWITCH_CHANNELS") ? "TWITCH_CHANNELS" : "TWITCH_CHANNEL";
  for (std::string ch : split_list(r.get(channels_key))) {
    ch = lowercase(ch);
    if (ch.starts_with('#')) ch.erase(0, 1);
    if (!is_login(ch)) return fail(channels_key, "'" + ch + "' is not a Twitch channel login");
    if (std::find(c.channels.begin(), c.channels.end(), ch) == c.channels.end()) {
      c.channels.push_back(ch);
    }
  }

  c.twitch_oauth_token = trim(r.get("TWITCH_OAUTH_TOKEN"));
  c.twitch_client_id = trim(r.get("TWITCH_CLIENT_ID"));
  c.twitch_client_secret = trim(r.get("TWITCH_CLIENT_SECRET"));
  c.twitch_refresh_token = trim(r.get("TWITCH_REFRESH_TOKEN"));
  if (c.twitch_oauth_token.starts_with("oauth:")) c.twitch_oauth_token.erase(0, 6);
  {
    auto chat = parse_bool("CHAT_ENABLED", r.get("CHAT_ENABLED"));
    if (!chat) return chat.status();
    c.chat_enabled = *chat;
  }
  c.twitch_irc_url = trim(r.get("TWITCH_IRC_URL"));
  if (!c.twitch_irc_url.starts_with("ircs://") && !c.twitch_irc_url.starts_with("irc://")) {
    return fail("TWITCH_IRC_URL", "'" + c.twitch_irc_url + "' is not an ircs:// or irc:// URL");
  }
  c.twitch_irc_ca_file = trim(r.get("TWITCH_IRC_CA_FILE"));
  c.twitch_bot_login = lowercase(trim(r.get("TWITCH_BOT_LOGIN")));
  c.twitch_oauth_url = trim(r.get("TWITCH_OAUTH_URL"));
  while (c.twitch_oauth_url.ends_with('/')) c.twitch_oauth_url.pop_back();
  if (!c.twitch_oauth_url.starts_with("https://") && !c.twitch_oauth_url.starts_with("http://")) {
    return fail("TWITCH_OAUTH_URL", "'" + c.twitch_oauth_url + "' is not an https:// or http:// URL");
  }
  {
    const std::string raw = trim(r.get("TWITCH_TIMING_SCALE"));
    char* end = nullptr;
    const double v = std::strtod(raw.c_str(), &end);
    if (raw.empty() || end != raw.c_str() + raw.size() || !(v > 0) || v > 100) {
      return fail("TWITCH_TIMING_SCALE", "'" + raw + "' is not a number in (0, 100]");
    }
    c.twitch_timing_scale = v;
  }
  c.stats_command = trim(r.get("STATS_COMMAND"));
  c.stats_command_reply = trim(r.get("STATS_COMMAND_REPLY"));
  c.optout_command = trim(r.get("OPTOUT_COMMAND"));
  c.optin_command = trim(r.get("OPTIN_COMMAND"));
  c.public_url = trim(r.get("PUBLIC_URL"));
  while (c.public_url.ends_with('/')) c.public_url.pop_back();
  c.seventv_emote_set_id = trim(r.get("SEVENTV_EMOTE_SET_ID"));
  for (auto [key, field] : {std::pair{"SEVENTV_API_URL", &c.seventv_api_url},
                             std::pair{"BTTV_API_URL", &c.bttv_api_url},
                             std::pair{"FFZ_API_URL", &c.ffz_api_url}}) {
    *field = trim(r.get(key));
    while (field->ends_with('/')) field->pop_back();
    if (!field->starts_with("http://") && !field->starts_with("https://")) {
      return fail(key, "'" + *field + "' is not an http(s) URL");
    }
  }

  c.seventv_events_url = trim(r.get("SEVENTV_EVENTS_URL"));
  if (!c.seventv_events_url.empty() && !c.seventv_events_url.starts_with("ws://") &&
      !c.seventv_events_url.starts_with("wss://")) {
    return fail("SEVENTV_EVENTS_URL", "'" + c.seventv_events_url + "' is not a ws(s):// URL");
  }

  for (std::string p : split_list(r.get("EMOTE_PROVIDERS"))) {
    p = lowercase(p);
    if (p != "twitch" && p != "7tv" && p != "bttv" && p != "ffz") {
      return fail("EMOTE_PROVIDERS", "'" + p + "' is not one of twitch, 7tv, bttv, ffz");
    }
    c.emote_providers.push_back(p);
  }

  c.recent_messages_url = trim(r.get("RECENT_MESSAGES_URL"));
  while (c.recent_messages_url.ends_with('/')) c.recent_messages_url.pop_back();
  if (!c.recent_messages_url.empty() && !c.recent_messages_url.starts_with("http://") &&
      !c.recent_messages_url.starts_with("https://")) {
    return fail("RECENT_MESSAGES_URL", "'" + c.recent_messages_url + "' is not an http(s) URL");
  }
  for (auto [key, field] :
       {std::pair{"RECENT_MESSAGES_TIMEOUT_MS", &c.recent_messages_timeout_ms},
        std::pair{"INGEST_BUFFER_BYTES", &c.ingest_buffer_bytes}}) {
    const std::string raw = trim(r.get(key));
    std::uint64_t v = 0;
    auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
    if (raw.empty() || ec != std::errc() || ptr != raw.data() + raw.size() || v == 0) {
      return fail(key, "'" + raw + "' is not a positive number");
    }
    *field = v;
  }

  c.cors_origins = split_list(r.get("CORS_ORIGINS"));
  c.health_check_token = trim(r.get("HEALTH_CHECK_TOKEN"));
  c.metrics_token = trim(r.get("METRICS_TOKEN"));

  {
    const std::string raw = trim(r.get("MAX_REQUEST_SIZE"));
    std::uint64_t v = 0;
    auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
    if (raw.empty() || ec != std::errc() || ptr != raw.data() + raw.size() || v == 0) {
      return fail("MAX_REQUEST_SIZE", "'" + raw + "' is not a positive number of bytes");
    }
    c.max_request_size = v;
  }

  auto security = parse_bool("ENABLE_SECURITY_HEADERS", r.get("ENABLE_SECURITY_HEADERS"));
  if (!security) return security.status();
  c.enable_security_headers = *security;
  auto log_security = parse_bool("LOG_SECURITY_EVENTS", r.get("LOG_SECURITY_EVENTS"));
  if (!log_security) return log_security.status();
  c.log_security_events = *log_security;

  auto rate_limit = parse_bool("RATE_LIMIT_ENABLED", r.get("RATE_LIMIT_ENABLED"));
  if (!rate_limit) return rate_limit.status();
  c.rate_limit_enabled = *rate_limit;

  c.host = trim(r.get("HOST"));
  if (c.host.empty()) return fail("HOST", "is empty (use 0.0.0.0 for every interface)");
  {
    const std::string raw = trim(r.get("PORT"));
    unsigned v = 0;
    auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
    if (raw.empty() || ec != std::errc() || ptr != raw.data() + raw.size() || v == 0 ||
        v > 65535) {
      return fail("PORT", "'" + raw + "' is not a port number (1-65535)");
    }
    c.port = static_cast<std::uint16_t>(v);
  }

  c.api_root_path = trim(r.get("API_ROOT_PATH"));
  while (c.api_root_path.ends_with('/')) c.api_root_path.pop_back();
  if (!c.api_root_path.empty() && c.api_root_path.front() != '/') {
    return fail("API_ROOT_PATH", "'" + c.api_root_path + "' must start with /");
  }

  c.dashboard_title = trim(r.get("DASHBOARD_TITLE"));
  if (c.dashboard_title.empty()) return fail("DASHBOARD_TITLE", "is empty");
  if (c.dashboard_title.size() > 100) return fail("DASHBOARD_TITLE", "is longer than 100 bytes");
  auto emote_images = parse_bool("EMOTE_IMAGES", r.get("EMOTE_IMAGES"));
  if (!emote_images) return emote_images.status();
  c.emote_images = *emote_images;
  {
    const std::string raw = trim(r.get("EVENTS_MAX_CLIENTS"));
    unsigned v = 0;
    auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
    if (raw.empty() || ec != std::errc() || ptr != raw.data() + raw.size() || v > 100000) {
      return fail("EVENTS_MAX_CLIENTS", "'" + raw + "' is not a number of clients (0-100000)");
    }
    c.events_max_clients = v;
  }

  c.channel_timezone = trim(r.get("CHANNEL_TIMEZONE"));
  try {
    date::locate_zone(c.channel_timezone);
  } catch (const std::exception&) {
    return fail("CHANNEL_TIMEZONE",
                "'" + c.channel_timezone + "' is not an IANA time zone (e.g. America/Sao_Paulo)");
  }

  for (const std::string& login : split_list(r.get("IGNORED_USERS"))) {
    c.ignored_users.push_back(lowercase(login));
  }

  if (const std::string raw = trim(r.get("PERERECOS_NOW")); !raw.empty()) {
    c.now = parse_iso8601(raw);
    if (!c.now) return fail("PERERECOS_NOW", "'" + raw + "' is not an ISO 8601 date-time");
  }

  if (Status s = read_http_limits([&](const std::string& key) { return r.get(key); },
                                  c.http_limits);
      !s) {
    return s;
  }

  c.mongodb_url_set = r.has("MONGODB_URL") && !trim(r.get("MONGODB_URL")).empty();
  return c;
}

std::string mongodb_notice() {
  return "MONGODB_URL is set, but Pererecos Stats no longer uses MongoDB: messages live in "
         "SQLite (default, DATABASE_URL=sqlite://./pererecos.db) or PostgreSQL "
         "(DATABASE_URL=postgresql://...). To bring the old data over, export it with "
         "`mongoexport --db twitch_stats --collection chat_messages --out chat_messages.json` "
         "and run `pererecos-stats import --format mongoexport chat_messages.json`.";
}

}  // namespace pererecos::app
