// One connection to the chat server: connect (with a deadline), split the byte stream
// into lines, write queued lines in order, and watch the link: our own PING after
// `ping_interval` without traffic, dead after `pong_timeout` more without any byte, a
// write stuck for `write_timeout` is dead too. It does not interpret lines (ChatClient
// does, and answers PINGs). A line cut off by the end of the stream is discarded.
//
// Single-threaded: every call on the executor's thread. Lifetime: shared; the coroutines
// hold a reference until the connection is closed and they have finished.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/chat_event.h"
#include "twitch/asio_includes.h"
#include "twitch/chat_timings.h"
#include "twitch/irc_transport.h"

namespace pererecos::twitch {

class IrcConnection : public std::enable_shared_from_this<IrcConnection> {
 public:
  // One complete line without CR LF, and the time its bytes were read.
  using LineHandler = std::function<void(std::string_view line, TimestampMs received_ms)>;
  // Called once: connected (true) or failed to connect (false, reason).
  using ConnectedHandler = std::function<void(bool ok, const std::string& reason)>;
  // Called once when the connection is closed for good (by either side), with why.
  using ClosedHandler = std::function<void(const std::string& reason)>;

  IrcConnection(net::any_io_executor executor, std::unique_ptr<IrcTransport> transport,
                const ChatTimings& timings);

  // Starts connecting; the handlers are called on the executor's thread.
  void start(ConnectedHandler on_connected, LineHandler on_line, ClosedHandler on_closed);
  // Optional, set before start(): called after the lines of one read (one socket read's
  // complete lines went to on_line), e.g. to hand them on as one batch.
  void set_read_end_handler(std::function<void()> on_read_end) {
    on_read_end_ = std::move(on_read_end);
  }
  // Queues `line` (without CR LF); lines written before connecting are sent after it.
  void send(std::string line);
  // Closes the link (idempotent). on_closed is called with `reason` unless it was already.
  void close(const std::string& reason);
  // Graceful end (shutdown): sends QUIT and keeps reading, delivering every complete line,
  // until the server closes the link, or nothing has arrived for `drain`, or 5 x `drain`
  // have passed; then closes with `reason`.
  // Not connected yet: closes at once.
  void quit(std::chrono::milliseconds drain, const std::string& reason);

  bool connected() const { return connected_; }
  bool closed() const { return closed_; }
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  using SteadyClock = std::chrono::steady_clock;
  net::awaitable<void> run();
  net::awaitable<void> write_loop();
  net::awaitable<void> watchdog();
  void finish(const std::string& reason);

  net::any_io_executor executor_;
  std::unique_ptr<IrcTransport> transport_;
  ChatTimings timings_;
  ConnectedHandler on_connected_;
  LineHandler on_line_;
  ClosedHandler on_closed_;
  std::function<void()> on_read_end_;

  bool connected_ = false;
  bool closed_ = false;
  std::string close_reason_;
  std::deque<std::string> outbox_;
  net::steady_timer outbox_signal_;  // cancelled when a line is queued or on close
  net::steady_timer watchdog_timer_;
  SteadyClock::time_point started_at_{};
  SteadyClock::time_point last_read_at_{};
  SteadyClock::time_point ping_sent_at_{};
  bool ping_outstanding_ = false;
  bool draining_ = false;  // quit(): no more PINGs; closed after `drain_` of silence or at
                           // drain_deadline_ (5 x drain_)
  std::chrono::milliseconds drain_{0};
  SteadyClock::time_point drain_started_at_{};
  SteadyClock::time_point drain_deadline_{};
  std::string drain_reason_;
  bool writing_ = false;
  SteadyClock::time_point write_started_at_{};
  std::uint64_t bytes_read_ = 0;
};

}  // namespace pererecos::twitch
