// GET /api/v1/events through real sockets: the SSE head, the ready event, one stats event
// per change (at most one per min_interval), heartbeats, the client limit with 503, a slot
// given back when a client goes away; and GET /api/v1/channels.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <thread>

#include "http/http_server.h"
#include "test_support.h"

namespace pererecos::http::testing {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

class EventStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ApiOptions api = HandlerFixture::default_options();
    api.events.max_clients = 2;
    api.events.heartbeat = 400ms;
    api.events.min_interval = 200ms;
    api.events.poll_interval = 10ms;
    api.events.write_timeout = 1000ms;
    fixture_ = std::make_unique<HandlerFixture>(api);
    HttpServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    server_ = std::make_unique<HttpServer>(options, fixture_->handler);
    ASSERT_TRUE(server_->start());
  }
  void TearDown() override {
    server_->stop();
    server_->wait();
  }

  // Connects and sends a GET; reads with a 3 s timeout.
  tcp::socket request(const std::string& target) {
    tcp::socket socket(ioc_);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
    timeval tv{3, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    const std::string req = "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
    asio::write(socket, asio::buffer(req));
    return socket;
  }
  // Reads until `needle` is in `seen` (or timeout/EOF); returns whether it was found.
  static bool read_until(tcp::socket& socket, std::string& seen, const std::string& needle) {
    char buf[4096];
    while (seen.find(needle) == std::string::npos) {
      boost::system::error_code ec;
      const std::size_t n = socket.read_some(asio::buffer(buf), ec);
      if (ec) return false;
      seen.append(buf, n);
    }
    return true;
  }
  static std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
    return n;
  }

  asio::io_context ioc_;
  std::unique_ptr<HandlerFixture> fixture_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(EventStreamTest, HeadReadyEventAndOneEventPerChange) {
  tcp::socket s = request("/api/v1/events?channel=CHAN_A");
  std::string seen;
  ASSERT_TRUE(read_until(s, seen, "event: ready\n"));
  EXPECT_NE(seen.find("HTTP/1.1 200 OK\r\n"), std::string::npos);
  EXPECT_NE(seen.find("Content-Type: text/event-stream; charset=utf-8\r\n"), std::string::npos);
  EXPECT_NE(seen.find("X-Accel-Buffering: no\r\n"), std::string::npos);
  EXPECT_NE(seen.find("Cache-Control: no-store\r\n"), std::string::npos);
  EXPECT_EQ(seen.find("Content-Length"), std::string::npos);
  EXPECT_NE(seen.find("retry: 3000\n"), std::string::npos);
  ASSERT_TRUE(read_until(s, seen, "data: {\"channel\":\"chan_a\",\"change_count\":1}\n\n"));

  fixture_->reader.changes = 7;
  ASSERT_TRUE(read_until(s, seen, "event: stats\nid: 7\ndata: {\"channel\":\"chan_a\",\"change_count\":7}\n\n"));

  // Changes every few milliseconds for a second: at most one event per 200 ms.
  const std::size_t before = count(seen, "event: stats");
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < 1000ms) {
    fixture_->reader.changes += 1;
    std::this_thread::sleep_for(2ms);
  }
  ASSERT_TRUE(read_until(s, seen, "id: " + std::to_string(fixture_->reader.changes.load()) + "\n"));
  const std::size_t events = count(seen, "event: stats") - before;
  EXPECT_GE(events, 3u);
  EXPECT_LE(events, 7u);
}

TEST_F(EventStreamTest, HeartbeatWhenNothingChanges) {
  tcp::socket s = request("/api/v1/events");
  std::string seen;
  ASSERT_TRUE(read_until(s, seen, "event: ready\n"));
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(read_until(s, seen, ": heartbeat\n\n"));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
  EXPECT_EQ(count(seen, "event: stats"), 0u);
}

TEST_F(EventStreamTest, ClientLimitAnswers503AndAClosedClientFreesItsSlot) {
  tcp::socket a = request("/api/v1/events");
  tcp::socket b = request("/api/v1/events");
  std::string sa, sb, sc;
  ASSERT_TRUE(read_until(a, sa, "event: ready\n"));
  ASSERT_TRUE(read_until(b, sb, "event: ready\n"));
  tcp::socket c = request("/api/v1/events");
  ASSERT_TRUE(read_until(c, sc, "\r\n\r\n"));
  EXPECT_NE(sc.find("HTTP/1.1 503"), std::string::npos) << sc;
  EXPECT_NE(sc.find("Retry-After: 30\r\n"), std::string::npos) << sc;
  a.close();
  bool admitted = false;
  for (int i = 0; i < 100 && !admitted; ++i) {
    std::this_thread::sleep_for(20ms);
    tcp::socket d = request("/api/v1/events");
    std::string sd;
    if (read_until(d, sd, "\r\n\r\n")) admitted = sd.find("HTTP/1.1 200") != std::string::npos;
  }
  EXPECT_TRUE(admitted) << "the closed client's slot was not given back";
}

TEST_F(EventStreamTest, UnknownChannelIs404AndChannelsAreListed) {
  tcp::socket s = request("/api/v1/events?channel=nope");
  std::string seen;
  ASSERT_TRUE(read_until(s, seen, "\r\n\r\n"));
  EXPECT_NE(seen.find("HTTP/1.1 404"), std::string::npos);
  const Response r = fixture_->handler.handle_request(get("/api/v1/channels"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            "{\"default_channel\":\"chan_a\",\"channels\":[\"chan_a\",\"chan_b\"],\"time_zone\":"
            "\"America/Sao_Paulo\",\"title\":\"Pererecos Stats\",\"emote_images\":true}");
}

}  // namespace
}  // namespace pererecos::http::testing
