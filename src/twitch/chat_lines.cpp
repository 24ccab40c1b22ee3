// What each line received on a session does (ChatClient::Impl, I/O thread).
#include "irc/irc_line.h"
#include "irc/twitch_decoder.h"
#include "twitch/chat_client_impl.h"
#include "twitch/stats_command.h"

namespace pererecos::twitch {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string channel_of(std::string_view param) {
  if (!param.empty() && param[0] == '#') param.remove_prefix(1);
  std::string out(param);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// The NOTICEs Twitch sends when it refuses a login (twitch-irc-rs, tmi.js).
bool is_login_failure(std::string_view text) {
  for (std::string_view known : {"Login authentication failed", "Improperly formatted auth",
                                 "Invalid NICK", "Login unsuccessful"}) {
    if (text.find(known) != std::string_view::npos) return true;
  }
  return false;
}

// NOTICE msg-ids that refuse a JOIN; none of them goes away by retrying soon.
bool is_join_refusal(std::string_view msg_id) {
  for (std::string_view known : {"msg_concurrent_channel_limit_reached", "msg_channel_suspended",
                                 "msg_banned", "msg_channel_blocked", "tos_ban"}) {
    if (msg_id == known) return true;
  }
  return false;
}

}  // namespace

void ChatClient::Impl::handle_line(Session& session, std::string_view line,
                                   TimestampMs received_ms) {
  auto parsed = irc::parse_irc_line(line);
  if (!parsed) {
    std::lock_guard lock(status_mutex_);
    ++status_.malformed_lines;
    return;
  }
  const irc::IrcLine& irc = *parsed;
  const std::string_view command = irc.command();

  if (command == "PRIVMSG" || command == "CLEARCHAT" || command == "CLEARMSG") {
    irc::DecodeOptions options;
    options.require_timestamp = false;
    options.receive_time_ms = received_ms;
    auto event = irc::decode_twitch_irc(irc, options);  // parsed once, above
    if (!event) {
      spdlog::warn("chat: skipped a line that cannot be decoded ({})", event.error());
      std::lock_guard lock(status_mutex_);
      ++status_.malformed_lines;
      return;
    }
    deliver(session, std::move(*event));
    return;
  }
  if (command == "PING") {
    session.conn->send("PONG :" + std::string(irc.has_trailing() ? irc.trailing()
                                                                  : irc.param_or_empty(0)));
    return;
  }
  if (command == "001") {
    session.welcomed = true;
    spdlog::info("chat: logged in as {}", session.anonymous ? session.nick + " (anonymous)"
                                                            : session.nick);
    notify(session.slot);
    return;
  }
  if (command == "JOIN") {
    if (!equals_ignoring_case(irc.prefix().nick, session.nick)) return;
    const std::string channel = channel_of(irc.param_or_empty(0));
    if (!session.joined.insert(channel).second) return;
    spdlog::info("chat: joined #{}", channel);
    set_channel_state(channel, true, "joined", "");
    notify(session.slot);
    flush_messages();
    sink_.on_joined(channel);
    return;
  }
  if (command == "PART") {
    if (!equals_ignoring_case(irc.prefix().nick, session.nick)) return;
    const std::string channel = channel_of(irc.param_or_empty(0));
    session.joined.erase(channel);
    if (slots_[session.slot]->current.get() == &session) {
      set_channel_state(channel, false, "connecting", "parted by the server");
    }
    return;
  }
  if (command == "ROOMSTATE") {
    const std::string room_id = irc.tag("room-id");
    if (room_id.empty()) return;
    const std::string channel = channel_of(irc.param_or_empty(0));
    auto [it, inserted] = room_ids_.try_emplace(channel, room_id);
    if (!inserted && it->second == room_id) return;
    it->second = room_id;
    {
      std::lock_guard lock(status_mutex_);
      if (auto i = index_.find(channel); i != index_.end()) status_.channels[i->second].room_id = room_id;
    }
    flush_messages();
    sink_.on_room_id(channel, room_id);
    return;
  }
  if (command == "USERSTATE") {
    if (options_.replies == nullptr) return;
    const std::string badges = irc.tag("badges");
    const bool mod = irc.tag("mod") == "1" || badges.find("broadcaster/") != std::string::npos;
    options_.replies->set_moderator(channel_of(irc.param_or_empty(0)), mod);
    return;
  }
  if (command == "NOTICE") {
    handle_notice(session, irc.param_count() >= 2 ? irc.param(0) : std::string_view(),
                  irc.raw_tag("msg-id").value_or(std::string_view()), irc.trailing());
    return;
  }
  if (command == "RECONNECT") {
    session.reconnect_requested = true;
    notify(session.slot);
    return;
  }
  // 002-004, 353, 366, 375, 372, 376, CAP, PONG, USERNOTICE, HOSTTARGET...: nothing to do.
}

void ChatClient::Impl::handle_notice(Session& session, std::string_view target,
                                     std::string_view msg_id, std::string_view text) {
  if (is_login_failure(text)) {
    spdlog::error("chat: Twitch refused the login of {}: {}", session.nick, text);
    session.login_failure = std::string(text);
    notify(session.slot);
    return;
  }
  const std::string channel = channel_of(target);
  if (is_join_refusal(msg_id) && !channel.empty() && channel != "*") {
    spdlog::error("chat: Twitch refused to let us join #{}: {} ({}); not retried", channel, text,
                  msg_id);
    session.refused.insert(channel);
    refused_for_good_.insert(channel);
    set_channel_state(channel, false, "refused", std::string(msg_id) + ": " + std::string(text));
    notify(session.slot);
    return;
  }
  if (!msg_id.empty() || !text.empty()) {
    spdlog::info("chat: notice{}{}: {}", channel.empty() ? "" : " in #" + channel,
                 msg_id.empty() ? "" : " (" + std::string(msg_id) + ")", text);
  }
}

void ChatClient::Impl::deliver(Session& session, ChatEvent&& event) {
  if (auto* message = std::get_if<ChatMessage>(&event)) {
    if (!recent_ids_.insert(message->id)) return;  // the other connection's copy
    if (options_.replies != nullptr && !session.anonymous) maybe_reply(session, *message);
    pending_messages_.push_back(std::move(*message));
    return;
  }
  if (auto* moderation = std::get_if<ModerationEvent>(&event)) {
    flush_messages();
    sink_.on_moderation(std::move(*moderation));
  }
}

void ChatClient::Impl::flush_messages() {
  if (pending_messages_.empty()) return;
  {
    // The channels' counters, once per read instead of once per message.
    std::lock_guard lock(status_mutex_);
    auto i = index_.end();
    for (const ChatMessage& message : pending_messages_) {
      if (i == index_.end() || i->first != message.channel) i = index_.find(message.channel);
      if (i == index_.end()) continue;
      ChannelStatus& c = status_.channels[i->second];
      c.last_message_ms = message.timestamp_ms;
      ++c.messages_received;
    }
  }
  sink_.on_messages(pending_messages_);
  pending_messages_.clear();
}

void ChatClient::Impl::maybe_reply(Session& session, const ChatMessage& message) {
  if (!session.joined.count(message.channel)) return;
  // Never answer ourselves: the login this connection logged in with (TWITCH_BOT_LOGIN or
  // the token's validated login), which another connection of ours may echo.
  if (equals_ignoring_case(message.login, session.nick)) return;
  auto reply = options_.replies->reply_to(message, SteadyClock::now());
  if (!reply) return;
  std::string text = *reply;
  for (char& c : text) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  session.conn->send("PRIVMSG #" + message.channel + " :" + text);
}

}  // namespace pererecos::twitch
