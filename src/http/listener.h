// The accept loop: accepted connections are dealt round-robin to the given executors (one
// single-threaded io_context each, so a connection needs no strand) and each runs a
// run_session coroutine there. Ends when the acceptor is closed.
#pragma once

#include <vector>

#include "http/api_handler.h"
#include "http/asio_common.h"
#include "http/connection_limits.h"
#include "http/server_options.h"

namespace pererecos::http {

// `acceptor` must be open and listening, and outlive the coroutine, as must `handler` and
// `limits` (a connection over its caps gets a short 503 and is closed).
net::awaitable<void> run_listener(tcp::acceptor& acceptor,
                                  std::vector<net::any_io_executor> session_executors,
                                  const ApiHandler& handler, HttpServerOptions options,
                                  ConnectionLimits& limits);

}  // namespace pererecos::http
