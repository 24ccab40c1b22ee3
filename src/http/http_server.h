// HttpServer: the HTTP/1.1 server (Boost.Beast, C++20 coroutines) in front of an
// ApiHandler. Owns the io_context and its I/O threads.
//
//   ApiHandler handler(api_options, stats, clock, &feedback, health_probe);
//   HttpServer server(server_options, handler);
//   if (Status s = server.start(); !s) { ... }   // bound and serving from here on
//   ... on SIGINT/SIGTERM (the caller's signal handling): server.stop();
//   server.wait();
//
// Signals are the caller's business: stop() is thread-safe and may be called from any
// thread (not from a POSIX signal handler itself; use e.g. an asio::signal_set).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.h"
#include "http/api_handler.h"
#include "http/connection_limits.h"
#include "http/server_options.h"

namespace pererecos::http {

class HttpServer {
 public:
  // `handler` must outlive the server.
  HttpServer(HttpServerOptions options, const ApiHandler& handler);
  // Stops and joins the I/O threads.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens (errors such as "address in use" are returned), then starts the
  // I/O threads. REQUIRES: not started before.
  Status start();

  // The bound port (the real one when options.port was 0). REQUIRES: start() succeeded.
  std::uint16_t port() const { return port_; }

  // Stops accepting, ends every connection and makes the I/O threads return. Idempotent.
  void stop();

  // Blocks until the I/O threads have returned (after stop()). Idempotent.
  void wait();

  // start() then wait(): serves until stop() is called from another thread.
  Status run();

  // Open connections now and connections refused by the caps so far (metrics).
  std::size_t open_connections() const { return limits_.open(); }
  std::uint64_t refused_connections() const { return limits_.refused(); }

 private:
  struct Impl;
  HttpServerOptions options_;
  const ApiHandler& handler_;
  ConnectionLimits limits_;
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
  std::mutex threads_mutex_;
  std::vector<std::thread> threads_;  // GUARDED_BY(threads_mutex_)
  std::atomic<bool> started_{false};
};

}  // namespace pererecos::http
