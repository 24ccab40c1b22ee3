// Flat open-addressing hash indexes for the engine's hot lookups (a sender's user id, a
// login): one probe into a contiguous array instead of the bucket + node + key chase of
// std::unordered_map. Keys are only ever added (the engine never forgets a user or login).
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pererecos::stats {

inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// Eight bytes at a time, each word multiplied in and the result mixed: a few cycles for
// the short keys used here (logins, user ids, message ids). Not stable across versions:
// only ever kept in memory.
inline std::uint64_t hash_bytes(std::string_view s) {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  std::uint64_t h = 0x243F6A8885A308D3ULL ^ (s.size() * kMul);
  const char* p = s.data();
  std::size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  if (n > 0) {
    // The last 1..7 bytes: one (overlapping) 8-byte load when the key is long enough.
    std::uint64_t w = 0;
    if (s.size() >= 8) {
      std::memcpy(&w, s.data() + s.size() - 8, 8);
    } else {
      for (std::size_t i = 0; i < n; ++i) {
        w |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
      }
    }
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  return mix64(h);
}

// a == b, inlined: the keys compared here are short (channel names, logins, emote names),
// where a call to the library's memcmp costs more than the comparison itself.
inline bool equal_keys(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  std::size_t n = a.size();
  for (; n >= 8; x += 8, y += 8, n -= 8) {
    std::uint64_t u, v;
    std::memcpy(&u, x, 8);
    std::memcpy(&v, y, 8);
    if (u != v) return false;
  }
  for (; n > 0; ++x, ++y, --n) {
    if (*x != *y) return false;
  }
  return true;
}

// Linear probing over (64-bit tag, 32-bit value) cells, capacity a power of two, load
// <= 1/2. Several cells may share a tag; find() returns the first whose value `matches`.
class ProbeTable {
 public:
  static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();

  template <typename Matches>
  std::uint32_t find(std::uint64_t tag, Matches&& matches) const {
    if (cells_.empty()) return kAbsent;
    for (std::size_t i = mix64(tag) & mask_;; i = (i + 1) & mask_) {
      const Cell& c = cells_[i];
      if (c.value == kAbsent) return kAbsent;
      if (c.tag == tag && matches(c.value)) return c.value;
    }
  }
  // A hint that find(tag) comes soon: starts loading its first cell.
  void prefetch(std::uint64_t tag) const {
    if (!cells_.empty()) __builtin_prefetch(&cells_[mix64(tag) & mask_]);
  }
  // REQUIRE: value != kAbsent.
  void insert(std::uint64_t tag, std::uint32_t value) {
    if ((size_ + 1) * 2 > cells_.size()) grow();
    place(tag, value);
    ++size_;
  }
  std::size_t size() const { return size_; }

 private:
  struct Cell {
    std::uint64_t tag = 0;
    std::uint32_t value = kAbsent;
  };
  void place(std::uint64_t tag, std::uint32_t value) {
    std::size_t i = mix64(tag) & mask_;
    while (cells_[i].value != kAbsent) i = (i + 1) & mask_;
    cells_[i] = Cell{tag, value};
  }
  void grow() {
    std::vector<Cell> old = std::move(cells_);
    cells_.assign(old.empty() ? 64 : old.size() * 2, Cell{});
    mask_ = cells_.size() - 1;
    for (const Cell& c : old) {
      if (c.value != kAbsent) place(c.tag, c.value);
    }
  }
  std::vector<Cell> cells_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// Maps a 64-bit key to a 32-bit value (the key is the tag).
class U64Index {
 public:
  static constexpr std::uint32_t kAbsent = ProbeTable::kAbsent;

  std::uint32_t find(std::uint64_t key) const {
    return table_.find(key, [](std::uint32_t) { return true; });
  }
  void prefetch(std::uint64_t key) const { table_.prefetch(key); }
  // REQUIRE: key absent, value != kAbsent.
  void insert(std::uint64_t key, std::uint32_t value) { table_.insert(key, value); }
  std::size_t size() const { return table_.size(); }

 private:
  ProbeTable table_;
};

// Maps a string to the index of that string in a vector the caller owns (`keys`), storing
// only (hash, index) pairs. The caller appends keys[index] before inserting index.
class StringIndex {
 public:
  static constexpr std::uint32_t kAbsent = ProbeTable::kAbsent;

  std::uint32_t find(std::string_view key, const std::vector<std::string>& keys) const {
    return find_hashed(key, hash_bytes(key), keys);
  }
  std::uint32_t find_hashed(std::string_view key, std::uint64_t h,
                            const std::vector<std::string>& keys) const {
    return table_.find(h, [&](std::uint32_t i) { return equal_keys(keys[i], key); });
  }
  // REQUIRE: keys[value] absent from the index so far.
  void insert(std::uint64_t h, std::uint32_t value) { table_.insert(h, value); }

 private:
  ProbeTable table_;
};

// Twitch user ids are decimal numbers: those are keyed by their value in a U64Index. Any
// other spelling (leading zeros, letters, 20+ digits) goes to a string map, so two distinct
// strings never share a key.
class UserIdIndex {
 public:
  static constexpr std::uint32_t kAbsent = U64Index::kAbsent;

  std::uint32_t find(std::string_view id) const {
    std::uint64_t n;
    if (numeric(id, n)) return by_number_.find(n);
    auto it = by_string_.find(std::string(id));
    return it == by_string_.end() ? kAbsent : it->second;
  }
  void prefetch(std::string_view id) const {
    std::uint64_t n;
    if (numeric(id, n)) by_number_.prefetch(n);
  }
  void insert(std::string_view id, std::uint32_t value) {
    std::uint64_t n;
    if (numeric(id, n)) {
      by_number_.insert(n, value);
    } else {
      by_string_.emplace(std::string(id), value);
    }
  }

 private:
  static bool numeric(std::string_view s, std::uint64_t& out) {
    if (s.empty() || s.size() > 19 || (s.size() > 1 && s[0] == '0')) return false;
    std::uint64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    out = v;
    return true;
  }
  U64Index by_number_;
  std::unordered_map<std::string, std::uint32_t> by_string_;
};

}  // namespace pererecos::stats
