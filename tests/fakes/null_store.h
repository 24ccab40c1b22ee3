// NullStore: a Store that stores nothing and finds nothing. Test doubles derive from it and
// override only the calls their test is about.
#pragma once

#include "storage/store.h"

namespace pererecos::testing {

class NullStore : public Store {
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
  Result<std::int64_t> add_feedback(const Feedback&) override { return std::int64_t{0}; }
  Status put_emote_set(const EmoteSetSnapshot&) override { return Status::ok(); }
  Result<std::optional<EmoteSetSnapshot>> get_emote_set(const std::string&,
                                                        const std::string&) override {
    return std::optional<EmoteSetSnapshot>();
  }
  Status put_setting(const std::string&, const std::string&) override { return Status::ok(); }
  Result<std::optional<std::string>> get_setting(const std::string&) override {
    return std::optional<std::string>();
  }
  Result<std::vector<LoginRecord>> login_history(const std::string&) override {
    return std::vector<LoginRecord>();
  }
};

}  // namespace pererecos::testing
