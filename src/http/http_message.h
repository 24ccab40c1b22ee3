// Request and Response: the plain, socket-free HTTP messages that the API core
// (ApiHandler::handle_request) consumes and produces. The session (session.h) converts
// Beast's messages to and from these, so every endpoint can be tested without a network.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pererecos::http {

class EventSubscription;

// Header fields in arrival order. Names compare case-insensitively (RFC 9110 §5.1).
class Headers {
 public:
  // The value of the first field named `name`, or nullptr. The pointer stays valid until
  // the Headers are next modified.
  const std::string* find(std::string_view name) const;
  // Replaces every field named `name` by one field with `value`.
  void set(std::string_view name, std::string value);
  // Appends a field, keeping any existing ones of the same name.
  void add(std::string name, std::string value);
  void erase(std::string_view name);

  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);

struct Request {
  std::string method;  // as received, e.g. "GET" (methods are case-sensitive)
  std::string target;  // request-target as received, e.g. "/api/v1/stats/user/bob?period=day"
  Headers headers;
  std::string body;
  std::string remote_ip;  // the peer address; the rate limiter's client key
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // Answer to a HEAD request: the transport sends the headers with
  // Content-Length = body.size() and no body.
  bool head_only = false;
  // The transport closes the connection after sending (e.g. after a 413 whose body was
  // not read).
  bool close_connection = false;
  // Set on an accepted GET /api/v1/events: the transport sends the headers (no
  // Content-Length) and then streams events for this subscription (event_stream.h);
  // `body` is unused.
  std::shared_ptr<EventSubscription> event_stream;
};

// The reason phrase of a status code ("Not Found"); "Unknown" for codes not used here.
std::string_view reason_phrase(int status);

}  // namespace pererecos::http
