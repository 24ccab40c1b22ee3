// Who a request is from: forged forwarding headers earn nothing from an untrusted peer;
// behind a trusted proxy the rightmost untrusted hop is the client. And the rate limits
// and RATE_LIMIT_EXEMPT applied to that client through ApiHandler.
#include "http/client_address.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace pererecos::http {
namespace {

using testing::get;
using testing::HandlerFixture;

IpNetworks nets(std::string_view text) {
  auto parsed = IpNetworks::parse(text);
  EXPECT_TRUE(parsed) << parsed.error();
  return parsed ? *parsed : IpNetworks();
}

Request from(std::string peer, std::vector<std::pair<std::string, std::string>> headers = {}) {
  Request r = get("/api/v1/stats/leaderboard");
  r.remote_ip = std::move(peer);
  for (auto& [name, value] : headers) r.headers.add(name, value);
  return r;
}

TEST(IpNetworks, ParsesV4AndV6AndRefusesGarbage) {
  IpNetworks n = nets(" 10.0.0.0/8, 192.168.1.7 ,2001:db8::/32,, ::1");
  EXPECT_EQ(n.size(), 4u);
  EXPECT_TRUE(n.contains("10.255.1.2"));
  EXPECT_TRUE(n.contains("::ffff:10.1.2.3"));  // v4-mapped on a dual-stack socket
  EXPECT_FALSE(n.contains("11.0.0.1"));
  EXPECT_TRUE(n.contains("192.168.1.7"));
  EXPECT_FALSE(n.contains("192.168.1.8"));
  EXPECT_TRUE(n.contains("2001:db8:ffff::1"));
  EXPECT_FALSE(n.contains("2001:db9::1"));
  EXPECT_TRUE(n.contains("::1"));
  EXPECT_FALSE(n.contains("not an ip"));
  EXPECT_TRUE(nets("0.0.0.0/0").contains("8.8.8.8"));
  EXPECT_FALSE(nets("0.0.0.0/0").contains("2001:db8::1"));
  EXPECT_TRUE(nets("::/0").contains("2001:db8::1"));
  EXPECT_TRUE(nets("").empty());
  for (const char* bad : {"10.0.0.0/33", "10.0.0/8", "::1/129", "10.0.0.0/", "10.0.0.0/x",
                          "example.com", "1.2.3.4/8/2"}) {
    auto parsed = IpNetworks::parse(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_NE(parsed.error().find(bad), std::string::npos) << parsed.error();
  }
}

TEST(ClientAddress, ForgedHeadersFromAnUntrustedPeerAreIgnored) {
  const IpNetworks none;
  const IpNetworks trusted = nets("10.0.0.0/8");
  for (const IpNetworks* t : {&none, &trusted}) {
    const ClientAddress c = resolve_client(from("203.0.113.9", {{"X-Forwarded-For", "1.1.1.1"},
                                                                {"X-Real-IP", "2.2.2.2"},
                                                                {"CF-Connecting-IP", "3.3.3.3"}}),
                                           *t);
    EXPECT_EQ(c.text, "203.0.113.9");
    EXPECT_TRUE(c.known);
  }
  EXPECT_EQ(resolve_client(from("::ffff:203.0.113.9"), none).text, "203.0.113.9");
}

TEST(ClientAddress, BehindATrustedProxyTheRightmostUntrustedHopIsTheClient) {
  const IpNetworks trusted = nets("10.0.0.0/8, fd00::/8");
  // The client forged "6.6.6.6" as the first hop; the proxy appended the real peer.
  EXPECT_EQ(resolve_client(from("10.0.0.2", {{"X-Forwarded-For", "6.6.6.6, 198.51.100.4"}}), trusted)
                .text,
            "198.51.100.4");
  // Two proxies: the inner one (trusted) is skipped.
  EXPECT_EQ(resolve_client(from("10.0.0.2", {{"X-Forwarded-For", "6.6.6.6, 198.51.100.4, 10.9.9.9"}}),
                           trusted)
                .text,
            "198.51.100.4");
  // Several header fields form one list.
  EXPECT_EQ(resolve_client(from("10.0.0.2", {{"X-Forwarded-For", "6.6.6.6"},
                                             {"X-Forwarded-For", "2001:db8::7"}}),
                           trusted)
                .text,
            "2001:db8::7");
  // Every hop trusted: the leftmost.
  EXPECT_EQ(resolve_client(from("10.0.0.2", {{"X-Forwarded-For", "10.1.1.1,10.2.2.2"}}), trusted).text,
            "10.1.1.1");
  // A garbage hop ends the walk: the trusted hop to its right.
  EXPECT_EQ(resolve_client(from("10.0.0.2", {{"X-Forwarded-For", "evil, 10.3.3.3"}}), trusted).text,
            "10.3.3.3");
  // X-Real-IP, then CF-Connecting-IP.
  EXPECT_EQ(resolve_client(from("fd00::5", {{"X-Real-IP", "198.51.100.5"}}), trusted).text,
            "198.51.100.5");
  EXPECT_EQ(resolve_client(from("10.0.0.2", {{"X-Real-IP", "junk"},
                                             {"CF-Connecting-IP", "[2001:db8::9]"}}),
                           trusted)
                .text,
            "2001:db8::9");
  // No usable header: the proxy itself.
  EXPECT_EQ(resolve_client(from("10.0.0.2", {{"X-Real-IP", "junk"}}), trusted).text, "10.0.0.2");
}

TEST(ClientAddress, Ipv6ClientsAreLimitedPerSlash64) {
  const IpNetworks none;
  EXPECT_EQ(limit_key(resolve_client(from("2001:db8:1:2:aaaa::1"), none)), "2001:db8:1:2::/64");
  EXPECT_EQ(limit_key(resolve_client(from("2001:db8:1:2:bbbb::9"), none)), "2001:db8:1:2::/64");
  EXPECT_EQ(limit_key(resolve_client(from("198.51.100.4"), none)), "198.51.100.4");
}

ApiOptions limited_options(std::string_view trusted, std::string_view exempt) {
  ApiOptions options = HandlerFixture::default_options();
  options.rate_limit_enabled = true;
  options.trusted_proxies = nets(trusted);
  options.rate_limit_exempt = nets(exempt);
  options.rate_limit_slots = 4096;
  return options;
}

// leaderboard: 60/min. A forged X-Forwarded-For per request does not buy a fresh budget.
TEST(ClientAddress, ForgedForwardingHeadersDoNotEscapeTheRateLimit) {
  HandlerFixture f(limited_options("", ""));
  int allowed = 0;
  for (int i = 0; i < 100; ++i) {
    Request r = from("203.0.113.9", {{"X-Forwarded-For", "1.2.3." + std::to_string(i)},
                                     {"X-Real-IP", "4.4.4." + std::to_string(i)}});
    allowed += f.handler.handle_request(r).status == 200;
  }
  EXPECT_EQ(allowed, 60);
}

TEST(ClientAddress, ClientsBehindATrustedProxyHaveTheirOwnBudgets) {
  HandlerFixture f(limited_options("10.0.0.0/8", ""));
  int allowed_a = 0, allowed_b = 0;
  for (int i = 0; i < 70; ++i) {
    allowed_a += f.handler.handle_request(from("10.0.0.2", {{"X-Forwarded-For", "198.51.100.1"}}))
                     .status == 200;
    // The same visitor forging another first hop is still 198.51.100.2.
    allowed_b += f.handler
                     .handle_request(from("10.0.0.2", {{"X-Forwarded-For",
                                                        std::to_string(i) + ".9.9.9, 198.51.100.2"}}))
                     .status == 200;
  }
  EXPECT_EQ(allowed_a, 60);
  EXPECT_EQ(allowed_b, 60);
  EXPECT_EQ(f.handler.rate_limit_refusals(), 20u);
}

TEST(ClientAddress, ExemptClientsAreNotLimited) {
  HandlerFixture f(limited_options("10.0.0.0/8", "192.0.2.0/24"));
  for (int i = 0; i < 200; ++i) {
    Response r = f.handler.handle_request(from("192.0.2.10"));
    ASSERT_EQ(r.status, 200) << i;
    EXPECT_EQ(testing::header_of(r, "RateLimit-Limit"), "<absent>");
  }
  // Exempt as the resolved client behind a trusted proxy, too.
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(f.handler.handle_request(from("10.0.0.2", {{"X-Forwarded-For", "192.0.2.11"}})).status,
              200);
  }
  // An exempt address forged by an untrusted peer is not.
  int allowed = 0;
  for (int i = 0; i < 70; ++i) {
    allowed +=
        f.handler.handle_request(from("203.0.113.1", {{"X-Forwarded-For", "192.0.2.11"}})).status ==
        200;
  }
  EXPECT_EQ(allowed, 60);
}

}  // namespace
}  // namespace pererecos::http
