// HttpServerOptions: the transport settings of HttpServer (the API settings are in
// ApiOptions, held by the ApiHandler).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace pererecos::http {

struct HttpServerOptions {
  // Address to listen on (HOST); "0.0.0.0" for every IPv4 interface, "::" for IPv6.
  std::string address = "0.0.0.0";
  // PORT; 0 picks a free port (read it back with HttpServer::port()).
  std::uint16_t port = 8000;
  // I/O threads running the event loop; 0 = one per core.
  unsigned threads = 0;
  // HTTP_IDLE_TIMEOUT: how long a connection may wait for the first byte of a request
  // (a new one, or kept alive after an answer); then it is closed quietly.
  std::chrono::milliseconds idle_timeout{15'000};
  // HTTP_HEADER_TIMEOUT: from a request's first byte to the end of its header block; a
  // slower client (slowloris) is closed and logged as slow_request.
  std::chrono::milliseconds header_timeout{10'000};
  // HTTP_REQUEST_TIMEOUT: from a request's first byte to the end of its body.
  std::chrono::milliseconds read_timeout{30'000};
  // Deadline for writing one response.
  std::chrono::milliseconds write_timeout{30'000};
  // Largest request header block; larger -> 431 and the connection is closed.
  std::size_t max_header_bytes = 16 * 1024;
  // HTTP_MAX_HEADER_FIELDS: header fields in one request; more -> 431, closed.
  std::size_t max_header_fields = 100;
  // HTTP_MAX_URL_LENGTH: bytes of the request-target; longer -> 414, closed.
  std::size_t max_url_bytes = 8 * 1024;
  // HTTP_MAX_CONNECTIONS: open connections in total (0 = unlimited); beyond -> a short
  // 503 and closed.
  std::size_t max_connections = 10'000;
  // HTTP_MAX_CONNECTIONS_PER_CLIENT: open connections from one socket address (IPv6: one
  // /64; 0 = unlimited); beyond -> a short 503 and closed. Trusted proxies
  // (ApiOptions::trusted_proxies) are exempt: every visitor behind them shares their address.
  std::size_t max_connections_per_client = 64;
  // Largest request body (MAX_REQUEST_SIZE); larger -> 413, answered as soon as the
  // Content-Length (or the chunked body so far) exceeds it, and the connection is closed.
  std::size_t max_body_bytes = 1u << 20;
};

}  // namespace pererecos::http
