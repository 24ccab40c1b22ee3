// ChunkArena: append-only storage of small arrays in fixed-size chunks, freed chunk by
// chunk once every array in a chunk has been released. Used for the per-message payloads of
// the rolling-window queue, which are released in (roughly) the order they were appended.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

namespace pererecos::stats {

template <typename T>
class ChunkArena {
 public:
  static constexpr std::uint64_t kChunkElems = 1 << 16;

  // Stores a copy of data[0..n) and returns its handle. n may be 0 (handle is then unused).
  std::uint64_t append(const T* data, std::size_t n) {
    if (n == 0) return 0;
    if (chunks_.empty() || used_ + n > capacity_of(chunks_.size() - 1)) {
      std::size_t cap = n > kChunkElems ? n : kChunkElems;
      chunks_.push_back(Chunk{std::make_unique<T[]>(cap), cap, 0});
      used_ = 0;
    }
    std::uint64_t chunk = chunks_.size() - 1;
    std::memcpy(chunks_[chunk].data.get() + used_, data, n * sizeof(T));
    std::uint64_t handle = (chunk << 32) | used_;
    used_ += n;
    chunks_[chunk].live += n;
    return handle;
  }

  const T* get(std::uint64_t handle) const {
    return chunks_[handle >> 32].data.get() + (handle & 0xffffffffu);
  }
  T* get(std::uint64_t handle) { return chunks_[handle >> 32].data.get() + (handle & 0xffffffffu); }

  // Releases an array from append(); frees its chunk when nothing in it is live any more.
  void release(std::uint64_t handle, std::size_t n) {
    if (n == 0) return;
    std::uint64_t chunk = handle >> 32;
    Chunk& c = chunks_[chunk];
    c.live -= n;
    if (c.live == 0 && chunk + 1 != chunks_.size()) {
      c.data.reset();
      c.capacity = 0;
    }
  }

  std::size_t bytes_held() const {
    std::size_t total = 0;
    for (const Chunk& c : chunks_) total += c.capacity * sizeof(T);
    return total;
  }

 private:
  struct Chunk {
    std::unique_ptr<T[]> data;
    std::size_t capacity = 0;
    std::size_t live = 0;
  };
  std::size_t capacity_of(std::size_t chunk) const { return chunks_[chunk].capacity; }

  std::vector<Chunk> chunks_;
  std::size_t used_ = 0;  // elements used in the last chunk
};

}  // namespace pererecos::stats
