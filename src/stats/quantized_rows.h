// 8-bit copies of the per-user hourly rows, for the rival scan (SPEC §3: the user whose
// hourly vector has the highest cosine with mine). A row b (24 counts >= 0) is stored as
// q[h] = ceil(b[h] / d) with d = ceil(max(b) / 255), so that d*floor(b/d) <= b <= d*q. For
// any query row a >= 0 that gives a proven upper bound of the score dot(a, b) / |b|:
//   dot(a, b) / |b|  <=  dot(a, q) / |floor(b / d)|           (d cancels out)
// The scan reads 32 bytes per user instead of 96 and computes the exact score only for the
// users whose bound reaches the best exact score found. A row whose maximum is <= 255 has
// d = 1: its copy is exact and its bound is its score.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace pererecos::stats {

struct QuantRow {
  std::array<std::uint8_t, 24> q{};  // ceil(b / d)
  float inv_norm_lo = 0;             // 1 / |floor(b / d)|; 0 for an all-zero row
  std::uint32_t exact = 1;           // d == 1: q is the row itself
};
static_assert(sizeof(QuantRow) == 32);

inline QuantRow quantize_row(const std::array<std::int32_t, 24>& b) {
  QuantRow r;
  std::int64_t m = 0;
  for (std::int32_t v : b) m = std::max<std::int64_t>(m, v);
  if (m == 0) return r;
  const std::int64_t d = (m + 254) / 255;
  std::int64_t norm_lo = 0;
  for (int h = 0; h < 24; ++h) {
    const std::int64_t v = b[h];
    r.q[h] = static_cast<std::uint8_t>((v + d - 1) / d);
    const std::int64_t lo = v / d;
    norm_lo += lo * lo;
  }
  r.inv_norm_lo = static_cast<float>(1.0 / std::sqrt(static_cast<double>(norm_lo)));
  r.exact = d == 1 ? 1 : 0;
  return r;
}

// The query row a, rounded up to 15 bits: a16[h] = ceil(a[h] * 32767 / max(a)), so that
// dot(a, b) <= dot(a16, q) * max(a) / 32767 for every stored row.
struct QueryRow {
  alignas(16) std::array<std::int16_t, 24> a16{};
  double unit = 0;  // max(a) / 32767: converts dot(a16, q) * inv_norm_lo back to a score
};

inline QueryRow make_query_row(const std::array<std::int32_t, 24>& a) {
  QueryRow r;
  std::int64_t m = 0;
  for (std::int32_t v : a) m = std::max<std::int64_t>(m, v);
  if (m == 0) return r;
  for (int h = 0; h < 24; ++h) {
    r.a16[h] = static_cast<std::int16_t>((static_cast<std::int64_t>(a[h]) * 32767 + m - 1) / m);
  }
  r.unit = static_cast<double>(m) / 32767.0;
  return r;
}

// dot(a16, q): exact (at most 24 * 32767 * 255 < 2^31).
inline std::int32_t quantized_dot(const QueryRow& a, const QuantRow& row) {
#if defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128();
  const __m128i q0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row.q.data()));
  const __m128i q1 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(row.q.data() + 16));
  const auto* pa = reinterpret_cast<const __m128i*>(a.a16.data());
  __m128i acc = _mm_madd_epi16(_mm_unpacklo_epi8(q0, zero), _mm_load_si128(pa));
  acc = _mm_add_epi32(acc, _mm_madd_epi16(_mm_unpackhi_epi8(q0, zero), _mm_load_si128(pa + 1)));
  acc = _mm_add_epi32(acc, _mm_madd_epi16(_mm_unpacklo_epi8(q1, zero), _mm_load_si128(pa + 2)));
  acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, _MM_SHUFFLE(1, 0, 3, 2)));
  acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, _MM_SHUFFLE(2, 3, 0, 1)));
  return _mm_cvtsi128_si32(acc);
#else
  std::int32_t dot = 0;
  for (int h = 0; h < 24; ++h) dot += static_cast<std::int32_t>(a.a16[h]) * row.q[h];
  return dot;
#endif
}

}  // namespace pererecos::stats
