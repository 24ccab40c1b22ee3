// A small HTTP/1.1 stand-in (127.0.0.1, ephemeral port) for the end-to-end tests of the
// services beside Twitch chat: the recent-messages service and 7TV / BTTV / FFZ. One
// thread per connection, `Connection: close`. Each request's path goes to the handler,
// which answers with a status and body; a fault mode applies to a group of paths:
//   ok        the handler's answer
//   slow:MS   the handler's answer after MS milliseconds
//   garbage   200 with bytes that are not JSON
//   500       HTTP 500
//   hang      read the request, never answer (until the client gives up)
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pererecos::testing {

class FakeHttpService {
 public:
  struct Answer {
    int status = 200;
    std::string body;
  };
  // `group_of(path)` names the fault group of a path (e.g. "recent", "emotes").
  using Handler = std::function<Answer(const std::string& path)>;
  using GroupOf = std::function<std::string(const std::string& path)>;

  FakeHttpService(Handler handler, GroupOf group_of);
  ~FakeHttpService();
  FakeHttpService(const FakeHttpService&) = delete;
  FakeHttpService& operator=(const FakeHttpService&) = delete;

  std::uint16_t port() const { return port_; }
  // Sets the fault mode of `group` (see above); false when `mode` is not one.
  bool set_mode(const std::string& group, const std::string& mode);
  // Requests answered (or hung) so far, per group.
  std::map<std::string, std::uint64_t> hits() const;

 private:
  void accept_loop();
  void serve(int fd);

  Handler handler_;
  GroupOf group_of_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::map<std::string, std::string> modes_;     // GUARDED_BY(mu_)
  std::map<std::string, std::uint64_t> hits_;    // GUARDED_BY(mu_)
  std::vector<std::thread> connections_;         // GUARDED_BY(mu_)
};

}  // namespace pererecos::testing
