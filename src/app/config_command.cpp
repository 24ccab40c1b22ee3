#include <iostream>

#include "app/commands.h"
#include "core/time_format.h"
#include "storage/postgres/pg_connection.h"

namespace pererecos::app {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ',';
    out += item;
  }
  return out;
}

std::string mask(const std::string& secret) { return secret.empty() ? "" : "********"; }

}  // namespace

int run_config_command(const Config& c) {
  std::cout << "DATABASE_URL=" << storage::redact_connection_string(c.database_url) << "\n"
            << "DATABASE_REPLICA_URL=" << storage::redact_connection_string(c.database_replica_url)
            << "\n"
            << "TWITCH_CHANNELS=" << join(c.channels) << "\n"
            << "TWITCH_OAUTH_TOKEN=" << mask(c.twitch_oauth_token) << "\n"
            << "TWITCH_CLIENT_ID=" << c.twitch_client_id << "\n"
            << "TWITCH_CLIENT_SECRET=" << mask(c.twitch_client_secret) << "\n"
            << "TWITCH_REFRESH_TOKEN=" << mask(c.twitch_refresh_token) << "\n"
            << "CHAT_ENABLED=" << (c.chat_enabled ? "true" : "false") << "\n"
            << "TWITCH_IRC_URL=" << c.twitch_irc_url << "\n"
            << "TWITCH_IRC_CA_FILE=" << c.twitch_irc_ca_file << "\n"
            << "TWITCH_BOT_LOGIN=" << c.twitch_bot_login << "\n"
            << "TWITCH_OAUTH_URL=" << c.twitch_oauth_url << "\n"
            << "TWITCH_TIMING_SCALE=" << c.twitch_timing_scale << "\n"
            << "STATS_COMMAND=" << c.stats_command << "\n"
            << "STATS_COMMAND_REPLY=" << c.stats_command_reply << "\n"
            << "OPTOUT_COMMAND=" << c.optout_command << "\n"
            << "OPTIN_COMMAND=" << c.optin_command << "\n"
            << "PUBLIC_URL=" << c.public_url << "\n"
            << "SEVENTV_EMOTE_SET_ID=" << c.seventv_emote_set_id << "\n"
            << "SEVENTV_API_URL=" << c.seventv_api_url << "\n"
            << "BTTV_API_URL=" << c.bttv_api_url << "\n"
            << "FFZ_API_URL=" << c.ffz_api_url << "\n"
            << "SEVENTV_EVENTS_URL=" << c.seventv_events_url << "\n"
            << "EMOTE_PROVIDERS=" << join(c.emote_providers) << "\n"
            << "CORS_ORIGINS=" << join(c.cors_origins) << "\n"
            << "HEALTH_CHECK_TOKEN=" << mask(c.health_check_token) << "\n"
            << "METRICS_TOKEN=" << mask(c.metrics_token) << "\n"
            << "MAX_REQUEST_SIZE=" << c.max_request_size << "\n"
            << "ENABLE_SECURITY_HEADERS=" << (c.enable_security_headers ? "true" : "false") << "\n"
            << "LOG_SECURITY_EVENTS=" << (c.log_security_events ? "true" : "false") << "\n"
            << "RATE_LIMIT_ENABLED=" << (c.rate_limit_enabled ? "true" : "false") << "\n"
            << "HOST=" << c.host << "\n"
            << "PORT=" << c.port << "\n"
            << "API_ROOT_PATH=" << c.api_root_path << "\n"
            << "DASHBOARD_TITLE=" << c.dashboard_title << "\n"
            << "EMOTE_IMAGES=" << (c.emote_images ? "true" : "false") << "\n"
            << "EVENTS_MAX_CLIENTS=" << c.events_max_clients << "\n"
            << "CHANNEL_TIMEZONE=" << c.channel_timezone << "\n"
            << "IGNORED_USERS=" << join(c.ignored_users) << "\n"
            << "PERERECOS_NOW=" << (c.now ? format_iso8601_ms(*c.now) : "") << "\n"
            << "RECENT_MESSAGES_URL=" << c.recent_messages_url << "\n"
            << "RECENT_MESSAGES_TIMEOUT_MS=" << c.recent_messages_timeout_ms << "\n"
            << "INGEST_BUFFER_BYTES=" << c.ingest_buffer_bytes << "\n";
  print_http_limits(std::cout, c.http_limits);
  return 0;
}

}  // namespace pererecos::app
