#include "irc/chat_event_text.h"

#include <cstdint>
#include <string_view>
#include <type_traits>

namespace pererecos::irc {
namespace {

class LineWriter {
 public:
  explicit LineWriter(std::string_view kind) : out_(kind) {}

  LineWriter& str(std::string_view name, std::string_view value) {
    begin_field(name);
    out_ += '"';
    for (char c : value) {
      const auto byte = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += c;
      } else if (byte < 0x20 || byte == 0x7F) {
        constexpr char kHex[] = "0123456789abcdef";
        out_ += "\\x";
        out_ += kHex[byte >> 4];
        out_ += kHex[byte & 0xF];
      } else {
        out_ += c;
      }
    }
    out_ += '"';
    return *this;
  }

  LineWriter& num(std::string_view name, std::int64_t value) {
    begin_field(name);
    out_ += std::to_string(value);
    return *this;
  }

  std::string take() { return std::move(out_); }

 private:
  void begin_field(std::string_view name) {
    out_ += ' ';
    out_ += name;
    out_ += '=';
  }
  std::string out_;
};

std::string_view kind_name(ModerationEvent::Kind kind) {
  switch (kind) {
    case ModerationEvent::Kind::kBan:
      return "ban";
    case ModerationEvent::Kind::kTimeout:
      return "timeout";
    case ModerationEvent::Kind::kClearChat:
      return "clearchat";
    case ModerationEvent::Kind::kDeleteMessage:
      return "delete";
  }
  return "unknown";
}

std::string describe(const ChatMessage& m) {
  return LineWriter("MESSAGE")
      .str("id", m.id)
      .str("channel", m.channel)
      .str("room_id", m.room_id)
      .str("user_id", m.user_id)
      .str("login", m.login)
      .str("display_name", m.display_name)
      .num("ts", m.timestamp_ms)
      .str("emotes", m.emotes)
      .str("reply_login", m.reply_parent_login)
      .str("reply_msg_id", m.reply_parent_msg_id)
      .num("bits", m.bits)
      .num("first_msg", m.first_msg ? 1 : 0)
      .num("action", m.action ? 1 : 0)
      .str("text", m.text)
      .take();
}

std::string describe(const ModerationEvent& e) {
  return LineWriter("MODERATION")
      .str("kind", kind_name(e.kind))
      .str("channel", e.channel)
      .str("room_id", e.room_id)
      .str("target_user_id", e.target_user_id)
      .str("target_login", e.target_login)
      .str("target_msg_id", e.target_msg_id)
      .num("duration_s", e.duration_s)
      .num("ts", e.timestamp_ms)
      .take();
}

std::string describe(const UserNoticeEvent& e) {
  return LineWriter("USERNOTICE")
      .str("channel", e.channel)
      .str("msg_id", e.msg_id)
      .str("user_id", e.user_id)
      .str("login", e.login)
      .num("ts", e.timestamp_ms)
      .str("text", e.text)
      .take();
}

std::string describe(const NoticeEvent& e) {
  return LineWriter("NOTICE")
      .str("channel", e.channel)
      .str("msg_id", e.msg_id)
      .str("text", e.text)
      .take();
}

std::string describe(const ReconnectEvent&) { return "RECONNECT"; }

std::string describe(const PingEvent& e) { return LineWriter("PING").str("token", e.token).take(); }

std::string describe(const OtherEvent& e) {
  return LineWriter("OTHER").str("command", e.command).take();
}

}  // namespace

std::string describe_chat_event(const ChatEvent& event) {
  return std::visit([](const auto& e) { return describe(e); }, event);
}

}  // namespace pererecos::irc
