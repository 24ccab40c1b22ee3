// SevenTvEventClient: a 7TV EventAPI v3 client (SEVENTV_EVENTS_URL, default
// wss://events.7tv.io/v3) over a WebSocket — TLS with SNI, certificate and host-name
// verification for wss://, plain TCP for ws:// (tests). Message shapes: seventv_events.h.
//
//   SevenTvEventClient client(options, {on_session, on_dispatch});
//   client.start();
//   client.set_subscriptions({{"emote_set.update", "<set id>"}, {"user.update", "<user id>"}});
//
// Connection life: connect → the server's hello (op 1, within hello_timeout) → every
// subscription sent (op 35) → on_session() (the caller refetches by REST what it may have
// missed: the server does not replay) → dispatches (op 0) to on_dispatch(). Any received
// message counts as a sign of life; 3 heartbeat intervals without one = a dead link. On a
// drop, a dead link, op 7 (end of stream) or a failed attempt: reconnect after a delay
// drawn uniformly between backoff_min and min(backoff_max, backoff_min·2^n) (n = failed
// attempts in a row; reset by a session that lasted stable_after); op 4 (reconnect):
// reconnect within backoff_min. Never a tight loop. The server closes every connection
// about hourly; a new session resubscribes everything.
//
// Thread safety: start/stop/set_subscriptions/status from any thread. The handlers run on
// the client's own thread, one at a time, and must return quickly (queue the work); they
// may call set_subscriptions() and status().
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "core/result.h"
#include "emotes/seventv_events.h"

namespace pererecos::emotes {

struct SevenTvEventOptions {
  std::string url = "wss://events.7tv.io/v3";
  std::string ca_file;  // a PEM file of CAs trusted in addition to the system's (tests)
  std::chrono::milliseconds connect_timeout{10'000};  // resolve + TCP + TLS + WS handshake
  std::chrono::milliseconds hello_timeout{10'000};    // handshake done → hello received
  std::chrono::milliseconds backoff_min{1'000};
  std::chrono::milliseconds backoff_max{120'000};
  std::chrono::milliseconds stable_after{60'000};
  std::string user_agent = "pererecos-stats/" PERERECOS_VERSION;
};

struct SevenTvSubscription {
  std::string type;       // kEmoteSetUpdate or kUserUpdate
  std::string object_id;  // the set id or the 7TV user id
  auto operator<=>(const SevenTvSubscription&) const = default;
};

struct SevenTvEventHandlers {
  std::function<void()> on_session;                        // a session has started
  std::function<void(const SevenTvEvent&)> on_dispatch;    // op 0
};

struct SevenTvEventStatus {
  bool connected = false;        // in a session (hello received)
  std::uint64_t connects = 0;    // connection attempts
  std::uint64_t sessions = 0;    // sessions started
  std::uint64_t dispatches = 0;  // op 0 messages received
  std::size_t subscriptions = 0; // wanted
  std::string last_error;        // the last reason a connection ended or failed
};

class SevenTvEventClient {
 public:
  SevenTvEventClient(SevenTvEventOptions options, SevenTvEventHandlers handlers);
  ~SevenTvEventClient();  // stop()
  SevenTvEventClient(const SevenTvEventClient&) = delete;
  SevenTvEventClient& operator=(const SevenTvEventClient&) = delete;

  // Starts the client's thread. Error (and nothing started): a bad URL or CA file.
  Status start();
  // Closes the connection and joins the thread. Idempotent.
  void stop();

  // Replaces what the client subscribes to; a live session subscribes the new ones and
  // unsubscribes (op 36) the dropped ones at once. Ids that are not safe ids are ignored.
  void set_subscriptions(std::set<SevenTvSubscription> subscriptions);

  SevenTvEventStatus status() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pererecos::emotes
