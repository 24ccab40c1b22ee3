#include "twitch/irc_transport.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>

namespace pererecos::twitch {
namespace {

net::awaitable<error_code> resolve_and_connect(tcp::socket& socket, const IrcEndpoint& endpoint) {
  error_code ec;
  tcp::resolver resolver(socket.get_executor());
  auto results = co_await resolver.async_resolve(endpoint.host, std::to_string(endpoint.port),
                                                 net::redirect_error(net::use_awaitable, ec));
  if (ec) co_return ec;
  co_await net::async_connect(socket, results, net::redirect_error(net::use_awaitable, ec));
  if (!ec) socket.set_option(tcp::no_delay(true), ec);
  co_return ec;
}

class PlainTransport final : public IrcTransport {
 public:
  PlainTransport(net::any_io_executor executor, IrcEndpoint endpoint)
      : endpoint_(std::move(endpoint)), socket_(executor) {}
  net::awaitable<error_code> connect() override {
    co_return co_await resolve_and_connect(socket_, endpoint_);
  }
  net::awaitable<std::size_t> read_some(net::mutable_buffer buffer, error_code& ec) override {
    co_return co_await socket_.async_read_some(buffer, net::redirect_error(net::use_awaitable, ec));
  }
  net::awaitable<void> write(std::string_view bytes, error_code& ec) override {
    co_await net::async_write(socket_, net::buffer(bytes.data(), bytes.size()),
                              net::redirect_error(net::use_awaitable, ec));
  }
  void close() override {
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

 private:
  IrcEndpoint endpoint_;
  tcp::socket socket_;
};

class TlsTransport final : public IrcTransport {
 public:
  TlsTransport(net::any_io_executor executor, IrcEndpoint endpoint,
               std::shared_ptr<net::ssl::context> context)
      : endpoint_(std::move(endpoint)), context_(std::move(context)), stream_(executor, *context_) {}
  net::awaitable<error_code> connect() override {
    error_code ec = co_await resolve_and_connect(stream_.next_layer(), endpoint_);
    if (ec) co_return ec;
    // SNI, then verify the chain and that the certificate names this host.
    if (!SSL_set_tlsext_host_name(stream_.native_handle(), endpoint_.host.c_str())) {
      co_return error_code(static_cast<int>(::ERR_get_error()), net::error::get_ssl_category());
    }
    stream_.set_verify_mode(net::ssl::verify_peer);
    stream_.set_verify_callback(net::ssl::host_name_verification(endpoint_.host));
    co_await stream_.async_handshake(net::ssl::stream_base::client,
                                     net::redirect_error(net::use_awaitable, ec));
    co_return ec;
  }
  net::awaitable<std::size_t> read_some(net::mutable_buffer buffer, error_code& ec) override {
    co_return co_await stream_.async_read_some(buffer, net::redirect_error(net::use_awaitable, ec));
  }
  net::awaitable<void> write(std::string_view bytes, error_code& ec) override {
    co_await net::async_write(stream_, net::buffer(bytes.data(), bytes.size()),
                              net::redirect_error(net::use_awaitable, ec));
  }
  void close() override {
    error_code ignored;
    stream_.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.next_layer().close(ignored);
  }

 private:
  IrcEndpoint endpoint_;
  std::shared_ptr<net::ssl::context> context_;
  net::ssl::stream<tcp::socket> stream_;
};

}  // namespace

Result<std::shared_ptr<net::ssl::context>> make_tls_context(const std::string& ca_file) {
  auto context = std::make_shared<net::ssl::context>(net::ssl::context::tls_client);
  error_code ec;
  context->set_default_verify_paths(ec);
  if (ec) return Result<std::shared_ptr<net::ssl::context>>::failure(
      "cannot load the system's CA certificates: " + ec.message());
  if (!ca_file.empty()) {
    context->load_verify_file(ca_file, ec);
    if (ec) {
      return Result<std::shared_ptr<net::ssl::context>>::failure(
          "TWITCH_IRC_CA_FILE: cannot read '" + ca_file + "': " + ec.message());
    }
  }
  return context;
}

std::unique_ptr<IrcTransport> make_transport(net::any_io_executor executor,
                                             const IrcEndpoint& endpoint,
                                             std::shared_ptr<net::ssl::context> tls) {
  if (endpoint.tls) return std::make_unique<TlsTransport>(executor, endpoint, std::move(tls));
  return std::make_unique<PlainTransport>(executor, endpoint);
}

}  // namespace pererecos::twitch
