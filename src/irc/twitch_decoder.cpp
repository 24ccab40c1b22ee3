#include "irc/twitch_decoder.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <utility>

#include "core/ascii.h"
#include "irc/irc_line.h"

namespace pererecos::irc {
namespace {

// The tags the decoder reads, as raw (escaped) views. An empty view means "absent": Twitch
// sends empty values (`emotes=`, `bits=`) for "none", so an empty value counts as absent.
struct KnownTags {
  std::string_view id;
  std::string_view room_id;
  std::string_view user_id;
  std::string_view login;
  std::string_view display_name;
  std::string_view tmi_sent_ts;
  std::string_view rm_received_ts;
  std::string_view emotes;
  std::string_view reply_parent_user_login;
  std::string_view reply_parent_msg_id;
  std::string_view bits;
  std::string_view first_msg;
  std::string_view ban_duration;
  std::string_view target_user_id;
  std::string_view target_msg_id;
  std::string_view msg_id;
  std::string_view source_id;       // Shared Chat
  std::string_view source_room_id;  // Shared Chat
};

// One pass over the tag section; a repeated tag keeps its last value (IRCv3).
KnownTags collect_tags(const IrcLine& line) {
  KnownTags t;
  for (const IrcTag& tag : line.tags()) {
    const std::string_view k = tag.key;
    const std::string_view v = tag.raw_value;
    switch (k.size()) {
      case 2:
        if (k == "id") t.id = v;
        break;
      case 4:
        if (k == "bits") t.bits = v;
        break;
      case 5:
        if (k == "login") t.login = v;
        break;
      case 6:
        if (k == "emotes") {
          t.emotes = v;
        } else if (k == "msg-id") {
          t.msg_id = v;
        }
        break;
      case 7:
        if (k == "room-id") {
          t.room_id = v;
        } else if (k == "user-id") {
          t.user_id = v;
        }
        break;
      case 9:
        if (k == "first-msg") {
          t.first_msg = v;
        } else if (k == "source-id") {
          t.source_id = v;
        }
        break;
      case 11:
        if (k == "tmi-sent-ts") t.tmi_sent_ts = v;
        break;
      case 12:
        if (k == "display-name") {
          t.display_name = v;
        } else if (k == "ban-duration") {
          t.ban_duration = v;
        }
        break;
      case 13:
        if (k == "target-msg-id") t.target_msg_id = v;
        break;
      case 14:
        if (k == "rm-received-ts") {
          t.rm_received_ts = v;
        } else if (k == "target-user-id") {
          t.target_user_id = v;
        } else if (k == "source-room-id") {
          t.source_room_id = v;
        }
        break;
      case 19:
        if (k == "reply-parent-msg-id") t.reply_parent_msg_id = v;
        break;
      case 23:
        if (k == "reply-parent-user-login") t.reply_parent_user_login = v;
        break;
      default:
        break;
    }
  }
  return t;
}

std::string unescaped(std::string_view raw) {
  if (raw.find('\\') == std::string_view::npos) return std::string(raw);
  return unescape_tag_value(raw);
}

std::string unescaped_lowercase(std::string_view raw) {
  std::string out = unescaped(raw);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string trim_ascii_whitespace(std::string text) {
  std::size_t end = text.size();
  while (end > 0 && is_ascii_space(text[end - 1])) --end;
  std::size_t begin = 0;
  while (begin < end && is_ascii_space(text[begin])) ++begin;
  text.erase(end);
  text.erase(0, begin);
  return text;
}

bool equals_ignoring_case(std::string_view a, std::string_view upper) {
  if (a.size() != upper.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(upper[i])) return false;
  }
  return true;
}

// The error for a tag whose value should be a non-negative integer.
Status not_a_number(std::string_view tag_name, std::string_view value) {
  constexpr std::size_t kShown = 32;
  std::string message(tag_name);
  message += " is not a number: \"";
  message += value.substr(0, kShown);
  if (value.size() > kShown) message += "...";
  message += "\"";
  return Status::error(std::move(message));
}

// Parses a whole non-negative decimal integer (digits only, no sign, fits in int64).
bool parse_non_negative(std::string_view text, std::int64_t& out) {
  if (text.empty() || text[0] < '0' || text[0] > '9') return false;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

Status parse_number_tag(std::string_view tag_name, std::string_view value, std::int64_t& out) {
  if (!parse_non_negative(value, out)) return not_a_number(tag_name, value);
  return Status::ok();
}

// The event time: `tmi-sent-ts`, else `rm-received-ts`, else the receive time when allowed.
Status resolve_timestamp(const KnownTags& tags, const DecodeOptions& options, bool required,
                         std::string_view command, TimestampMs& out) {
  if (!tags.tmi_sent_ts.empty()) return parse_number_tag("tmi-sent-ts", tags.tmi_sent_ts, out);
  if (!tags.rm_received_ts.empty()) {
    return parse_number_tag("rm-received-ts", tags.rm_received_ts, out);
  }
  if (required && options.require_timestamp) {
    return Status::error(std::string(command) +
                         " without timestamp (no tmi-sent-ts or rm-received-ts)");
  }
  out = options.receive_time_ms;
  return Status::ok();
}

// The channel login from a "#channel" parameter: lowercase, without '#'.
Status channel_from_param(const IrcLine& line, std::string_view command, std::string& out) {
  if (line.param_count() == 0 || line.param(0).empty()) {
    return Status::error(std::string(command) + " without channel");
  }
  const std::string_view param = line.param(0);
  if (param[0] != '#')
    return Status::error(std::string(command) + " channel does not start with '#'");
  if (param.size() == 1) return Status::error(std::string(command) + " with an empty channel");
  out = ascii_lower(param.substr(1));
  return Status::ok();
}

// Strips a CTCP ACTION wrapper ("\x01ACTION body\x01"; the final \x01 may be missing).
// Returns true and sets `body` when `text` is an action.
bool strip_action(std::string_view text, std::string_view& body) {
  constexpr std::string_view kAction =
      "\x01"
      "ACTION";
  if (text.substr(0, kAction.size()) != kAction) return false;
  std::string_view rest = text.substr(kAction.size());
  if (!rest.empty() && rest[0] != ' ' && rest[0] != '\x01') return false;  // e.g. "\x01ACTIONS"
  if (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
  if (!rest.empty() && rest.back() == '\x01') rest.remove_suffix(1);
  body = rest;
  return true;
}

Result<ChatEvent> decode_privmsg(const IrcLine& line, const DecodeOptions& options) {
  ChatMessage m;
  if (Status s = channel_from_param(line, "PRIVMSG", m.channel); !s) return s;
  if (line.param_count() < 2) return Result<ChatEvent>::failure("PRIVMSG without text");
  if (line.param_count() > 2) return Result<ChatEvent>::failure("PRIVMSG with extra parameters");
  const KnownTags tags = collect_tags(line);

  if (!line.prefix().nick.empty()) {
    m.login = ascii_lower(line.prefix().nick);
  } else if (!tags.login.empty()) {
    m.login = unescaped_lowercase(tags.login);
  } else {
    return Result<ChatEvent>::failure("PRIVMSG without sender login");
  }
  if (Status s = resolve_timestamp(tags, options, true, "PRIVMSG", m.timestamp_ms); !s) return s;
  if (!tags.bits.empty()) {
    if (Status s = parse_number_tag("bits", tags.bits, m.bits); !s) return s;
  }

  m.id = unescaped(tags.id);
  m.room_id = unescaped(tags.room_id);
  m.user_id = unescaped(tags.user_id);
  m.display_name = trim_ascii_whitespace(unescaped(tags.display_name));
  if (m.display_name.empty()) m.display_name = m.login;
  std::string_view text = line.param(1);
  m.action = strip_action(text, text);
  m.text = std::string(text);
  m.emotes = unescaped(tags.emotes);
  m.reply_parent_login = unescaped_lowercase(tags.reply_parent_user_login);
  m.reply_parent_msg_id = unescaped(tags.reply_parent_msg_id);
  m.first_msg = tags.first_msg == "1";
  m.source_id = unescaped(tags.source_id);
  m.source_room_id = unescaped(tags.source_room_id);
  return ChatEvent(std::move(m));
}

Result<ChatEvent> decode_clearchat(const IrcLine& line, const DecodeOptions& options) {
  ModerationEvent e;
  if (Status s = channel_from_param(line, "CLEARCHAT", e.channel); !s) return s;
  const KnownTags tags = collect_tags(line);
  if (Status s = resolve_timestamp(tags, options, true, "CLEARCHAT", e.timestamp_ms); !s) return s;
  e.room_id = unescaped(tags.room_id);
  e.target_user_id = unescaped(tags.target_user_id);
  e.target_login = ascii_lower(line.param_or_empty(1));
  if (!tags.ban_duration.empty()) {
    if (Status s = parse_number_tag("ban-duration", tags.ban_duration, e.duration_s); !s) return s;
  }
  if (e.target_login.empty()) {
    e.kind = ModerationEvent::Kind::kClearChat;
    e.duration_s = 0;
  } else if (!tags.ban_duration.empty()) {
    e.kind = ModerationEvent::Kind::kTimeout;
  } else {
    e.kind = ModerationEvent::Kind::kBan;
  }
  return ChatEvent(std::move(e));
}

Result<ChatEvent> decode_clearmsg(const IrcLine& line, const DecodeOptions& options) {
  ModerationEvent e;
  e.kind = ModerationEvent::Kind::kDeleteMessage;
  if (Status s = channel_from_param(line, "CLEARMSG", e.channel); !s) return s;
  const KnownTags tags = collect_tags(line);
  if (tags.target_msg_id.empty()) {
    return Result<ChatEvent>::failure("CLEARMSG without target-msg-id");
  }
  if (Status s = resolve_timestamp(tags, options, true, "CLEARMSG", e.timestamp_ms); !s) return s;
  e.room_id = unescaped(tags.room_id);
  e.target_msg_id = unescaped(tags.target_msg_id);
  e.target_login = unescaped_lowercase(tags.login);
  e.target_user_id = unescaped(tags.target_user_id);
  return ChatEvent(std::move(e));
}

Result<ChatEvent> decode_usernotice(const IrcLine& line, const DecodeOptions& options) {
  UserNoticeEvent e;
  if (Status s = channel_from_param(line, "USERNOTICE", e.channel); !s) return s;
  const KnownTags tags = collect_tags(line);
  if (Status s = resolve_timestamp(tags, options, false, "USERNOTICE", e.timestamp_ms); !s) {
    return s;
  }
  e.msg_id = unescaped(tags.msg_id);
  e.user_id = unescaped(tags.user_id);
  e.login = unescaped_lowercase(tags.login);
  e.text = std::string(line.param_or_empty(1));
  return ChatEvent(std::move(e));
}

Result<ChatEvent> decode_notice(const IrcLine& line) {
  NoticeEvent e;
  const KnownTags tags = collect_tags(line);
  e.msg_id = unescaped(tags.msg_id);
  if (line.param_count() >= 2) {
    std::string_view target = line.param(0);
    if (target == "*") target = {};
    if (!target.empty() && target[0] == '#') target.remove_prefix(1);
    e.channel = ascii_lower(target);
    e.text = std::string(line.param(line.param_count() - 1));
  } else if (line.param_count() == 1) {
    e.text = std::string(line.param(0));
  }
  return ChatEvent(std::move(e));
}

}  // namespace

Result<ChatEvent> decode_twitch_line(std::string_view line, const DecodeOptions& options) {
  Result<IrcLine> parsed = parse_irc_line(line);
  if (!parsed) return parsed.status();
  return decode_twitch_irc(*parsed, options);
}

Result<ChatEvent> decode_twitch_irc(const IrcLine& irc, const DecodeOptions& options) {
  const std::string_view command = irc.command();
  if (equals_ignoring_case(command, "PRIVMSG")) return decode_privmsg(irc, options);
  if (equals_ignoring_case(command, "CLEARCHAT")) return decode_clearchat(irc, options);
  if (equals_ignoring_case(command, "CLEARMSG")) return decode_clearmsg(irc, options);
  if (equals_ignoring_case(command, "USERNOTICE")) return decode_usernotice(irc, options);
  if (equals_ignoring_case(command, "NOTICE")) return decode_notice(irc);
  if (equals_ignoring_case(command, "RECONNECT")) return ChatEvent(ReconnectEvent{});
  if (equals_ignoring_case(command, "PING")) {
    PingEvent ping;
    if (irc.param_count() > 0) {
      ping.token = std::string(irc.has_trailing() ? irc.trailing() : irc.param(0));
    }
    return ChatEvent(std::move(ping));
  }
  return ChatEvent(OtherEvent{std::string(command)});
}

}  // namespace pererecos::irc
