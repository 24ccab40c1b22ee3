// The transport of GET /api/v1/events: after ApiHandler has accepted the request (a
// Response carrying an EventSubscription), the session hands its connection here.
//
// Wire format (text/event-stream, no Content-Length, the connection closes at the end):
//   retry: 3000                        once, the browser's reconnection delay
//   event: ready / id: N / data: {...} once, at once: the stream is live
//   event: stats / id: N / data: {...} when the channel's change counter moved, at most
//                                      once per min_interval
//   : heartbeat                        after `heartbeat` without any write
// data is {"channel": "...", "change_count": N}. One event at most is pending per client:
// a client that does not take it within write_timeout is dropped, nobody else waits.
#pragma once

#include <memory>
#include <string>

#include "http/asio_common.h"
#include "http/event_hub.h"
#include "http/http_message.h"

namespace pererecos::http {

// The status line and headers of `response` (an event-stream answer) for HTTP `version`
// (10 or 11): no Content-Length, "Connection: close".
std::string event_stream_head(const Response& response, unsigned version);

// One SSE event: "event: <name>\nid: <count>\ndata: {...}\n\n".
std::string event_stream_event(std::string_view name, const std::string& channel,
                               std::uint64_t change_count);

// Writes `head` and then the stream until the client goes away, a write times out or the
// server stops. Runs on the connection's executor.
net::awaitable<void> run_event_stream(beast::tcp_stream& stream, std::string head,
                                      std::shared_ptr<EventSubscription> subscription);

}  // namespace pererecos::http
