// The !stats limits, with a fake clock (time points passed in).
#include "twitch/stats_command.h"

#include <gtest/gtest.h>

namespace pererecos::twitch {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::steady_clock::time_point;

std::string user(int i) { return std::string("u") + std::to_string(i); }

ChatMessage msg(const std::string& login, const std::string& text, const std::string& channel = "nymn") {
  ChatMessage m;
  m.channel = channel;
  m.login = login;
  m.display_name = login == "bob" ? "Bob" : login;
  m.text = text;
  return m;
}

StatsCommand command() {
  StatsCommandOptions o;
  o.public_url = "https://stats.example/";
  return StatsCommand(o);
}

const TimePoint t0 = TimePoint{} + 1h;

TEST(StatsCommand, RepliesWithTheUsersPageAndIgnoresOtherText) {
  auto c = command();
  EXPECT_EQ(c.reply_to(msg("bob", "!stats"), t0), "@Bob suas estatísticas: https://stats.example/u/bob");
  EXPECT_FALSE(c.reply_to(msg("ann", "hello !stats"), t0 + 5s));
  EXPECT_TRUE(c.reply_to(msg("ann", "!STATS please"), t0 + 5s));
  EXPECT_FALSE(c.reply_to(msg("carl", "!statsx"), t0 + 15s));
}

TEST(StatsCommand, OneReplyPerUserPer30Seconds) {
  auto c = command();
  EXPECT_TRUE(c.reply_to(msg("bob", "!stats"), t0));
  EXPECT_FALSE(c.reply_to(msg("bob", "!stats"), t0 + 29999ms));
  EXPECT_TRUE(c.reply_to(msg("bob", "!stats"), t0 + 30s));
}

TEST(StatsCommand, AtLeast1100MillisecondsBetweenOurMessages) {
  auto c = command();
  EXPECT_TRUE(c.reply_to(msg("u1", "!stats"), t0));
  EXPECT_FALSE(c.reply_to(msg("u2", "!stats"), t0 + 1099ms));
  EXPECT_TRUE(c.reply_to(msg("u2", "!stats"), t0 + 1100ms));
}

TEST(StatsCommand, AtMost19Per30SecondsPerChannelAnd99AsModerator) {
  auto c = command();
  int sent = 0;
  for (int i = 0; i < 27; ++i) {  // one request every 1.1 s, all from different users
    if (c.reply_to(msg(user(i), "!stats"), t0 + i * 1100ms)) ++sent;
  }
  EXPECT_EQ(sent, 19);  // 27 requests within 29.7 s
  EXPECT_TRUE(c.reply_to(msg("other", "!stats", "forsen"), t0 + 29700ms)) << "per channel";

  auto m = command();
  m.set_moderator("nymn", true);
  sent = 0;
  for (int i = 0; i < 27; ++i) {
    if (m.reply_to(msg(user(i), "!stats"), t0 + i * 1100ms)) ++sent;
  }
  EXPECT_EQ(sent, 27);
}

TEST(StatsCommand, EmptyCommandIsOff) {
  StatsCommandOptions o;
  o.command = "";
  StatsCommand c(o);
  EXPECT_FALSE(c.reply_to(msg("bob", "!stats"), t0));
}

// The app's further commands (!optout / !optin): the whole text must be the command (no
// argument can name another user); the action runs even when the reply is over a limit;
// the reply shares !stats' limits.
TEST(StatsCommand, FurtherCommandsMatchTheWholeTextAndAlwaysRun) {
  StatsCommandOptions o;
  std::vector<std::string> ran;
  o.commands.push_back({"!optout", [&](const ChatMessage& m) -> std::optional<std::string> {
                          ran.push_back(m.login);
                          std::string reply = "@";
                          reply += m.login;
                          reply += " ok";
                          return reply;
                        }});
  StatsCommand c(o);
  EXPECT_EQ(c.reply_to(msg("ann", "  !OptOut "), t0), "@ann ok");
  EXPECT_FALSE(c.reply_to(msg("carl", "!optout bob"), t0 + 5s)) << "an argument: ignored";
  EXPECT_FALSE(c.reply_to(msg("carl", "please !optout"), t0 + 10s));
  EXPECT_EQ(ran, std::vector<std::string>{"ann"});
  // Over the per-user limit (30 s) and the gap (1.1 s): done, but not answered.
  EXPECT_FALSE(c.reply_to(msg("ann", "!optout"), t0 + 20s));
  EXPECT_EQ(ran.size(), 2u);
  EXPECT_EQ(c.reply_to(msg("dan", "!stats"), t0 + 20s + 500ms), "@dan suas estatísticas: /u/dan")
      << "the last reply was 20 s ago: !stats still answers";
  EXPECT_FALSE(c.reply_to(msg("eve", "!optout"), t0 + 21s)) << "0.5 s after our last message";
  EXPECT_EQ(ran.size(), 3u);
}

}  // namespace
}  // namespace pererecos::twitch
