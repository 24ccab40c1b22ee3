#include "twitch/irc_endpoint.h"

#include <gtest/gtest.h>

namespace pererecos::twitch {
namespace {

TEST(IrcEndpoint, ParsesTheDefaultAndTestUrls) {
  auto e = parse_irc_url("ircs://irc.chat.twitch.tv:6697");
  ASSERT_TRUE(e.is_ok());
  EXPECT_EQ(e->host, "irc.chat.twitch.tv");
  EXPECT_EQ(e->port, 6697);
  EXPECT_TRUE(e->tls);
  e = parse_irc_url("irc://127.0.0.1:20001");
  ASSERT_TRUE(e.is_ok());
  EXPECT_FALSE(e->tls);
  EXPECT_EQ(e->port, 20001);
  EXPECT_EQ(parse_irc_url("irc://localhost")->port, 6667);
  EXPECT_EQ(parse_irc_url("ircs://localhost/")->port, 6697);
  EXPECT_EQ(parse_irc_url("ircs://[::1]:7000")->host, "::1");
}

TEST(IrcEndpoint, RejectsWhatIsNotAnIrcUrl) {
  for (const char* bad : {"https://irc.chat.twitch.tv", "irc.chat.twitch.tv:6697", "ircs://",
                          "ircs://host:0", "ircs://host:99999", "ircs://host:12a",
                          "ircs://[::1"}) {
    auto e = parse_irc_url(bad);
    EXPECT_FALSE(e.is_ok()) << bad;
    if (!e) {
      EXPECT_NE(e.error().find(bad), std::string::npos) << e.error();
    }
  }
}

}  // namespace
}  // namespace pererecos::twitch
