// StoreFeedbackSink: a FeedbackSink over Store::add_feedback, header-only so the HTTP
// library itself does not link the storage implementation. Calls are serialised by a
// mutex; the Store given must tolerate use from the HTTP threads besides its other users
// (e.g. give it a Store opened for this purpose).
#pragma once

#include <mutex>

#include "http/feedback_sink.h"
#include "storage/store.h"

namespace pererecos::http {

class StoreFeedbackSink final : public FeedbackSink {
 public:
  // `store` must outlive the sink.
  explicit StoreFeedbackSink(Store& store) : store_(store) {}

  Result<std::int64_t> submit(const FeedbackEntry& entry) override {
    Feedback feedback;
    feedback.type = entry.type;
    feedback.message = entry.message;
    feedback.created_ms = entry.created_ms;
    std::lock_guard<std::mutex> lock(mutex_);
    return store_.add_feedback(feedback);
  }

 private:
  Store& store_;
  std::mutex mutex_;
};

}  // namespace pererecos::http
