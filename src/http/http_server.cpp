#include "http/http_server.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "http/asio_common.h"
#include "http/listener.h"

namespace pererecos::http {

struct HttpServer::Impl {
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  explicit Impl(int concurrency_hint) : ioc(concurrency_hint) {}
};

HttpServer::HttpServer(HttpServerOptions options, const ApiHandler& handler)
    : options_(std::move(options)), handler_(handler) {
  if (options_.threads == 0) {
    options_.threads = std::max(1u, std::thread::hardware_concurrency());
  }
  impl_ = std::make_unique<Impl>(static_cast<int>(options_.threads));
}

HttpServer::~HttpServer() {
  stop();
  wait();
  // Destroying impl_ destroys the io_context and with it every suspended coroutine.
}

Status HttpServer::start() {
  if (started_.exchange(true)) return Status::error("http server already started");
  beast::error_code ec;
  const auto address = net::ip::make_address(options_.address, ec);
  if (ec)
    return Status::error("invalid listen address '" + options_.address + "': " + ec.message());
  const tcp::endpoint endpoint(address, options_.port);
  tcp::acceptor& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::error("cannot listen on " + options_.address + ":" +
                         std::to_string(options_.port) + ": " + ec.message());
  }
  port_ = acceptor.local_endpoint(ec).port();

  net::co_spawn(impl_->ioc, run_listener(acceptor, handler_, options_), net::detached);
  std::lock_guard<std::mutex> lock(threads_mutex_);
  for (unsigned i = 0; i < options_.threads; ++i) {
    threads_.emplace_back([this] {
      for (;;) {
        try {
          impl_->ioc.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("http: I/O thread: {}", e.what());
        }
      }
    });
  }
  spdlog::info("http: listening on {}:{} with {} I/O threads", options_.address, port_,
               options_.threads);
  return Status::ok();
}

void HttpServer::stop() {
  // Close the acceptor on the loop (it is not thread-safe), then stop the loop. If the
  // loop is not running, stop() alone suffices and the acceptor closes in ~Impl.
  net::post(impl_->ioc, [impl = impl_.get()] {
    beast::error_code ec;
    impl->acceptor.close(ec);
  });
  impl_->ioc.stop();
}

void HttpServer::wait() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(threads_mutex_);
    threads.swap(threads_);
  }
  for (auto& t : threads) {
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  }
}

Status HttpServer::run() {
  if (Status s = start(); !s) return s;
  wait();
  return Status::ok();
}

}  // namespace pererecos::http
