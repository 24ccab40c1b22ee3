#include "twitch/recent_ids.h"

#include <functional>

namespace pererecos::twitch {

RecentIds::RecentIds(std::size_t capacity) : capacity_(capacity) {
  if (capacity_ == 0) return;
  ring_.resize(capacity_);
  std::size_t n = 16;
  while (n < 2 * capacity_) n *= 2;
  table_.assign(n, kEmpty);
  mask_ = n - 1;
}

std::size_t RecentIds::slot_of(std::string_view id) const {
  return std::hash<std::string_view>{}(id) & mask_;
}

void RecentIds::erase_ring_entry(std::size_t ring_index) {
  for (std::size_t i = slot_of(ring_[ring_index]);; i = (i + 1) & mask_) {
    if (table_[i] == static_cast<std::int32_t>(ring_index)) {
      table_[i] = kDeleted;
      ++deleted_;
      --size_;
      return;
    }
    if (table_[i] == kEmpty) return;  // not there (cannot happen)
  }
}

void RecentIds::rebuild() {
  table_.assign(table_.size(), kEmpty);
  deleted_ = 0;
  // Every remembered id: the `size_` ring positions before next_.
  for (std::size_t k = 0; k < size_; ++k) {
    const std::size_t r = (next_ + capacity_ - size_ + k) % capacity_;
    std::size_t i = slot_of(ring_[r]);
    while (table_[i] != kEmpty) i = (i + 1) & mask_;
    table_[i] = static_cast<std::int32_t>(r);
  }
}

bool RecentIds::insert(std::string_view id) {
  if (id.empty() || capacity_ == 0) return true;
  std::size_t free_slot = table_.size();  // first tombstone on the way, reused
  std::size_t i = slot_of(id);
  for (;; i = (i + 1) & mask_) {
    const std::int32_t t = table_[i];
    if (t == kEmpty) break;
    if (t == kDeleted) {
      if (free_slot == table_.size()) free_slot = i;
    } else if (ring_[static_cast<std::size_t>(t)] == id) {
      return false;
    }
  }
  if (size_ == capacity_) {
    erase_ring_entry(next_);  // the oldest id makes room
    if (free_slot == table_.size()) {
      // Its tombstone may sit on our probe path: search the path again for a free slot.
      for (std::size_t j = slot_of(id);; j = (j + 1) & mask_) {
        if (table_[j] == kEmpty || table_[j] == kDeleted) {
          free_slot = j;
          break;
        }
      }
    }
  }
  if (free_slot == table_.size()) free_slot = i;
  if (table_[free_slot] == kDeleted) --deleted_;
  ring_[next_].assign(id.data(), id.size());  // reuses the slot's buffer
  table_[free_slot] = static_cast<std::int32_t>(next_);
  next_ = (next_ + 1) % capacity_;
  ++size_;
  if (deleted_ > table_.size() / 4) rebuild();
  return true;
}

}  // namespace pererecos::twitch
