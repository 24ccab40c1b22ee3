#include "demo/irc_line_writer.h"

#include <gtest/gtest.h>

#include <string>

#ifdef PERERECOS_DEMO_TEST_IRC
#include "demo/community_generator.h"
#include "irc/twitch_decoder.h"
#endif

namespace pererecos::demo {
namespace {

ChatMessage sample_message() {
  ChatMessage m;
  m.id = "33445373-4dcf-46a5-b2a9-2eb9db2386a5";
  m.channel = "pererecos";
  m.room_id = "714092618";
  m.user_id = "253596827";
  m.login = "joao_gamer";
  m.display_name = "Joao_Gamer";
  m.text = "olá 🐸 Kappa";
  m.timestamp_ms = 1704557984095;
  m.emotes = "25:6-10";
  return m;
}

TEST(IrcLineWriterTest, EscapesTagValuesPerIrcV3) {
  EXPECT_EQ(escape_tag_value("a b;c\\d\re\nf"), "a\\sb\\:c\\\\d\\re\\nf");
  EXPECT_EQ(escape_tag_value(""), "");
  EXPECT_EQ(escape_tag_value("ção 🐸"), "ção\\s🐸");
}

TEST(IrcLineWriterTest, FormatsAPlainMessageExactlyAsTwitch) {
  IrcDetails d;
  d.color = "#1E90FF";
  d.badges = "subscriber/12,premium/1";
  d.badge_info = "subscriber/14";
  d.subscriber = true;
  EXPECT_EQ(format_privmsg_line(sample_message(), d),
            "@badge-info=subscriber/14;badges=subscriber/12,premium/1;color=#1E90FF;"
            "display-name=Joao_Gamer;emotes=25:6-10;first-msg=0;flags=;"
            "id=33445373-4dcf-46a5-b2a9-2eb9db2386a5;mod=0;returning-chatter=0;"
            "room-id=714092618;subscriber=1;tmi-sent-ts=1704557984095;turbo=0;"
            "user-id=253596827;user-type= :joao_gamer!joao_gamer@joao_gamer.tmi.twitch.tv "
            "PRIVMSG #pererecos :olá 🐸 Kappa");
}

TEST(IrcLineWriterTest, WritesActionsBitsFirstMessageAndReplyTags) {
  ChatMessage m = sample_message();
  m.action = true;
  m.bits = 100;
  m.first_msg = true;
  m.reply_parent_login = "maria";
  m.reply_parent_msg_id = "p-1";
  IrcDetails d;
  d.mod = true;
  d.reply_parent_user_id = "42";
  d.reply_parent_display_name = "Maria";
  d.reply_parent_body = "boa noite; tudo bem?";
  const std::string line = format_privmsg_line(m, d);
  EXPECT_NE(line.find(";bits=100;"), std::string::npos) << line;
  EXPECT_NE(line.find(";first-msg=1;"), std::string::npos) << line;
  EXPECT_NE(line.find(";mod=1;"), std::string::npos) << line;
  EXPECT_NE(line.find(";user-type=mod "), std::string::npos) << line;
  EXPECT_NE(line.find(";reply-parent-msg-body=boa\\snoite\\:\\studo\\sbem?;"), std::string::npos)
      << line;
  EXPECT_NE(line.find(";reply-parent-msg-id=p-1;reply-parent-user-id=42;"
                      "reply-parent-user-login=maria;reply-thread-parent-display-name=Maria;"
                      "reply-thread-parent-msg-id=p-1;reply-thread-parent-user-id=42;"
                      "reply-thread-parent-user-login=maria;"),
            std::string::npos)
      << line;
  const std::string tail =
      " PRIVMSG #pererecos :\x01"
      "ACTION olá 🐸 Kappa\x01";
  ASSERT_GE(line.size(), tail.size());
  EXPECT_EQ(line.substr(line.size() - tail.size()), tail);
}

TEST(IrcLineWriterTest, ReplacesLineBreaksInTheText) {
  ChatMessage m = sample_message();
  m.text = "a\r\nb";
  const std::string line = format_privmsg_line(m);
  EXPECT_EQ(line.substr(line.size() - 4), "a  b");
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(IrcLineWriterTest, FormatsModerationLines) {
  ModerationEvent e;
  e.channel = "pererecos";
  e.room_id = "714092618";
  e.timestamp_ms = 1704558154585;
  e.target_user_id = "423574282";
  e.target_login = "e7om";
  e.kind = ModerationEvent::Kind::kTimeout;
  e.duration_s = 180;
  EXPECT_EQ(format_moderation_line(e),
            "@ban-duration=180;room-id=714092618;target-user-id=423574282;"
            "tmi-sent-ts=1704558154585 :tmi.twitch.tv CLEARCHAT #pererecos :e7om");
  e.kind = ModerationEvent::Kind::kBan;
  e.duration_s = 0;
  EXPECT_EQ(format_moderation_line(e),
            "@room-id=714092618;target-user-id=423574282;tmi-sent-ts=1704558154585 "
            ":tmi.twitch.tv CLEARCHAT #pererecos :e7om");
  ModerationEvent clear;
  clear.kind = ModerationEvent::Kind::kClearChat;
  clear.channel = "pererecos";
  clear.room_id = "1";
  clear.timestamp_ms = 5;
  EXPECT_EQ(format_moderation_line(clear),
            "@room-id=1;tmi-sent-ts=5 :tmi.twitch.tv CLEARCHAT #pererecos");
  ModerationEvent del;
  del.kind = ModerationEvent::Kind::kDeleteMessage;
  del.channel = "pererecos";
  del.room_id = "1";
  del.timestamp_ms = 7;
  del.target_login = "bob";
  del.target_msg_id = "abc-123";
  IrcDetails d;
  d.deleted_text = "texto apagado";
  EXPECT_EQ(format_moderation_line(del, d),
            "@login=bob;room-id=1;target-msg-id=abc-123;tmi-sent-ts=7 "
            ":tmi.twitch.tv CLEARMSG #pererecos :texto apagado");
}

#ifdef PERERECOS_DEMO_TEST_IRC
TEST(IrcLineWriterTest, RoundTripsThroughTheDecoder) {
  ChatMessage m = sample_message();
  IrcDetails d;
  d.reply_parent_body = "a; b\\c";
  for (int variant = 0; variant < 4; ++variant) {
    m.action = variant & 1;
    m.first_msg = variant & 2;
    m.bits = variant == 3 ? 500 : 0;
    m.reply_parent_login = variant >= 2 ? "maria" : "";
    m.reply_parent_msg_id = variant >= 2 ? "0b5a2c1e-0000-4000-8000-000000000001" : "";
    auto decoded = irc::decode_twitch_line(format_privmsg_line(m, d));
    ASSERT_TRUE(decoded.is_ok()) << decoded.error();
    ASSERT_TRUE(std::holds_alternative<ChatMessage>(*decoded));
    EXPECT_EQ(std::get<ChatMessage>(*decoded), m) << "variant " << variant;
  }
  ModerationEvent e;
  e.channel = "pererecos";
  e.room_id = "714092618";
  e.timestamp_ms = 1704558154585;
  e.target_user_id = "423574282";
  e.target_login = "e7om";
  for (auto kind : {ModerationEvent::Kind::kTimeout, ModerationEvent::Kind::kBan}) {
    e.kind = kind;
    e.duration_s = kind == ModerationEvent::Kind::kTimeout ? 600 : 0;
    auto decoded = irc::decode_twitch_line(format_moderation_line(e));
    ASSERT_TRUE(decoded.is_ok()) << decoded.error();
    ASSERT_TRUE(std::holds_alternative<ModerationEvent>(*decoded));
    EXPECT_EQ(std::get<ModerationEvent>(*decoded), e);
  }
  ModerationEvent del;
  del.kind = ModerationEvent::Kind::kDeleteMessage;
  del.channel = "pererecos";
  del.room_id = "714092618";
  del.timestamp_ms = 1704558154586;
  del.target_login = "bob";
  del.target_msg_id = "abc-123";
  auto decoded = irc::decode_twitch_line(format_moderation_line(del));
  ASSERT_TRUE(decoded.is_ok()) << decoded.error();
  ASSERT_TRUE(std::holds_alternative<ModerationEvent>(*decoded));
  EXPECT_EQ(std::get<ModerationEvent>(*decoded), del);
}

// Every event of a generated community survives formatting and decoding unchanged.
class RoundTripSink final : public CommunitySink {
 public:
  bool on_message(const ChatMessage& m, const IrcDetails& d) override {
    ++messages;
    auto decoded = irc::decode_twitch_line(format_privmsg_line(m, d));
    const bool same = decoded.is_ok() && std::holds_alternative<ChatMessage>(*decoded) &&
                      std::get<ChatMessage>(*decoded) == m;
    EXPECT_TRUE(same) << format_privmsg_line(m, d);
    return same;
  }
  bool on_moderation(const ModerationEvent& e, const IrcDetails& d) override {
    ++moderation;
    auto decoded = irc::decode_twitch_line(format_moderation_line(e, d));
    const bool same = decoded.is_ok() && std::holds_alternative<ModerationEvent>(*decoded) &&
                      std::get<ModerationEvent>(*decoded) == e;
    EXPECT_TRUE(same) << format_moderation_line(e, d);
    return same;
  }
  std::size_t messages = 0;
  std::size_t moderation = 0;
};

TEST(IrcLineWriterTest, GeneratedCommunityRoundTripsThroughTheDecoder) {
  CommunityOptions o;
  o.end_ms = 1'719'792'000'000;
  o.days = 14;
  o.users = 500;
  o.messages = 30'000;
  RoundTripSink sink;
  auto summary = generate_community(o, sink);
  ASSERT_TRUE(summary.is_ok());
  EXPECT_FALSE(summary->stopped);
  EXPECT_EQ(sink.messages, 30'000u);
  EXPECT_GT(sink.moderation, 0u);
}
#endif

}  // namespace
}  // namespace pererecos::demo
