#include "app/config.h"

#include <gtest/gtest.h>

namespace pererecos::app {
namespace {

Result<Config> with_env(std::map<std::string, std::string> env) {
  ConfigSources sources;
  sources.environment = std::move(env);
  return build_config(sources);
}

TEST(Config, DefaultsMatchTheDocumentation) {
  const auto c = with_env({});
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->database_url, "sqlite://./pererecos.db");
  EXPECT_EQ(c->port, 8000);
  EXPECT_EQ(c->host, "0.0.0.0");
  EXPECT_EQ(c->channel_timezone, "UTC");
  EXPECT_EQ(c->max_request_size, 1048576u);
  EXPECT_TRUE(c->enable_security_headers);
  EXPECT_EQ(c->seventv_api_url, "https://7tv.io/v3");
  EXPECT_EQ(c->emote_providers, (std::vector<std::string>{"twitch", "7tv", "bttv", "ffz"}));
  EXPECT_EQ(c->ignored_users.size(), 10u);
  EXPECT_EQ(c->ignored_users.front(), "nightbot");
  EXPECT_TRUE(c->channels.empty());
  EXPECT_FALSE(c->now.has_value());
}

TEST(Config, FlagsWinOverEnvironmentWhichWinsOverDotenv) {
  ConfigSources sources;
  sources.dotenv = {{"PORT", "7000"}, {"HOST", "10.0.0.1"}, {"CHANNEL_TIMEZONE", "Europe/Berlin"}};
  sources.environment = {{"PORT", "7001"}, {"HOST", "127.0.0.1"}};
  sources.flags = {{"PORT", "7002"}};
  const auto c = build_config(sources);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->port, 7002);
  EXPECT_EQ(c->host, "127.0.0.1");
  EXPECT_EQ(c->channel_timezone, "Europe/Berlin");
}

TEST(Config, ChannelsAreNormalised) {
  auto c = with_env({{"TWITCH_CHANNEL", "#NymN"}});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->channels, std::vector<std::string>{"nymn"});
  c = with_env({{"TWITCH_CHANNEL", "ignored"}, {"TWITCH_CHANNELS", "a_b, #Cde,a_b"}});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->channels, (std::vector<std::string>{"a_b", "cde"}));
}

TEST(Config, InvalidValuesNameTheirKey) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"PORT", "0"},           {"PORT", "65536"},
      {"PORT", "80a"},         {"PORT", ""},
      {"CHANNEL_TIMEZONE", "Mars/Olympus"},
      {"DATABASE_URL", "mysql://x"},
      {"DATABASE_URL", "sqlite://"},
      {"PERERECOS_NOW", "yesterday"},
      {"MAX_REQUEST_SIZE", "-1"},
      {"MAX_REQUEST_SIZE", "1MB"},
      {"ENABLE_SECURITY_HEADERS", "maybe"},
      {"TWITCH_CHANNELS", "bad name!"},
      {"EMOTE_PROVIDERS", "twitch,myspace"},
      {"API_ROOT_PATH", "stats"},
      {"SEVENTV_API_URL", "ftp://7tv"},
      {"TWITCH_OAUTH_URL", "id.twitch.tv/oauth2"},
  };
  for (const auto& [key, value] : bad) {
    const auto c = with_env({{key, value}});
    ASSERT_FALSE(c) << key << "=" << value << " was accepted";
    EXPECT_TRUE(c.error().starts_with(key + ":")) << c.error();
    EXPECT_EQ(c.error().find('\n'), std::string::npos);
  }
}

TEST(Config, ParsesFrozenClockAndLists) {
  const auto c = with_env({{"PERERECOS_NOW", "2024-01-06T16:19:44.095Z"},
                           {"IGNORED_USERS", "NightBot, MyBot"},
                           {"API_ROOT_PATH", "/stats/"},
                           {"ENABLE_SECURITY_HEADERS", "0"}});
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->now, 1704557984095);
  EXPECT_EQ(c->ignored_users, (std::vector<std::string>{"nightbot", "mybot"}));
  EXPECT_EQ(c->api_root_path, "/stats");
  EXPECT_FALSE(c->enable_security_headers);
}

TEST(Config, MongoUrlIsNoticedWithMigrationAdvice) {
  const auto c = with_env({{"MONGODB_URL", "mongodb://localhost:27017"}});
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->mongodb_url_set);
  EXPECT_NE(mongodb_notice().find("import --format mongoexport"), std::string::npos);
}

TEST(Config, EnvironmentBlockKeepsOnlyKnownSettings) {
  std::string a = "PORT=1234", b = "PATH=/usr/bin", d = "MONGODB_URL=mongodb://x";
  char* envp[] = {a.data(), b.data(), d.data(), nullptr};
  const auto found = settings_from_environment(envp);
  EXPECT_EQ(found.size(), 2u);
  EXPECT_EQ(found.at("PORT"), "1234");
  EXPECT_EQ(found.count("PATH"), 0u);
}

}  // namespace
}  // namespace pererecos::app

namespace pererecos::app {
namespace {

TEST(Config, IngestAndBackfillSettings) {
  const auto defaults = build_config({});
  ASSERT_TRUE(defaults.is_ok()) << defaults.error();
  EXPECT_EQ(defaults->recent_messages_url,
            "https://recent-messages.robotty.de/api/v2/recent-messages");
  EXPECT_EQ(defaults->recent_messages_timeout_ms, 10000u);
  EXPECT_EQ(defaults->ingest_buffer_bytes, 64u << 20);

  ConfigSources off;
  off.environment = {{"RECENT_MESSAGES_URL", ""}, {"INGEST_BUFFER_BYTES", "1048576"},
                     {"RECENT_MESSAGES_TIMEOUT_MS", "2500"}};
  const auto c = build_config(off);
  ASSERT_TRUE(c.is_ok()) << c.error();
  EXPECT_EQ(c->recent_messages_url, "");  // back-fill off
  EXPECT_EQ(c->ingest_buffer_bytes, 1048576u);
  EXPECT_EQ(c->recent_messages_timeout_ms, 2500u);

  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"RECENT_MESSAGES_URL", "ftp://x"}, {"INGEST_BUFFER_BYTES", "0"},
           {"RECENT_MESSAGES_TIMEOUT_MS", "10s"}}) {
    ConfigSources bad;
    bad.environment = {{key, value}};
    const auto r = build_config(bad);
    ASSERT_FALSE(r.is_ok()) << key;
    EXPECT_NE(r.error().find(key), std::string::npos) << r.error();
  }
}

TEST(Config, HttpLimitsHaveDefaultsAndNameTheirKeyWhenBad) {
  const auto c = with_env({});
  ASSERT_TRUE(c) << c.error();
  EXPECT_TRUE(c->http_limits.trusted_proxies.empty());
  EXPECT_EQ(c->http_limits.max_connections, 10'000u);
  EXPECT_EQ(c->http_limits.max_connections_per_client, 64u);
  EXPECT_EQ(c->events_max_clients, 100u);
  const auto set = with_env({{"TRUSTED_PROXIES", "10.0.0.0/8, ::1"},
                             {"RATE_LIMIT_EXEMPT", "192.0.2.7"},
                             {"HTTP_MAX_CONNECTIONS_PER_CLIENT", "0"},
                             {"HTTP_HEADER_TIMEOUT", "3"}});
  ASSERT_TRUE(set) << set.error();
  EXPECT_TRUE(set->http_limits.trusted_proxies.contains("10.2.3.4"));
  EXPECT_TRUE(set->http_limits.rate_limit_exempt.contains("192.0.2.7"));
  EXPECT_EQ(set->http_limits.max_connections_per_client, 0u);
  http::ApiOptions api;
  http::HttpServerOptions server;
  apply_http_limits(set->http_limits, api, server);
  EXPECT_EQ(server.header_timeout, std::chrono::seconds(3));
  EXPECT_TRUE(api.trusted_proxies.contains("::1"));
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"TRUSTED_PROXIES", "10.0.0.0/33"}, {"RATE_LIMIT_EXEMPT", "example.com"},
           {"HTTP_MAX_URL_LENGTH", "0"}, {"HTTP_IDLE_TIMEOUT", "x"},
           {"EVENTS_MAX_CLIENTS", "-1"}}) {
    const auto bad = with_env({{key, value}});
    ASSERT_FALSE(bad) << key;
    EXPECT_EQ(bad.error().rfind(key + ":", 0), 0u) << bad.error();
  }
}

}  // namespace
}  // namespace pererecos::app
