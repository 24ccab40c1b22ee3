#include "http/listener.h"

#include <spdlog/spdlog.h>

#include "http/session.h"

namespace pererecos::http {

net::awaitable<void> run_listener(tcp::acceptor& acceptor,
                                  std::vector<net::any_io_executor> session_executors,
                                  const ApiHandler& handler, HttpServerOptions options,
                                  ConnectionLimits& limits) {
  auto executor = co_await net::this_coro::executor;
  std::size_t next = 0;
  for (;;) {
    beast::error_code ec;
    const net::any_io_executor& target = session_executors[next];
    next = (next + 1) % session_executors.size();
    tcp::socket socket =
        co_await acceptor.async_accept(target, net::redirect_error(net::use_awaitable, ec));
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
      spdlog::warn("http: accept failed: {}", ec.message());
      // E.g. out of file descriptors: back off briefly instead of spinning.
      net::steady_timer timer(executor, std::chrono::milliseconds(50));
      co_await timer.async_wait(net::redirect_error(net::use_awaitable, ec));
      continue;
    }
    auto session_executor = socket.get_executor();
    std::string peer;
    {
      beast::error_code peer_ec;
      const auto endpoint = socket.remote_endpoint(peer_ec);
      if (!peer_ec) peer = endpoint.address().to_string();
    }
    ConnectionLimits::Refusal why = ConnectionLimits::Refusal::kNone;
    ConnectionLimits::Ticket ticket = limits.try_open(peer, why);
    if (!ticket) {
      const bool total = why == ConnectionLimits::Refusal::kTotal;
      handler.security_log().report(SecurityEvent::kConnectionRefused, peer,
                                    total ? "too many connections in total"
                                          : "too many connections from this client");
      net::co_spawn(session_executor,
                    refuse_connection(std::move(socket), total
                                                              ? "Too many connections"
                                                              : "Too many connections from your address"),
                    net::detached);
      continue;
    }
    net::co_spawn(session_executor,
                  run_session(std::move(socket), handler, options, std::move(ticket)),
                  net::detached);
  }
}

}  // namespace pererecos::http
