// Formats chat events as raw Twitch IRC lines with full IRCv3 tags, as Twitch sends them:
// the inverse of irc::decode_twitch_line for PRIVMSG, CLEARCHAT and CLEARMSG.
//
// Example (one line; no trailing CR LF is written):
//   @badge-info=;badges=;color=#1E90FF;display-name=Bob;emotes=25:6-10;first-msg=0;flags=;
//   id=…;mod=0;returning-chatter=0;room-id=714092618;subscriber=0;tmi-sent-ts=1704557984095;
//   turbo=0;user-id=12345678;user-type= :bob!bob@bob.tmi.twitch.tv PRIVMSG #pererecos :olá Kappa
#pragma once

#include <string>
#include <string_view>

#include "core/chat_event.h"

namespace pererecos::demo {

// What a Twitch line carries beyond ChatMessage / ModerationEvent. All fields optional:
// empty strings give empty tags (or omit the reply tags), as Twitch does.
struct IrcDetails {
  std::string color;       // "#1E90FF"
  std::string badges;      // "subscriber/12,premium/1"
  std::string badge_info;  // "subscriber/14"
  bool mod = false;
  bool subscriber = false;
  bool returning_chatter = false;
  // Reply tags beyond login and msg id (written only when the message is a reply).
  std::string reply_parent_user_id;
  std::string reply_parent_display_name;
  std::string reply_parent_body;
  std::string reply_thread_parent_msg_id;  // the thread's first message; parent when empty
  std::string reply_thread_parent_login;
  std::string reply_thread_parent_user_id;
  std::string reply_thread_parent_display_name;
  std::string deleted_text;  // CLEARMSG: the deleted message's text (the trailing part)
};

// Appends `value` escaped as an IRCv3 tag value: ';' -> "\:", ' ' -> "\s", '\' -> "\\",
// CR -> "\r", LF -> "\n". Every other byte is copied.
void append_escaped_tag_value(std::string& out, std::string_view value);
std::string escape_tag_value(std::string_view value);

// Appends one PRIVMSG line for `message` (a /me action as "\x01ACTION body\x01"). Tags are
// written in alphabetical order; `bits` only when positive, `reply-*` only when
// reply_parent_msg_id is set. CR, LF and NUL in the text, which IRC cannot carry, are
// written as spaces.
void append_privmsg_line(std::string& out, const ChatMessage& message,
                         const IrcDetails& details = {});
std::string format_privmsg_line(const ChatMessage& message, const IrcDetails& details = {});

// Appends one CLEARCHAT (ban, timeout, clear) or CLEARMSG (deleted message) line. CLEARMSG
// carries `login` and `target-msg-id` tags and details.deleted_text as its trailing part.
void append_moderation_line(std::string& out, const ModerationEvent& event,
                            const IrcDetails& details = {});
std::string format_moderation_line(const ModerationEvent& event, const IrcDetails& details = {});

}  // namespace pererecos::demo
