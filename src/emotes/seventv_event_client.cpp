// g++ 12 reports a false -Wmismatched-new-delete on Asio's coroutine frame allocator
// (awaitable_frame_base::operator new/delete) when a coroutine is inlined at -O2.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <utility>  // before boost/asio/awaitable.hpp (Boost 1.74)

#include "emotes/seventv_event_client.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <spdlog/spdlog.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <future>
#include <mutex>
#include <random>
#include <thread>

#include "emotes/emote_providers.h"
#include "emotes/websocket_url.h"

namespace pererecos::emotes {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using asio::redirect_error;
using asio::use_awaitable;

constexpr std::size_t kMaxMessageBytes = 4u << 20;  // a dispatch of a big set change fits
constexpr std::chrono::milliseconds kDefaultHeartbeat{45'000};

bool is_safe_type(const std::string& type) {
  if (type.empty() || type.size() > 64) return false;
  for (char c : type) {
    if (!((c >= 'a' && c <= 'z') || c == '.' || c == '_' || c == '*')) return false;
  }
  return true;
}

// One connection: the stream and what its reader, writer and watchdog share.
template <typename Stream>
struct Connection {
  template <typename... Args>
  explicit Connection(asio::io_context& ioc, Args&&... args)
      : ws(std::forward<Args>(args)...), wake(ioc), watchdog(ioc) {}
  Stream ws;
  asio::steady_timer wake;      // wakes the writer when the outbox fills
  asio::steady_timer watchdog;  // fires at `deadline`
  std::deque<std::string> outbox;
  Clock::time_point deadline;   // no message by then = dead link
  bool done = false;
  bool dead = false;

  void close() {
    done = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws).socket().close(ignored);
    wake.cancel();
    watchdog.cancel();
  }
};

}  // namespace

struct SevenTvEventClient::Impl {
  SevenTvEventOptions options;
  SevenTvEventHandlers handlers;
  WebSocketUrl url;
  asio::io_context ioc;
  asio::ssl::context tls{asio::ssl::context::tls_client};
  std::thread thread;
  std::mt19937_64 rng{std::random_device{}()};

  // Only touched on the io thread.
  bool stopping = false;
  asio::steady_timer backoff{ioc};
  std::function<void()> close_current;             // the live connection (or resolver)
  std::function<void(std::string)> send_current;   // queue a message on the live session
  bool in_session = false;
  std::set<SevenTvSubscription> desired;
  std::set<SevenTvSubscription> sent;
  std::int64_t subscription_limit = -1;

  mutable std::mutex status_mutex;
  SevenTvEventStatus st;  // guarded by status_mutex

  Impl(SevenTvEventOptions o, SevenTvEventHandlers h)
      : options(std::move(o)), handlers(std::move(h)) {}

  template <typename F>
  void update_status(F&& f) {
    std::lock_guard lock(status_mutex);
    f(st);
  }

  void sync_subscriptions() {
    if (!in_session || !send_current) return;
    std::size_t count = 0;
    for (const SevenTvSubscription& s : sent) {
      if (!desired.contains(s)) {
        send_current(seventv_subscription_message(SevenTvOp::kUnsubscribe, s.type, s.object_id));
      }
    }
    std::set<SevenTvSubscription> now_sent;
    for (const SevenTvSubscription& s : desired) {
      if (subscription_limit >= 0 && static_cast<std::int64_t>(count) >= subscription_limit) {
        spdlog::warn("7tv events: the server allows {} subscriptions; {} are wanted",
                     subscription_limit, desired.size());
        break;
      }
      ++count;
      if (!sent.contains(s)) {
        send_current(seventv_subscription_message(SevenTvOp::kSubscribe, s.type, s.object_id));
      }
      now_sent.insert(s);
    }
    sent = std::move(now_sent);
  }

  std::chrono::milliseconds next_delay(int failures, bool quick) {
    const auto min = options.backoff_min.count();
    if (quick) return std::chrono::milliseconds(std::uniform_int_distribution<long>(0, min)(rng));
    long cap = min;
    for (int i = 0; i < failures && cap < options.backoff_max.count(); ++i) cap *= 2;
    cap = std::min<long>(cap, options.backoff_max.count());
    return std::chrono::milliseconds(
        std::uniform_int_distribution<long>(min, std::max<long>(min, cap))(rng));
  }

  asio::awaitable<void> run() {
    int failures = 0;
    while (!stopping) {
      const auto started = Clock::now();
      bool had_session = false;
      bool quick = false;
      std::string error;
      update_status([](SevenTvEventStatus& s) { ++s.connects; });
      if (url.tls) {
        using Stream = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;
        auto c = std::make_shared<Connection<Stream>>(ioc, ioc, tls);
        co_await session(c, had_session, quick, error);
      } else {
        using Stream = websocket::stream<beast::tcp_stream>;
        auto c = std::make_shared<Connection<Stream>>(ioc, ioc);
        co_await session(c, had_session, quick, error);
      }
      in_session = false;
      send_current = nullptr;
      close_current = nullptr;
      sent.clear();
      update_status([&](SevenTvEventStatus& s) {
        s.connected = false;
        s.last_error = error;
      });
      if (stopping) break;
      if (had_session && Clock::now() - started >= options.stable_after) failures = 0;
      const auto delay = next_delay(failures, quick);
      if (!quick) ++failures;
      spdlog::warn("7tv events: {}; reconnecting in {} ms", error, delay.count());
      backoff.expires_after(delay);
      beast::error_code ec;
      co_await backoff.async_wait(redirect_error(use_awaitable, ec));
    }
  }

  template <typename Stream>
  asio::awaitable<void> session(std::shared_ptr<Connection<Stream>> c, bool& had_session,
                                bool& quick, std::string& error) {
    beast::error_code ec;
    auto& tcp_layer = beast::get_lowest_layer(c->ws);
    tcp::resolver resolver(ioc);
    close_current = [&resolver, c] {
      resolver.cancel();
      c->close();
    };
    // Resolving has no timeout of its own: a timer cancels it.
    asio::steady_timer resolve_guard(ioc);
    resolve_guard.expires_after(options.connect_timeout);
    resolve_guard.async_wait([&resolver](beast::error_code e) {
      if (!e) resolver.cancel();
    });
    auto endpoints = co_await resolver.async_resolve(url.host, std::to_string(url.port),
                                                     redirect_error(use_awaitable, ec));
    resolve_guard.cancel();
    if (ec || stopping) {
      error = "resolving " + url.host + ": " + ec.message();
      co_return;
    }
    close_current = [c] { c->close(); };
    tcp_layer.expires_after(options.connect_timeout);
    co_await tcp_layer.async_connect(endpoints, redirect_error(use_awaitable, ec));
    if (ec) {
      error = "connecting to " + url.host + ":" + std::to_string(url.port) + ": " + ec.message();
      co_return;
    }
    if constexpr (!std::is_same_v<Stream, websocket::stream<beast::tcp_stream>>) {
      if (Status s = prepare_tls(c->ws.next_layer().native_handle()); !s) {
        error = s.message();
        co_return;
      }
      co_await c->ws.next_layer().async_handshake(asio::ssl::stream_base::client,
                                                  redirect_error(use_awaitable, ec));
      if (ec) {
        error = "TLS handshake with " + url.host + ": " + ec.message();
        co_return;
      }
    }
    c->ws.read_message_max(kMaxMessageBytes);
    c->ws.set_option(websocket::stream_base::decorator([ua = options.user_agent](
                                                           websocket::request_type& req) {
      req.set(beast::http::field::user_agent, ua);
    }));
    const bool default_port = url.port == (url.tls ? 443 : 80);
    // A named string: g++ 12 mishandles temporaries of a ?: inside a co_await expression.
    std::string host_header = url.host;
    if (!default_port) host_header += ":" + std::to_string(url.port);
    co_await c->ws.async_handshake(host_header, url.target, redirect_error(use_awaitable, ec));
    if (ec) {
      error = "WebSocket handshake with " + url.host + ": " + ec.message();
      co_return;
    }
    tcp_layer.expires_never();
    c->ws.text(true);
    c->deadline = Clock::now() + options.hello_timeout;
    send_current = [c](std::string m) {
      c->outbox.push_back(std::move(m));
      c->wake.cancel();
    };
    asio::co_spawn(ioc, writer(c), asio::detached);
    asio::co_spawn(ioc, watchdog(c), asio::detached);

    std::chrono::milliseconds heartbeat = kDefaultHeartbeat;
    beast::flat_buffer buffer;
    while (!stopping) {
      co_await c->ws.async_read(buffer, redirect_error(use_awaitable, ec));
      if (ec) {
        error = c->dead ? "no message for 3 heartbeat intervals (dead link)"
                        : "connection closed: " + ec.message();
        if (c->ws.reason().code != 0) {
          error += " (close code " + std::to_string(c->ws.reason().code) + ")";
        }
        break;
      }
      std::string text = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      Result<SevenTvEvent> event = parse_seventv_event(text);
      if (!event) {
        spdlog::warn("7tv events: ignoring a message: {}", event.error());
        continue;
      }
      c->deadline = Clock::now() + (in_session ? 3 * heartbeat : options.hello_timeout);
      const auto op = static_cast<SevenTvOp>(event->op);
      if (op == SevenTvOp::kHello) {
        if (event->heartbeat_interval_ms > 0) {
          heartbeat = std::chrono::milliseconds(event->heartbeat_interval_ms);
        }
        subscription_limit = event->subscription_limit;
        c->deadline = Clock::now() + 3 * heartbeat;
        c->watchdog.cancel();  // re-armed at the new, maybe earlier, deadline
        in_session = true;
        had_session = true;
        sync_subscriptions();
        update_status([](SevenTvEventStatus& s) {
          s.connected = true;
          ++s.sessions;
        });
        spdlog::info("7tv events: session {} (heartbeat {} ms), {} subscription(s)",
                     event->session_id, heartbeat.count(), sent.size());
        if (handlers.on_session) handlers.on_session();
      } else if (op == SevenTvOp::kDispatch) {
        update_status([](SevenTvEventStatus& s) { ++s.dispatches; });
        if (handlers.on_dispatch) handlers.on_dispatch(*event);
      } else if (op == SevenTvOp::kReconnect) {
        error = "the server asked to reconnect (" + event->message + ")";
        quick = true;
        break;
      } else if (op == SevenTvOp::kEndOfStream) {
        error = "end of stream, code " + std::to_string(event->code) + " (" + event->message + ")";
        break;
      } else if (op == SevenTvOp::kError) {
        spdlog::warn("7tv events: the server reports an error: {}", event->message);
      }
    }
    c->close();
  }

  template <typename Stream>
  asio::awaitable<void> writer(std::shared_ptr<Connection<Stream>> c) {
    beast::error_code ec;
    while (!c->done) {
      if (c->outbox.empty()) {
        c->wake.expires_at(Clock::time_point::max());
        co_await c->wake.async_wait(redirect_error(use_awaitable, ec));
        continue;
      }
      std::string message = std::move(c->outbox.front());
      c->outbox.pop_front();
      co_await c->ws.async_write(asio::buffer(message), redirect_error(use_awaitable, ec));
      if (ec) {
        c->close();
        break;
      }
    }
  }

  template <typename Stream>
  asio::awaitable<void> watchdog(std::shared_ptr<Connection<Stream>> c) {
    beast::error_code ec;
    while (!c->done) {
      c->watchdog.expires_at(c->deadline);
      co_await c->watchdog.async_wait(redirect_error(use_awaitable, ec));
      if (c->done) break;
      if (Clock::now() >= c->deadline) {
        c->dead = true;
        c->close();
        break;
      }
    }
  }

  // SNI and the name (or address) the certificate must match.
  Status prepare_tls(SSL* ssl) {
    beast::error_code ec;
    asio::ip::make_address(url.host, ec);
    const bool is_ip = !ec;
    if (is_ip) {
      if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), url.host.c_str()) != 1) {
        return Status::error("TLS: cannot verify the address " + url.host);
      }
    } else {
      if (SSL_set_tlsext_host_name(ssl, url.host.c_str()) != 1 ||
          SSL_set1_host(ssl, url.host.c_str()) != 1) {
        return Status::error("TLS: cannot set the host name " + url.host);
      }
    }
    return Status::ok();
  }
};

SevenTvEventClient::SevenTvEventClient(SevenTvEventOptions options, SevenTvEventHandlers handlers)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handlers))) {}

SevenTvEventClient::~SevenTvEventClient() { stop(); }

Status SevenTvEventClient::start() {
  Impl& m = *impl_;
  if (m.thread.joinable()) return Status::ok();
  Result<WebSocketUrl> url = parse_websocket_url(m.options.url);
  if (!url) return url.status();
  m.url = *url;
  beast::error_code ec;
  m.tls.set_verify_mode(asio::ssl::verify_peer, ec);
  m.tls.set_default_verify_paths(ec);
  if (!m.options.ca_file.empty()) {
    m.tls.load_verify_file(m.options.ca_file, ec);
    if (ec) return Status::error("7TV events CA file " + m.options.ca_file + ": " + ec.message());
  }
  asio::co_spawn(m.ioc, m.run(), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("7tv events: the client stopped: {}", ex.what());
    }
  });
  m.thread = std::thread([&m] { m.ioc.run(); });
  return Status::ok();
}

void SevenTvEventClient::stop() {
  Impl& m = *impl_;
  if (!m.thread.joinable()) return;
  asio::post(m.ioc, [&m] {
    m.stopping = true;
    m.backoff.cancel();
    if (m.close_current) m.close_current();
  });
  m.thread.join();
}

void SevenTvEventClient::set_subscriptions(std::set<SevenTvSubscription> subscriptions) {
  std::erase_if(subscriptions, [](const SevenTvSubscription& s) {
    return !is_safe_type(s.type) || !is_safe_path_id(s.object_id);
  });
  impl_->update_status([&](SevenTvEventStatus& s) { s.subscriptions = subscriptions.size(); });
  asio::post(impl_->ioc, [m = impl_.get(), subs = std::move(subscriptions)]() mutable {
    m->desired = std::move(subs);
    m->sync_subscriptions();
  });
}

SevenTvEventStatus SevenTvEventClient::status() const {
  std::lock_guard lock(impl_->status_mutex);
  return impl_->st;
}

}  // namespace pererecos::emotes
