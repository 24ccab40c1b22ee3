// Exact arithmetic for "1 decimal" figures and cosine comparisons (SPEC §1 "exact
// arithmetic"): everything is computed from integers, never from rounded floating values.
#pragma once

#include <cstdint>

#include "stats/answers.h"

namespace pererecos::stats {

using u128 = unsigned __int128;
using i128 = __int128;

// num / den rounded half away from zero to an integer. REQUIRES: den > 0.
std::int64_t round_half_away(i128 num, i128 den);

// The value 100 * num / den as Tenths (e.g. a percentage). REQUIRES: den > 0.
Tenths percent_tenths(std::int64_t num, std::int64_t den);

// num / den as Tenths (e.g. a mean length). REQUIRES: den > 0.
Tenths ratio_tenths(std::int64_t num, std::int64_t den);

// 100 * dot / sqrt(norm_a * norm_b) as Tenths, exact (no floating-point rounding).
// REQUIRES: norm_a > 0, norm_b > 0, 0 <= dot <= sqrt(norm_a * norm_b).
Tenths cosine_tenths(std::uint64_t dot, std::uint64_t norm_a, std::uint64_t norm_b);

// Compares x1*y1 with x2*y2 for 128-bit unsigned factors (256-bit products): -1, 0, 1.
int compare_products(u128 x1, u128 y1, u128 x2, u128 y2);

// Compares cosines with a common vector a: dot1/sqrt(norm1) versus dot2/sqrt(norm2)
// (norm = squared length of the other vector). Returns -1, 0 or 1. REQUIRES: norms > 0.
int compare_cosines(std::uint64_t dot1, std::uint64_t norm1, std::uint64_t dot2,
                    std::uint64_t norm2);

}  // namespace pererecos::stats
