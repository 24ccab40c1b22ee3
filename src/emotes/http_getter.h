// The one outbound-HTTP seam of the emotes module: GET a URL, get status + body.
#pragma once

#include <string>

#include "core/result.h"

namespace pererecos::emotes {

struct HttpResponse {
  long status = 0;   // final HTTP status after redirects, e.g. 200, 404, 500
  std::string body;  // decoded (gzip/deflate undone) response body
};

class HttpGetter {
 public:
  virtual ~HttpGetter() = default;
  // Performs one GET. Any HTTP status is a response (the caller judges it); an error
  // value means no response: DNS or connection failure, TLS failure, timeout, or a body
  // over the size limit. Implementations must be safe to call from several threads.
  virtual Result<HttpResponse> get(const std::string& url) = 0;
};

}  // namespace pererecos::emotes
