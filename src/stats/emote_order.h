// The order of emote lists in answers: count desc, then name, then id; the first `keep` kept.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "stats/answers.h"

namespace pererecos::stats {

inline void sort_emotes(std::vector<EmoteCount>& v, std::size_t keep) {
  auto less = [](const EmoteCount& x, const EmoteCount& y) {
    if (x.count != y.count) return x.count > y.count;
    if (x.name != y.name) return x.name < y.name;
    return x.id < y.id;
  };
  if (v.size() > keep) {
    std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(keep), v.end(), less);
    v.resize(keep);
  } else {
    std::sort(v.begin(), v.end(), less);
  }
}

}  // namespace pererecos::stats
