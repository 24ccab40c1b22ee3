// TextArena: copies of strings packed into large chunks, for batches of short-lived views
// (one allocation per chunk instead of one per string). Copies never move: a view stays
// valid until clear(), which keeps the chunks for reuse.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace pererecos {

class TextArena {
 public:
  static constexpr std::size_t kChunkBytes = 64 * 1024;

  std::string_view copy(std::string_view s) {
    if (s.empty()) return {};
    if (chunks_.empty() || used_ + s.size() > chunks_[current_].size) next_chunk(s.size());
    char* at = chunks_[current_].bytes.get() + used_;
    std::memcpy(at, s.data(), s.size());
    used_ += s.size();
    return {at, s.size()};
  }

  // Forgets every copy (their views dangle from now on); the memory stays for reuse.
  void clear() {
    current_ = 0;
    used_ = 0;
  }

 private:
  struct Chunk {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;
  };

  // Moves to a chunk with room for `need` bytes: the next one if it is large enough, else a
  // new one put there.
  void next_chunk(std::size_t need) {
    const std::size_t next = chunks_.empty() ? 0 : current_ + 1;
    if (next >= chunks_.size() || chunks_[next].size < need) {
      const std::size_t size = std::max(kChunkBytes, need);
      Chunk chunk{std::make_unique<char[]>(size), size};
      if (next < chunks_.size()) {
        chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(next), std::move(chunk));
      } else {
        chunks_.push_back(std::move(chunk));
      }
    }
    current_ = next;
    used_ = 0;
  }

  std::vector<Chunk> chunks_;
  std::size_t current_ = 0;  // the chunk being filled
  std::size_t used_ = 0;     // bytes used in it
};

}  // namespace pererecos
