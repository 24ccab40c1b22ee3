// StoreFeedbackSink forwards to Store::add_feedback (a recording in-test Store).
#include "http/store_feedback_sink.h"

#include <gtest/gtest.h>

namespace pererecos::http {
namespace {

class RecordingStore final : public Store {
 public:
  Result<WriteCounts> write(const std::vector<ChatMessage>&,
                            const std::vector<ModerationEvent>&) override {
    return WriteCounts{};
  }
  Status scan_messages(TimestampMs, const std::function<bool(const StoredMessage&)>&) override {
    return Status::ok();
  }
  Status scan_moderation(const std::function<bool(const StoredModeration&)>&) override {
    return Status::ok();
  }
  Status scan_messages_after_seq(std::int64_t,
                                 const std::function<bool(const StoredMessage&)>&) override {
    return Status::ok();
  }
  Status scan_moderation_after_seq(std::int64_t,
                                   const std::function<bool(const StoredModeration&)>&) override {
    return Status::ok();
  }
  Result<std::uint64_t> count_messages() override { return std::uint64_t{0}; }
  Result<std::int64_t> add_feedback(const Feedback& feedback) override {
    if (feedback.message == "fail please") return Result<std::int64_t>::failure("db down");
    stored.push_back(feedback);
    return static_cast<std::int64_t>(stored.size());
  }
  Status put_emote_set(const EmoteSetSnapshot&) override { return Status::ok(); }
  Result<std::optional<EmoteSetSnapshot>> get_emote_set(const std::string&,
                                                        const std::string&) override {
    return std::optional<EmoteSetSnapshot>{};
  }
  Status put_setting(const std::string&, const std::string&) override { return Status::ok(); }
  Result<std::optional<std::string>> get_setting(const std::string&) override {
    return std::optional<std::string>{};
  }
  Result<std::vector<LoginRecord>> login_history(const std::string&) override {
    return std::vector<LoginRecord>{};
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
