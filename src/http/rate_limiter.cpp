#include "http/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <new>
#include <random>

namespace pererecos::http {

struct RateLimiter::Slot {
  std::uint64_t tag;     // the pair's hash; 0 = empty
  std::uint32_t start;   // window start (now_ds() units); 0 = empty
  std::uint32_t count;   // requests allowed in this window
};

namespace {

std::size_t round_up_pow2(std::size_t n) {
  std::size_t p = 8;
  while (p < n) p <<= 1;
  return p;
}

std::uint64_t fmix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

std::uint64_t random_seed() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

}  // namespace

std::int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

RateLimiter::RateLimiter(RateLimiterOptions options, SteadyMillis now)
    : now_(std::move(now)),
      origin_ms_(now_()),
      window_ds_(static_cast<std::uint32_t>(std::max<std::int64_t>(1, options.window_ms / 100))),
      sets_(round_up_pow2(options.slots) / kWays),
      seed_(random_seed()),
      stripes_(std::make_unique<std::mutex[]>(kStripes)) {
  static_assert(sizeof(Slot) == 16);
  table_ = static_cast<Slot*>(std::calloc(sets_ * kWays, sizeof(Slot)));
  if (table_ == nullptr) throw std::bad_alloc();
}

RateLimiter::~RateLimiter() { std::free(table_); }

std::uint64_t RateLimiter::hash(std::string_view client, std::string_view endpoint) const {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ seed_;
  auto add = [&h](std::string_view text) {
    for (const char c : text) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ULL;
    }
  };
  add(client);
  h ^= 0xFF;  // separator: ("ab","c") and ("a","bc") differ
  h *= 0x100000001b3ULL;
  add(endpoint);
  h = fmix64(h ^ seed_);
  return h == 0 ? 1 : h;
}

std::uint32_t RateLimiter::now_ds() const {
  const std::int64_t elapsed = std::max<std::int64_t>(0, now_() - origin_ms_);
  return static_cast<std::uint32_t>(elapsed / 100) + 1;
}

bool RateLimiter::live(const Slot& slot, std::uint32_t now) const {
  // A clock that went backwards (it should not: steady) also ends the window.
  return slot.tag != 0 && now >= slot.start && now - slot.start < window_ds_;
}

RateDecision RateLimiter::check(std::string_view client, std::string_view endpoint,
                                std::int64_t limit) {
  const std::uint64_t tag = hash(client, endpoint);
  const std::size_t set_index = static_cast<std::size_t>(tag >> 7) & (sets_ - 1);
  Slot* set = table_ + set_index * kWays;
  const std::uint32_t now = now_ds();

  std::lock_guard<std::mutex> lock(stripes_[set_index % kStripes]);
  Slot* slot = nullptr;
  for (std::size_t i = 0; i < kWays; ++i) {
    if (set[i].tag == tag) {
      slot = &set[i];
      break;
    }
  }
  if (slot == nullptr) {
    // A free or expired entry, else the quietest live pair (the oldest among equals).
    Slot* victim = nullptr;
    for (std::size_t i = 0; i < kWays && victim == nullptr; ++i) {
      if (!live(set[i], now)) victim = &set[i];
    }
    if (victim == nullptr) {
      victim = &set[0];
      for (std::size_t i = 1; i < kWays; ++i) {
        if (set[i].count < victim->count ||
            (set[i].count == victim->count && set[i].start < victim->start)) {
          victim = &set[i];
        }
      }
      evictions_.fetch_add(1, std::memory_order_relaxed);
    }
    *victim = Slot{tag, now, 0};
    slot = victim;
  } else if (!live(*slot, now)) {
    slot->start = now;
    slot->count = 0;
  }

  const std::int64_t end_ms = static_cast<std::int64_t>(slot->start - 1 + window_ds_) * 100;
  const std::int64_t now_ms = now_() - origin_ms_;
  RateDecision decision;
  decision.reset_s = std::max<std::int64_t>(1, (end_ms - now_ms + 999) / 1000);
  if (static_cast<std::int64_t>(slot->count) >= limit) {
    decision.allowed = false;
    decision.retry_after_s = decision.reset_s;
    refusals_.fetch_add(1, std::memory_order_relaxed);
    return decision;
  }
  ++slot->count;
  decision.remaining = limit - static_cast<std::int64_t>(slot->count);
  return decision;
}

std::size_t RateLimiter::tracked() const {
  const std::uint32_t now = now_ds();
  std::size_t live_pairs = 0;
  for (std::size_t s = 0; s < sets_; ++s) {
    std::lock_guard<std::mutex> lock(stripes_[s % kStripes]);
    for (std::size_t i = 0; i < kWays; ++i) live_pairs += live(table_[s * kWays + i], now);
  }
  return live_pairs;
}

std::size_t RateLimiter::memory_bytes() const {
  return sets_ * kWays * sizeof(Slot) + kStripes * sizeof(std::mutex) + sizeof(*this);
}

}  // namespace pererecos::http
