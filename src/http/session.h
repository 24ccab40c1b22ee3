// One HTTP/1.1 connection: reads requests (each under the read timeout, body limited),
// answers each through ApiHandler::handle_request (each write under the write timeout),
// keeps the connection alive while both sides want it. Protocol errors get one response
// (400 malformed, 413 body too large, 431 headers too large) and then the connection is
// closed; a read timeout or a peer that goes away just closes it. Deadlines: idle (waiting
// for a request's first byte), header (first byte to end of headers), request (to the end
// of the body), write. Over-long URLs (414) and too many header fields (431) close too.
#pragma once

#include "http/api_handler.h"
#include "http/asio_common.h"
#include "http/connection_limits.h"
#include "http/server_options.h"

namespace pererecos::http {

// Runs until the connection ends. `handler` must outlive the coroutine; the coroutine
// must run on a strand (or a single-threaded executor) of its socket.
// `ticket` holds the connection's place under the connection caps until it ends.
net::awaitable<void> run_session(tcp::socket socket, const ApiHandler& handler,
                                 HttpServerOptions options, ConnectionLimits::Ticket ticket);

// Writes a short 503 {"detail": detail} (one attempt, 1 s deadline) and closes: the answer
// to a connection over a cap.
net::awaitable<void> refuse_connection(tcp::socket socket, std::string_view detail);

}  // namespace pererecos::http
