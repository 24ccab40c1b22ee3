#include "fakes/fake_twitch_irc.h"

#include <algorithm>
#include <utility>
// clang-format off
#include <boost/asio/awaitable.hpp>
// clang-format on
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace pererecos::testing {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;

// Either a plain socket or a TLS stream over one.
class ServerStream {
 public:
  ServerStream(tcp::socket socket, net::ssl::context* tls) {
    if (tls) {
      tls_ = std::make_unique<net::ssl::stream<tcp::socket>>(std::move(socket), *tls);
    } else {
      plain_ = std::make_unique<tcp::socket>(std::move(socket));
    }
  }
  tcp::socket& socket() { return tls_ ? tls_->next_layer() : *plain_; }
  net::awaitable<error_code> handshake() {
    error_code ec;
    if (tls_) {
      co_await tls_->async_handshake(net::ssl::stream_base::server,
                                     net::redirect_error(net::use_awaitable, ec));
    }
    co_return ec;
  }
  net::awaitable<std::size_t> read(net::mutable_buffer b, error_code& ec) {
    if (tls_) co_return co_await tls_->async_read_some(b, net::redirect_error(net::use_awaitable, ec));
    co_return co_await plain_->async_read_some(b, net::redirect_error(net::use_awaitable, ec));
  }
  net::awaitable<void> write(const std::string& s, error_code& ec) {
    if (tls_) {
      co_await net::async_write(*tls_, net::buffer(s), net::redirect_error(net::use_awaitable, ec));
    } else {
      co_await net::async_write(*plain_, net::buffer(s), net::redirect_error(net::use_awaitable, ec));
    }
  }
  void shutdown_send() {
    error_code ignored;
    socket().shutdown(tcp::socket::shutdown_send, ignored);
  }
  void close() {
    error_code ignored;
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
  }

 private:
  std::unique_ptr<tcp::socket> plain_;
  std::unique_ptr<net::ssl::stream<tcp::socket>> tls_;
};

struct Outgoing {
  std::string bytes;
  std::vector<std::string> ids;  // PRIVMSG ids in `bytes`, delivered when written
  enum class Then { kNothing, kShutdown } then = Then::kNothing;
};

std::string tag_value(const std::string& line, const std::string& key) {
  if (line.empty() || line[0] != '@') return {};
  const std::size_t end = line.find(' ');
  const std::string tags = line.substr(1, end - 1);
  std::size_t at = 0;
  while (at < tags.size()) {
    std::size_t semi = tags.find(';', at);
    if (semi == std::string::npos) semi = tags.size();
    const std::string entry = tags.substr(at, semi - at);
    if (entry.rfind(key + "=", 0) == 0) return entry.substr(key.size() + 1);
    at = semi + 1;
  }
  return {};
}

// "#chan" of a PRIVMSG/CLEARCHAT/... line: the first parameter after the command.
std::string channel_of_line(const std::string& line) {
  std::size_t at = 0;
  if (!line.empty() && line[0] == '@') at = line.find(' ') + 1;
  if (at < line.size() && line[at] == ':') at = line.find(' ', at) + 1;
  const std::size_t command_end = line.find(' ', at);
  if (command_end == std::string::npos) return {};
  std::size_t p = command_end + 1;
  if (p >= line.size() || line[p] != '#') return {};
  const std::size_t end = line.find(' ', p);
  return line.substr(p + 1, end == std::string::npos ? std::string::npos : end - p - 1);
}

}  // namespace

class FakeTwitchIrc::Impl {
 public:
  struct Session : std::enable_shared_from_this<Session> {
    Session(Impl& server, tcp::socket socket, net::ssl::context* tls)
        : server(server), stream(std::move(socket), tls), signal(server.ioc) {}
    Impl& server;
    ServerStream stream;
    net::steady_timer signal;
    std::deque<Outgoing> outbox;
    std::string nick;
    std::string pass;
    bool logged_in = false;
    bool stalled = false;
    bool closed = false;
    bool writing = false;
    bool dropping = false;  // a drop is queued: takes no new lines, counts as gone
    std::set<std::string> joined;

    void queue(Outgoing o) {
      if (closed || stalled || dropping) return;
      outbox.push_back(std::move(o));
      signal.cancel();
    }
    void send(const std::string& line) { queue(Outgoing{line + "\r\n", {}, Outgoing::Then::kNothing}); }
    void close() {
      if (closed) return;
      closed = true;
      stream.close();
      signal.cancel();
      server.on_closed(this);
    }
  };

  explicit Impl(FakeTwitchIrcOptions options)
      : options(std::move(options)), acceptor(ioc) {
    if (!this->options.cert_file.empty()) {
      tls = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
      tls->use_certificate_chain_file(this->options.cert_file);
      tls->use_private_key_file(this->options.key_file, net::ssl::context::pem);
    }
    tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), this->options.port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen();
    port = acceptor.local_endpoint().port();
    net::co_spawn(ioc, accept_loop(), net::detached);
    thread = std::thread([this] { ioc.run(); });
  }
  ~Impl() {
    net::post(ioc, [this] {
      error_code ignored;
      acceptor.close(ignored);
      for (auto& s : std::vector(sessions)) s->close();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ioc.stop();
    thread.join();
  }

  // Runs fn on the server thread and waits for its result.
  template <typename Fn>
  auto call(Fn fn) {
    std::promise<decltype(fn())> done;
    auto future = done.get_future();
    net::post(ioc, [&] {
      if constexpr (std::is_void_v<decltype(fn())>) {
        fn();
        done.set_value();
      } else {
        done.set_value(fn());
      }
    });
    return future.get();
  }

  net::awaitable<void> accept_loop() {
    for (;;) {
      error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(net::redirect_error(net::use_awaitable, ec));
      if (ec) {
        if (!acceptor.is_open()) co_return;
        continue;
      }
      {
        std::lock_guard lock(mu);
        ++counters.connections;
        if (refusing) {
          ++counters.refused;
          socket.close(ec);
          continue;
        }
      }
      auto session = std::make_shared<Session>(*this, std::move(socket), tls.get());
      sessions.push_back(session);
      net::co_spawn(ioc, run_session(session), net::detached);
    }
  }

  net::awaitable<void> run_session(std::shared_ptr<Session> s) {
    if (error_code ec = co_await s->stream.handshake(); ec) {
      s->close();
      co_return;
    }
    net::co_spawn(ioc, write_loop(s), net::detached);
    std::string buffer(8192, '\0');
    std::string pending;
    while (!s->closed) {
      error_code ec;
      const std::size_t n = co_await s->stream.read(net::buffer(buffer), ec);
      if (ec) {
        s->close();
        co_return;
      }
      if (s->stalled) continue;  // silent: read and ignore everything
      pending.append(buffer.data(), n);
      std::size_t nl;
      while ((nl = pending.find('\n')) != std::string::npos) {
        std::string line = pending.substr(0, nl);
        pending.erase(0, nl + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        handle(*s, line);
        if (s->closed) co_return;
      }
    }
  }

  net::awaitable<void> write_loop(std::shared_ptr<Session> s) {
    while (!s->closed) {
      if (s->outbox.empty() || s->stalled) {
        error_code ignored;
        s->signal.expires_at(SteadyClock::time_point::max());
        co_await s->signal.async_wait(net::redirect_error(net::use_awaitable, ignored));
        continue;
      }
      Outgoing o = std::move(s->outbox.front());
      s->outbox.pop_front();
      // Merge plain entries into one write (fast replay).
      while (o.then == Outgoing::Then::kNothing && !s->outbox.empty() &&
             s->outbox.front().then == Outgoing::Then::kNothing && o.bytes.size() < (256 << 10)) {
        o.bytes += s->outbox.front().bytes;
        for (auto& id : s->outbox.front().ids) o.ids.push_back(std::move(id));
        s->outbox.pop_front();
      }
      error_code ec;
      s->writing = true;
      co_await s->stream.write(o.bytes, ec);
      s->writing = false;
      if (ec || s->closed) {
        s->close();
        co_return;
      }
      if (!s->stalled) {
        std::lock_guard lock(mu);
        for (auto& id : o.ids) {
          if (delivered_set.insert(id).second) delivered.push_back(id);
        }
      }
      if (o.then == Outgoing::Then::kShutdown) {
        s->stream.shutdown_send();
        auto timer = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(200));
        timer->async_wait([timer, s](error_code) { s->close(); });
        s->outbox.clear();
        s->stalled = true;  // nothing more on this connection
      }
    }
  }

  void handle(Session& s, const std::string& line) {
    {
      std::lock_guard lock(mu);
      received.push_back(line.rfind("PASS ", 0) == 0 ? "PASS <redacted>" : line);
      if (line.rfind("PRIVMSG ", 0) == 0) privmsg_times.push_back(SteadyClock::now());
    }
    if (line.rfind("CAP REQ", 0) == 0) {
      const std::size_t colon = line.find(':');
      s.send(":tmi.twitch.tv CAP * ACK :" + (colon == std::string::npos ? "" : line.substr(colon + 1)));
    } else if (line.rfind("PASS ", 0) == 0) {
      s.pass = line.substr(5);
    } else if (line.rfind("NICK ", 0) == 0) {
      s.nick = line.substr(5);
      const std::string token = s.pass.rfind("oauth:", 0) == 0 ? s.pass.substr(6) : s.pass;
      bool rejected;
      {
        std::lock_guard lock(mu);
        rejected = !s.pass.empty() &&
                   (rejected_tokens.count(token) || (!valid_tokens.empty() && !valid_tokens.count(token)));
        if (rejected) ++counters.rejected_logins;
      }
      if (rejected) {
        s.queue(Outgoing{":tmi.twitch.tv NOTICE * :Login authentication failed\r\n", {},
                         Outgoing::Then::kShutdown});
        return;
      }
      const std::string n = s.nick;
      for (const std::string& l :
           {":tmi.twitch.tv 001 " + n + " :Welcome, GLHF!", ":tmi.twitch.tv 002 " + n + " :Your host is tmi.twitch.tv",
            ":tmi.twitch.tv 003 " + n + " :This server is rather new",
            ":tmi.twitch.tv 004 " + n + " :-", ":tmi.twitch.tv 375 " + n + " :-",
            ":tmi.twitch.tv 372 " + n + " :You are in a maze of twisty passages, all alike.",
            ":tmi.twitch.tv 376 " + n + " :>"}) {
        s.send(l);
      }
      s.logged_in = true;
      std::lock_guard lock(mu);
      ++counters.logins;
    } else if (line.rfind("JOIN ", 0) == 0 && s.logged_in) {
      std::string list = line.substr(5);
      std::size_t at = 0;
      while (at <= list.size()) {
        std::size_t comma = list.find(',', at);
        std::string ch = list.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        if (!ch.empty() && ch[0] == '#') ch.erase(0, 1);
        if (!ch.empty()) join(s, ch);
        if (comma == std::string::npos) break;
        at = comma + 1;
      }
    } else if (line == "QUIT" || line.rfind("QUIT ", 0) == 0) {
      // The session ends: what was written so far was delivered, the rest is dropped; the
      // server then closes its side (and the socket once the client has closed).
      s.outbox.clear();
      s.outbox.push_back(Outgoing{"", {}, Outgoing::Then::kShutdown});
      s.signal.cancel();
      s.dropping = true;
      std::lock_guard lock(mu);
      ++counters.quits;
    } else if (line.rfind("PING", 0) == 0) {
      const std::size_t colon = line.find(':');
      s.send(":tmi.twitch.tv PONG tmi.twitch.tv :" +
             (colon == std::string::npos ? std::string("tmi.twitch.tv") : line.substr(colon + 1)));
      std::lock_guard lock(mu);
      ++counters.pings_from_client;
    }
  }

  void join(Session& s, const std::string& ch) {
    bool refused;
    {
      std::lock_guard lock(mu);
      refused = refused_channels.count(ch) > 0;
    }
    if (refused) {
      s.send("@msg-id=msg_concurrent_channel_limit_reached :tmi.twitch.tv NOTICE #" + ch +
             " :You have reached the maximum number of channels you can join at once.");
      return;
    }
    auto echo = [this, ch](Session& s) {
      const std::string& n = s.nick;
      s.send(":" + n + "!" + n + "@" + n + ".tmi.twitch.tv JOIN #" + ch);
      s.send(":" + n + ".tmi.twitch.tv 353 " + n + " = #" + ch + " :" + n);
      s.send(":" + n + ".tmi.twitch.tv 366 " + n + " #" + ch + " :End of /NAMES list");
      s.send("@badge-info=;badges=;color=;display-name=" + n +
             ";emote-sets=0;mod=0;subscriber=0;user-type= :tmi.twitch.tv USERSTATE #" + ch);
      s.send("@emote-only=0;followers-only=-1;r9k=0;room-id=" + options.room_id +
             ";slow=0;subs-only=0 :tmi.twitch.tv ROOMSTATE #" + ch);
    };
    if (options.join_echo_delay.count() > 0) {
      auto timer = std::make_shared<net::steady_timer>(ioc, options.join_echo_delay);
      auto self = s.shared_from_this();
      timer->async_wait([timer, self, echo](error_code) { echo(*self); });
    } else {
      echo(s);
    }
    s.joined.insert(ch);
    std::lock_guard lock(mu);
    ++counters.joins;
    cv.notify_all();
  }

  void on_closed(Session* s) {
    std::erase_if(sessions, [&](const auto& p) { return p.get() == s; });
    std::lock_guard lock(mu);
    cv.notify_all();
  }

  // Queues lines[from, to) to every session that joined their channel and records them
  // in the channel's history; answers how many went to at least one session.
  std::size_t queue_lines(const std::vector<std::string>& lines, std::size_t from, std::size_t to) {
    std::size_t written = 0;
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    for (std::size_t i = from; i < to; ++i) {
      const std::string& line = lines[i];
      const std::string channel = channel_of_line(line);
      if (!channel.empty() && !line.empty() && line[0] == '@') {
        std::lock_guard lock(mu);
        auto& h = history[channel];
        h.push_back("@historical=1;rm-received-ts=" + std::to_string(now_ms) + ";" +
                    line.substr(1));
        if (options.history_limit > 0 && h.size() > options.history_limit) h.pop_front();
      }
      const std::string id = line.find(" PRIVMSG ") != std::string::npos ? tag_value(line, "id") : "";
      bool any = false;
      for (auto& s : sessions) {
        if (s->closed || s->stalled || s->dropping || !s->joined.count(channel)) continue;
        Outgoing o{line + "\r\n", {}, Outgoing::Then::kNothing};
        if (!id.empty()) o.ids.push_back(id);
        s->queue(std::move(o));
        any = true;
      }
      if (any) ++written;
    }
    return written;
  }

  std::size_t joined_count(const std::string& channel) {
    std::size_t n = 0;
    for (auto& s : sessions) {
      if (!s->closed && !s->stalled && !s->dropping && s->joined.count(channel)) ++n;
    }
    return n;
  }

  FakeTwitchIrcOptions options;
  net::io_context ioc;
  tcp::acceptor acceptor;
  std::unique_ptr<net::ssl::context> tls;
  std::uint16_t port = 0;
  std::thread thread;
  std::vector<std::shared_ptr<Session>> sessions;  // server thread only

  mutable std::mutex mu;
  std::condition_variable cv;
  bool refusing = false;
  std::set<std::string> rejected_tokens;
  std::set<std::string> valid_tokens;  // non-empty: every other token is rejected
  std::set<std::string> refused_channels;
  FakeTwitchIrcCounters counters;
  std::vector<std::string> delivered;
  std::unordered_set<std::string> delivered_set;
  std::map<std::string, std::deque<std::string>> history;  // channel -> recorded lines
  std::vector<std::string> received;
  std::vector<SteadyClock::time_point> privmsg_times;
};

FakeTwitchIrc::FakeTwitchIrc(FakeTwitchIrcOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
FakeTwitchIrc::~FakeTwitchIrc() = default;

std::uint16_t FakeTwitchIrc::port() const { return impl_->port; }
std::string FakeTwitchIrc::url() const {
  return impl_->tls ? "ircs://127.0.0.1:" + std::to_string(impl_->port)
                    : "irc://127.0.0.1:" + std::to_string(impl_->port);
}

std::size_t FakeTwitchIrc::send_lines(const std::vector<std::string>& lines) {
  // Queued in slices, each one turn of the server thread: a whole 200k-line batch held
  // the thread for half a second, no PING was answered meanwhile, and a client with fast
  // timings gave the link up as dead before anything of the batch was written.
  constexpr std::size_t kSlice = 1000;
  std::size_t written = 0;
  for (std::size_t from = 0; from < lines.size(); from += kSlice) {
    const std::size_t to = std::min(lines.size(), from + kSlice);
    written += impl_->call([&] { return impl_->queue_lines(lines, from, to); });
  }
  return written;
}

bool FakeTwitchIrc::flush(std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  while (SteadyClock::now() < deadline) {
    const bool idle = impl_->call([&] {
      for (auto& s : impl_->sessions) {
        if (!s->closed && !s->stalled && (s->writing || !s->outbox.empty())) return false;
      }
      return true;
    });
    if (idle) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

std::vector<std::string> FakeTwitchIrc::delivered_ids() const {
  std::lock_guard lock(impl_->mu);
  return impl_->delivered;
}

std::vector<std::string> FakeTwitchIrc::history(const std::string& channel) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->history.find(channel);
  if (it == impl_->history.end()) return {};
  return std::vector<std::string>(it->second.begin(), it->second.end());
}

void FakeTwitchIrc::set_refusing(bool refusing) {
  std::lock_guard lock(impl_->mu);
  impl_->refusing = refusing;
}

void FakeTwitchIrc::drop_mid_line(const std::string& line) {
  impl_->call([&] {
    for (auto& s : std::vector(impl_->sessions)) {
      s->queue(Outgoing{line.substr(0, line.size() / 2), {}, Outgoing::Then::kShutdown});
      s->dropping = true;
    }
  });
}

void FakeTwitchIrc::stall() {
  impl_->call([&] {
    for (auto& s : impl_->sessions) {
      s->stalled = true;
      s->outbox.clear();
    }
  });
}

void FakeTwitchIrc::send_reconnect() {
  impl_->call([&] {
    for (auto& s : std::vector(impl_->sessions)) {
      if (s->closed || s->stalled) continue;
      s->send(":tmi.twitch.tv RECONNECT");
      auto timer = std::make_shared<net::steady_timer>(impl_->ioc, impl_->options.reconnect_grace);
      timer->async_wait([timer, s](error_code) { s->close(); });
    }
  });
}

void FakeTwitchIrc::reject_token(const std::string& token) {
  std::lock_guard lock(impl_->mu);
  impl_->rejected_tokens.insert(token);
}
void FakeTwitchIrc::accept_token(const std::string& token) {
  std::lock_guard lock(impl_->mu);
  impl_->rejected_tokens.erase(token);
}
void FakeTwitchIrc::set_valid_tokens(std::set<std::string> tokens) {
  std::lock_guard lock(impl_->mu);
  impl_->valid_tokens = std::move(tokens);
}
void FakeTwitchIrc::refuse_join(const std::string& channel) {
  std::lock_guard lock(impl_->mu);
  impl_->refused_channels.insert(channel);
}

bool FakeTwitchIrc::wait_joined(const std::string& channel, std::size_t count,
                                std::chrono::milliseconds timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  while (SteadyClock::now() < deadline) {
    if (impl_->call([&] { return impl_->joined_count(channel); }) >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

FakeTwitchIrcCounters FakeTwitchIrc::counters() const {
  const std::size_t live = impl_->call([&] {
    std::size_t n = 0;
    for (auto& s : impl_->sessions) n += (s->logged_in && !s->closed) ? 1 : 0;
    return n;
  });
  std::lock_guard lock(impl_->mu);
  FakeTwitchIrcCounters c = impl_->counters;
  c.live_sessions = live;
  return c;
}

std::vector<std::string> FakeTwitchIrc::received_lines() const {
  std::lock_guard lock(impl_->mu);
  return impl_->received;
}

std::vector<std::chrono::steady_clock::time_point> FakeTwitchIrc::privmsg_times() const {
  std::lock_guard lock(impl_->mu);
  return impl_->privmsg_times;
}

std::string make_privmsg_line(const std::string& channel, const std::string& room_id,
                              const std::string& id, const std::string& login,
                              const std::string& user_id, const std::string& text,
                              std::int64_t sent_ms) {
  return "@badge-info=;badges=;client-nonce=0;color=#1E90FF;display-name=" + login +
         ";emotes=;first-msg=0;flags=;id=" + id + ";mod=0;returning-chatter=0;room-id=" + room_id +
         ";subscriber=0;tmi-sent-ts=" + std::to_string(sent_ms) + ";turbo=0;user-id=" + user_id +
         ";user-type= :" + login + "!" + login + "@" + login + ".tmi.twitch.tv PRIVMSG #" +
         channel + " :" + text;
}

std::string live_line(const std::string& recorded) {
  if (recorded.empty() || recorded[0] != '@') return recorded;
  const std::size_t end = recorded.find(' ');
  std::string tags = recorded.substr(1, end - 1);
  std::string kept;
  std::size_t at = 0;
  while (at < tags.size()) {
    std::size_t semi = tags.find(';', at);
    if (semi == std::string::npos) semi = tags.size();
    const std::string entry = tags.substr(at, semi - at);
    if (entry.rfind("historical=", 0) != 0 && entry.rfind("rm-received-ts=", 0) != 0) {
      kept += (kept.empty() ? "" : ";") + entry;
    }
    at = semi + 1;
  }
  return "@" + kept + recorded.substr(end);
}

}  // namespace pererecos::testing
