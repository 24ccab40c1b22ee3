// Internals of ChatClient (chat_client.cpp: connection lifecycle; chat_lines.cpp: what
// each received line does). Everything here runs on the client's I/O thread unless noted.
#pragma once

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "twitch/asio_includes.h"
#include "twitch/backoff.h"
#include "twitch/chat_client.h"
#include "twitch/irc_connection.h"
#include "twitch/rate_window.h"
#include "twitch/recent_ids.h"

namespace pererecos::twitch {

using SteadyClock = std::chrono::steady_clock;

// One login on one connection, from connect to close.
struct Session {
  std::uint64_t id = 0;
  std::size_t slot = 0;
  std::shared_ptr<IrcConnection> conn;
  std::string nick;
  bool anonymous = true;
  bool connected = false;
  bool welcomed = false;
  std::string login_failure;  // the NOTICE text when Twitch refused the login
  bool reconnect_requested = false;
  bool closed = false;
  std::string close_reason;
  std::set<std::string> joined;
  std::set<std::string> refused;
};

// A group of at most channels_per_connection channels served by one connection (two
// during a RECONNECT hand-over).
struct Slot {
  std::size_t index = 0;
  std::vector<std::string> channels;
  std::shared_ptr<Session> current;  // the session that serves these channels now
  std::unique_ptr<net::steady_timer> wake;  // cancelled whenever a session of the slot changes
  std::unique_ptr<Backoff> backoff;
};

class ChatClient::Impl {
 public:
  Impl(ChatClientOptions options, ChatSink& sink, TokenSource* tokens,
       std::shared_ptr<net::ssl::context> tls);

  void start();
  void stop();
  ChatClientStatus status() const;
  void send_message(const std::string& channel, const std::string& text);

 private:
  // chat_client.cpp
  net::awaitable<void> run_slot(Slot& slot);
  net::awaitable<std::shared_ptr<Session>> establish(Slot& slot);
  net::awaitable<void> wait_until(Slot& slot, SteadyClock::time_point deadline,
                                  const std::function<bool()>& done);
  // Waits out the slot's next back-off; with `or_new_credentials`, ends early when the
  // TokenSource reports new credentials (a refreshed token).
  net::awaitable<void> sleep_backoff(Slot& slot, const std::string& why,
                                     bool or_new_credentials = false);
  std::shared_ptr<Session> open_session(Slot& slot);
  void notify(std::size_t slot) { slots_[slot]->wake->cancel(); }
  void on_session_closed(Session& session, const std::string& reason);
  std::string anonymous_nick();

  // chat_lines.cpp
  void handle_line(Session& session, std::string_view line, TimestampMs received_ms);
  void handle_notice(Session& session, std::string_view channel, std::string_view msg_id,
                     std::string_view text);
  void deliver(Session& session, ChatEvent&& event);
  // Hands the messages read so far (pending_messages_) to the sink as one batch; called at
  // the end of every socket read and before any other sink call, so order is kept.
  void flush_messages();
  void maybe_reply(Session& session, const ChatMessage& message);

  // Status updates (take status_mutex_).
  void set_channel_state(const std::string& channel, bool joined, const std::string& state,
                         const std::string& error);
  void set_slot_state(const Slot& slot, bool joined, const std::string& state,
                      const std::string& error);
  void set_client_error(const std::string& error);

  ChatClientOptions options_;
  ChatSink& sink_;
  std::vector<ChatMessage> pending_messages_;  // I/O thread only; see flush_messages()
  TokenSource* tokens_;
  std::shared_ptr<net::ssl::context> tls_;

  net::io_context ioc_{1};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::thread thread_;
  bool started_ = false;
  std::atomic<bool> stopped_{false};

  // I/O thread only.
  bool stopping_ = false;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<std::shared_ptr<Session>> live_sessions_;
  std::uint64_t next_session_id_ = 1;
  SteadyClock::time_point next_open_{};
  RateWindow joins_;
  RecentIds recent_ids_{16384};
  std::map<std::string, std::string> room_ids_;
  std::set<std::string> refused_for_good_;
  std::mt19937_64 rng_;
  std::string last_login_failure_;
  std::uint64_t credential_changes_ = 0;  // TokenSource::set_on_change calls seen

  // Slot loops still running (stop() waits for them).
  std::mutex done_mutex_;
  std::condition_variable done_cv_;
  std::size_t running_slots_ = 0;

  mutable std::mutex status_mutex_;
  ChatClientStatus status_;                   // GUARDED_BY(status_mutex_)
  std::map<std::string, std::size_t> index_;  // channel -> position in status_.channels
};

}  // namespace pererecos::twitch
