#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <utility>  // before boost/asio/awaitable.hpp (Boost 1.74)

#include "emotes/fake_seventv_events.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "emotes/seventv_events.h"

namespace pererecos::emotes::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using asio::redirect_error;
using asio::use_awaitable;

struct Conn {
  explicit Conn(tcp::socket s) : ws(std::move(s)), wake(ws.get_executor()) {}
  websocket::stream<tcp::socket> ws;
  asio::steady_timer wake;
  std::deque<std::string> outbox;  // "" = close after what precedes
  bool done = false;
  int number = 0;
  void close() {
    done = true;
    beast::error_code ignored;
    ws.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
    ws.next_layer().close(ignored);
    wake.cancel();
  }
  void send(std::string text) {
    outbox.push_back(std::move(text));
    wake.cancel();
  }
};

}  // namespace

struct FakeSevenTvEvents::Impl {
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::chrono::milliseconds heartbeat;
  bool heartbeats = true;                   // io thread
  std::map<int, std::shared_ptr<Conn>> open;  // io thread
  std::thread thread;

  mutable std::mutex mutex;
  int accepted = 0;                                   // guarded by mutex
  int open_count = 0;                                 // guarded by mutex
  std::vector<std::string> received;                  // guarded by mutex
  std::map<int, std::set<std::string>> subscriptions; // guarded by mutex

  asio::awaitable<void> accept_loop() {
    while (true) {
      beast::error_code ec;
      tcp::socket socket = co_await acceptor.async_accept(redirect_error(use_awaitable, ec));
      if (ec) co_return;
      auto c = std::make_shared<Conn>(std::move(socket));
      asio::co_spawn(ioc, serve(c), asio::detached);
    }
  }

  asio::awaitable<void> serve(std::shared_ptr<Conn> c) {
    beast::error_code ec;
    co_await c->ws.async_accept(redirect_error(use_awaitable, ec));
    if (ec) co_return;
    {
      std::lock_guard lock(mutex);
      c->number = ++accepted;
      ++open_count;
    }
    open[c->number] = c;
    c->ws.text(true);
    c->send(R"({"op":1,"t":1,"d":{"heartbeat_interval":)" + std::to_string(heartbeat.count()) +
            R"(,"session_id":"session)" + std::to_string(c->number) +
            R"(","subscription_limit":500}})");
    asio::co_spawn(ioc, writer(c), asio::detached);
    asio::co_spawn(ioc, beat(c), asio::detached);
    beast::flat_buffer buffer;
    while (!c->done) {
      co_await c->ws.async_read(buffer, redirect_error(use_awaitable, ec));
      if (ec) break;
      std::string text = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      auto event = parse_seventv_event(text);
      {
        std::lock_guard lock(mutex);
        received.push_back(std::to_string(c->number) + " " + text);
      }
      if (!event) continue;
      // The object id of a (un)subscribe sits in d.condition, which the parser skips:
      // take it from the text.
      const std::size_t at = text.find("\"object_id\":\"");
      std::string id;
      if (at != std::string::npos) {
        const std::size_t start = at + 13;
        id = text.substr(start, text.find('"', start) - start);
      }
      std::lock_guard lock(mutex);
      if (event->op == static_cast<int>(SevenTvOp::kSubscribe)) {
        subscriptions[c->number].insert(id);
        c->send(R"({"op":5,"t":2,"d":{"command":"SUBSCRIBE","data":{}}})");
      } else if (event->op == static_cast<int>(SevenTvOp::kUnsubscribe)) {
        subscriptions[c->number].erase(id);
      }
    }
    c->close();
    open.erase(c->number);
    std::lock_guard lock(mutex);
    --open_count;
  }

  asio::awaitable<void> writer(std::shared_ptr<Conn> c) {
    beast::error_code ec;
    while (!c->done) {
      if (c->outbox.empty()) {
        c->wake.expires_at(asio::steady_timer::time_point::max());
        co_await c->wake.async_wait(redirect_error(use_awaitable, ec));
        continue;
      }
      std::string text = std::move(c->outbox.front());
      c->outbox.pop_front();
      if (text.empty()) {
        c->close();
        break;
      }
      co_await c->ws.async_write(asio::buffer(text), redirect_error(use_awaitable, ec));
      if (ec) break;
    }
  }

  asio::awaitable<void> beat(std::shared_ptr<Conn> c) {
    asio::steady_timer timer(ioc);
    std::int64_t count = 0;
    while (!c->done) {
      timer.expires_after(heartbeat);
      beast::error_code ec;
      co_await timer.async_wait(redirect_error(use_awaitable, ec));
      if (c->done) break;
      if (heartbeats) {
        c->send(R"({"op":2,"t":3,"d":{"count":)" + std::to_string(++count) + "}}");
      }
    }
  }
};

FakeSevenTvEvents::FakeSevenTvEvents(std::chrono::milliseconds heartbeat)
    : impl_(std::make_shared<Impl>()) {
  impl_->heartbeat = heartbeat;
  asio::co_spawn(impl_->ioc, impl_->accept_loop(), asio::detached);
  impl_->thread = std::thread([m = impl_.get()] { m->ioc.run(); });
}

FakeSevenTvEvents::~FakeSevenTvEvents() {
  asio::post(impl_->ioc, [m = impl_.get()] {
    beast::error_code ignored;
    m->acceptor.close(ignored);
    for (auto& [n, c] : m->open) c->close();
  });
  // Connections' coroutines end once their sockets are closed; stop() covers a straggler.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  impl_->ioc.stop();
  impl_->thread.join();
}

std::string FakeSevenTvEvents::url() const {
  return "ws://127.0.0.1:" + std::to_string(impl_->acceptor.local_endpoint().port()) + "/v3";
}

void FakeSevenTvEvents::send_all(const std::string& text) {
  asio::post(impl_->ioc, [m = impl_.get(), text] {
    for (auto& [n, c] : m->open) c->send(text);
  });
}

void FakeSevenTvEvents::close_all(bool end_of_stream) {
  asio::post(impl_->ioc, [m = impl_.get(), end_of_stream] {
    for (auto& [n, c] : m->open) {
      if (end_of_stream) c->send(R"({"op":7,"t":4,"d":{"code":4006,"message":"Restart"}})");
      c->send("");
    }
  });
}

void FakeSevenTvEvents::set_heartbeats(bool on) {
  asio::post(impl_->ioc, [m = impl_.get(), on] { m->heartbeats = on; });
}

int FakeSevenTvEvents::connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->accepted;
}

int FakeSevenTvEvents::open_connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->open_count;
}

std::vector<std::string> FakeSevenTvEvents::received() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->received;
}

std::vector<std::string> FakeSevenTvEvents::subscribed(int n) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->subscriptions.find(n);
  if (it == impl_->subscriptions.end()) return {};
  return {it->second.begin(), it->second.end()};
}

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

}  // namespace pererecos::emotes::testing
