#include "emotes/curl_http_getter.h"

#include <curl/curl.h>

#include <memory>

namespace pererecos::emotes {
namespace {

struct Sink {
  std::string body;
  std::size_t limit = 0;
  bool too_large = false;
};

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t n = size * count;
  if (sink->body.size() + n > sink->limit) {
    sink->too_large = true;
    return 0;  // makes curl abort with CURLE_WRITE_ERROR
  }
  sink->body.append(data, n);
  return n;
}

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

CurlHttpGetter::CurlHttpGetter(CurlOptions options) : options_(std::move(options)) {
  // Reference-counted inside libcurl (and thread-safe in 7.84+).
  global_ok_ = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

CurlHttpGetter::~CurlHttpGetter() {
  if (global_ok_) curl_global_cleanup();
}

Result<HttpResponse> CurlHttpGetter::get(const std::string& url) {
  HttpRequest request;
  request.url = url;
  return send(request);
}

Result<HttpResponse> CurlHttpGetter::send(const HttpRequest& request) {
  using R = Result<HttpResponse>;
  const std::string& url = request.url;
  const bool post = request.method == "POST";
  if (!post && request.method != "GET") return R::failure("unsupported method " + request.method);
  const std::string what = request.method + " " + url;
  if (!global_ok_) return R::failure("libcurl could not be initialised");
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return R::failure("not an http(s) URL: " + url);
  }
  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) return R::failure("curl_easy_init failed");
  CURL* h = curl.get();
  Sink sink;
  sink.limit = options_.max_body_bytes;
  char error[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  const bool follow = !post && request.headers.empty();
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, follow ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, options_.max_redirects);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
  curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl can decode
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_info.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_info.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  for (const auto& [name, value] : request.headers) {
    if ((name + value).find_first_of("\r\n") != std::string::npos) {
      return R::failure(what + ": a header holds a line break");
    }
    const std::string line = name + ": " + value;
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (next == nullptr) return R::failure(what + ": out of memory");
    headers.release();
    headers.reset(next);
  }
  if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  if (post) {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
  }

  CURLcode code = curl_easy_perform(h);
  if (sink.too_large) {
    return R::failure(what + ": body larger than " +
                      std::to_string(options_.max_body_bytes) + " bytes");
  }
  if (code != CURLE_OK) {
    std::string detail = error[0] != '\0' ? error : curl_easy_strerror(code);
    return R::failure(what + ": " + detail);
  }
  HttpResponse response;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  response.body = std::move(sink.body);
  return response;
}

}  // namespace pererecos::emotes
