#include "emotes/fake_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace pererecos::emotes::testing {
namespace {

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 404:
      return "Not Found";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

int bind_loopback(std::uint16_t* port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) std::abort();
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) std::abort();
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) std::abort();
  *port = ntohs(addr.sin_port);
  return fd;
}

bool send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

FakeHttpServer::FakeHttpServer() {
  listen_fd_ = bind_loopback(&port_);
  if (::listen(listen_fd_, 16) != 0) std::abort();
  thread_ = std::thread([this] { serve(); });
}

FakeHttpServer::~FakeHttpServer() { stop(); }

std::string FakeHttpServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeHttpServer::set_route(const std::string& path, Reply reply) {
  std::lock_guard lock(mutex_);
  routes_[path] = std::move(reply);
}

void FakeHttpServer::remove_route(const std::string& path) {
  std::lock_guard lock(mutex_);
  routes_.erase(path);
}

std::vector<FakeHttpServer::Request> FakeHttpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

int FakeHttpServer::hits(const std::string& path) const {
  std::lock_guard lock(mutex_);
  int n = 0;
  for (const Request& r : requests_) n += r.path == path ? 1 : 0;
  return n;
}

void FakeHttpServer::stop() {
  if (stopping_.exchange(true)) return;
  if (thread_.joinable()) thread_.join();
  ::close(listen_fd_);
}

void FakeHttpServer::serve() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    handle(fd);
    ::close(fd);
  }
}

void FakeHttpServer::handle(int fd) {
  std::string head;
  char buf[4096];
  while (head.find("\r\n\r\n") == std::string::npos && !stopping_) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;
    head.append(buf, static_cast<std::size_t>(n));
  }
  Request request;
  request.head = head.substr(0, head.find("\r\n\r\n"));
  std::size_t sp1 = head.find(' ');
  std::size_t sp2 = head.find(' ', sp1 + 1);
  if (sp1 == std::string::npos || sp2 == std::string::npos) return;
  request.method = head.substr(0, sp1);
  request.path = head.substr(sp1 + 1, sp2 - sp1 - 1);
  request.path = request.path.substr(0, request.path.find('?'));

  Reply reply{404, R"({"message":"not found"})", {}, false};
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    auto it = routes_.find(request.path);
    if (it != routes_.end()) reply = it->second;
  }
  if (reply.hang) {
    // Wait until the client gives up (closes) or the server stops.
    while (!stopping_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      if (::recv(fd, buf, sizeof buf, 0) <= 0) return;
    }
    return;
  }
  std::string response =
      "HTTP/1.1 " + std::to_string(reply.status) + " " + reason(reply.status) +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(reply.body.size()) +
      "\r\nConnection: close\r\n";
  for (const auto& [name, value] : reply.headers) response += name + ": " + value + "\r\n";
  response += "\r\n";
  if (request.method != "HEAD") response += reply.body;
  send_all(fd, response);
}

std::uint16_t unused_local_port() {
  std::uint16_t port = 0;
  int fd = bind_loopback(&port);
  ::close(fd);
  return port;
}

}  // namespace pererecos::emotes::testing
