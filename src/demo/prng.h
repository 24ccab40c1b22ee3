// A small, fully specified pseudo-random generator for the demo data: splitmix64 to seed,
// xoshiro256** to draw. Unlike std:: distributions, every draw here is defined by this
// file alone (integer arithmetic and IEEE basic operations only), so a seed gives the same
// community on every compiler, library and machine.
#pragma once

#include <cstdint>
#include <string>

namespace pererecos::demo {

// One step of splitmix64: advances `state` and returns the next output.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The splitmix64 finalizer: a bijection on 64-bit values (distinct inputs, distinct outputs).
inline std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Combines two values into a well-mixed key (for per-day or per-user sub-streams).
inline std::uint64_t mix_key(std::uint64_t a, std::uint64_t b) {
  return mix64(a ^ mix64(b + 0x632BE59BD9B4E019ULL));
}

// xoshiro256** 1.0 (Blackman & Vigna), seeded through splitmix64.
class Prng {
 public:
  explicit Prng(std::uint64_t seed) {
    std::uint64_t sm = seed;
    for (auto& word : s_) word = splitmix64(sm);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform integer in [0, n); 0 when n == 0. (Multiply-shift; bias below 2^-32 for the
  // ranges used here.)
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }

  // Uniform integer in [lo, hi] (inclusive). REQUIRES: lo <= hi.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }

  // Uniform double in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // True with probability p.
  bool chance(double p) { return unit() < p; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// A Twitch-like message id: a UUID version 4 string ("8-4-4-4-12" lowercase hex). The
// first 64 free bits are a bijection of `counter` (so ids of one stream never collide);
// the other 58 free bits are `noise`.
std::string make_uuid(std::uint64_t key, std::uint64_t counter, std::uint64_t noise);

// Writes the same id into `out` (resized to 36 characters); avoids an allocation per call.
void make_uuid_into(std::uint64_t key, std::uint64_t counter, std::uint64_t noise,
                    std::string& out);

}  // namespace pererecos::demo
