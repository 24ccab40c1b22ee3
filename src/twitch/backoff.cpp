#include "twitch/backoff.h"

#include <algorithm>

namespace pererecos::twitch {

Backoff::Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, std::uint64_t seed)
    : base_(base), cap_(std::max(cap, base)), rng_(seed) {}

std::chrono::milliseconds Backoff::ceiling() const {
  // base * 2^failures without overflow: stop doubling once over the cap.
  std::int64_t c = base_.count();
  for (int i = 0; i < failures_ && c < cap_.count(); ++i) c *= 2;
  return std::chrono::milliseconds(std::min<std::int64_t>(c, cap_.count()));
}

std::chrono::milliseconds Backoff::next() {
  const std::int64_t high = ceiling().count();
  ++failures_;
  std::uniform_int_distribution<std::int64_t> pick(0, high);
  return std::chrono::milliseconds(pick(rng_));
}

}  // namespace pererecos::twitch
