#include "demo/community_generator.h"

#include <algorithm>

#include "demo/chat_simulation.h"

namespace pererecos::demo {
namespace {

bool valid_login(const std::string& s) {
  if (s.empty() || s.size() > 25) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

class ChunkSink final : public CommunitySink {
 public:
  ChunkSink(std::size_t chunk, const ChunkWriter& write) : chunk_(chunk), write_(write) {
    messages_.reserve(chunk);
  }
  bool on_message(const ChatMessage& message, const IrcDetails&) override {
    messages_.push_back(message);
    return messages_.size() < chunk_ || flush();
  }
  bool on_moderation(const ModerationEvent& event, const IrcDetails&) override {
    moderation_.push_back(event);
    return true;
  }
  bool flush() {
    if (messages_.empty() && moderation_.empty()) return true;
    status_ = write_(messages_, moderation_);
    messages_.clear();
    moderation_.clear();
    return status_.is_ok();
  }
  const Status& status() const { return status_; }

 private:
  std::size_t chunk_;
  const ChunkWriter& write_;
  std::vector<ChatMessage> messages_;
  std::vector<ModerationEvent> moderation_;
  Status status_;
};

}  // namespace

Status validate_community_options(const CommunityOptions& o) {
  if (o.days < 1 || o.days > 3660) return Status::error("days must be in 1..3660");
  if (o.users < 1 || o.users > 10'000'000) return Status::error("users must be in 1..10000000");
  if (o.messages > 10'000'000'000ULL) return Status::error("messages must be at most 10^10");
  if (!valid_login(o.channel)) {
    return Status::error("channel must be a lowercase Twitch login ([a-z0-9_]{1,25})");
  }
  if (o.room_id.empty() || o.room_id.size() > 19 ||
      !std::all_of(o.room_id.begin(), o.room_id.end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return Status::error("room id must be a numeric Twitch user id");
  }
  if (o.end_ms < static_cast<TimestampMs>(o.days) * kDayMs) {
    return Status::error("end time must be at least `days` after 1970-01-01");
  }
  return Status::ok();
}

Result<CommunitySummary> generate_community(const CommunityOptions& options, CommunitySink& sink) {
  if (Status s = validate_community_options(options); !s) return s;
  ChatSimulation simulation(options, sink);
  return simulation.run();
}

Result<CommunitySummary> generate_community_chunks(const CommunityOptions& options,
                                                   std::size_t chunk_messages,
                                                   const ChunkWriter& write) {
  ChunkSink sink(std::max<std::size_t>(1, chunk_messages), write);
  auto summary = generate_community(options, sink);
  if (!summary) return summary;
  if (!summary->stopped && !sink.flush()) return sink.status();
  if (!sink.status().is_ok()) return sink.status();
  return summary;
}

}  // namespace pererecos::demo
