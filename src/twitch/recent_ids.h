// The ids of the last `capacity` messages delivered, to deliver a message seen on two
// connections (a RECONNECT hand-over) once. Not thread-safe.
//
// Exact (ids are compared, never only hashed) and allocation-free once warm: the ids live
// in a ring of `capacity` strings whose buffers are reused, found through an
// open-addressing table of ring positions (linear probing, tombstones swept by a rebuild).
// The previous std::unordered_set<std::string> cost two allocations and two frees per
// message on the chat thread (docs/performance.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pererecos::twitch {

class RecentIds {
 public:
  explicit RecentIds(std::size_t capacity);
  // True when `id` is new (and now remembered); false when it was seen recently.
  // An empty id is always new (such messages are deduplicated by the store).
  bool insert(std::string_view id);
  std::size_t size() const { return size_; }

 private:
  static constexpr std::int32_t kEmpty = -1;
  static constexpr std::int32_t kDeleted = -2;
  std::size_t slot_of(std::string_view id) const;  // first probe position
  void erase_ring_entry(std::size_t ring_index);
  void rebuild();

  std::size_t capacity_;
  std::vector<std::string> ring_;     // ids, oldest at next_ once full
  std::vector<std::int32_t> table_;   // ring positions; size a power of two >= 2 capacity
  std::size_t mask_ = 0;
  std::size_t next_ = 0;              // ring position the next id goes to
  std::size_t size_ = 0;              // ids remembered
  std::size_t deleted_ = 0;           // tombstones in table_
};

}  // namespace pererecos::twitch
