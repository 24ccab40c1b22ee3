// The ids of the last `capacity` messages delivered, to deliver a message seen on two
// connections (a RECONNECT hand-over) once. Not thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>

namespace pererecos::twitch {

class RecentIds {
 public:
  explicit RecentIds(std::size_t capacity) : capacity_(capacity) {}
  // True when `id` is new (and now remembered); false when it was seen recently.
  // An empty id is always new (such messages are deduplicated by the store).
  bool insert(std::string_view id) {
    if (id.empty() || capacity_ == 0) return true;
    auto [it, inserted] = set_.emplace(id);
    if (!inserted) return false;
    order_.push_back(&*it);
    if (order_.size() > capacity_) {
      set_.erase(set_.find(*order_.front()));
      order_.pop_front();
    }
    return true;
  }

 private:
  std::size_t capacity_;
  std::unordered_set<std::string> set_;
  std::deque<const std::string*> order_;  // insertion order; node addresses are stable
};

}  // namespace pererecos::twitch
