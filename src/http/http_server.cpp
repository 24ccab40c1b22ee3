#include "http/http_server.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "http/asio_common.h"
#include "http/listener.h"

namespace pererecos::http {

// One io_context per I/O thread, each run by that thread alone (concurrency hint 1: no
// locking inside Asio's scheduler); the acceptor lives on the first.
struct HttpServer::Impl {
  std::vector<std::unique_ptr<net::io_context>> contexts;
  tcp::acceptor acceptor;
  explicit Impl(unsigned threads) : contexts(make_contexts(threads)), acceptor(*contexts[0]) {}
  static std::vector<std::unique_ptr<net::io_context>> make_contexts(unsigned n) {
    std::vector<std::unique_ptr<net::io_context>> out;
    for (unsigned i = 0; i < n; ++i) out.push_back(std::make_unique<net::io_context>(1));
    return out;
  }
};

HttpServer::HttpServer(HttpServerOptions options, const ApiHandler& handler)
    : options_(std::move(options)),
      handler_(handler),
      limits_(options_.max_connections, options_.max_connections_per_client,
              handler.options().trusted_proxies) {
  if (options_.threads == 0) {
    options_.threads = std::max(1u, std::thread::hardware_concurrency());
  }
  impl_ = std::make_unique<Impl>(options_.threads);
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

  std::vector<net::any_io_executor> executors;
  for (auto& ioc : impl_->contexts) executors.push_back(ioc->get_executor());
  net::co_spawn(*impl_->contexts[0], run_listener(acceptor, executors, handler_, options_, limits_),
                net::detached);
  std::lock_guard<std::mutex> lock(threads_mutex_);
  for (unsigned i = 0; i < options_.threads; ++i) {
    threads_.emplace_back([this, i] {
      net::io_context& ioc = *impl_->contexts[i];
      // Keep running while idle: connections arrive from the acceptor's thread.
      auto guard = net::make_work_guard(ioc);
      for (;;) {
        try {
          ioc.run();
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
  net::post(*impl_->contexts[0], [impl = impl_.get()] {
    beast::error_code ec;
    impl->acceptor.close(ec);
  });
  for (auto& ioc : impl_->contexts) ioc->stop();
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
