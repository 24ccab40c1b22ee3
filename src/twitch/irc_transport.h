// A byte stream to the chat server: plain TCP or TLS (SNI, certificate chain and host
// name verified). Used by IrcConnection only. Single-threaded: every call on the
// executor's thread; close() makes pending operations finish with an error.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "twitch/asio_includes.h"
#include "twitch/irc_endpoint.h"

namespace pererecos::twitch {

class IrcTransport {
 public:
  virtual ~IrcTransport() = default;
  // Resolves, connects and (TLS) handshakes. No timeout of its own: the owner closes
  // the transport when its deadline passes.
  virtual net::awaitable<error_code> connect() = 0;
  virtual net::awaitable<std::size_t> read_some(net::mutable_buffer buffer, error_code& ec) = 0;
  virtual net::awaitable<void> write(std::string_view bytes, error_code& ec) = 0;
  virtual void close() = 0;
};

// Builds the TLS context every TLS transport shares: the system's trusted CAs plus, when
// `ca_file` is not empty, the certificates in that PEM file (tests). Error when the file
// cannot be read.
Result<std::shared_ptr<net::ssl::context>> make_tls_context(const std::string& ca_file);

// `tls` must be non-null when endpoint.tls.
std::unique_ptr<IrcTransport> make_transport(net::any_io_executor executor,
                                             const IrcEndpoint& endpoint,
                                             std::shared_ptr<net::ssl::context> tls);

}  // namespace pererecos::twitch
