// The Twitch OAuth protocol pieces: requests as Twitch documents them, answers parsed,
// Twitch's error messages kept, malformed answers refused.
#include "twitch/oauth_client.h"

#include <gtest/gtest.h>

namespace pererecos::twitch {
namespace {

TEST(OAuthClient, FormEncodingEscapesEverythingButUnreservedCharacters) {
  EXPECT_EQ(form_encode({{"a", "b c"}, {"x&y", "1=2/3~_.-"}}), "a=b%20c&x%26y=1%3D2%2F3~_.-");
  EXPECT_EQ(form_encode({{"k", "é"}}), "k=%C3%A9");
}

TEST(OAuthClient, TheRefreshIsAFormEncodedPostToToken) {
  const HttpCall call = refresh_call("https://id.twitch.tv/oauth2", "cid", "se cret", "rt+1");
  EXPECT_EQ(call.method, "POST");
  EXPECT_EQ(call.url, "https://id.twitch.tv/oauth2/token");
  EXPECT_EQ(call.body,
            "grant_type=refresh_token&refresh_token=rt%2B1&client_id=cid&client_secret=se%20cret");
  ASSERT_FALSE(call.headers.empty());
  EXPECT_EQ(call.headers[0].first, "Content-Type");
  EXPECT_EQ(call.headers[0].second, "application/x-www-form-urlencoded");
}

TEST(OAuthClient, ValidationSendsTheTokenInAnOAuthHeader) {
  const HttpCall call = validate_call("http://127.0.0.1:1/oauth2", "abc");
  EXPECT_EQ(call.method, "GET");
  EXPECT_EQ(call.url, "http://127.0.0.1:1/oauth2/validate");
  EXPECT_EQ(call.headers[0].first, "Authorization");
  EXPECT_EQ(call.headers[0].second, "OAuth abc");
  EXPECT_TRUE(call.body.empty());
}

TEST(OAuthClient, ARefreshAnswerGivesBothTokens) {
  auto t = parse_refresh_reply({200, R"({"access_token":"new","refresh_token":"r2",
      "expires_in":14124,"scope":["chat:read","chat:edit"],"token_type":"bearer"})"});
  ASSERT_TRUE(t.is_ok()) << t.error();
  EXPECT_EQ(t->access_token, "new");
  EXPECT_EQ(t->refresh_token, "r2");
  EXPECT_EQ(t->expires_in, 14124);
}

TEST(OAuthClient, ARefusedRefreshKeepsTwitchsMessage) {
  auto t = parse_refresh_reply({400, R"({"status":400,"message":"Invalid refresh token"})"});
  ASSERT_FALSE(t.is_ok());
  EXPECT_EQ(t.error(), "Invalid refresh token (HTTP 400)");
  auto html = parse_refresh_reply({502, "<html>bad gateway</html>"});
  ASSERT_FALSE(html.is_ok());
  EXPECT_EQ(html.error(), "no message (HTTP 502)");
}

TEST(OAuthClient, MalformedRefreshAnswersAreErrors) {
  EXPECT_FALSE(parse_refresh_reply({200, "not json"}).is_ok());
  EXPECT_FALSE(parse_refresh_reply({200, R"({"refresh_token":"r"})"}).is_ok());
  EXPECT_FALSE(parse_refresh_reply({200, R"(["access_token"])"}).is_ok());
  // A token that would break the IRC PASS line or the stored value.
  EXPECT_FALSE(parse_refresh_reply({200, R"({"access_token":"a\r\nJOIN #x"})"}).is_ok());
  EXPECT_FALSE(parse_refresh_reply({200, R"({"access_token":"a b"})"}).is_ok());
}

TEST(OAuthClient, ValidationGivesTheLoginOr401) {
  auto v = parse_validate_reply({200, R"({"client_id":"cid","login":"Pererecos_Bot",
      "scopes":["chat:read","chat:edit"],"user_id":"77","expires_in":5520838})"});
  ASSERT_TRUE(v.is_ok()) << v.error();
  EXPECT_TRUE(v->valid);
  EXPECT_EQ(v->login, "pererecos_bot");
  EXPECT_EQ(v->user_id, "77");
  EXPECT_EQ(v->expires_in, 5520838);
  EXPECT_EQ(v->scopes, (std::vector<std::string>{"chat:read", "chat:edit"}));

  auto invalid = parse_validate_reply({401, R"({"status":401,"message":"invalid access token"})"});
  ASSERT_TRUE(invalid.is_ok());
  EXPECT_FALSE(invalid->valid);

  EXPECT_FALSE(parse_validate_reply({500, "{}"}).is_ok());
  EXPECT_FALSE(parse_validate_reply({200, "{"}).is_ok());
  EXPECT_FALSE(parse_validate_reply({200, R"({"login":"a b\r\nPRIVMSG"})"}).is_ok());
}

}  // namespace
}  // namespace pererecos::twitch
