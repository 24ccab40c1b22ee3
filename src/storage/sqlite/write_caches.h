// Small flat containers for the SQLite store's write path, where a node-based hash map
// cost a cache miss or three per message. Internal to src/storage/sqlite/.
#pragma once

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/chat_event.h"

namespace pererecos::storage {

// Open-addressing table from a 64-bit hash to an interned id and a pointer to the
// interned row (so the caller can check the row really matches: a hash is never trusted
// alone). Never erases; clear() empties it.
class HashedIdTable {
 public:
  struct Slot {
    std::uint64_t hash = 0;  // 0 = empty
    std::int64_t id = 0;
    const void* row = nullptr;
  };

  // The slot holding `hash`, or nullptr.
  const Slot* find(std::uint64_t hash) const {
    if (slots_.empty()) return nullptr;
    hash = hash == 0 ? 1 : hash;
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].hash == hash) return &slots_[i];
      if (slots_[i].hash == 0) return nullptr;
    }
  }

  // REQUIRES: find(hash) == nullptr.
  void insert(std::uint64_t hash, std::int64_t id, const void* row) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    hash = hash == 0 ? 1 : hash;
    std::size_t i = hash & mask_;
    while (slots_[i].hash != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{hash, id, row};
    ++size_;
  }

  void clear() {
    slots_.clear();
    size_ = 0;
    mask_ = 0;
  }

 private:
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    size_ = 0;
    for (const Slot& s : old) {
      if (s.hash != 0) insert(s.hash, s.id, s.row);
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
};

// When each sender id was seen: the first and last message timestamps. Sender ids are
// dense rowids, so small ones index a flat array; any huge one goes to a map.
class LoginSpans {
 public:
  struct Span {
    TimestampMs first_ms, last_ms;
  };

  void add(std::int64_t sender, TimestampMs first_ms, TimestampMs last_ms) {
    Span* span = nullptr;
    if (sender >= 0 && sender < kFlatLimit) {
      const auto index = static_cast<std::size_t>(sender);
      if (index >= flat_.size()) flat_.resize(std::max(index + 1, flat_.size() * 2), kAbsent);
      span = &flat_[index];
    } else {
      span = &sparse_.try_emplace(sender, kAbsent).first->second;
    }
    if (span->first_ms > span->last_ms) {  // absent
      *span = Span{first_ms, last_ms};
      ids_.push_back(sender);
    } else {
      span->first_ms = std::min(span->first_ms, first_ms);
      span->last_ms = std::max(span->last_ms, last_ms);
    }
  }

  // Calls fn(sender, span) for every sender present, in insertion order.
  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (const std::int64_t id : ids_) {
      fn(id, id >= 0 && id < kFlatLimit ? flat_[static_cast<std::size_t>(id)] : sparse_.at(id));
    }
  }

  bool empty() const { return ids_.empty(); }
  std::size_t size() const { return ids_.size(); }

  void clear() {
    for (const std::int64_t id : ids_) {
      if (id >= 0 && id < kFlatLimit) flat_[static_cast<std::size_t>(id)] = kAbsent;
    }
    sparse_.clear();
    ids_.clear();
  }

 private:
  static constexpr std::int64_t kFlatLimit = std::int64_t{1} << 24;
  static constexpr Span kAbsent{1, 0};  // first > last: no sighting
  std::vector<Span> flat_;
  std::unordered_map<std::int64_t, Span> sparse_;
  std::vector<std::int64_t> ids_;
};

}  // namespace pererecos::storage
