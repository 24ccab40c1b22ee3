// The typed events that flow from parsers and importers to the store and the stats engine.
// Everything here is plain data; see SPEC.md §1 for the meaning of each field.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace pererecos {

// Milliseconds since the Unix epoch, UTC.
using TimestampMs = std::int64_t;

// One chat line a user sent in a channel (IRC PRIVMSG, including /me actions).
struct ChatMessage {
  std::string id;            // Twitch message id (`id` tag); empty when unknown
  std::string channel;       // channel login, lowercase, without '#'
  std::string room_id;       // `room-id` tag; may be empty
  std::string user_id;       // `user-id` tag; empty when unknown
  std::string login;         // sender login, lowercase
  std::string display_name;  // trimmed of ASCII whitespace; the login when empty
  std::string text;          // exactly as received; for /me only the action body
  TimestampMs timestamp_ms = 0;
  // The raw `emotes` tag, e.g. "25:0-4,12-16/1902:6-10" (positions in code points,
  // inclusive). Parse with parse_emotes_tag() (core/emotes_tag.h).
  std::string emotes;
  std::string reply_parent_login;   // `reply-parent-user-login`, lowercase; may be empty
  std::string reply_parent_msg_id;  // `reply-parent-msg-id`; may be empty
  std::int64_t bits = 0;
  bool first_msg = false;
  bool action = false;  // sent with /me
  // Shared Chat (SPEC §1): `source-id` and `source-room-id` tags; empty outside a shared
  // session. A copy from a partner channel has a source_room_id other than room_id.
  std::string source_id;
  std::string source_room_id;

  // A Shared Chat copy of a partner channel's message: stored, counted in no statistic
  // of this room.
  bool is_shared_copy() const { return !source_room_id.empty() && source_room_id != room_id; }

  bool operator==(const ChatMessage&) const = default;
};

// A ChatMessage whose strings live elsewhere (a scan buffer, an arena), valid as long as
// what they point into. Readers that only look at a message (the stats engine) take this,
// so a producer need not build std::strings; a ChatMessage converts implicitly.
struct ChatMessageView {
  std::string_view id;
  std::string_view channel;
  std::string_view room_id;
  std::string_view user_id;
  std::string_view login;
  std::string_view display_name;
  std::string_view text;
  TimestampMs timestamp_ms = 0;
  std::string_view emotes;
  std::string_view reply_parent_login;
  std::string_view reply_parent_msg_id;
  std::int64_t bits = 0;
  bool first_msg = false;
  bool action = false;
  std::string_view source_id;
  std::string_view source_room_id;

  bool is_shared_copy() const { return !source_room_id.empty() && source_room_id != room_id; }

  ChatMessageView() = default;
  ChatMessageView(const ChatMessage& m)  // NOLINT(google-explicit-constructor): a view of m
      : id(m.id),
        channel(m.channel),
        room_id(m.room_id),
        user_id(m.user_id),
        login(m.login),
        display_name(m.display_name),
        text(m.text),
        timestamp_ms(m.timestamp_ms),
        emotes(m.emotes),
        reply_parent_login(m.reply_parent_login),
        reply_parent_msg_id(m.reply_parent_msg_id),
        bits(m.bits),
        first_msg(m.first_msg),
        action(m.action),
        source_id(m.source_id),
        source_room_id(m.source_room_id) {}

  // An owning copy.
  ChatMessage to_message() const {
    ChatMessage m;
    m.id = id;
    m.channel = channel;
    m.room_id = room_id;
    m.user_id = user_id;
    m.login = login;
    m.display_name = display_name;
    m.text = text;
    m.timestamp_ms = timestamp_ms;
    m.emotes = emotes;
    m.reply_parent_login = reply_parent_login;
    m.reply_parent_msg_id = reply_parent_msg_id;
    m.bits = bits;
    m.first_msg = first_msg;
    m.action = action;
    m.source_id = source_id;
    m.source_room_id = source_room_id;
    return m;
  }
};

// CLEARCHAT (ban, timeout, clear) and CLEARMSG (one message deleted).
struct ModerationEvent {
  enum class Kind : std::uint8_t {
    kBan = 1,            // CLEARCHAT with a target and no ban-duration
    kTimeout = 2,        // CLEARCHAT with a target and ban-duration
    kClearChat = 3,      // CLEARCHAT with no target: moderates nothing
    kDeleteMessage = 4,  // CLEARMSG with target-msg-id
  };
  Kind kind = Kind::kClearChat;
  std::string channel;         // lowercase, without '#'
  std::string room_id;
  std::string target_user_id;  // `target-user-id`; may be empty
  std::string target_login;    // login in the command (CLEARCHAT) or `login` tag (CLEARMSG)
  std::string target_msg_id;   // CLEARMSG only
  std::int64_t duration_s = 0; // timeouts only
  TimestampMs timestamp_ms = 0;

  bool operator==(const ModerationEvent&) const = default;
};

// USERNOTICE (subs, raids, announcements...). Not a message (SPEC §1).
struct UserNoticeEvent {
  std::string channel;
  std::string msg_id;  // `msg-id` tag, e.g. "resub"
  std::string user_id;
  std::string login;
  std::string text;
  TimestampMs timestamp_ms = 0;
  bool operator==(const UserNoticeEvent&) const = default;
};

// NOTICE from the server (e.g. login failures, "msg_channel_suspended").
struct NoticeEvent {
  std::string channel;  // may be empty ("*")
  std::string msg_id;
  std::string text;
  bool operator==(const NoticeEvent&) const = default;
};

struct ReconnectEvent {
  bool operator==(const ReconnectEvent&) const = default;
};

struct PingEvent {
  std::string token;  // to echo back in PONG
  bool operator==(const PingEvent&) const = default;
};

// Any other well-formed line (JOIN, ROOMSTATE, 001, CAP ...).
struct OtherEvent {
  std::string command;
  bool operator==(const OtherEvent&) const = default;
};

using ChatEvent = std::variant<ChatMessage, ModerationEvent, UserNoticeEvent, NoticeEvent,
                               ReconnectEvent, PingEvent, OtherEvent>;

}  // namespace pererecos
