// A ChatSink that records what it gets, for tests (thread-safe).
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "twitch/chat_sink.h"

namespace pererecos::twitch::testing {

class RecordingSink final : public ChatSink {
 public:
  void on_message(ChatMessage message) override {
    std::lock_guard lock(mu_);
    log_.push_back("m:" + message.id);
    messages_.push_back(std::move(message));
    cv_.notify_all();
  }
  void on_messages(std::vector<ChatMessage>& messages) override {
    std::lock_guard lock(mu_);
    batch_sizes_.push_back(messages.size());
    for (ChatMessage& m : messages) {
      log_.push_back("m:" + m.id);
      messages_.push_back(std::move(m));
    }
    cv_.notify_all();
  }
  void on_moderation(ModerationEvent event) override {
    std::lock_guard lock(mu_);
    log_.push_back("d:" + event.target_login);
    moderation_.push_back(std::move(event));
  }
  void on_room_id(const std::string& channel, const std::string& room_id) override {
    std::lock_guard lock(mu_);
    room_ids_[channel] = room_id;
  }
  void on_joined(const std::string& channel) override {
    std::lock_guard lock(mu_);
    joined_.push_back(channel);
    cv_.notify_all();
  }

  std::vector<ChatMessage> messages() const {
    std::lock_guard lock(mu_);
    return messages_;
  }
  std::vector<std::string> ids() const {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& m : messages_) out.push_back(m.id);
    return out;
  }
  // Messages ("m:ID") and moderation ("d:LOGIN") in the order the sink got them.
  std::vector<std::string> log() const {
    std::lock_guard lock(mu_);
    return log_;
  }
  // The size of every on_messages() batch (on_message calls are not counted).
  std::vector<std::size_t> batch_sizes() const {
    std::lock_guard lock(mu_);
    return batch_sizes_;
  }
  std::vector<std::string> joined() const {
    std::lock_guard lock(mu_);
    return joined_;
  }
  std::vector<ModerationEvent> moderation() const {
    std::lock_guard lock(mu_);
    return moderation_;
  }
  std::map<std::string, std::string> room_ids() const {
    std::lock_guard lock(mu_);
    return room_ids_;
  }
  bool wait_messages(std::size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return messages_.size() >= count; });
  }
  bool wait_joins(std::size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return joined_.size() >= count; });
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ChatMessage> messages_;
  std::vector<ModerationEvent> moderation_;
  std::map<std::string, std::string> room_ids_;
  std::vector<std::string> joined_;
  std::vector<std::string> log_;
  std::vector<std::size_t> batch_sizes_;
};

}  // namespace pererecos::twitch::testing
