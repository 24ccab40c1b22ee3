// HttpServer through real sockets on 127.0.0.1 (port 0): keep-alive, pipelining, HEAD,
// malformed requests, the read timeout, 413 before the body is read, clean stop.
// g++ 12 at -O2 with sanitizers reports a false -Wmaybe-uninitialized inside Beast's
// response parser (boost::optional in basic_parser::content_length_unchecked).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/http_server.h"
#include "test_support.h"

namespace pererecos::http::testing {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

class ServerSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ApiOptions api = HandlerFixture::default_options();
    api.max_request_size = 1024;
    fixture_ = std::make_unique<HandlerFixture>(api);
    HttpServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    options.idle_timeout = std::chrono::milliseconds(300);
    options.header_timeout = std::chrono::milliseconds(300);
    options.read_timeout = std::chrono::milliseconds(300);
    options.write_timeout = std::chrono::milliseconds(2000);
    options.max_body_bytes = api.max_request_size;
    server_ = std::make_unique<HttpServer>(options, fixture_->handler);
    const Status started = server_->start();
    ASSERT_TRUE(started) << started.message();
    ASSERT_NE(server_->port(), 0);
  }

  void TearDown() override {
    server_->stop();
    server_->wait();
    server_.reset();
  }

  // A connected socket whose blocking reads give up after 5 s instead of hanging.
  tcp::socket connect() {
    tcp::socket socket(ioc_);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
    timeval tv{5, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    return socket;
  }

  static void send(tcp::socket& socket, const std::string& bytes) {
    asio::write(socket, asio::buffer(bytes));
  }

  static bhttp::response<bhttp::string_body> read_response(tcp::socket& socket,
                                                           boost::beast::flat_buffer& buffer,
                                                           bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(head);
    boost::beast::error_code ec;
    bhttp::read(socket, buffer, parser, ec);
    EXPECT_FALSE(ec) << ec.message();
    return parser.release();
  }

  // True when the server has closed the connection (read gives EOF or a reset).
  static bool closed_by_peer(tcp::socket& socket, boost::beast::flat_buffer& buffer) {
    if (buffer.size() > 0) return false;  // unread bytes left over
    char c;
    boost::system::error_code ec;
    socket.read_some(asio::buffer(&c, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

  asio::io_context ioc_;
  std::unique_ptr<HandlerFixture> fixture_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(ServerSocketTest, KeepAliveServesTwoRequestsOnOneConnection) {
  tcp::socket socket = connect();
  boost::beast::flat_buffer buffer;
  send(socket, "GET /api/v1/stats/leaderboard?limit=1 HTTP/1.1\r\nHost: t\r\n\r\n");
  auto first = read_response(socket, buffer);
  EXPECT_EQ(first.result_int(), 200u);
  EXPECT_TRUE(first.keep_alive());
  const auto doc = parse_json(first.body());
  EXPECT_EQ(doc["leaderboard"].Size(), 1u);
  EXPECT_EQ(first[bhttp::field::content_type], "application/json");
  EXPECT_EQ(first[bhttp::field::x_frame_options], "DENY");

  send(socket, "GET /api/v1/stats/user/alice HTTP/1.1\r\nHost: t\r\n\r\n");
  auto second = read_response(socket, buffer);
  EXPECT_EQ(second.result_int(), 200u);
  EXPECT_STREQ(parse_json(second.body())["username"].GetString(), "alice");

  // Pipelined: two requests in one write, two responses in order.
  send(socket,
       "GET /api/v1/stats/top-emotes HTTP/1.1\r\nHost: t\r\n\r\n"
       "GET /api/v1/nope HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(read_response(socket, buffer).result_int(), 200u);
  auto last = read_response(socket, buffer);
  EXPECT_EQ(last.result_int(), 404u);
  EXPECT_FALSE(last.keep_alive());
  EXPECT_TRUE(closed_by_peer(socket, buffer));
}

TEST_F(ServerSocketTest, HeadSendsHeadersOnly) {
  tcp::socket socket = connect();
  boost::beast::flat_buffer buffer;
  send(socket, "GET /api/v1/stats/hour-leaders HTTP/1.1\r\nHost: t\r\n\r\n");
  const auto got = read_response(socket, buffer);
  send(socket,
       "HEAD /api/v1/stats/hour-leaders HTTP/1.1\r\nHost: t\r\n\r\n"
       "GET /api/v1/stats/hour-leaders HTTP/1.1\r\nHost: t\r\n\r\n");
  const auto head = read_response(socket, buffer, /*head=*/true);
  EXPECT_EQ(head.result_int(), 200u);
  EXPECT_EQ(head[bhttp::field::content_length], std::to_string(got.body().size()));
  EXPECT_TRUE(head.body().empty());
  // Had the HEAD response carried a body, this parse would read it instead.
  const auto again = read_response(socket, buffer);
  EXPECT_EQ(again.result_int(), 200u);
  EXPECT_EQ(again.body(), got.body());
}

TEST_F(ServerSocketTest, MalformedRequestLineGets400AndClose) {
  tcp::socket socket = connect();
  boost::beast::flat_buffer buffer;
  send(socket, "THIS IS NOT HTTP\r\n\r\n");
  const auto r = read_response(socket, buffer);
  EXPECT_EQ(r.result_int(), 400u);
  EXPECT_FALSE(parse_json(r.body())["detail"].IsNull());
  EXPECT_TRUE(closed_by_peer(socket, buffer));
}

TEST_F(ServerSocketTest, SlowClientIsDisconnectedByTheReadTimeout) {
  tcp::socket socket = connect();
  boost::beast::flat_buffer buffer;
  send(socket, "GET /api/v1/health HTTP/1.1\r\nHost: t\r\n");  // never finished
  // The server's read timeout is 300 ms; our read gives up only after 5 s.
  EXPECT_TRUE(closed_by_peer(socket, buffer));

  // An idle kept-alive connection is closed the same way.
  tcp::socket idle = connect();
  send(idle, "GET /api/v1/health HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(read_response(idle, buffer).result_int(), 200u);
  EXPECT_TRUE(closed_by_peer(idle, buffer));
}

TEST_F(ServerSocketTest, BodyOverLimitGets413BeforeTheBodyIsRead) {
  {
    // Only the headers are sent: the server must answer without waiting for the body.
    tcp::socket socket = connect();
    boost::beast::flat_buffer buffer;
    send(socket,
         "POST /api/v1/feedback HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
         "Content-Length: 1000000\r\n\r\n");
    const auto r = read_response(socket, buffer);
    EXPECT_EQ(r.result_int(), 413u);
    EXPECT_FALSE(r.keep_alive());
  }
  {
    // The whole oversized body sent at once: still a clean 413 (no reset).
    tcp::socket socket = connect();
    boost::beast::flat_buffer buffer;
    send(socket, "POST /api/v1/feedback HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" +
                     std::string(5000, 'x'));
    EXPECT_EQ(read_response(socket, buffer).result_int(), 413u);
  }
  {
    // Chunked bodies are limited too.
    tcp::socket socket = connect();
    boost::beast::flat_buffer buffer;
    send(socket,
         "POST /api/v1/feedback HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
         "800\r\n" +
             std::string(0x800, 'x') + "\r\n0\r\n\r\n");
    EXPECT_EQ(read_response(socket, buffer).result_int(), 413u);
  }
  // A body within the limit is processed.
  tcp::socket socket = connect();
  boost::beast::flat_buffer buffer;
  const std::string body = R"({"type":"bug","message":"over the wire"})";
  send(socket, "POST /api/v1/feedback HTTP/1.1\r\nHost: t\r\nContent-Length: " +
                   std::to_string(body.size()) + "\r\n\r\n" + body);
  const auto ok = read_response(socket, buffer);
  EXPECT_EQ(ok.result_int(), 200u) << ok.body();
  EXPECT_TRUE(parse_json(ok.body())["success"].GetBool());
}

TEST_F(ServerSocketTest, ExpectContinueGets100BeforeTheBody) {
  tcp::socket socket = connect();
  boost::beast::flat_buffer buffer;
  const std::string body = R"({"type":"sugestao","message":"asked before sending"})";
  send(socket,
       "POST /api/v1/feedback HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
       "Content-Length: " +
           std::to_string(body.size()) + "\r\n\r\n");
  EXPECT_EQ(read_response(socket, buffer).result_int(), 100u);
  send(socket, body);
  const auto ok = read_response(socket, buffer);
  EXPECT_EQ(ok.result_int(), 200u) << ok.body();
  ASSERT_EQ(fixture_->feedback.entries.size(), 1u);
  EXPECT_EQ(fixture_->feedback.entries[0].message, "asked before sending");
}

TEST(HttpServer, ReportsBindErrorsAndStopsCleanly) {
  HandlerFixture fixture;
  HttpServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.threads = 1;
  HttpServer first(options, fixture.handler);
  ASSERT_TRUE(first.start());
  options.port = first.port();
  HttpServer second(options, fixture.handler);
  const Status taken = second.start();
  EXPECT_FALSE(taken);
  EXPECT_NE(taken.message().find("cannot listen"), std::string::npos);
  options.address = "not an address";
  HttpServer third(options, fixture.handler);
  EXPECT_FALSE(third.start());
  first.stop();
  first.wait();
  first.stop();  // idempotent
  first.wait();
}

}  // namespace
}  // namespace pererecos::http::testing
