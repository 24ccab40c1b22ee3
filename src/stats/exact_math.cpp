#include "stats/exact_math.h"

#include <cmath>

namespace pererecos::stats {
namespace {

// 128 x 128 -> 256-bit product as (high, low).
void mul_256(u128 a, u128 b, u128& hi, u128& lo) {
  const u128 mask = (u128(1) << 64) - 1;
  u128 a0 = a & mask, a1 = a >> 64, b0 = b & mask, b1 = b >> 64;
  u128 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  u128 mid = (p00 >> 64) + (p01 & mask) + (p10 & mask);
  lo = (p00 & mask) | (mid << 64);
  hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
}

}  // namespace

std::int64_t round_half_away(i128 num, i128 den) {
  bool negative = num < 0;
  u128 n = negative ? u128(-num) : u128(num);
  u128 d = u128(den);
  u128 q = (2 * n + d) / (2 * d);  // floor(n/d + 1/2)
  return negative ? -static_cast<std::int64_t>(q) : static_cast<std::int64_t>(q);
}

Tenths percent_tenths(std::int64_t num, std::int64_t den) {
  return Tenths{round_half_away(i128(num) * 1000, den)};
}

Tenths ratio_tenths(std::int64_t num, std::int64_t den) {
  return Tenths{round_half_away(i128(num) * 10, den)};
}

int compare_products(u128 x1, u128 y1, u128 x2, u128 y2) {
  u128 h1, l1, h2, l2;
  mul_256(x1, y1, h1, l1);
  mul_256(x2, y2, h2, l2);
  if (h1 != h2) return h1 < h2 ? -1 : 1;
  if (l1 != l2) return l1 < l2 ? -1 : 1;
  return 0;
}

Tenths cosine_tenths(std::uint64_t dot, std::uint64_t norm_a, std::uint64_t norm_b) {
  // x = 1000 * dot / sqrt(A * B) >= 0; tenths t = floor(x + 1/2), the largest t with
  // (2t - 1) * sqrt(AB) <= 2000 * dot, i.e. (2t - 1)^2 * A * B <= (2000 * dot)^2.
  const u128 ab = u128(norm_a) * norm_b;
  const u128 rhs = u128(dot) * 2000;
  auto fits = [&](std::int64_t t) {  // (2t-1)^2 * AB <= rhs^2
    if (t <= 0) return true;
    u128 k = u128(2 * t - 1);
    return compare_products(k * k, ab, rhs, rhs) <= 0;
  };
  double estimate = 1000.0 * static_cast<double>(dot) /
                    std::sqrt(static_cast<double>(norm_a) * static_cast<double>(norm_b));
  std::int64_t t = static_cast<std::int64_t>(std::floor(estimate + 0.5));
  if (t < 0) t = 0;
  while (t > 0 && !fits(t)) --t;
  while (fits(t + 1)) ++t;
  return Tenths{t};
}

int compare_cosines(std::uint64_t dot1, std::uint64_t norm1, std::uint64_t dot2,
                    std::uint64_t norm2) {
  // dot1/sqrt(n1) vs dot2/sqrt(n2) <=> dot1^2 * n2 vs dot2^2 * n1 (all non-negative).
  return compare_products(u128(dot1) * dot1, norm2, u128(dot2) * dot2, norm1);
}

}  // namespace pererecos::stats
