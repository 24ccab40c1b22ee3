// The socket-free edges of the HTTP transport: a request parsed by Beast turned into the
// API core's Request, and a Response turned into the bytes written on the wire. Used by
// session.cpp and by the HTTP fuzz target (fuzz/http), so both go through the same code.
#pragma once

#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/http_message.h"

namespace pererecos::http {

// The method, target, every header field (in order, duplicates kept) and the body of `in`;
// `remote_ip` is the peer's address as text.
Request to_request(const boost::beast::http::request<boost::beast::http::string_body>& in,
                   const std::string& remote_ip);

// The response as bytes on the wire, in one buffer (one write, no serializer state).
// `keep_alive` is what the request asked for; the response may still close.
struct WireResponse {
  std::string bytes;
  bool keep_alive = false;
};

// Status line (HTTP/1.0 for version 10, else HTTP/1.1), a Server field, the response's
// fields, Content-Length (for HEAD: the size a GET would have had), a Connection field
// when the default of that version does not hold, then the body unless head_only.
WireResponse serialize(Response&& in, unsigned version, bool keep_alive);

}  // namespace pererecos::http
