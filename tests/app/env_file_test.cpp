#include "app/env_file.h"

#include <gtest/gtest.h>

namespace pererecos::app {
namespace {

TEST(EnvFile, ParsesBareQuotedAndExportedValues) {
  const auto parsed = parse_env_file(
      "# comment\n"
      "\n"
      "TWITCH_CHANNEL=pererecos\n"
      "export PORT = 9000 \n"
      "CORS_ORIGINS='https://a.example, https://b.example'\n"
      "TWITCH_OAUTH_TOKEN=\"oauth:abc\\\"def\" # trailing comment\n"
      "HOST=127.0.0.1 # listen locally\n"
      "EMPTY=\r\n");
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->at("TWITCH_CHANNEL"), "pererecos");
  EXPECT_EQ(parsed->at("PORT"), "9000");
  EXPECT_EQ(parsed->at("CORS_ORIGINS"), "https://a.example, https://b.example");
  EXPECT_EQ(parsed->at("TWITCH_OAUTH_TOKEN"), "oauth:abc\"def");
  EXPECT_EQ(parsed->at("HOST"), "127.0.0.1");
  EXPECT_EQ(parsed->at("EMPTY"), "");
  EXPECT_EQ(parsed->size(), 6u);
}

TEST(EnvFile, RejectsMalformedLinesWithTheirNumber) {
  auto parsed = parse_env_file("A=1\nthis is not a setting\n");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().find("line 2"), std::string::npos);
  parsed = parse_env_file("A=\"unterminated\n");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().find("line 1"), std::string::npos);
  EXPECT_FALSE(parse_env_file("1A=x"));
  EXPECT_FALSE(parse_env_file("=x"));
}

TEST(EnvFile, MissingFileIsAClearError) {
  const auto parsed = read_env_file("/nonexistent/dir/.env");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().find("/nonexistent/dir/.env"), std::string::npos);
}

}  // namespace
}  // namespace pererecos::app
