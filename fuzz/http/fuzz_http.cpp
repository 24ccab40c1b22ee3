// libFuzzer entry point for HTTP request handling: arbitrary bytes go through Beast's
// request parser (the limits the server uses) and, when they parse, to
// ApiHandler::handle_request over a fixed StatsReader, with rate limiting, trusted
// proxies and security events on, through the server's own conversions (http_wire.h:
// to_request, serialize). Invariants for any input: no crash, a status in 100-599, a JSON
// body with "detail" on every API error, the client resolved to a parseable address or the
// peer, and the bytes written back parse as one HTTP response with that status (no header
// injection, a right Content-Length).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http.hpp>

#include "http/api_handler.h"
#include "http/fake_stats_reader.h"
#include "http/http_wire.h"

namespace {

using namespace pererecos;
using namespace pererecos::http;
namespace beast = boost::beast;
namespace net = boost::asio;

void check(bool condition) {
  if (!condition) std::abort();
}

struct World {
  World() : clock(testing::kTs1), handler(options(), reader, clock, nullptr, {}) {}
  static ApiOptions options() {
    ApiOptions o;
    o.rate_limit_enabled = true;
    o.rate_limit_slots = 4096;
    o.max_request_size = 4096;
    o.health_check_token = "token";
    o.trusted_proxies = *IpNetworks::parse("10.0.0.0/8, fd00::/8");
    o.security_sink = [](const std::string&) {};
    o.web_root = "web";
    return o;
  }
  testing::FakeStatsReader reader;
  FixedClock clock;
  ApiHandler handler;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  if (size < 1) return 0;
  // First byte: which peer sent it (an untrusted client or a trusted proxy).
  const bool from_proxy = data[0] & 1;
  const char* bytes = reinterpret_cast<const char*>(data + 1);
  const std::size_t length = size - 1;

  beast::http::request_parser<beast::http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(4096);
  parser.eager(true);
  beast::error_code ec;
  parser.put(net::buffer(bytes, length), ec);
  if (ec || !parser.is_header_done()) return 0;
  if (!parser.is_done()) parser.put_eof(ec);
  if (ec && !parser.is_done()) return 0;

  const auto& in = parser.get();
  const Request request = to_request(in, from_proxy ? "10.0.0.7" : "203.0.113.5");

  const ClientAddress client = world.handler.client_of(request);
  check(!client.text.empty());
  if (!from_proxy) check(client.text == "203.0.113.5");

  const Response response = world.handler.handle_request(request);
  check(response.status >= 100 && response.status <= 599);
  if (response.status >= 400 && request.target.rfind("/api/v1/", 0) == 0) {
    check(response.body.find("\"detail\"") != std::string::npos);
  }

  const int status = response.status;
  const bool head_only = response.head_only;
  Response copy = response;
  const WireResponse wire = serialize(std::move(copy), in.version(), in.keep_alive());
  beast::http::response_parser<beast::http::string_body> back;
  back.eager(true);
  back.body_limit(64 * 1024 * 1024);
  if (head_only) back.skip(true);
  back.put(net::buffer(wire.bytes), ec);
  check(!ec && back.is_done());
  check(back.get().result_int() == static_cast<unsigned>(status));
  if (!head_only) check(back.get().body() == response.body);
  return 0;
}
