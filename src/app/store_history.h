// StoreHistory: the stats engine's MessageHistory over a Store connection of its own, so
// that readers completing recent_messages (HTTP I/O threads) never wait for the follower's
// or the writer's connection, nor they for them (WAL: readers and one writer at once).
#pragma once

#include <memory>
#include <mutex>

#include "stats/message_history.h"
#include "storage/store.h"

namespace pererecos::app {

class StoreHistory final : public stats::MessageHistory {
 public:
  // `store` is used by this object only. Calls from several threads take turns on it.
  explicit StoreHistory(std::unique_ptr<Store> store) : store_(std::move(store)) {}

  Result<std::vector<stats::HistoryMessage>> messages_before(const std::string& channel,
                                                             const std::string& user_id,
                                                             TimestampMs before_ts,
                                                             std::int64_t before_seq,
                                                             TimestampMs from_ts,
                                                             std::size_t limit) override;

 private:
  std::mutex mutex_;
  std::unique_ptr<Store> store_;  // guarded by mutex_
};

}  // namespace pererecos::app
