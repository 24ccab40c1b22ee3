// The real libcurl fetcher against the local FakeHttpServer.
#include "emotes/curl_http_getter.h"

#include <gtest/gtest.h>

#include "emotes/fake_http_server.h"
#include "emotes/test_certificate.h"
#include "emotes/test_files.h"

namespace pererecos::emotes {
namespace {

using testing::FakeHttpServer;

CurlOptions quick_options() {
  CurlOptions o;
  o.connect_timeout = std::chrono::milliseconds(2000);
  o.total_timeout = std::chrono::milliseconds(5000);
  return o;
}

TEST(CurlHttpGetter, FetchesBodyAndStatusAndSendsUserAgent) {
  FakeHttpServer server;
  std::string fixture = testing::seventv_fixture();
  server.set_route("/v3/emote-sets/abc", {200, fixture, {}, false});
  CurlHttpGetter http(quick_options());
  Result<HttpResponse> r = http.get(server.base_url() + "/v3/emote-sets/abc");
  ASSERT_TRUE(r.is_ok()) << r.error();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, fixture);
  std::vector<FakeHttpServer::Request> requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& head = requests[0].head;
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_NE(head.find("User-Agent: pererecos-stats/" PERERECOS_VERSION), std::string::npos) << head;
}

TEST(CurlHttpGetter, ErrorStatusesAreResponses) {
  FakeHttpServer server;
  server.set_route("/broken", {500, "oops", {}, false});
  CurlHttpGetter http(quick_options());
  Result<HttpResponse> r = http.get(server.base_url() + "/broken");
  ASSERT_TRUE(r.is_ok()) << r.error();
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body, "oops");
  Result<HttpResponse> missing = http.get(server.base_url() + "/nothing-here");
  ASSERT_TRUE(missing.is_ok()) << missing.error();
  EXPECT_EQ(missing->status, 404);
}

TEST(CurlHttpGetter, FollowsRedirects) {
  FakeHttpServer server;
  server.set_route("/old", {302, "", {{"Location", "/new"}}, false});
  server.set_route("/new", {200, "moved here", {}, false});
  CurlHttpGetter http(quick_options());
  Result<HttpResponse> r = http.get(server.base_url() + "/old");
  ASSERT_TRUE(r.is_ok()) << r.error();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "moved here");
  EXPECT_EQ(server.hits("/new"), 1);
}

TEST(CurlHttpGetter, SendsAPostWithHeadersAndFollowsNoRedirectForIt) {
  FakeHttpServer server;
  server.set_route("/oauth2/token", {302, "", {{"Location", "/elsewhere"}}, false});
  server.set_route("/elsewhere", {200, "leaked", {}, false});
  CurlHttpGetter http(quick_options());
  HttpRequest request;
  request.method = "POST";
  request.url = server.base_url() + "/oauth2/token";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = "grant_type=refresh_token&refresh_token=abc";
  Result<HttpResponse> r = http.send(request);
  ASSERT_TRUE(r.is_ok()) << r.error();
  EXPECT_EQ(r->status, 302) << "a POST (it carries secrets) is not sent on to another place";
  EXPECT_EQ(server.hits("/elsewhere"), 0);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_NE(requests[0].head.find("Content-Type: application/x-www-form-urlencoded"),
            std::string::npos) << requests[0].head;
  EXPECT_NE(requests[0].head.find("Content-Length: 42"), std::string::npos) << requests[0].head;

  // A GET with an Authorization header is not redirected either.
  server.set_route("/oauth2/validate", {302, "", {{"Location", "/elsewhere"}}, false});
  HttpRequest validate;
  validate.url = server.base_url() + "/oauth2/validate";
  validate.headers = {{"Authorization", "OAuth sometoken"}};
  Result<HttpResponse> v = http.send(validate);
  ASSERT_TRUE(v.is_ok()) << v.error();
  EXPECT_EQ(v->status, 302);
  EXPECT_EQ(server.hits("/elsewhere"), 0);

  // A header cannot smuggle another header or line.
  validate.headers = {{"Authorization", "OAuth x\r\nX-Evil: 1"}};
  Result<HttpResponse> bad = http.send(validate);
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.error().find("OAuth"), std::string::npos) << "the error shows no header value";
  HttpRequest put;
  put.method = "PUT";
  put.url = server.base_url() + "/x";
  EXPECT_FALSE(http.send(put).is_ok());
}

TEST(CurlHttpGetter, RedirectLoopIsAnError) {
  FakeHttpServer server;
  server.set_route("/loop", {302, "", {{"Location", "/loop"}}, false});
  CurlHttpGetter http(quick_options());
  EXPECT_FALSE(http.get(server.base_url() + "/loop").is_ok());
  EXPECT_EQ(server.hits("/loop"), 6);  // the request and max_redirects (5) more
}

TEST(CurlHttpGetter, ConnectionRefusedIsAnError) {
  CurlHttpGetter http(quick_options());
  std::string url = "http://127.0.0.1:" + std::to_string(testing::unused_local_port()) + "/x";
  Result<HttpResponse> r = http.get(url);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.error().find(url), std::string::npos) << r.error();
}

TEST(CurlHttpGetter, SilentServerTimesOut) {
  FakeHttpServer server;
  server.set_route("/slow", {200, "", {}, true});
  CurlOptions options = quick_options();
  options.total_timeout = std::chrono::milliseconds(300);
  CurlHttpGetter http(options);
  Result<HttpResponse> r = http.get(server.base_url() + "/slow");
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.error().find("imed out"), std::string::npos) << r.error();
}

TEST(CurlHttpGetter, OversizedBodyIsAnError) {
  FakeHttpServer server;
  server.set_route("/big", {200, std::string(5000, 'x'), {}, false});
  CurlOptions options = quick_options();
  options.max_body_bytes = 4999;
  CurlHttpGetter http(options);
  Result<HttpResponse> r = http.get(server.base_url() + "/big");
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.error().find("larger than 4999"), std::string::npos) << r.error();
  options.max_body_bytes = 5000;
  CurlHttpGetter roomy(options);
  EXPECT_TRUE(roomy.get(server.base_url() + "/big").is_ok());
}

TEST(CurlHttpGetter, OnlyHttpSchemes) {
  CurlHttpGetter http(quick_options());
  EXPECT_FALSE(http.get("file:///etc/passwd").is_ok());
  EXPECT_FALSE(http.get("ftp://127.0.0.1/x").is_ok());
}

TEST(CurlHttpGetter, HttpsTrustsTheGivenCaFile) {
  testing::TestCertificate cert;
  FakeHttpServer server(cert.cert_path(), cert.key_path());
  server.set_route("/v3/emote-sets/global", {200, "{\"id\":\"global\"}", {}, false});
  CurlOptions options = quick_options();
  options.ca_info = cert.cert_path();
  CurlHttpGetter http(options);
  ASSERT_EQ(server.base_url().rfind("https://", 0), 0u);
  Result<HttpResponse> r = http.get(server.base_url() + "/v3/emote-sets/global");
  ASSERT_TRUE(r.is_ok()) << r.error();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{\"id\":\"global\"}");
}

TEST(CurlHttpGetter, HttpsRejectsAnUntrustedCertificate) {
  testing::TestCertificate cert;
  FakeHttpServer server(cert.cert_path(), cert.key_path());
  server.set_route("/x", {200, "secret", {}, false});
  CurlHttpGetter system_trust(quick_options());  // the system store knows nothing of it
  EXPECT_FALSE(system_trust.get(server.base_url() + "/x").is_ok());

  testing::TestCertificate other;  // a different self-signed certificate
  CurlOptions options = quick_options();
  options.ca_info = other.cert_path();
  CurlHttpGetter wrong_ca(options);
  EXPECT_FALSE(wrong_ca.get(server.base_url() + "/x").is_ok());

  options.ca_info = "/nonexistent/ca.pem";
  CurlHttpGetter missing_ca(options);
  EXPECT_FALSE(missing_ca.get(server.base_url() + "/x").is_ok());
  EXPECT_TRUE(server.requests().empty());  // no request ever got past the handshake
}

}  // namespace
}  // namespace pererecos::emotes
