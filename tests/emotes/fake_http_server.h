// A tiny HTTP/1.1 server on 127.0.0.1 (ephemeral port) for tests: one thread, one
// connection at a time, `Connection: close`. Routes are exact paths (query ignored).
// Optionally HTTPS, with a certificate and key given as PEM files.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct ssl_ctx_st;

namespace pererecos::emotes::testing {

class Connection;  // one accepted connection (fake_http_server.cpp)

class FakeHttpServer {
 public:
  struct Reply {
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers
    bool hang = false;  // accept and read the request, then never answer
  };
  struct Request {
    std::string method;
    std::string path;
    std::string head;  // the request line and headers, verbatim
  };

  // Binds 127.0.0.1:0 and starts serving plain HTTP. Aborts the test binary on socket
  // failure.
  FakeHttpServer();
  // The same over TLS (https://127.0.0.1:<port>). `hang` replies are not supported.
  FakeHttpServer(const std::string& cert_pem_path, const std::string& key_pem_path);
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  // "http://127.0.0.1:<port>" (https:// for a TLS server).
  std::string base_url() const;
  std::uint16_t port() const { return port_; }

  void set_route(const std::string& path, Reply reply);
  void remove_route(const std::string& path);  // the path then answers 404

  std::vector<Request> requests() const;
  int hits(const std::string& path) const;

  // Closes the listening socket and joins the thread: later connections are refused.
  void stop();

 private:
  void start();
  void serve();
  void handle(int fd);
  void respond(Connection& conn);

  ssl_ctx_st* tls_ = nullptr;  // null: plain HTTP
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::map<std::string, Reply> routes_;
  std::vector<Request> requests_;
};

// A port on 127.0.0.1 where nothing listens (bound, then closed).
std::uint16_t unused_local_port();

}  // namespace pererecos::emotes::testing
