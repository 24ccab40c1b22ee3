#include "app/store_history.h"

namespace pererecos::app {

Result<std::vector<stats::HistoryMessage>> StoreHistory::messages_before(
    const std::string& channel, const std::string& user_id, TimestampMs before_ts,
    std::int64_t before_seq, TimestampMs from_ts, std::size_t limit) {
  Store::UserMessagesQuery q{channel, user_id, before_ts, before_seq, from_ts, limit};
  Result<std::vector<StoredMessage>> rows = [&] {
    std::lock_guard lock(mutex_);
    return store_->user_messages_before(q);
  }();
  if (!rows) return rows.status();
  std::vector<stats::HistoryMessage> out;
  out.reserve(rows->size());
  for (StoredMessage& row : *rows) {
    // TODO(ingest): skip Shared Chat copies here too once the store keeps source-room-id
    // (the engine does not count them, so they are not the user's messages in `channel`).
    out.push_back(stats::HistoryMessage{row.message.timestamp_ms, row.seq,
                                        std::move(row.message.id), std::move(row.message.login),
                                        std::move(row.message.text)});
  }
  return out;
}

}  // namespace pererecos::app
