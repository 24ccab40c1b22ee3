// The server's connection-level limits through real sockets on 127.0.0.x (port 0): URL
// length (414), header field count (431), total and per-client connection caps (503),
// idle and header deadlines, and a slowloris client holding 1,000 sockets while another
// client is served.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <thread>

#include "http/http_server.h"
#include "test_support.h"

namespace pererecos::http::testing {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;
using namespace std::chrono_literals;

struct Server {
  explicit Server(HttpServerOptions options, std::vector<std::string>* lines = nullptr) {
    ApiOptions api = HandlerFixture::default_options();
    if (lines != nullptr) {
      api.security_sink = [lines, this](const std::string& line) {
        std::lock_guard lock(mutex);
        lines->push_back(line);
      };
    }
    fixture = std::make_unique<HandlerFixture>(api);
    options.address = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    server = std::make_unique<HttpServer>(options, fixture->handler);
    const Status started = server->start();
    EXPECT_TRUE(started) << started.message();
  }
  ~Server() {
    server->stop();
    server->wait();
  }
  std::mutex mutex;
  std::unique_ptr<HandlerFixture> fixture;
  std::unique_ptr<HttpServer> server;
};

// A socket from `from` (any 127.0.0.0/8 address works on Linux loopback), reads giving
// up after 5 s.
tcp::socket connect_from(asio::io_context& ioc, std::uint16_t port,
                         const char* from = "127.0.0.1") {
  tcp::socket socket(ioc);
  socket.open(tcp::v4());
  socket.bind(tcp::endpoint(asio::ip::make_address(from), 0));
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  timeval tv{5, 0};
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  return socket;
}

// Sends `request` and reads one response; status 0 when none came.
int status_of(tcp::socket& socket, const std::string& request, std::string* body = nullptr) {
  boost::system::error_code ec;
  if (!request.empty()) asio::write(socket, asio::buffer(request), ec);
  boost::beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  bhttp::read(socket, buffer, parser, ec);
  if (ec) return 0;
  if (body != nullptr) *body = parser.get().body();
  return static_cast<int>(parser.get().result_int());
}

bool closed_by_peer(tcp::socket& socket) {
  char c;
  boost::system::error_code ec;
  socket.read_some(asio::buffer(&c, 1), ec);
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

const std::string kGet = "GET /api/v1/stats/leaderboard HTTP/1.1\r\nHost: t\r\n\r\n";

TEST(ConnectionLimits, LongUrlGets414AndTooManyFieldsGet431) {
  HttpServerOptions options;
  options.max_url_bytes = 100;
  options.max_header_fields = 10;
  std::vector<std::string> lines;
  Server s(options, &lines);
  asio::io_context ioc;
  auto a = connect_from(ioc, s.server->port());
  EXPECT_EQ(status_of(a, "GET /" + std::string(100, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n"), 414);
  EXPECT_TRUE(closed_by_peer(a));
  auto b = connect_from(ioc, s.server->port());
  EXPECT_EQ(status_of(b, "GET /" + std::string(98, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n"), 404);
  std::string many = "GET / HTTP/1.1\r\nHost: t\r\n";
  for (int i = 0; i < 10; ++i) many += "X-F" + std::to_string(i) + ": v\r\n";
  auto c = connect_from(ioc, s.server->port());
  EXPECT_EQ(status_of(c, many + "\r\n"), 431);
  EXPECT_TRUE(closed_by_peer(c));
  auto d = connect_from(ioc, s.server->port());
  EXPECT_EQ(status_of(d, "GET / HTTP/1.1\r\nHost: t\r\nX: " + std::string(20'000, 'x') + "\r\n\r\n"),
            431);
  auto e = connect_from(ioc, s.server->port());
  EXPECT_EQ(status_of(e, "GARBAGE\r\n\r\n"), 400);
  std::lock_guard lock(s.mutex);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_NE(lines[0].find("url_too_long client=127.0.0.1"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("headers_too_large client=127.0.0.1 detail=\"11 header fields\""),
            std::string::npos)
      << lines[1];
  EXPECT_NE(lines[2].find("headers_too_large"), std::string::npos) << lines[2];
  EXPECT_NE(lines[3].find("malformed_request"), std::string::npos) << lines[3];
}

TEST(ConnectionLimits, PerClientCapRefusesTheSixthButNotAnotherClient) {
  HttpServerOptions options;
  options.max_connections_per_client = 5;
  std::vector<std::string> lines;
  Server s(options, &lines);
  asio::io_context ioc;
  std::vector<tcp::socket> held;
  for (int i = 0; i < 5; ++i) held.push_back(connect_from(ioc, s.server->port(), "127.0.0.2"));
  std::this_thread::sleep_for(100ms);  // the server has accepted them
  auto sixth = connect_from(ioc, s.server->port(), "127.0.0.2");
  std::string body;
  EXPECT_EQ(status_of(sixth, "", &body), 503);
  EXPECT_NE(body.find("Too many connections from your address"), std::string::npos);
  auto other = connect_from(ioc, s.server->port(), "127.0.0.3");
  EXPECT_EQ(status_of(other, kGet), 200);
  EXPECT_EQ(status_of(held[0], kGet), 200);  // the held ones are served
  EXPECT_EQ(s.server->refused_connections(), 1u);
  held.clear();  // places are given back when connections end
  std::this_thread::sleep_for(200ms);
  auto again = connect_from(ioc, s.server->port(), "127.0.0.2");
  EXPECT_EQ(status_of(again, kGet), 200);
  std::lock_guard lock(s.mutex);
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines[0].find("connection_refused client=127.0.0.2"), std::string::npos) << lines[0];
}

TEST(ConnectionLimits, TotalCapRefusesBeyondIt) {
  HttpServerOptions options;
  options.max_connections = 8;
  options.max_connections_per_client = 0;
  Server s(options);
  asio::io_context ioc;
  std::vector<tcp::socket> held;
  for (int i = 0; i < 8; ++i) held.push_back(connect_from(ioc, s.server->port()));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(s.server->open_connections(), 8u);
  auto ninth = connect_from(ioc, s.server->port(), "127.0.0.9");
  EXPECT_EQ(status_of(ninth, kGet), 503);
  held.pop_back();
  std::this_thread::sleep_for(200ms);
  auto tenth = connect_from(ioc, s.server->port(), "127.0.0.9");
  EXPECT_EQ(status_of(tenth, kGet), 200);
}

TEST(ConnectionLimits, IdleAndHeaderDeadlinesCloseConnections) {
  HttpServerOptions options;
  options.idle_timeout = 300ms;
  options.header_timeout = 300ms;
  std::vector<std::string> lines;
  Server s(options, &lines);
  asio::io_context ioc;
  auto idle = connect_from(ioc, s.server->port());
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(closed_by_peer(idle));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);
  auto slow = connect_from(ioc, s.server->port());
  asio::write(slow, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: t\r\n")));
  EXPECT_TRUE(closed_by_peer(slow));
  // The session reports the event after its stream closed the socket: wait for the line.
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard lock(s.mutex);
      if (!lines.empty()) break;
    }
    std::this_thread::sleep_for(10ms);
  }
  std::this_thread::sleep_for(100ms);  // time for a wrong second line to show up
  std::lock_guard lock(s.mutex);
  ASSERT_EQ(lines.size(), 1u);  // an idle connection is no event, a slow request is
  EXPECT_NE(lines[0].find("slow_request client=127.0.0.1"), std::string::npos) << lines[0];
}

// One client opens 1,000 sockets and trickles a header byte by byte (slowloris); the
// per-client cap refuses all but 64 of them, the header deadline closes those, and
// another client is served promptly throughout.
TEST(ConnectionLimits, SlowlorisWithAThousandSocketsDoesNotStopOthers) {
  HttpServerOptions options;
  options.max_connections_per_client = 64;
  options.header_timeout = 1500ms;
  std::vector<std::string> lines;
  Server s(options, &lines);
  asio::io_context ioc;
  std::vector<tcp::socket> loris;
  for (int i = 0; i < 1000; ++i) {
    loris.push_back(connect_from(ioc, s.server->port(), "127.0.0.5"));
    boost::system::error_code ec;
    asio::write(loris.back(), asio::buffer(std::string("GET / HTTP/1.1\r\n")), ec);
  }
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(s.server->open_connections(), 64u);
  EXPECT_EQ(s.server->refused_connections(), 936u);
  for (int round = 0; round < 5; ++round) {
    for (auto& socket : loris) {
      boost::system::error_code ec;
      asio::write(socket, asio::buffer(std::string("X")), ec);
    }
    auto other = connect_from(ioc, s.server->port(), "127.0.0.6");
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(status_of(other, kGet), 200) << "round " << round;
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 500ms) << "round " << round;
    std::this_thread::sleep_for(100ms);
  }
  std::this_thread::sleep_for(1500ms);  // past the header deadline: all closed
  EXPECT_EQ(s.server->open_connections(), 0u);
  std::lock_guard lock(s.mutex);
  EXPECT_LE(lines.size(), 120u) << "security lines are rate limited (burst 100)";
}

}  // namespace
}  // namespace pererecos::http::testing
