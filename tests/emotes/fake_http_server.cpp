#include "emotes/fake_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
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

}  // namespace

// One accepted connection, plain or TLS.
class Connection {
 public:
  Connection(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
  // Waits up to 20 ms for data: > 0 bytes read, 0 nothing yet, < 0 closed or failed.
  long read_some(char* buf, std::size_t size) {
    if (ssl_ == nullptr || SSL_pending(ssl_) == 0) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) return 0;
    }
    long n = ssl_ != nullptr ? SSL_read(ssl_, buf, static_cast<int>(size))
                             : static_cast<long>(::recv(fd_, buf, size, 0));
    return n > 0 ? n : -1;
  }
  bool write_all(const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      long n = ssl_ != nullptr
                   ? SSL_write(ssl_, data.data() + sent, static_cast<int>(data.size() - sent))
                   : static_cast<long>(
                         ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL));
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

 private:
  int fd_;
  SSL* ssl_;
};

FakeHttpServer::FakeHttpServer() { start(); }

FakeHttpServer::FakeHttpServer(const std::string& cert_pem_path, const std::string& key_pem_path) {
  tls_ = SSL_CTX_new(TLS_server_method());
  if (tls_ == nullptr || SSL_CTX_use_certificate_chain_file(tls_, cert_pem_path.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(tls_, key_pem_path.c_str(), SSL_FILETYPE_PEM) != 1) {
    std::abort();
  }
  start();
}

void FakeHttpServer::start() {
  listen_fd_ = bind_loopback(&port_);
  if (::listen(listen_fd_, 16) != 0) std::abort();
  thread_ = std::thread([this] { serve(); });
}

FakeHttpServer::~FakeHttpServer() {
  stop();
  if (tls_ != nullptr) SSL_CTX_free(tls_);
}

std::string FakeHttpServer::base_url() const {
  return std::string(tls_ != nullptr ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

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
  // OpenSSL writes with plain send(): a client that hangs up mid-handshake must make the
  // write fail with EPIPE, not kill the test binary with SIGPIPE. Blocking the signal in
  // this thread is enough, since a write's SIGPIPE is directed at the writing thread.
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    timeval two_seconds{2, 0};  // bounds a TLS handshake with a silent client
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &two_seconds, sizeof two_seconds);
    handle(fd);
    ::close(fd);
  }
}

void FakeHttpServer::handle(int fd) {
  SSL* ssl = nullptr;
  if (tls_ != nullptr) {
    ssl = SSL_new(tls_);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) != 1) {  // e.g. the client rejected our certificate
      SSL_free(ssl);
      return;
    }
  }
  Connection conn(fd, ssl);
  respond(conn);
  if (ssl != nullptr) {
    SSL_shutdown(ssl);
    SSL_free(ssl);
  }
}

void FakeHttpServer::respond(Connection& conn) {
  std::string head;
  char buf[4096];
  while (head.find("\r\n\r\n") == std::string::npos && !stopping_) {
    long n = conn.read_some(buf, sizeof buf);
    if (n < 0) return;
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
      if (conn.read_some(buf, sizeof buf) < 0) return;
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
  conn.write_all(response);
}

std::uint16_t unused_local_port() {
  std::uint16_t port = 0;
  int fd = bind_loopback(&port);
  ::close(fd);
  return port;
}

}  // namespace pererecos::emotes::testing
