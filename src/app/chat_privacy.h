// The chat's !optout / !optin (OPTOUT_COMMAND, OPTIN_COMMAND; docs/privacy.md): a message
// that is exactly the command forgets its sender (Store::forget, by the sender's login
// and every user id seen with it) or removes the sender's tombstone (Store::opt_in, by
// user id and login). Only the sender themself: the commands take no argument. The reply,
// `@user …` in the channel, goes through twitch::StatsCommand's limits (chat_wiring.cpp);
// the work itself runs on this object's thread with its own Store connection, so the chat
// connection never waits for a forget (a forget scans the messages table).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "app/config.h"
#include "core/chat_event.h"
#include "core/clock.h"
#include "core/result.h"
#include "storage/store.h"
#include "twitch/stats_command.h"

namespace pererecos::app {

class ChatPrivacy {
 public:
  // Whether either command is configured and the chat logs in with a token (an anonymous
  // connection cannot answer, so the commands are off then: the operator's `forget`
  // command remains).
  static bool wanted(const Config& config) {
    return (!config.optout_command.empty() || !config.optin_command.empty()) &&
           !config.twitch_oauth_token.empty();
  }
  // Opens a connection of its own to config.database_url and starts the worker thread.
  // `on_forgot` runs on that thread after each forget that succeeded (serve passes
  // ForgetRefresh::notify, so the statistics follow at once). `clock` outlives this.
  static Result<std::unique_ptr<ChatPrivacy>> open(const Config& config, const Clock& clock,
                                                   std::function<void()> on_forgot);
  ~ChatPrivacy();  // stop()
  ChatPrivacy(const ChatPrivacy&) = delete;
  ChatPrivacy& operator=(const ChatPrivacy&) = delete;

  // Adds the configured commands to `options` (their `run` queues the work and returns
  // the reply text). This object must outlive the StatsCommand built from `options`.
  void add_commands(twitch::StatsCommandOptions& options);

  // Does what is queued, then joins the worker. Idempotent.
  void stop();

  // Forgets and opt-ins done so far (for tests and logs). Thread-safe.
  std::uint64_t done() const;

 private:
  enum class Action { kOptOut, kOptIn };
  struct Job {
    Action action;
    std::string user_id;
    std::string login;
  };
  ChatPrivacy(const Config& config, const Clock& clock, std::unique_ptr<Store> store,
              std::function<void()> on_forgot);
  void queue(Action action, const ChatMessage& message);
  void run();
  void execute(const Job& job);

  const Clock& clock_;
  std::string optout_command_, optin_command_;
  std::unique_ptr<Store> store_;  // used by the worker only
  std::function<void()> on_forgot_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;                     // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::uint64_t done_ = 0;                   // guarded by mutex_
  std::thread thread_;
};

}  // namespace pererecos::app
