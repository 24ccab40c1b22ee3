// g++ 12 reports a false -Wmismatched-new-delete on Asio's coroutine frame allocator
// (awaitable_frame_base::operator new/delete) when this coroutine is inlined at -O2.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "http/session.h"

#include <spdlog/spdlog.h>

#include <boost/asio/write.hpp>
#include <chrono>
#include <exception>
#include <optional>
#include <string>

#include "http/event_stream.h"
#include "http/http_wire.h"
#include "http/http_message.h"
#include "http/http_metrics.h"
#include "http/json_answers.h"

namespace pererecos::http {
namespace {

namespace bhttp = beast::http;

bool is_http_parse_error(const beast::error_code& ec) {
  return &ec.category() == &bhttp::make_error_code(bhttp::error::bad_target).category();
}

// The one place transport errors are reported (at debug level: peers vanish all the time).
void fail(const beast::error_code& ec, const char* what) {
  spdlog::debug("http: {}: {}", what, ec.message());
}

// A response written for a request that could not be parsed; the connection then closes.
Response protocol_error(int status, std::string_view detail) {
  Response response = error_response(status, detail);
  response.close_connection = true;
  return response;
}

}  // namespace

net::awaitable<void> run_session(tcp::socket socket, const ApiHandler& handler,
                                 HttpServerOptions options, ConnectionLimits::Ticket ticket) {
  (void)ticket;  // held (in the coroutine frame) until the connection ends
  HttpMetrics* metrics = handler.metrics();
  if (metrics != nullptr) metrics->connections_accepted().inc();
  const metrics::GaugeScope open_connection(metrics ? &metrics->open_connections() : nullptr);
  beast::tcp_stream stream(std::move(socket));
  beast::error_code ec;
  std::string remote_ip;
  {
    const auto endpoint = stream.socket().remote_endpoint(ec);
    if (!ec) remote_ip = endpoint.address().to_string();
  }
  const SecurityLog& security = handler.security_log();
  beast::flat_buffer buffer;
  bool drain = false;  // a request was refused unread: discard what the peer still sends

  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.body_limit(options.max_body_bytes);

    // Waiting for a request: the idle deadline, until its first byte.
    if (buffer.size() == 0) {
      stream.expires_after(options.idle_timeout);
      const std::size_t n = co_await stream.async_read_some(
          buffer.prepare(4096), net::redirect_error(net::use_awaitable, ec));
      buffer.commit(n);
      if (ec) {
        if (ec != beast::error::timeout) fail(ec, "idle read");
        break;
      }
    }
    // From the first byte: the header deadline, then the whole-request deadline.
    const auto request_started = std::chrono::steady_clock::now();
    stream.expires_after(options.header_timeout);
    co_await bhttp::async_read_header(stream, buffer, parser,
                                      net::redirect_error(net::use_awaitable, ec));
    std::optional<Response> error_reply;
    if (!ec) {
      const auto& header = parser.get();
      std::size_t fields = 0;
      for (auto it = header.begin(); it != header.end(); ++it) ++fields;
      if (header.target().size() > options.max_url_bytes) {
        security.report(SecurityEvent::kUrlTooLong, remote_ip,
                        std::to_string(header.target().size()) + " bytes of URL");
        error_reply = protocol_error(414, "URI Too Long");
      } else if (fields > options.max_header_fields) {
        security.report(SecurityEvent::kHeadersTooLarge, remote_ip,
                        std::to_string(fields) + " header fields");
        error_reply = protocol_error(431, "Too many request header fields");
      }
    }
    if (!ec && !error_reply && !parser.is_done()) {
      stream.expires_after(options.read_timeout -
                           std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - request_started));
      // A client that asked to be told before sending its body (curl does for bodies
      // over 1 KiB) is told now; an oversized one has already failed with body_limit.
      const auto expect = parser.get()[bhttp::field::expect];
      if (iequals(std::string_view(expect.data(), expect.size()), "100-continue")) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        co_await net::async_write(stream, net::buffer(kContinue.data(), kContinue.size()),
                                  net::redirect_error(net::use_awaitable, ec));
      }
      if (!ec) {
        co_await bhttp::async_read(stream, buffer, parser,
                                   net::redirect_error(net::use_awaitable, ec));
      }
    }

    if (error_reply) {
      // already decided from the header
    } else if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
      break;  // the peer closed the connection
    } else if (ec == beast::error::timeout) {
      security.report(SecurityEvent::kSlowRequest, remote_ip,
                      "request not complete within its deadline");
      co_return;  // tcp_stream already closed the socket
    } else if (ec == bhttp::error::body_limit) {
      security.report(SecurityEvent::kBodyTooLarge, remote_ip, "body over the limit");
      error_reply = protocol_error(413, "Request body too large");
    } else if (ec == bhttp::error::header_limit) {
      security.report(SecurityEvent::kHeadersTooLarge, remote_ip, "header block over the limit");
      error_reply = protocol_error(431, "Request header fields too large");
    } else if (ec && is_http_parse_error(ec)) {
      security.report(SecurityEvent::kMalformedRequest, remote_ip, ec.message());
      error_reply = protocol_error(400, "Malformed HTTP request");
    } else if (ec) {
      fail(ec, "read");
      break;
    }

    WireResponse out;
    if (error_reply) {
      out = serialize(std::move(*error_reply), 11, false);
    } else {
      const auto& req = parser.get();
      Response response;
      try {
        response = handler.handle_request(to_request(req, remote_ip));
      } catch (const std::exception& e) {
        spdlog::error("http: handler failed for {}: {}", std::string(req.target()), e.what());
        response = error_response(500, "Internal Server Error");
      }
      if (response.event_stream && !response.head_only) {
        // GET /api/v1/events: the connection becomes the event stream until it ends.
        auto subscription = std::move(response.event_stream);
        co_await run_event_stream(stream, event_stream_head(response, req.version()),
                                  std::move(subscription));
        co_return;
      }
      out = serialize(std::move(response), req.version(), req.keep_alive());
    }

    stream.expires_after(options.write_timeout);
    co_await net::async_write(stream, net::buffer(out.bytes),
                              net::redirect_error(net::use_awaitable, ec));
    if (ec) {
      fail(ec, "write");
      co_return;
    }
    if (error_reply) drain = true;
    if (!out.keep_alive) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (drain) {
    // Closing with unread input would reset the connection and could destroy the
    // response in flight; read and drop (bounded in time and bytes) until the peer closes.
    stream.expires_after(
        std::min<std::chrono::milliseconds>(options.read_timeout, std::chrono::seconds(2)));

    std::size_t dropped = 0;
    char scratch[16 * 1024];
    while (dropped < (8u << 20)) {
      const std::size_t n = co_await stream.async_read_some(
          net::buffer(scratch), net::redirect_error(net::use_awaitable, ec));
      if (ec) break;
      dropped += n;
    }
  }
}

}  // namespace pererecos::http

namespace pererecos::http {

net::awaitable<void> refuse_connection(tcp::socket socket, std::string_view detail) {
  beast::tcp_stream stream(std::move(socket));
  Response response = error_response(503, detail);
  response.close_connection = true;
  response.headers.set("Retry-After", "1");
  const WireResponse out = serialize(std::move(response), 11, false);
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(1));
  co_await net::async_write(stream, net::buffer(out.bytes),
                            net::redirect_error(net::use_awaitable, ec));
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace pererecos::http
