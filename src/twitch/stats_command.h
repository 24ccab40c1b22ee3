// Replies to chat commands (`!stats`), within Twitch's limits for a bot account.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/chat_event.h"
#include "twitch/rate_window.h"

namespace pererecos::twitch {

// The seam ChatClient calls for every message when logged in (never when anonymous), except
// our own (those from the login the connection logged in with).
class ReplyPolicy {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~ReplyPolicy() = default;
  // The text to send in message.channel now, or nullopt. Counts the reply as sent.
  virtual std::optional<std::string> reply_to(const ChatMessage& message, TimePoint now) = 0;
  // USERSTATE told whether we are a moderator in `channel` (higher limit).
  virtual void set_moderator(const std::string& channel, bool moderator) = 0;
};

struct StatsCommandOptions {
  std::string command = "!stats";  // STATS_COMMAND; empty = off
  std::string reply_template = "@{user} suas estatísticas: {url}";  // STATS_COMMAND_REPLY
  std::string public_url;  // PUBLIC_URL, without a trailing slash; {url} = it + "/u/{login}"
  std::chrono::milliseconds per_user_interval{30'000};  // one reply per user per 30 s
  std::chrono::milliseconds min_gap{1'100};             // between any two of our messages
  std::chrono::milliseconds channel_window{30'000};
  std::size_t channel_limit = 19;    // per channel_window, per channel
  std::size_t moderator_limit = 99;  // where we are moderator

  // More commands answered within the same limits: the app's !optout / !optin
  // (app/chat_privacy.h). A message matches when its whole text (trimmed) is `command`,
  // case-insensitive: nothing may follow, so no one can name another user. `run` is
  // called (on the chat's I/O thread; it must not block) for every matching message the
  // chat client hands over (never our own), even when the reply is then over a limit (what the user
  // asked for must not depend on our sending budget), and gives the reply text or nullopt.
  struct Command {
    std::string command;
    std::function<std::optional<std::string>(const ChatMessage&)> run;
  };
  std::vector<Command> commands;
};

// `!stats` (the message's first token, case-insensitive) → the reply template with
// {user} = the sender's display name and {url} = public_url + "/u/" + login; and the
// options' further `commands`. A reply over a limit is dropped (not queued): the user may
// ask again later. Not thread-safe.
class StatsCommand final : public ReplyPolicy {
 public:
  explicit StatsCommand(StatsCommandOptions options);
  std::optional<std::string> reply_to(const ChatMessage& message, TimePoint now) override;
  void set_moderator(const std::string& channel, bool moderator) override;

 private:
  // Whether a reply to `message` may be sent now; if so, counts it as sent.
  bool take_reply_slot(const ChatMessage& message, TimePoint now);

  StatsCommandOptions options_;
  std::optional<TimePoint> last_sent_;
  std::map<std::string, TimePoint> last_reply_to_user_;  // login -> time of our reply
  std::map<std::string, RateWindow> per_channel_;
  std::map<std::string, bool> moderator_;
};

}  // namespace pererecos::twitch
