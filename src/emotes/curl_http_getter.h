// HttpGetter over libcurl: HTTP and HTTPS, redirects followed, timeouts, gzip.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "emotes/http_getter.h"

namespace pererecos::emotes {

struct CurlOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{30'000};  // whole transfer, redirects included
  std::string user_agent =
      "pererecos-stats/" PERERECOS_VERSION " (+https://github.com/pererecos/pererecos-stats)";
  // A PEM file of CA certificates to trust instead of the system store (tests); empty =
  // system default. Peer and host name verification always stay on.
  std::string ca_info;
  long max_redirects = 5;
  std::size_t max_body_bytes = 32u << 20;  // larger bodies are an error
};

// Any method, for callers that need more than get() (the Twitch OAuth calls, app/).
struct HttpRequest {
  std::string method = "GET";  // GET or POST
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent with POST
};

// Thread-safe: every get() uses its own easy handle. Only http:// and https:// URLs are
// accepted, for the request and for redirects.
class CurlHttpGetter final : public HttpGetter {
 public:
  explicit CurlHttpGetter(CurlOptions options = {});
  ~CurlHttpGetter() override;
  CurlHttpGetter(const CurlHttpGetter&) = delete;
  CurlHttpGetter& operator=(const CurlHttpGetter&) = delete;

  Result<HttpResponse> get(const std::string& url) override;
  // One request with the same timeouts and limits. Redirects are followed only for a GET
  // without extra headers (a POST body or an Authorization header never goes elsewhere).
  // Errors name the method and URL, never a header or the body.
  Result<HttpResponse> send(const HttpRequest& request);

 private:
  CurlOptions options_;
  bool global_ok_ = false;
};

}  // namespace pererecos::emotes
