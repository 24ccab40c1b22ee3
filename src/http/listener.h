// The accept loop: every accepted connection gets its own strand and a run_session
// coroutine. Ends when the acceptor is closed.
#pragma once

#include "http/api_handler.h"
#include "http/asio_common.h"
#include "http/server_options.h"

namespace pererecos::http {

// `acceptor` must be open and listening, and outlive the coroutine, as must `handler`.
net::awaitable<void> run_listener(tcp::acceptor& acceptor, const ApiHandler& handler,
                                  HttpServerOptions options);

}  // namespace pererecos::http
