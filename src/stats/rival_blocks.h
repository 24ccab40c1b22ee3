// Blocks of 8-bit rows for the rival scan, so that whole blocks can be skipped. The non-zero
// rows of a period are grouped by their peak hour (the first hour of the row's maximum), and
// each group is cut into blocks of kBlock rows. A block keeps the element-wise maximum of its
// rows' normalised copies n[h] = q[h] / |floor(b / d)| (quantized_rows.h). For a query row
// a16 >= 0 every row's bound dot(a16, q) / |floor(b / d)| = dot(a16, n) is at most
// dot(a16, max n), so a block whose bound is below the best exact score so far holds no row
// that could reach it (the float parts err by far less than the scan's 1e-4 margin).
// Maintained by the writer in flush_indexes: place() as a row's copy changes (a row moves to
// another group when its peak hour moves), refresh() recomputes the blocks touched.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "stats/quantized_rows.h"

namespace pererecos::stats {

class RivalBlocks {
 public:
  static constexpr std::uint32_t kBlock = 64;
  static constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;

  struct Group {
    std::vector<std::uint32_t> slots;               // any order
    std::vector<std::array<float, 24>> block_max;   // one per kBlock slots
    std::vector<std::uint8_t> block_dirty;
  };

  // The group of a row: its peak hour, or -1 for an all-zero row (in no group).
  static int peak_of(const QuantRow& qr) {
    if (qr.inv_norm_lo == 0.0f) return -1;
    int peak = 0;
    for (int h = 1; h < 24; ++h) {
      if (qr.q[h] > qr.q[peak]) peak = h;
    }
    return peak;
  }

  // The slot's copy changed to qr (refresh() before the next scan).
  void place(std::uint32_t slot, const QuantRow& qr) {
    if (slot >= where_.size()) where_.resize(slot + 1, kAbsent);
    const int peak = peak_of(qr);
    const std::uint32_t at = where_[slot];
    if (at != kAbsent && static_cast<int>(at >> 24) == peak) {
      mark(groups_[peak], at & 0xFFFFFFu);  // same group: its block's maximum may move
      return;
    }
    if (at != kAbsent) remove(slot, at);
    if (peak < 0) return;
    Group& g = groups_[peak];
    const auto pos = static_cast<std::uint32_t>(g.slots.size());
    g.slots.push_back(slot);
    if (g.block_max.size() * kBlock < g.slots.size()) {
      g.block_max.emplace_back();
      g.block_dirty.push_back(0);
    }
    where_[slot] = (static_cast<std::uint32_t>(peak) << 24) | pos;
    mark(g, pos);
  }

  // Recomputes the maxima of the blocks touched since the last refresh.
  void refresh(const std::vector<QuantRow>& qrows) {
    for (const auto& [hour, block] : dirty_) {
      Group& g = groups_[hour];
      if (block >= g.block_max.size() || !g.block_dirty[block]) continue;
      g.block_dirty[block] = 0;
      std::array<float, 24> m{};
      const std::size_t end = std::min<std::size_t>(g.slots.size(), (block + 1) * kBlock);
      for (std::size_t i = block * kBlock; i < end; ++i) {
        const QuantRow& qr = qrows[g.slots[i]];
        for (int h = 0; h < 24; ++h) {
          m[h] = std::max(m[h], static_cast<float>(qr.q[h]) * qr.inv_norm_lo);
        }
      }
      g.block_max[block] = m;
    }
    dirty_.clear();
  }

  const Group& group(int hour) const { return groups_[hour]; }

  // dot(a16, max n) of one block: at least every bound in it (before the 1e-4 margin).
  static float block_bound(const QueryRow& query, const std::array<float, 24>& m) {
    float sum = 0;
    for (int h = 0; h < 24; ++h) sum += static_cast<float>(query.a16[h]) * m[h];
    return sum;
  }

 private:
  void mark(Group& g, std::uint32_t pos) {
    const std::uint32_t block = pos / kBlock;
    if (g.block_dirty[block]) return;
    g.block_dirty[block] = 1;
    dirty_.emplace_back(static_cast<int>(&g - groups_.data()), block);
  }

  void remove(std::uint32_t slot, std::uint32_t at) {
    Group& g = groups_[at >> 24];
    const std::uint32_t pos = at & 0xFFFFFFu;
    const std::uint32_t last = g.slots.back();
    g.slots[pos] = last;
    where_[last] = (at & 0xFF000000u) | pos;
    g.slots.pop_back();
    where_[slot] = kAbsent;
    if (g.block_max.size() * kBlock >= g.slots.size() + kBlock) {
      g.block_max.pop_back();
      g.block_dirty.pop_back();
    }
    if (pos < g.slots.size()) mark(g, pos);
    if (!g.slots.empty()) mark(g, static_cast<std::uint32_t>(g.slots.size() - 1));
  }

  std::array<Group, 24> groups_;
  std::vector<std::uint32_t> where_;  // per slot: (peak hour << 24) | position, or kAbsent
  std::vector<std::pair<int, std::uint32_t>> dirty_;
};

}  // namespace pererecos::stats
