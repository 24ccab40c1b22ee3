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
  // Deadline for reading one whole request (headers and body), including the wait for it
  // on a kept-alive connection; the connection is closed when it passes.
  std::chrono::milliseconds read_timeout{30'000};
  // Deadline for writing one response.
  std::chrono::milliseconds write_timeout{30'000};
  // Largest request header block; larger -> 431 and the connection is closed.
  std::size_t max_header_bytes = 16 * 1024;
  // Largest request body (MAX_REQUEST_SIZE); larger -> 413, answered as soon as the
  // Content-Length (or the chunked body so far) exceeds it, and the connection is closed.
  std::size_t max_body_bytes = 1u << 20;
};

}  // namespace pererecos::http
