// Several instances on one PostgreSQL database (docs/scaling.md): what serve adds for
// them — the channel lease the chat wiring consults, and the LISTEN/NOTIFY wake-up of the
// follower (storage/postgres/pg_follow.h). With SQLite: the always-owner lease, no
// listener.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "app/channel_lease.h"
#include "core/result.h"
#include "storage/postgres/pg_follow.h"

namespace pererecos::app {

class MultiInstance {
 public:
  // `on_stored` (any thread, must not block) is called when another instance stored
  // something; serve wakes its engine writer. `want_lease`: chat is enabled. Error when
  // the database cannot be reached.
  static Result<std::unique_ptr<MultiInstance>> open(const std::string& database_url,
                                                     bool want_lease,
                                                     std::function<void()> on_stored);

  ChannelLease* lease() { return lease_.get(); }
  // After each of this instance's commits: tells the other instances (NOTIFY).
  void on_commit() {
    if (listener_) listener_->notify_stored();
  }
  // False while the wake-up connection is down (for /health).
  bool connected() const { return !listener_ || listener_->connected(); }

 private:
  std::unique_ptr<ChannelLease> lease_;
  std::unique_ptr<storage::PgStoreListener> listener_;
};

}  // namespace pererecos::app
