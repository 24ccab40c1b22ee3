#include "importers/irc_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "test_support.h"

namespace pererecos::importers {
namespace {

using testing::CollectingSink;

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(PERERECOS_FIXTURES_DIR) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char kMessage[] =
    "@badge-info=;display-name=Bob;emotes=25:0-4;id=11111111-1111-4111-8111-111111111111;"
    "room-id=62300805;tmi-sent-ts=1704557984095;user-id=42 "
    ":bob!bob@bob.tmi.twitch.tv PRIVMSG #nymn :Kappa hello";

TEST(IrcReader, NymnFixtureGives398MessagesAnd2ModerationEvents) {
  const std::string bytes = read_fixture("twitch/nymn-recent-400.irc");
  ASSERT_FALSE(bytes.empty());
  CollectingSink sink;
  read_irc(bytes, sink);
  EXPECT_EQ(sink.messages.size(), 398u);
  EXPECT_EQ(sink.moderation.size(), 2u);
  EXPECT_TRUE(sink.skipped.empty()) << sink.skipped.front().reason;
  EXPECT_TRUE(sink.not_chat.empty());
  EXPECT_EQ(sink.messages.front().id, "33445373-4dcf-46a5-b2a9-2eb9db2386a5");
  EXPECT_EQ(sink.messages.front().channel, "nymn");
  EXPECT_EQ(sink.messages.front().timestamp_ms, 1704557984095);
  EXPECT_EQ(sink.last_consumed, bytes.size());
}

TEST(IrcReader, DecodesFieldsAndKeepsLineNumbers) {
  const std::string bytes = std::string("\n") + kMessage + "\r\n\n";
  CollectingSink sink;
  read_irc(bytes, sink);
  ASSERT_EQ(sink.messages.size(), 1u);
  const ChatMessage& m = sink.messages[0];
  EXPECT_EQ(m.id, "11111111-1111-4111-8111-111111111111");
  EXPECT_EQ(m.login, "bob");
  EXPECT_EQ(m.display_name, "Bob");
  EXPECT_EQ(m.user_id, "42");
  EXPECT_EQ(m.room_id, "62300805");
  EXPECT_EQ(m.text, "Kappa hello");
  EXPECT_EQ(m.emotes, "25:0-4");
  EXPECT_EQ(sink.message_positions[0].line, 2u);
}

TEST(IrcReader, BadLinesAreSkippedWithTheirLineNumbers) {
  const std::string bytes =
      std::string(kMessage) + "\n" + "@only-tags-and-no-command\n" +
      // A PRIVMSG without tmi-sent-ts nor rm-received-ts: rejected for recorded input.
      "@id=22222222-2222-4222-8222-222222222222;user-id=1 :a!a@a.tmi.twitch.tv PRIVMSG #c :x\n" +
      "\n" + std::string("\xff\xfe\x00\x01", 4) + "\n" +
      ":tmi.twitch.tv 001 justinfan123 :Welcome, GLHF!\n" + "PING :tmi.twitch.tv\n" +
      "@tmi-sent-ts=1704557990000;room-id=1;target-user-id=42 :tmi.twitch.tv CLEARCHAT #nymn "
      ":bob";  // last line without a newline
  CollectingSink sink;
  read_irc(bytes, sink);
  EXPECT_EQ(sink.messages.size(), 1u);
  ASSERT_EQ(sink.moderation.size(), 1u);
  EXPECT_EQ(sink.moderation[0].kind, ModerationEvent::Kind::kBan);
  EXPECT_EQ(sink.moderation[0].target_login, "bob");
  EXPECT_EQ(sink.skipped_lines(), (std::vector<std::uint64_t>{2, 3, 5}));
  for (const auto& s : sink.skipped) EXPECT_FALSE(s.reason.empty());
  ASSERT_EQ(sink.not_chat.size(), 2u);
  EXPECT_EQ(sink.not_chat[0].line, 6u);
  EXPECT_EQ(sink.not_chat[1].line, 7u);
}

TEST(IrcReader, EmptyAndBlankInputsGiveNothing) {
  for (const std::string& bytes : {std::string(), std::string("\n\n  \r\n\t\n")}) {
    CollectingSink sink;
    read_irc(bytes, sink);
    EXPECT_TRUE(sink.messages.empty());
    EXPECT_TRUE(sink.skipped.empty());
    EXPECT_TRUE(sink.not_chat.empty());
    EXPECT_EQ(sink.last_consumed, bytes.size());
  }
}

TEST(IrcReader, TruncatedLastLineIsSkipped) {
  const std::string full(kMessage);
  const std::string bytes = full + "\n" + full.substr(0, 40);
  CollectingSink sink;
  read_irc(bytes, sink);
  EXPECT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.skipped_lines(), (std::vector<std::uint64_t>{2}));
}

}  // namespace
}  // namespace pererecos::importers
