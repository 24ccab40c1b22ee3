// The refreshed tokens in a real SQLite store (StoreTokenVault) and the manager that uses
// them: what one run refreshes, the next run starts with.
#include "app/token_wiring.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

namespace pererecos::app {
namespace {

class TokenVaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = "pererecos_tokens_";
    name.append(std::to_string(::getpid()));
    dir_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    url_ = "sqlite://" + (dir_ / "t.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::unique_ptr<Store> store() {
    auto s = open_store(url_);
    EXPECT_TRUE(s.is_ok()) << (s ? "" : s.error());
    return std::move(*s);
  }
  std::filesystem::path dir_;
  std::string url_;
};

TEST_F(TokenVaultTest, SavedTokensComeBackFromAnotherConnection) {
  {
    StoreTokenVault vault(store());
    auto empty = vault.load();
    ASSERT_TRUE(empty.is_ok()) << empty.error();
    EXPECT_FALSE(empty->has_value());
    ASSERT_TRUE(vault.save({"access-1", "refresh-1", "bot", "f00d"}).is_ok());
    ASSERT_TRUE(vault.save({"access-2", "refresh-2", "bot", "f00d"}).is_ok());  // replaces
  }
  StoreTokenVault again(store());
  auto loaded = again.load();
  ASSERT_TRUE(loaded.is_ok()) << loaded.error();
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ((*loaded)->access_token, "access-2");
  EXPECT_EQ((*loaded)->refresh_token, "refresh-2");
  EXPECT_EQ((*loaded)->login, "bot");
  EXPECT_EQ((*loaded)->configured_fingerprint, "f00d");
  EXPECT_FALSE(again.save({"a\nb", "r", "", "f"}).is_ok()) << "a line break would shift fields";
}

TEST_F(TokenVaultTest, AnUnknownStoredFormatIsAnErrorNotATokenMixUp) {
  ASSERT_TRUE(store()->put_setting(StoreTokenVault::kKey, "v9\nwhatever").is_ok());
  StoreTokenVault vault(store());
  auto loaded = vault.load();
  ASSERT_FALSE(loaded.is_ok());
  EXPECT_NE(loaded.error().find("not in a known format"), std::string::npos);
}

TEST_F(TokenVaultTest, TheNextRunStartsWithTheRefreshedToken) {
  int refreshes = 0;
  twitch::HttpFunction oauth = [&](const twitch::HttpCall& call) -> Result<twitch::HttpReply> {
    if (call.url.ends_with("/token")) {
      ++refreshes;
      return twitch::HttpReply{200, R"({"access_token":"refreshed-token-000001",
          "refresh_token":"refresh-next-00001","expires_in":100})"};
    }
    return twitch::HttpReply{200, R"({"login":"pererecos_bot","expires_in":100})"};
  };
  twitch::TokenManagerOptions o;
  o.access_token = "configured-token-0001";
  o.client_id = "cid";
  o.client_secret = "secret-0000000001";
  o.refresh_token = "refresh-configured-01";
  o.oauth_url = "http://oauth.test/oauth2";
  {
    StoreTokenVault vault(store());
    twitch::TokenManager m(o, oauth, &vault);
    m.start();
    ASSERT_TRUE(m.wait_ready(std::chrono::seconds(3)));
    m.report_login_failure("Login authentication failed");
    for (int i = 0; i < 300 && m.status().refreshes == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_EQ(m.status().refreshes, 1u);
  }
  StoreTokenVault vault(store());
  twitch::TokenManager next(o, oauth, &vault);
  next.start();
  EXPECT_EQ(next.credentials().token, "refreshed-token-000001");
  EXPECT_EQ(next.status().source, "stored");
  EXPECT_EQ(refreshes, 1);
}

}  // namespace
}  // namespace pererecos::app
