// TokenManager with an in-process stand-in for Twitch OAuth (an HttpFunction that speaks
// the protocol) and a memory TokenVault; and with the ChatClient against the Twitch chat
// stand-in, which accepts only the refreshed token.
#include "twitch/token_manager.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "fakes/fake_twitch_irc.h"
#include "twitch/chat_client.h"
#include "twitch/recording_sink.h"

namespace pererecos::twitch {
namespace {

using namespace std::chrono_literals;

constexpr const char* kSecret = "client-secret-0123456789";

// Twitch OAuth as an HttpFunction: /token refreshes `refresh` into the next issued token,
// /validate knows the `valid` tokens. Counts requests.
class FakeOAuth {
 public:
  std::set<std::string> valid;
  std::set<std::string> refresh;
  std::vector<std::string> issue;
  std::string fail_with;  // non-empty: no answer at all (like a timeout)
  int token_requests = 0;
  int validate_requests = 0;

  HttpFunction function() {
    return [this](const HttpCall& call) -> Result<HttpReply> {
      std::lock_guard lock(mu);
      if (!fail_with.empty()) return Result<HttpReply>::failure(fail_with);
      if (call.url.ends_with("/token")) {
        ++token_requests;
        EXPECT_EQ(call.method, "POST");
        EXPECT_NE(call.body.find("client_secret="), std::string::npos);
        for (const std::string& r : refresh) {
          if (call.body.find("refresh_token=" + r + "&") != std::string::npos) {
            refresh.erase(r);
            const std::string next = issue.empty() ? "random-token-000000000" : issue.front();
            if (!issue.empty()) issue.erase(issue.begin());
            valid.insert(next);
            refresh.insert("rotated-" + next);
            return HttpReply{200, R"({"access_token":")" + next + R"(","refresh_token":"rotated-)" +
                                      next +
                                      R"(","expires_in":14400,"scope":[],"token_type":"bearer"})"};
          }
        }
        return HttpReply{400, R"({"status":400,"message":"Invalid refresh token"})"};
      }
      ++validate_requests;
      for (const auto& [name, value] : call.headers) {
        if (name == "Authorization" && valid.count(value.substr(6))) {
          return HttpReply{200, R"({"client_id":"cid","login":"validated_bot","scopes":[],
              "user_id":"1","expires_in":3600})"};
        }
      }
      return HttpReply{401, R"({"status":401,"message":"invalid access token"})"};
    };
  }
  int tokens() {
    std::lock_guard lock(mu);
    return token_requests;
  }
  int validations() {
    std::lock_guard lock(mu);
    return validate_requests;
  }
  std::mutex mu;
};

class MemoryVault final : public TokenVault {
 public:
  Result<std::optional<StoredTokens>> load() override {
    std::lock_guard lock(mu);
    return stored;
  }
  Status save(const StoredTokens& tokens) override {
    std::lock_guard lock(mu);
    stored = tokens;
    ++saves;
    return Status::ok();
  }
  std::optional<StoredTokens> get() {
    std::lock_guard lock(mu);
    return stored;
  }
  std::mutex mu;
  std::optional<StoredTokens> stored;
  int saves = 0;
};

TokenManagerOptions options(std::string token, std::string refresh = "refresh-aaaaaaaaaaaa") {
  TokenManagerOptions o;
  o.login = "pererecos_bot";
  o.access_token = std::move(token);
  o.client_id = "cid";
  o.client_secret = kSecret;
  o.refresh_token = std::move(refresh);
  o.oauth_url = "http://oauth.test/oauth2";
  o.retry_base = 100ms;
  o.retry_cap = 2s;
  o.seed = 7;
  return o;
}

template <typename F>
bool eventually(F done, std::chrono::milliseconds timeout = 3s) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return done();
}

TEST(TokenFingerprint, DependsOnBothTokensAndRevealsNeither) {
  const std::string f = token_fingerprint("access-token-1", "refresh-token-1");
  EXPECT_EQ(f.size(), 64u);
  EXPECT_EQ(f, token_fingerprint("access-token-1", "refresh-token-1"));
  EXPECT_NE(f, token_fingerprint("access-token-2", "refresh-token-1"));
  EXPECT_NE(f, token_fingerprint("access-token-1", "refresh-token-2"));
  EXPECT_EQ(f.find("access"), std::string::npos);
}

TEST(TokenManager, ARefusedLoginIsRefreshedStoredAndAnnounced) {
  FakeOAuth oauth;
  oauth.valid = {"old-token-aaaaaaaaaaaa"};
  oauth.refresh = {"refresh-aaaaaaaaaaaa"};
  oauth.issue = {"new-token-bbbbbbbbbbbb"};
  MemoryVault vault;
  TokenManager m(options("old-token-aaaaaaaaaaaa"), oauth.function(), &vault);
  std::atomic<int> changes{0};
  m.set_on_change([&] { ++changes; });
  m.start();
  ASSERT_TRUE(m.wait_ready(3s));
  EXPECT_EQ(m.status().state, "valid");
  EXPECT_EQ(oauth.tokens(), 0) << "a valid token is not refreshed";

  m.report_login_failure("Login authentication failed");
  ASSERT_TRUE(eventually([&] { return m.credentials().token == "new-token-bbbbbbbbbbbb"; }));
  EXPECT_EQ(m.credentials().login, "pererecos_bot");
  EXPECT_GE(changes.load(), 1);
  const auto stored = vault.get();
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->access_token, "new-token-bbbbbbbbbbbb");
  EXPECT_EQ(stored->refresh_token, "rotated-new-token-bbbbbbbbbbbb");
  EXPECT_EQ(stored->configured_fingerprint,
            token_fingerprint("old-token-aaaaaaaaaaaa", "refresh-aaaaaaaaaaaa"));
  ASSERT_TRUE(eventually([&] { return m.status().state == "valid"; }));
  const AuthStatus s = m.status();
  EXPECT_EQ(s.source, "refreshed");
  EXPECT_EQ(s.refreshes, 1u);
  EXPECT_EQ(s.token.find("new-token-bbbbbbbbbbbb"), std::string::npos);
  EXPECT_EQ(s.token.substr(0, 4), "new-");
  EXPECT_EQ(oauth.tokens(), 1);
}

TEST(TokenManager, StoredTokensWinUntilTheConfiguredPairChanges) {
  FakeOAuth oauth;
  oauth.valid = {"stored-token-cccccccccc", "configured-token-dddddd"};
  MemoryVault vault;
  vault.stored = StoredTokens{"stored-token-cccccccccc", "stored-refresh-cccccc", "stored_login",
                              token_fingerprint("configured-token-dddddd", "refresh-aaaaaaaaaaaa")};
  {
    auto o = options("configured-token-dddddd");
    o.login.clear();
    TokenManager m(o, oauth.function(), &vault);
    m.start();
    EXPECT_EQ(m.credentials().token, "stored-token-cccccccccc");
    EXPECT_EQ(m.status().source, "stored");
    ASSERT_TRUE(m.wait_ready(3s));
    EXPECT_EQ(m.credentials().login, "validated_bot") << "validation names the login";
  }
  {
    // The operator put a new refresh token in the configuration: the configured pair wins.
    TokenManager m(options("configured-token-dddddd", "refresh-new-eeeeeeee"), oauth.function(),
                   &vault);
    m.start();
    EXPECT_EQ(m.credentials().token, "configured-token-dddddd");
    EXPECT_EQ(m.status().source, "configured");
  }
  EXPECT_EQ(oauth.tokens(), 0);
}

TEST(TokenManager, AFailingRefreshBacksOffHoweverOftenTheLoginFails) {
  FakeOAuth oauth;  // knows no refresh token: every refresh is refused with 400
  TokenManager m(options("dead-token-ffffffffffff", "bad-refresh-gggggggg"), oauth.function(),
                 nullptr);
  m.start();
  const auto end = std::chrono::steady_clock::now() + 1500ms;
  while (std::chrono::steady_clock::now() < end) {  // a chat failing in a tight loop
    m.report_login_failure("Login authentication failed");
    std::this_thread::sleep_for(1ms);
  }
  // Retries 100 ms doubling, at least half of each ceiling: 0, >=50, >=150, >=350,
  // >=750 ms, >=1550 ms... -> at most 5 attempts in 1.5 s (a loop would make ~1,000).
  const int attempts = oauth.tokens();
  EXPECT_GE(attempts, 2);
  EXPECT_LE(attempts, 5);
  const AuthStatus s = m.status();
  EXPECT_EQ(s.state, "refresh_failed");
  EXPECT_NE(s.error.find("Invalid refresh token (HTTP 400)"), std::string::npos) << s.error;
  EXPECT_EQ(s.error.find("bad-refresh-gggggggg"), std::string::npos);
  EXPECT_EQ(s.error.find(kSecret), std::string::npos);
  EXPECT_EQ(m.credentials().token, "dead-token-ffffffffffff");
}

TEST(TokenManager, WithoutRefreshSettingsARefusedTokenIsOnlyReported) {
  FakeOAuth oauth;
  auto o = options("dead-token-ffffffffffff");
  o.client_secret.clear();
  TokenManager m(o, oauth.function(), nullptr);
  EXPECT_FALSE(m.can_refresh());
  m.start();
  ASSERT_TRUE(m.wait_ready(3s));
  EXPECT_EQ(m.status().state, "invalid");  // validation said 401
  m.report_login_failure("Login authentication failed");
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(oauth.tokens(), 0);
  const AuthStatus s = m.status();
  EXPECT_NE(s.error.find("no refresh configured"), std::string::npos) << s.error;
  EXPECT_EQ(s.error.find("dead-token-ffffffffffff"), std::string::npos);
}

TEST(TokenManager, ValidatesEveryIntervalAndRetriesAnUnreachableServerSlowly) {
  FakeOAuth oauth;
  oauth.valid = {"good-token-hhhhhhhhhhhh"};
  auto o = options("good-token-hhhhhhhhhhhh");
  o.validate_interval = 100ms;
  TokenManager m(o, oauth.function(), nullptr);
  m.start();
  std::this_thread::sleep_for(1s);
  const int validations = oauth.validations();
  EXPECT_GE(validations, 5);  // at start and every 100 ms
  EXPECT_LE(validations, 12);
  {
    std::lock_guard lock(oauth.mu);
    oauth.fail_with = "connect to oauth.test: timed out " + std::string(kSecret);
  }
  std::this_thread::sleep_for(1s);
  // Unreachable: retries 100 ms doubling (>= 50, 100, 200, 400 ms): at most 5 in 1 s.
  EXPECT_LE(oauth.validations() - validations, 5);
  const AuthStatus s = m.status();
  EXPECT_NE(s.error.find("token validation failed"), std::string::npos) << s.error;
  EXPECT_EQ(s.error.find(kSecret), std::string::npos) << "secrets are scrubbed from errors";
  EXPECT_EQ(m.credentials().token, "good-token-hhhhhhhhhhhh") << "kept while unreachable";
}

TEST(TokenManager, WithoutATokenTheRefreshGetsOneAtStart) {
  FakeOAuth oauth;
  oauth.refresh = {"refresh-aaaaaaaaaaaa"};
  oauth.issue = {"first-token-iiiiiiiiii"};
  TokenManager m(options(""), oauth.function(), nullptr);
  m.start();
  ASSERT_TRUE(m.wait_ready(3s));
  EXPECT_EQ(m.credentials().token, "first-token-iiiiiiiiii");
}

// The chat client with the manager: the chat refuses the configured token, the refresh
// gives one it accepts, and the client logs in with it at once although its own back-off
// (5 s) is still running: the manager's change callback ends the wait.
TEST(TokenManager, TheChatLogsInWithTheRefreshedTokenWithoutWaitingOutItsBackOff) {
  pererecos::testing::FakeTwitchIrc server;
  server.set_valid_tokens({"fresh-token-jjjjjjjjjj"});
  FakeOAuth oauth;
  oauth.valid = {"stale-token-kkkkkkkkkk"};
  oauth.refresh = {"refresh-aaaaaaaaaaaa"};
  oauth.issue = {"fresh-token-jjjjjjjjjj"};
  TokenManager m(options("stale-token-kkkkkkkkkk"), oauth.function(), nullptr);
  m.start();
  ChatClientOptions o;
  o.endpoint = *parse_irc_url(server.url());
  o.channels = {"nymn"};
  o.timings.backoff_base = 5s;
  o.timings.backoff_cap = 5s;
  o.timings.connection_open_interval = 10ms;
  o.timings.join_window = 100ms;
  o.seed = 3;
  testing::RecordingSink sink;
  auto client = ChatClient::create(o, sink, &m);
  ASSERT_TRUE(client.is_ok());
  const auto started = std::chrono::steady_clock::now();
  (*client)->start();
  ASSERT_TRUE(server.wait_joined("nymn", 1, 4s));
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took, 1s) << "the back-off (3.3 s with this seed) was waited out";
  EXPECT_EQ(server.counters().rejected_logins, 1u);
  EXPECT_EQ(oauth.tokens(), 1);
  (*client)->stop();
  m.stop();
}

}  // namespace
}  // namespace pererecos::twitch
