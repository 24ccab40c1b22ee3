#include "twitch/irc_connection.h"

#include <algorithm>
#include <cstring>

namespace pererecos::twitch {
namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
// Twitch lines are at most a few KB (500-byte text plus tags); a longer "line" means the
// stream is not IRC: the link is closed rather than buffering without bound.
constexpr std::size_t kMaxLine = 1 << 20;

TimestampMs wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

IrcConnection::IrcConnection(net::any_io_executor executor,
                             std::unique_ptr<IrcTransport> transport, const ChatTimings& timings)
    : executor_(executor),
      transport_(std::move(transport)),
      timings_(timings),
      outbox_signal_(executor),
      watchdog_timer_(executor) {}

void IrcConnection::start(ConnectedHandler on_connected, LineHandler on_line,
                          ClosedHandler on_closed) {
  on_connected_ = std::move(on_connected);
  on_line_ = std::move(on_line);
  on_closed_ = std::move(on_closed);
  started_at_ = SteadyClock::now();
  auto self = shared_from_this();
  net::co_spawn(executor_, [self]() { return self->run(); }, net::detached);
  net::co_spawn(executor_, [self]() { return self->watchdog(); }, net::detached);
}

void IrcConnection::send(std::string line) {
  if (closed_) return;
  line += "\r\n";
  outbox_.push_back(std::move(line));
  outbox_signal_.cancel();
}

void IrcConnection::close(const std::string& reason) { finish(reason); }

void IrcConnection::quit(std::chrono::milliseconds drain, const std::string& reason) {
  if (closed_ || draining_) return;
  if (!connected_) {
    finish(reason);
    return;
  }
  send("QUIT");
  draining_ = true;
  drain_ = drain;
  drain_started_at_ = SteadyClock::now();
  drain_deadline_ = drain_started_at_ + 5 * drain;
  drain_reason_ = reason;
}

void IrcConnection::finish(const std::string& reason) {
  if (closed_) return;
  closed_ = true;
  close_reason_ = reason;
  transport_->close();
  outbox_signal_.cancel();
  watchdog_timer_.cancel();
  if (!connected_ && on_connected_) {
    auto cb = std::move(on_connected_);
    on_connected_ = nullptr;
    cb(false, reason);
  }
  if (on_closed_) {
    auto cb = std::move(on_closed_);
    on_closed_ = nullptr;
    cb(reason);
  }
}

net::awaitable<void> IrcConnection::run() {
  auto self = shared_from_this();
  error_code ec = co_await transport_->connect();
  if (closed_) co_return;  // the deadline passed (watchdog) or closed by the owner
  if (ec) {
    finish("cannot connect: " + ec.message());
    co_return;
  }
  connected_ = true;
  last_read_at_ = SteadyClock::now();
  if (on_connected_) {
    auto cb = std::move(on_connected_);
    on_connected_ = nullptr;
    cb(true, {});
  }
  if (closed_) co_return;
  net::co_spawn(executor_, [self]() { return self->write_loop(); }, net::detached);

  std::string buffer(kReadChunk, '\0');
  std::string partial;  // the start of a line whose end has not arrived yet
  while (!closed_) {
    const std::size_t n = co_await transport_->read_some(net::buffer(buffer), ec);
    if (closed_) co_return;
    if (ec) {
      // Whatever is in `partial` is a half-received line: discarded, never delivered.
      finish(ec == net::error::eof ? "the server closed the connection"
                                   : "read failed: " + ec.message());
      co_return;
    }
    bytes_read_ += n;
    last_read_at_ = SteadyClock::now();
    ping_outstanding_ = false;
    const TimestampMs received = wall_clock_ms();
    std::string_view chunk(buffer.data(), n);
    while (!chunk.empty() && !closed_) {
      const std::size_t nl = chunk.find('\n');
      if (nl == std::string_view::npos) {
        partial.append(chunk);
        if (partial.size() > kMaxLine) finish("a line longer than 1 MiB: not IRC");
        break;
      }
      std::string_view line = chunk.substr(0, nl);
      chunk.remove_prefix(nl + 1);
      if (!partial.empty()) {
        partial.append(line);
        line = partial;
      }
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!line.empty()) on_line_(line, received);
      partial.clear();
    }
    if (on_read_end_) on_read_end_();
  }
}

net::awaitable<void> IrcConnection::write_loop() {
  auto self = shared_from_this();
  while (!closed_) {
    if (outbox_.empty()) {
      error_code ignored;
      outbox_signal_.expires_at(SteadyClock::time_point::max());
      co_await outbox_signal_.async_wait(net::redirect_error(net::use_awaitable, ignored));
      continue;
    }
    // Write every queued line in one go.
    std::string batch;
    while (!outbox_.empty()) {
      batch += outbox_.front();
      outbox_.pop_front();
    }
    error_code ec;
    writing_ = true;
    write_started_at_ = SteadyClock::now();
    co_await transport_->write(batch, ec);
    writing_ = false;
    if (closed_) co_return;
    if (ec) {
      finish("write failed: " + ec.message());
      co_return;
    }
  }
}

net::awaitable<void> IrcConnection::watchdog() {
  auto self = shared_from_this();
  const auto shortest = std::min({timings_.ping_interval, timings_.pong_timeout,
                                  timings_.connect_timeout, timings_.write_timeout});
  const auto tick = std::clamp<std::chrono::milliseconds>(shortest / 5, std::chrono::milliseconds(5),
                                                          std::chrono::milliseconds(1000));
  auto last_tick = SteadyClock::now();
  while (!closed_) {
    error_code ignored;
    watchdog_timer_.expires_after(tick);
    co_await watchdog_timer_.async_wait(net::redirect_error(net::use_awaitable, ignored));
    if (closed_) co_return;
    const auto now = SteadyClock::now();
    // Woken far too late: this thread was blocked (a sink applying backpressure), so the
    // silence was ours, not the link's. Start the silence count again.
    if (now - last_tick > 3 * tick + std::chrono::milliseconds(250)) {
      last_read_at_ = now;
      ping_outstanding_ = false;
      if (writing_) write_started_at_ = now;
    }
    last_tick = now;
    if (draining_) {
      // Done when the server has been silent for `drain` (it is not going to close the
      // link) or at the hard deadline; a busy link keeps being read until then.
      const auto quiet_since = std::max(last_read_at_, drain_started_at_);
      if (now - quiet_since > drain_ || now >= drain_deadline_) finish(drain_reason_);
      continue;
    }
    if (!connected_) {
      if (now - started_at_ > timings_.connect_timeout) finish("connect timed out");
      continue;
    }
    if (writing_ && now - write_started_at_ > timings_.write_timeout) {
      finish("write timed out: dead link");
    } else if (ping_outstanding_) {
      if (now - ping_sent_at_ > timings_.pong_timeout) {
        finish("no answer to our PING: dead link");
      }
    } else if (now - last_read_at_ > timings_.ping_interval) {
      ping_outstanding_ = true;
      ping_sent_at_ = now;
      send("PING :pererecos");
    }
  }
}

}  // namespace pererecos::twitch
