// Helpers for the HTTP tests: building requests, parsing JSON bodies.
#pragma once

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <memory>
#include <string>

#include "core/clock.h"
#include "fake_stats_reader.h"
#include "http/api_handler.h"

namespace pererecos::http::testing {

inline Request make_request(std::string method, std::string target, std::string body = {}) {
  Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.body = std::move(body);
  r.remote_ip = "10.0.0.1";
  return r;
}

inline Request get(std::string target) { return make_request("GET", std::move(target)); }

// Parses a JSON body; fails the test when it is not valid JSON.
inline rapidjson::Document parse_json(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
  EXPECT_FALSE(doc.HasParseError()) << "not JSON: " << body;
  return doc;
}

inline std::string detail_of(const Response& r) {
  rapidjson::Document doc = parse_json(r.body);
  if (!doc.IsObject() || !doc.HasMember("detail") || !doc["detail"].IsString()) {
    ADD_FAILURE() << "no string detail in " << r.body;
    return {};
  }
  return doc["detail"].GetString();
}

inline std::string header_of(const Response& r, std::string_view name) {
  const std::string* value = r.headers.find(name);
  return value == nullptr ? std::string("<absent>") : *value;
}

// A recording FeedbackSink.
class MemoryFeedbackSink final : public FeedbackSink {
 public:
  Result<std::int64_t> submit(const FeedbackEntry& entry) override {
    if (fail) return Result<std::int64_t>::failure("disk full");
    entries.push_back(entry);
    return static_cast<std::int64_t>(entries.size()) + 100;
  }
  std::vector<FeedbackEntry> entries;
  bool fail = false;
};

// Everything a handler needs, owned together.
struct HandlerFixture {
  explicit HandlerFixture(ApiOptions options = default_options(), HealthProbe probe = {})
      : clock(kTs1), handler(std::move(options), reader, clock, &feedback, std::move(probe)) {}

  static ApiOptions default_options() {
    ApiOptions options;
    options.rate_limit_enabled = false;
    options.web_root = "web";
    return options;
  }

  FakeStatsReader reader;
  FixedClock clock;
  MemoryFeedbackSink feedback;
  ApiHandler handler;
};

}  // namespace pererecos::http::testing
