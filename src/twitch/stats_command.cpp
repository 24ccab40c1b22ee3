#include "twitch/stats_command.h"

#include <algorithm>

namespace pererecos::twitch {
namespace {

bool first_token_is(const std::string& text, const std::string& command) {
  const std::string_view t(text);
  const std::size_t end = t.find(' ');
  const std::string_view first = t.substr(0, end);
  if (first.size() != command.size()) return false;
  for (std::size_t i = 0; i < first.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(first[i]) != lower(command[i])) return false;
  }
  return true;
}

// The whole text (without surrounding spaces) is `command`, case-insensitive.
bool whole_text_is(const std::string& text, const std::string& command) {
  std::string_view t(text);
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return t.find(' ') == std::string_view::npos && first_token_is(std::string(t), command);
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

}  // namespace

StatsCommand::StatsCommand(StatsCommandOptions options) : options_(std::move(options)) {
  while (options_.public_url.ends_with('/')) options_.public_url.pop_back();
}

void StatsCommand::set_moderator(const std::string& channel, bool moderator) {
  moderator_[channel] = moderator;
}

std::optional<std::string> StatsCommand::reply_to(const ChatMessage& message, TimePoint now) {
  if (message.login.empty()) return std::nullopt;
  for (const StatsCommandOptions::Command& command : options_.commands) {
    if (command.command.empty() || !command.run) continue;
    if (!whole_text_is(message.text, command.command)) continue;
    std::optional<std::string> reply = command.run(message);
    if (!reply || !take_reply_slot(message, now)) return std::nullopt;
    return reply;
  }
  if (options_.command.empty()) return std::nullopt;
  if (!first_token_is(message.text, options_.command)) return std::nullopt;
  if (!take_reply_slot(message, now)) return std::nullopt;

  std::string reply = options_.reply_template;
  const std::string user = message.display_name.empty() ? message.login : message.display_name;
  replace_all(reply, "{user}", user);
  replace_all(reply, "{url}", options_.public_url + "/u/" + message.login);
  return reply;
}

bool StatsCommand::take_reply_slot(const ChatMessage& message, TimePoint now) {
  if (last_sent_ && now - *last_sent_ < options_.min_gap) return false;
  if (auto it = last_reply_to_user_.find(message.login);
      it != last_reply_to_user_.end() && now - it->second < options_.per_user_interval) {
    return false;
  }
  auto [window, inserted] = per_channel_.try_emplace(message.channel, options_.channel_limit,
                                                     options_.channel_window);
  const auto mod = moderator_.find(message.channel);
  window->second.set_limit(mod != moderator_.end() && mod->second ? options_.moderator_limit
                                                                  : options_.channel_limit);
  if (!window->second.allows(now)) return false;

  window->second.record(now);
  last_sent_ = now;
  last_reply_to_user_[message.login] = now;
  // Forget users whose 30 s are over, so the map stays small.
  std::erase_if(last_reply_to_user_,
                [&](const auto& e) { return now - e.second >= options_.per_user_interval; });
  last_reply_to_user_[message.login] = now;
  return true;
}

}  // namespace pererecos::twitch
