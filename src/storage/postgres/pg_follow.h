// PgStoreListener: the wake-up of followers on a shared PostgreSQL database (several
// instances, docs/scaling.md). Every instance sends NOTIFY pererecos_stored after each of its
// commits (notify_stored()); every instance LISTENs and calls `on_stored`, which wakes its
// follower. The notification is only a wake-up: the follower's durable seq cursor
// (StoreFollower, Store::scan_messages_after_seq) decides what is new, so a lost or
// coalesced notification costs latency (the follower's slow poll), never a row.
//
// Why no row is skipped: PgStore takes every seq while holding the row lock of the
// `last_seq` counter until its transaction commits (pg_store.h), so seqs become visible
// in seq order; a reader that sees seq N sees every seq below it.
//
// Threads: one of its own, which owns a dedicated libpq connection (reconnected with
// backoff 100 ms .. 2 s; after every reconnection `on_stored` is called once, since
// notifications sent meanwhile were missed). notify_stored() and connected() may be
// called from any thread and never block.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/result.h"

namespace pererecos::storage {

class PgStoreListener {
 public:
  static constexpr const char* kChannel = "pererecos_stored";

  // Starts the thread; the first connection is made there (an unreachable server is
  // retried, connected() says false meanwhile). Error only when the thread's wake-up
  // descriptor cannot be made.
  static Result<std::unique_ptr<PgStoreListener>> start(const std::string& url,
                                                        std::function<void()> on_stored);
  ~PgStoreListener();  // stops and joins the thread
  PgStoreListener(const PgStoreListener&) = delete;
  PgStoreListener& operator=(const PgStoreListener&) = delete;

  // Asks the thread to send one NOTIFY (several requests before it runs make one).
  void notify_stored();
  bool connected() const { return connected_.load(); }
  // Notifications received from other sessions so far (tests).
  std::uint64_t received() const { return received_.load(); }

 private:
  PgStoreListener(std::string url, std::function<void()> on_stored, int wake_fd);
  void run();

  const std::string url_;
  const std::function<void()> on_stored_;
  const int wake_fd_;  // eventfd: notify requests and stop
  std::atomic<bool> stopping_{false};
  std::atomic<bool> notify_wanted_{false};
  std::atomic<bool> connected_{false};
  std::atomic<std::uint64_t> received_{0};
  std::thread thread_;
};

}  // namespace pererecos::storage
