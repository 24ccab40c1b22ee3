#include "http/http_wire.h"

#include <string>

namespace pererecos::http {

Request to_request(const boost::beast::http::request<boost::beast::http::string_body>& in,
                   const std::string& remote_ip) {
  Request out;
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  for (const auto& field : in) {
    out.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = in.body();
  out.remote_ip = remote_ip;
  return out;
}

WireResponse serialize(Response&& in, unsigned version, bool keep_alive) {
  WireResponse out;
  out.keep_alive = keep_alive && !in.close_connection;
  std::string& w = out.bytes;
  w.reserve(256 + in.body.size());
  w += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  w += std::to_string(in.status);
  w += ' ';
  w += reason_phrase(in.status);
  w += "\r\nServer: pererecos-stats\r\n";
  for (const auto& [name, value] : in.headers.fields()) {
    w += name;
    w += ": ";
    w += value;
    w += "\r\n";
  }
  w += "Content-Length: ";
  w += std::to_string(in.body.size());  // for HEAD: the size a GET would have had
  w += "\r\n";
  if (version >= 11 && !out.keep_alive) w += "Connection: close\r\n";
  if (version < 11 && out.keep_alive) w += "Connection: keep-alive\r\n";
  w += "\r\n";
  if (!in.head_only) w += in.body;
  return out;
}

}  // namespace pererecos::http
