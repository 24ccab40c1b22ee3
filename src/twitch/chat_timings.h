// The timings of the chat connection. The defaults are the production values (Twitch's
// limits and our liveness rules, docs/twitch.md); tests shrink them to run fast.
#pragma once

#include <chrono>
#include <cstddef>

namespace pererecos::twitch {

struct ChatTimings {
  using ms = std::chrono::milliseconds;
  ms ping_interval{30'000};  // our own PING after this long without any traffic
  ms pong_timeout{10'000};   // ... and the link is dead when nothing arrives within this
  ms backoff_base{1'000};    // reconnect delay: full jitter in [0, min(cap, base * 2^n)]
  ms backoff_cap{120'000};
  ms connect_timeout{10'000};  // TCP connect + TLS handshake
  ms login_timeout{10'000};    // from connected to the 001 welcome
  ms join_timeout{10'000};     // after the last JOIN, for the echoes
  ms write_timeout{10'000};    // one write stuck this long = dead link
  ms join_window{10'000};      // at most joins_per_window JOINs per window, per account
  std::size_t joins_per_window = 15;
  ms connection_open_interval{2'000};  // at most one new connection this often
  std::size_t channels_per_connection = 90;
  // At stop: after our QUIT we read what the server still sends until it closes the link,
  // or it has been silent this long, or 5 times this has passed. Not scaled: it only
  // bounds how long a stop can take.
  ms shutdown_drain{2'000};

  // Every duration multiplied by `factor` (> 0), counts unchanged; for tests.
  ChatTimings scaled(double factor) const {
    ChatTimings t = *this;
    for (ms* d : {&t.ping_interval, &t.pong_timeout, &t.backoff_base, &t.backoff_cap,
                  &t.connect_timeout, &t.login_timeout, &t.join_timeout, &t.write_timeout,
                  &t.join_window, &t.connection_open_interval}) {
      const auto v = static_cast<long long>(static_cast<double>(d->count()) * factor);
      *d = ms(v < 1 ? 1 : v);
    }
    return t;
  }
};

}  // namespace pererecos::twitch
