#include "fakes/fake_http_service.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace pererecos::testing {
namespace {

void write_all(int fd, const std::string& s) {
  std::size_t at = 0;
  while (at < s.size()) {
    const ssize_t n = ::send(fd, s.data() + at, s.size() - at, MSG_NOSIGNAL);
    if (n <= 0) return;
    at += static_cast<std::size_t>(n);
  }
}

const char* reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 404: return "Not Found";
    case 500: return "Internal Server Error";
    default: return "Status";
  }
}

}  // namespace

FakeHttpService::FakeHttpService(Handler handler, GroupOf group_of)
    : handler_(std::move(handler)), group_of_(std::move(group_of)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket");
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0) {
    throw std::runtime_error("bind/listen");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

FakeHttpService::~FakeHttpService() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> connections;
  {
    std::lock_guard lock(mu_);
    connections.swap(connections_);
  }
  for (auto& t : connections) t.join();
}

bool FakeHttpService::set_mode(const std::string& group, const std::string& mode) {
  const bool known = mode == "ok" || mode == "garbage" || mode == "500" || mode == "hang" ||
                     (mode.rfind("slow:", 0) == 0 && std::atol(mode.c_str() + 5) > 0);
  if (!known) return false;
  std::lock_guard lock(mu_);
  modes_[group] = mode;
  return true;
}

std::map<std::string, std::uint64_t> FakeHttpService::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

void FakeHttpService::accept_loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    std::lock_guard lock(mu_);
    connections_.emplace_back([this, fd] { serve(fd); });
  }
}

void FakeHttpService::serve(int fd) {
  std::string request;
  char buf[4096];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (request.find("\r\n\r\n") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline && !stopping_) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    request.append(buf, static_cast<std::size_t>(n));
  }
  // "GET /path?query HTTP/1.1"
  std::string path;
  if (const auto sp = request.find(' '); sp != std::string::npos) {
    const auto end = request.find(' ', sp + 1);
    path = request.substr(sp + 1, end == std::string::npos ? std::string::npos : end - sp - 1);
  }
  if (const auto q = path.find('?'); q != std::string::npos) path.resize(q);
  const std::string group = group_of_(path);
  std::string mode;
  {
    std::lock_guard lock(mu_);
    ++hits_[group];
    auto it = modes_.find(group);
    mode = it == modes_.end() ? "ok" : it->second;
  }
  Answer answer;
  if (mode == "hang") {
    // Never answer: wait until the client closes or the stand-in stops.
    while (!stopping_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) > 0 && ::recv(fd, buf, sizeof buf, 0) <= 0) break;
    }
    ::close(fd);
    return;
  }
  if (mode.rfind("slow:", 0) == 0) {
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(std::atol(mode.c_str() + 5));
    while (std::chrono::steady_clock::now() < until && !stopping_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    answer = handler_(path);
  } else if (mode == "garbage") {
    answer.status = 200;
    answer.body = "\x89PNG\r\n\x1a\n{\"messages\": [\"@id=";  // cut off, not JSON
    for (int i = 0; i < 200; ++i) answer.body += static_cast<char>((i * 37) & 0xff);
  } else if (mode == "500") {
    answer.status = 500;
    answer.body = "{\"error\":\"internal server error\"}";
  } else {
    answer = handler_(path);
  }
  const std::string head = "HTTP/1.1 " + std::to_string(answer.status) + " " +
                           reason(answer.status) +
                           "\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(answer.body.size()) + "\r\nConnection: close\r\n\r\n";
  write_all(fd, head + answer.body);
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

}  // namespace pererecos::testing
