// One HTTP/1.1 connection: reads requests (each under the read timeout, body limited),
// answers each through ApiHandler::handle_request (each write under the write timeout),
// keeps the connection alive while both sides want it. Protocol errors get one response
// (400 malformed, 413 body too large, 431 headers too large) and then the connection is
// closed; a read timeout or a peer that goes away just closes it.
#pragma once

#include "http/api_handler.h"
#include "http/asio_common.h"
#include "http/server_options.h"

namespace pererecos::http {

// Runs until the connection ends. `handler` must outlive the coroutine; the coroutine
// must run on a strand (or a single-threaded executor) of its socket.
net::awaitable<void> run_session(tcp::socket socket, const ApiHandler& handler,
                                 HttpServerOptions options);

}  // namespace pererecos::http
