// StoreFeedbackSink forwards to Store::add_feedback (a recording in-test Store).
#include "http/store_feedback_sink.h"

#include <gtest/gtest.h>

#include "fakes/null_store.h"

namespace pererecos::http {
namespace {

class RecordingStore final : public pererecos::testing::NullStore {
 public:
  Result<std::int64_t> add_feedback(const Feedback& feedback) override {
    if (feedback.message == "fail please") return Result<std::int64_t>::failure("db down");
    stored.push_back(feedback);
    return static_cast<std::int64_t>(stored.size());
  }
  std::vector<Feedback> stored;
};

TEST(StoreFeedbackSink, ForwardsEntriesAndErrors) {
  RecordingStore store;
  StoreFeedbackSink sink(store);
  auto id = sink.submit({"sugestao", "more charts please", 1234});
  ASSERT_TRUE(id);
  EXPECT_EQ(id.value(), 1);
  ASSERT_EQ(store.stored.size(), 1u);
  EXPECT_EQ(store.stored[0].type, "sugestao");
  EXPECT_EQ(store.stored[0].message, "more charts please");
  EXPECT_EQ(store.stored[0].created_ms, 1234);
  EXPECT_FALSE(sink.submit({"bug", "fail please", 1}));
}

}  // namespace
}  // namespace pererecos::http
