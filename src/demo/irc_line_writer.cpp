#include "demo/irc_line_writer.h"

#include <array>

namespace pererecos::demo {
namespace {

void tag(std::string& out, std::string_view key, std::string_view value) {
  out += key;
  out += '=';
  append_escaped_tag_value(out, value);
  out += ';';
}

void tag_int(std::string& out, std::string_view key, std::int64_t value) {
  out += key;
  out += '=';
  out += std::to_string(value);
  out += ';';
}

void tag_bool(std::string& out, std::string_view key, bool value) {
  out += key;
  out += value ? "=1;" : "=0;";
}

// Appends text for the trailing parameter, with the bytes IRC cannot carry as spaces.
void append_trailing(std::string& out, std::string_view text) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n' || c == '\0') {
      out.append(text.data() + run, i - run);
      out += ' ';
      run = i + 1;
    }
  }
  out.append(text.data() + run, text.size() - run);
}

void end_tags(std::string& out) {
  if (!out.empty() && out.back() == ';') out.pop_back();
  out += ' ';
}

}  // namespace

void append_escaped_tag_value(std::string& out, std::string_view value) {
  static constexpr auto kNeedsEscape = [] {
    std::array<bool, 256> table{};
    for (unsigned char c : {';', ' ', '\\', '\r', '\n'}) table[c] = true;
    return table;
  }();
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (!kNeedsEscape[static_cast<unsigned char>(c)]) continue;
    const char* escape = c == ';'    ? "\\:"
                         : c == ' '  ? "\\s"
                         : c == '\\' ? "\\\\"
                         : c == '\r' ? "\\r"
                         : c == '\n' ? "\\n"
                                     : nullptr;
    if (escape == nullptr) continue;
    out.append(value.data() + run, i - run);
    out.append(escape, 2);
    run = i + 1;
  }
  out.append(value.data() + run, value.size() - run);
}

std::string escape_tag_value(std::string_view value) {
  std::string out;
  append_escaped_tag_value(out, value);
  return out;
}

void append_privmsg_line(std::string& out, const ChatMessage& m, const IrcDetails& d) {
  const bool reply = !m.reply_parent_msg_id.empty();
  out += '@';
  tag(out, "badge-info", d.badge_info);
  tag(out, "badges", d.badges);
  if (m.bits > 0) tag_int(out, "bits", m.bits);
  tag(out, "color", d.color);
  tag(out, "display-name", m.display_name);
  tag(out, "emotes", m.emotes);
  tag_bool(out, "first-msg", m.first_msg);
  tag(out, "flags", "");
  tag(out, "id", m.id);
  tag_bool(out, "mod", d.mod);
  if (reply) {
    tag(out, "reply-parent-display-name",
        d.reply_parent_display_name.empty() ? std::string_view(m.reply_parent_login)
                                            : std::string_view(d.reply_parent_display_name));
    tag(out, "reply-parent-msg-body", d.reply_parent_body);
    tag(out, "reply-parent-msg-id", m.reply_parent_msg_id);
    tag(out, "reply-parent-user-id", d.reply_parent_user_id);
    tag(out, "reply-parent-user-login", m.reply_parent_login);
    const bool own_thread = d.reply_thread_parent_msg_id.empty();
    tag(out, "reply-thread-parent-display-name",
        own_thread
            ? (d.reply_parent_display_name.empty() ? std::string_view(m.reply_parent_login)
                                                   : std::string_view(d.reply_parent_display_name))
            : std::string_view(d.reply_thread_parent_display_name));
    tag(out, "reply-thread-parent-msg-id",
        own_thread ? m.reply_parent_msg_id : d.reply_thread_parent_msg_id);
    tag(out, "reply-thread-parent-user-id",
        own_thread ? d.reply_parent_user_id : d.reply_thread_parent_user_id);
    tag(out, "reply-thread-parent-user-login",
        own_thread ? m.reply_parent_login : d.reply_thread_parent_login);
  }
  tag_bool(out, "returning-chatter", d.returning_chatter);
  tag(out, "room-id", m.room_id);
  tag_bool(out, "subscriber", d.subscriber);
  tag_int(out, "tmi-sent-ts", m.timestamp_ms);
  tag_bool(out, "turbo", false);
  tag(out, "user-id", m.user_id);
  tag(out, "user-type", d.mod ? "mod" : "");
  end_tags(out);
  out += ':';
  out += m.login;
  out += '!';
  out += m.login;
  out += '@';
  out += m.login;
  out += ".tmi.twitch.tv PRIVMSG #";
  out += m.channel;
  out += " :";
  if (m.action) {
    out +=
        "\x01"
        "ACTION ";
    append_trailing(out, m.text);
    out += '\x01';
  } else {
    append_trailing(out, m.text);
  }
}

std::string format_privmsg_line(const ChatMessage& message, const IrcDetails& details) {
  std::string out;
  out.reserve(400 + message.text.size());
  append_privmsg_line(out, message, details);
  return out;
}

void append_moderation_line(std::string& out, const ModerationEvent& e, const IrcDetails& d) {
  out += '@';
  if (e.kind == ModerationEvent::Kind::kDeleteMessage) {
    tag(out, "login", e.target_login);
    tag(out, "room-id", e.room_id);
    tag(out, "target-msg-id", e.target_msg_id);
    tag_int(out, "tmi-sent-ts", e.timestamp_ms);
    end_tags(out);
    out += ":tmi.twitch.tv CLEARMSG #";
    out += e.channel;
    out += " :";
    append_trailing(out, d.deleted_text);
    return;
  }
  if (e.kind == ModerationEvent::Kind::kTimeout) tag_int(out, "ban-duration", e.duration_s);
  tag(out, "room-id", e.room_id);
  if (e.kind != ModerationEvent::Kind::kClearChat && !e.target_user_id.empty()) {
    tag(out, "target-user-id", e.target_user_id);
  }
  tag_int(out, "tmi-sent-ts", e.timestamp_ms);
  end_tags(out);
  out += ":tmi.twitch.tv CLEARCHAT #";
  out += e.channel;
  if (e.kind != ModerationEvent::Kind::kClearChat) {
    out += " :";
    out += e.target_login;
  }
}

std::string format_moderation_line(const ModerationEvent& event, const IrcDetails& details) {
  std::string out;
  append_moderation_line(out, event, details);
  return out;
}

}  // namespace pererecos::demo
