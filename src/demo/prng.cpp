#include "demo/prng.h"

namespace pererecos::demo {

void make_uuid_into(std::uint64_t key, std::uint64_t counter, std::uint64_t noise,
                    std::string& out) {
  const std::uint64_t h = mix64(counter ^ key);
  // hi: time_low(32) time_mid(16) version(4) time_hi(12); lo: variant(2) then 62 bits.
  const std::uint64_t hi = ((h >> 16) << 16) | (0x4ULL << 12) | ((h >> 4) & 0xFFFULL);
  const std::uint64_t lo = (0x2ULL << 62) | ((h & 0xFULL) << 58) | (noise & ((1ULL << 58) - 1));
  static constexpr char kHex[] = "0123456789abcdef";
  out.resize(36);
  int pos = 0;
  auto put = [&](std::uint64_t word, int nibbles_from, int nibbles_to) {
    for (int n = nibbles_from; n < nibbles_to; ++n) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) out[pos++] = '-';
      out[pos++] = kHex[(word >> (60 - 4 * n)) & 0xF];
    }
  };
  put(hi, 0, 16);
  put(lo, 0, 16);
}

std::string make_uuid(std::uint64_t key, std::uint64_t counter, std::uint64_t noise) {
  std::string out;
  make_uuid_into(key, counter, noise, out);
  return out;
}

}  // namespace pererecos::demo
