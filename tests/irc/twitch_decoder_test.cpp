#include "irc/twitch_decoder.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/emotes_tag.h"
#include "core/unicode.h"

namespace pererecos::irc {
namespace {

template <typename T>
T decode_as(std::string_view line, const DecodeOptions& options = {}) {
  Result<ChatEvent> result = decode_twitch_line(line, options);
  if (!result) {
    ADD_FAILURE() << "decode failed: " << result.error() << " for: " << line;
    return T{};
  }
  if (!std::holds_alternative<T>(*result)) {
    ADD_FAILURE() << "unexpected event kind " << result->index() << " for: " << line;
    return T{};
  }
  return std::get<T>(std::move(result).value());
}

std::string decode_error(std::string_view line, const DecodeOptions& options = {}) {
  Result<ChatEvent> result = decode_twitch_line(line, options);
  EXPECT_FALSE(result.is_ok()) << "unexpectedly decoded: " << line;
  return result ? std::string() : result.error();
}

constexpr std::string_view kFullPrivmsg =
    "@badge-info=subscriber/5;badges=subscriber/3;bits=100;color=#1E90FF;"
    "display-name=\\sSome\\sUser\\s;emotes=25:0-4/1902:6-10;first-msg=1;"
    "id=b34ccfc7-4977-403a-8a94-33c6bac34fb8;mod=0;reply-parent-msg-id=parent-1;"
    "reply-parent-user-login=ParentGuy;room-id=22484632;subscriber=1;"
    "tmi-sent-ts=1704557984095;rm-received-ts=1704557985000;turbo=0;user-id=12345;user-type= "
    ":SomeUser!someuser@someuser.tmi.twitch.tv PRIVMSG #NymN :Kappa Keepo hi there";

TEST(TwitchDecoder, PrivmsgFillsEveryField) {
  const ChatMessage m = decode_as<ChatMessage>(kFullPrivmsg);
  ChatMessage expected;
  expected.id = "b34ccfc7-4977-403a-8a94-33c6bac34fb8";
  expected.channel = "nymn";
  expected.room_id = "22484632";
  expected.user_id = "12345";
  expected.login = "someuser";
  expected.display_name = "Some User";
  expected.text = "Kappa Keepo hi there";
  expected.timestamp_ms = 1704557984095;
  expected.emotes = "25:0-4/1902:6-10";
  expected.reply_parent_login = "parentguy";
  expected.reply_parent_msg_id = "parent-1";
  expected.bits = 100;
  expected.first_msg = true;
  expected.action = false;
  EXPECT_EQ(m, expected);
}

TEST(TwitchDecoder, PrivmsgMinimalLine) {
  const ChatMessage m = decode_as<ChatMessage>("@tmi-sent-ts=5 :a!a@a PRIVMSG #c :x");
  EXPECT_EQ(m.login, "a");
  EXPECT_EQ(m.display_name, "a");
  EXPECT_EQ(m.id, "");
  EXPECT_EQ(m.user_id, "");
  EXPECT_EQ(m.emotes, "");
  EXPECT_EQ(m.bits, 0);
  EXPECT_FALSE(m.first_msg);
  EXPECT_EQ(m.timestamp_ms, 5);
}

TEST(TwitchDecoder, TextIsKeptExactly) {
  const std::string text = "  <b>&amp;</b> \\s ; \"quoted\" 😀 \xF3\xA0\x80\x80  ";
  const ChatMessage m = decode_as<ChatMessage>("@tmi-sent-ts=1 :a PRIVMSG #c :" + text);
  EXPECT_EQ(m.text, text);
  EXPECT_EQ(decode_as<ChatMessage>("@tmi-sent-ts=1 :a PRIVMSG #c :").text, "");
  EXPECT_EQ(decode_as<ChatMessage>("@tmi-sent-ts=1 :a PRIVMSG #c word").text, "word");
  EXPECT_EQ(decode_as<ChatMessage>("@tmi-sent-ts=1 :a PRIVMSG #c :x\r").text, "x");
}

TEST(TwitchDecoder, LoginFallsBackToLoginTag) {
  const ChatMessage m = decode_as<ChatMessage>("@tmi-sent-ts=1;login=TagLogin PRIVMSG #c :x");
  EXPECT_EQ(m.login, "taglogin");
  EXPECT_EQ(m.display_name, "taglogin");
  EXPECT_EQ(decode_error("@tmi-sent-ts=1 PRIVMSG #c :x"), "PRIVMSG without sender login");
}

TEST(TwitchDecoder, DisplayNameTrimmedOrLogin) {
  auto display = [](std::string_view value) {
    return decode_as<ChatMessage>("@tmi-sent-ts=1;display-name=" + std::string(value) +
                                  " :bob PRIVMSG #c :x")
        .display_name;
  };
  EXPECT_EQ(display("Bob"), "Bob");
  EXPECT_EQ(display("\\sBob\\s\\s"), "Bob");
  EXPECT_EQ(display("\\s\\n\\rBo\\sb\\s"), "Bo b");
  EXPECT_EQ(display(""), "bob");
  EXPECT_EQ(display("\\s\\s"), "bob");
  EXPECT_EQ(display("ボブ"), "ボブ");
}

TEST(TwitchDecoder, MeAction) {
  const ChatMessage m = decode_as<ChatMessage>(
      "@tmi-sent-ts=1 :a PRIVMSG #c :\x01"
      "ACTION waves hello\x01");
  EXPECT_TRUE(m.action);
  EXPECT_EQ(m.text, "waves hello");
  const ChatMessage unterminated = decode_as<ChatMessage>(
      "@tmi-sent-ts=1 :a PRIVMSG #c :\x01"
      "ACTION waves");
  EXPECT_TRUE(unterminated.action);
  EXPECT_EQ(unterminated.text, "waves");
  const ChatMessage empty = decode_as<ChatMessage>(
      "@tmi-sent-ts=1 :a PRIVMSG #c :\x01"
      "ACTION\x01");
  EXPECT_TRUE(empty.action);
  EXPECT_EQ(empty.text, "");
  const ChatMessage inner_spaces = decode_as<ChatMessage>(
      "@tmi-sent-ts=1 :a PRIVMSG #c :\x01"
      "ACTION  two  \x01");
  EXPECT_EQ(inner_spaces.text, " two  ");
}

TEST(TwitchDecoder, NotAnAction) {
  for (std::string text : {"\x01"
                           "ACTIONS x\x01",
                           "\x01VERSION\x01", "ACTION x",
                           " \x01"
                           "ACTION x"}) {
    const ChatMessage m = decode_as<ChatMessage>("@tmi-sent-ts=1 :a PRIVMSG #c :" + text);
    EXPECT_FALSE(m.action) << text;
    EXPECT_EQ(m.text, text);
  }
}

TEST(TwitchDecoder, TimestampSources) {
  EXPECT_EQ(
      decode_as<ChatMessage>("@tmi-sent-ts=10;rm-received-ts=20 :a PRIVMSG #c :x").timestamp_ms,
      10);
  EXPECT_EQ(decode_as<ChatMessage>("@rm-received-ts=20 :a PRIVMSG #c :x").timestamp_ms, 20);
  EXPECT_EQ(decode_as<ChatMessage>("@tmi-sent-ts=;rm-received-ts=20 :a PRIVMSG #c :x").timestamp_ms,
            20);
  EXPECT_EQ(decode_error(":a PRIVMSG #c :x"),
            "PRIVMSG without timestamp (no tmi-sent-ts or rm-received-ts)");
  DecodeOptions live;
  live.require_timestamp = false;
  live.receive_time_ms = 777;
  EXPECT_EQ(decode_as<ChatMessage>(":a PRIVMSG #c :x", live).timestamp_ms, 777);
  EXPECT_EQ(decode_as<ChatMessage>("@tmi-sent-ts=3 :a PRIVMSG #c :x", live).timestamp_ms, 3);
}

TEST(TwitchDecoder, NumbersAreValidated) {
  EXPECT_EQ(decode_error("@tmi-sent-ts=12a :a PRIVMSG #c :x"),
            "tmi-sent-ts is not a number: \"12a\"");
  EXPECT_EQ(decode_error("@tmi-sent-ts=-5 :a PRIVMSG #c :x"),
            "tmi-sent-ts is not a number: \"-5\"");
  EXPECT_EQ(decode_error("@tmi-sent-ts=+5 :a PRIVMSG #c :x"),
            "tmi-sent-ts is not a number: \"+5\"");
  EXPECT_EQ(decode_error("@tmi-sent-ts=99999999999999999999 :a PRIVMSG #c :x"),
            "tmi-sent-ts is not a number: \"99999999999999999999\"");
  EXPECT_EQ(decode_error("@rm-received-ts=1.5 :a PRIVMSG #c :x"),
            "rm-received-ts is not a number: \"1.5\"");
  EXPECT_EQ(decode_error("@tmi-sent-ts=1;bits=ten :a PRIVMSG #c :x"),
            "bits is not a number: \"ten\"");
  const std::string long_value(100, '9');
  EXPECT_EQ(decode_error("@tmi-sent-ts=" + long_value + "x :a PRIVMSG #c :x"),
            "tmi-sent-ts is not a number: \"" + std::string(32, '9') + "...\"");
  EXPECT_EQ(
      decode_as<ChatMessage>("@tmi-sent-ts=9223372036854775807 :a PRIVMSG #c :x").timestamp_ms,
      9223372036854775807);
  EXPECT_EQ(decode_as<ChatMessage>("@tmi-sent-ts=1;bits= :a PRIVMSG #c :x").bits, 0);
}

TEST(TwitchDecoder, FirstMsgFlag) {
  EXPECT_TRUE(decode_as<ChatMessage>("@tmi-sent-ts=1;first-msg=1 :a PRIVMSG #c :x").first_msg);
  EXPECT_FALSE(decode_as<ChatMessage>("@tmi-sent-ts=1;first-msg=0 :a PRIVMSG #c :x").first_msg);
}

TEST(TwitchDecoder, ReplyTags) {
  const ChatMessage m = decode_as<ChatMessage>(
      "@tmi-sent-ts=1;reply-parent-user-login=SoRan2202;reply-parent-msg-id=fffbdd14;"
      "reply-parent-msg-body=FeelsDankMan\\s👋\\shelo :a PRIVMSG #c :@soran2202 sup");
  EXPECT_EQ(m.reply_parent_login, "soran2202");
  EXPECT_EQ(m.reply_parent_msg_id, "fffbdd14");
  EXPECT_EQ(m.text, "@soran2202 sup");
}

TEST(TwitchDecoder, EmotesWithNonAsciiText) {
  // "😀 Kappa é Keepo": Kappa is code points 2-6, Keepo 10-14 (bytes differ).
  const std::string text = "😀 Kappa é Keepo";
  const ChatMessage m =
      decode_as<ChatMessage>("@tmi-sent-ts=1;emotes=25:2-6/1902:10-14 :a PRIVMSG #c :" + text);
  EXPECT_EQ(m.emotes, "25:2-6/1902:10-14");
  EXPECT_EQ(m.text, text);
  const std::vector<EmoteSpan> spans = parse_emotes_tag(m.emotes);
  ASSERT_EQ(spans.size(), 2u);
  std::vector<std::string> names;
  for (const EmoteSpan& span : spans) {
    const std::size_t begin = byte_offset_of_code_point(m.text, span.start);
    const std::size_t end = byte_offset_of_code_point(m.text, span.end + 1);
    names.push_back(m.text.substr(begin, end - begin));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"Kappa", "Keepo"}));
}

TEST(TwitchDecoder, PrivmsgErrors) {
  EXPECT_EQ(decode_error("@tmi-sent-ts=1 :a PRIVMSG"), "PRIVMSG without channel");
  EXPECT_EQ(decode_error("@tmi-sent-ts=1 :a PRIVMSG :"), "PRIVMSG without channel");
  EXPECT_EQ(decode_error("@tmi-sent-ts=1 :a PRIVMSG #c"), "PRIVMSG without text");
  EXPECT_EQ(decode_error("@tmi-sent-ts=1 :a PRIVMSG c :x"),
            "PRIVMSG channel does not start with '#'");
  EXPECT_EQ(decode_error("@tmi-sent-ts=1 :a PRIVMSG # :x"), "PRIVMSG with an empty channel");
  EXPECT_EQ(decode_error("@tmi-sent-ts=1 :a PRIVMSG #c x y"), "PRIVMSG with extra parameters");
}

TEST(TwitchDecoder, ParseErrorsPassThrough) {
  EXPECT_EQ(decode_error(""), "empty line");
  EXPECT_EQ(decode_error("@tmi-sent-ts=1"), "line has only tags");
  EXPECT_EQ(decode_error("@tmi-sent-ts=1 :a"), "missing command");
  EXPECT_EQ(decode_error("   "), "line has only spaces");
  EXPECT_EQ(decode_error(std::string("@tmi-sent-ts=1 :a PRIVMSG #c :a\0b", 33)),
            "line contains a NUL byte");
}

TEST(TwitchDecoder, CommandsAreCaseInsensitive) {
  EXPECT_EQ(decode_as<ChatMessage>("@tmi-sent-ts=1 :a privmsg #c :x").text, "x");
  EXPECT_EQ(decode_as<PingEvent>("ping :t").token, "t");
}

TEST(TwitchDecoder, ClearchatBan) {
  const ModerationEvent e = decode_as<ModerationEvent>(
      "@room-id=62300805;target-user-id=31034458;tmi-sent-ts=1704558164931 "
      ":tmi.twitch.tv CLEARCHAT #NymN :Abitbol");
  ModerationEvent expected;
  expected.kind = ModerationEvent::Kind::kBan;
  expected.channel = "nymn";
  expected.room_id = "62300805";
  expected.target_user_id = "31034458";
  expected.target_login = "abitbol";
  expected.timestamp_ms = 1704558164931;
  EXPECT_EQ(e, expected);
}

TEST(TwitchDecoder, ClearchatTimeout) {
  const ModerationEvent e = decode_as<ModerationEvent>(
      "@ban-duration=180;room-id=1;target-user-id=2;tmi-sent-ts=3 :tmi.twitch.tv CLEARCHAT "
      "#nymn e7om");
  EXPECT_EQ(e.kind, ModerationEvent::Kind::kTimeout);
  EXPECT_EQ(e.duration_s, 180);
  EXPECT_EQ(e.target_login, "e7om");
  EXPECT_EQ(e.target_user_id, "2");
  EXPECT_EQ(e.timestamp_ms, 3);
  EXPECT_EQ(decode_error("@ban-duration=1m;tmi-sent-ts=3 :tmi.twitch.tv CLEARCHAT #nymn e7om"),
            "ban-duration is not a number: \"1m\"");
}

TEST(TwitchDecoder, ClearchatWholeChat) {
  const ModerationEvent e =
      decode_as<ModerationEvent>("@room-id=1;tmi-sent-ts=3 :tmi.twitch.tv CLEARCHAT #nymn");
  EXPECT_EQ(e.kind, ModerationEvent::Kind::kClearChat);
  EXPECT_EQ(e.target_login, "");
  EXPECT_EQ(e.channel, "nymn");
  EXPECT_EQ(decode_error(":tmi.twitch.tv CLEARCHAT #nymn"),
            "CLEARCHAT without timestamp (no tmi-sent-ts or rm-received-ts)");
  EXPECT_EQ(decode_error("@tmi-sent-ts=3 :tmi.twitch.tv CLEARCHAT"), "CLEARCHAT without channel");
  DecodeOptions live;
  live.require_timestamp = false;
  live.receive_time_ms = 99;
  EXPECT_EQ(decode_as<ModerationEvent>(":tmi.twitch.tv CLEARCHAT #nymn", live).timestamp_ms, 99);
}

TEST(TwitchDecoder, Clearmsg) {
  const ModerationEvent e = decode_as<ModerationEvent>(
      "@login=SomeUser;room-id=7;target-msg-id=94e6c7ff-bf98-4faa;tmi-sent-ts=1642720582342 "
      ":tmi.twitch.tv CLEARMSG #nymn :the deleted text");
  ModerationEvent expected;
  expected.kind = ModerationEvent::Kind::kDeleteMessage;
  expected.channel = "nymn";
  expected.room_id = "7";
  expected.target_login = "someuser";
  expected.target_msg_id = "94e6c7ff-bf98-4faa";
  expected.timestamp_ms = 1642720582342;
  EXPECT_EQ(e, expected);
  EXPECT_EQ(decode_error("@login=a;tmi-sent-ts=1 :tmi.twitch.tv CLEARMSG #nymn :x"),
            "CLEARMSG without target-msg-id");
  EXPECT_EQ(decode_error("@target-msg-id=x :tmi.twitch.tv CLEARMSG #nymn :x"),
            "CLEARMSG without timestamp (no tmi-sent-ts or rm-received-ts)");
}

TEST(TwitchDecoder, Usernotice) {
  const UserNoticeEvent e = decode_as<UserNoticeEvent>(
      "@login=Resubber;msg-id=resub;user-id=55;tmi-sent-ts=1000;system-msg=x\\sy "
      ":tmi.twitch.tv USERNOTICE #NymN :Great stream 😀");
  UserNoticeEvent expected;
  expected.channel = "nymn";
  expected.msg_id = "resub";
  expected.user_id = "55";
  expected.login = "resubber";
  expected.text = "Great stream 😀";
  expected.timestamp_ms = 1000;
  EXPECT_EQ(e, expected);
  // Not a message: no timestamp is fine, and the text is optional.
  DecodeOptions options;
  options.receive_time_ms = 42;
  const UserNoticeEvent bare =
      decode_as<UserNoticeEvent>("@msg-id=raid :tmi.twitch.tv USERNOTICE #nymn", options);
  EXPECT_EQ(bare.text, "");
  EXPECT_EQ(bare.timestamp_ms, 42);
  EXPECT_EQ(decode_error(":tmi.twitch.tv USERNOTICE"), "USERNOTICE without channel");
}

TEST(TwitchDecoder, Notice) {
  const NoticeEvent login_failed =
      decode_as<NoticeEvent>(":tmi.twitch.tv NOTICE * :Login authentication failed");
  EXPECT_EQ(login_failed.channel, "");
  EXPECT_EQ(login_failed.msg_id, "");
  EXPECT_EQ(login_failed.text, "Login authentication failed");
  const NoticeEvent suspended = decode_as<NoticeEvent>(
      "@msg-id=msg_channel_suspended :tmi.twitch.tv NOTICE #Foo :This channel does not exist");
  EXPECT_EQ(suspended.channel, "foo");
  EXPECT_EQ(suspended.msg_id, "msg_channel_suspended");
  EXPECT_EQ(suspended.text, "This channel does not exist");
  EXPECT_EQ(decode_as<NoticeEvent>("NOTICE :only text").text, "only text");
  EXPECT_EQ(decode_as<NoticeEvent>("NOTICE").text, "");
}

TEST(TwitchDecoder, ReconnectPingOther) {
  EXPECT_TRUE(std::holds_alternative<ReconnectEvent>(
      decode_twitch_line(":tmi.twitch.tv RECONNECT").value()));
  EXPECT_EQ(decode_as<PingEvent>("PING :tmi.twitch.tv").token, "tmi.twitch.tv");
  EXPECT_EQ(decode_as<PingEvent>("PING token123").token, "token123");
  EXPECT_EQ(decode_as<PingEvent>("PING a :b c").token, "b c");
  EXPECT_EQ(decode_as<PingEvent>("PING").token, "");
  EXPECT_EQ(decode_as<OtherEvent>(":me!me@me.tmi.twitch.tv JOIN #nymn").command, "JOIN");
  EXPECT_EQ(decode_as<OtherEvent>(":tmi.twitch.tv 001 me :Welcome, GLHF!").command, "001");
  EXPECT_EQ(decode_as<OtherEvent>("@emote-only=0;room-id=1 :tmi.twitch.tv ROOMSTATE #nymn").command,
            "ROOMSTATE");
  EXPECT_EQ(decode_as<OtherEvent>(":tmi.twitch.tv CAP * ACK :twitch.tv/tags").command, "CAP");
}

}  // namespace
}  // namespace pererecos::irc

namespace pererecos::irc {
namespace {

// decode_twitch_irc on a parsed line gives exactly what decode_twitch_line gives.
TEST(TwitchDecoder, DecodingAParsedLineMatchesDecodingTheText) {
  std::ifstream in(PERERECOS_FIXTURES_DIR "/twitch/nymn-recent-400.irc");
  std::size_t lines = 0;
  DecodeOptions options;
  options.require_timestamp = false;
  options.receive_time_ms = 1704557984000;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    ++lines;
    auto parsed = parse_irc_line(line);
    ASSERT_TRUE(parsed.is_ok()) << line;
    auto from_text = decode_twitch_line(line, options);
    auto from_parsed = decode_twitch_irc(*parsed, options);
    ASSERT_EQ(from_text.is_ok(), from_parsed.is_ok()) << line;
    if (from_text.is_ok()) {
      EXPECT_TRUE(*from_text == *from_parsed) << line;
    }
  }
  EXPECT_GT(lines, 300u);
}

}  // namespace
}  // namespace pererecos::irc
