// A tiny HTTP/1.1 server on 127.0.0.1 (ephemeral port) for tests: one thread, one
// connection at a time, `Connection: close`. Routes are exact paths (query ignored).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pererecos::emotes::testing {

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

  // Binds 127.0.0.1:0 and starts serving. Aborts the test binary on socket failure.
  FakeHttpServer();
  ~FakeHttpServer();
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  // "http://127.0.0.1:<port>".
  std::string base_url() const;
  std::uint16_t port() const { return port_; }

  void set_route(const std::string& path, Reply reply);
  void remove_route(const std::string& path);  // the path then answers 404

  std::vector<Request> requests() const;
  int hits(const std::string& path) const;

  // Closes the listening socket and joins the thread: later connections are refused.
  void stop();

 private:
  void serve();
  void handle(int fd);

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
