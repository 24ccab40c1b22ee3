// FeedbackSink: where POST /feedback submissions go. The HTTP module depends only on this
// interface; the app wires it to Store::add_feedback (see StoreFeedbackSink in
// store_feedback_sink.h), tests use an in-memory one.
#pragma once

#include <cstdint>
#include <string>

#include "core/chat_event.h"
#include "core/result.h"

namespace pererecos::http {

struct FeedbackEntry {
  std::string type;     // "bug" or "sugestao" (the alias "suggestion" already mapped)
  std::string message;  // as submitted, 10-2000 code points
  TimestampMs created_ms = 0;
};

class FeedbackSink {
 public:
  virtual ~FeedbackSink() = default;
  // Stores one entry durably and returns its id. Called from the server's I/O threads,
  // possibly concurrently: implementations must be thread-safe.
  virtual Result<std::int64_t> submit(const FeedbackEntry& entry) = 0;
};

}  // namespace pererecos::http
