// RankTree: an order-statistic tree of users keyed by (fraction a/b desc, c desc, login asc),
// giving exact ranks in O(log n). One key shape serves every ranking:
//   leaderboards: a = count, b = 1, c = 0
//   rising stars: a/b = growth (100 (cur - prev) / prev, or 10 cur / 1), c = current count
//   top writers:  a/b = length sum / count (mean length), c = count
#pragma once

#include <cstdint>
#include <cstring>
#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>
#include <string>
#include <vector>

namespace pererecos::stats {

struct RankKey {
  std::int64_t a = 0;
  std::int64_t b = 1;  // > 0
  std::int64_t c = 0;
  std::uint64_t prefix = 0;  // first 8 bytes of the login, big-endian (fast path)
  std::uint32_t login = 0;   // index into the login table
  std::uint32_t slot = 0;    // the user's slot in its channel (last tie-break)
};

// The first 8 bytes of `s`, big-endian, zero padded: orders like the string itself.
inline std::uint64_t login_prefix(const std::string& s) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    v <<= 8;
    if (i < s.size()) v |= static_cast<unsigned char>(s[i]);
  }
  return v;
}

// Compares keys; `names` resolves login indices to strings (ties of the 8-byte prefix).
struct RankKeyLess {
  const std::vector<std::string>* names = nullptr;
  bool operator()(const RankKey& x, const RankKey& y) const {
    if (x.b == y.b) {
      if (x.a != y.a) return x.a > y.a;
    } else {
      __int128 l = static_cast<__int128>(x.a) * y.b;
      __int128 r = static_cast<__int128>(y.a) * x.b;
      if (l != r) return l > r;
    }
    if (x.c != y.c) return x.c > y.c;
    if (x.prefix != y.prefix) return x.prefix < y.prefix;
    if (x.login != y.login) {
      int cmp = (*names)[x.login].compare((*names)[y.login]);
      if (cmp != 0) return cmp < 0;
    }
    return x.slot < y.slot;
  }
};

using RankTree =
    __gnu_pbds::tree<RankKey, __gnu_pbds::null_type, RankKeyLess, __gnu_pbds::rb_tree_tag,
                     __gnu_pbds::tree_order_statistics_node_update>;

}  // namespace pererecos::stats
