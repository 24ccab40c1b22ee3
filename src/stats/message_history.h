// MessageHistory: what the statistics engine may ask of the durable store, which it does not
// otherwise know. The engine keeps only a user's newest texts in memory
// (EngineConfig::recent_texts_per_user); when moderation hides so many of them that fewer
// than 10 remain, it reads older ones through this interface so that recent_messages stays
// exact (SPEC §3). Implemented in app/ over the store (app/store_history.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/chat_event.h"
#include "core/result.h"

namespace pererecos::stats {

struct HistoryMessage {
  TimestampMs timestamp_ms = 0;
  std::int64_t seq = 0;  // ingest order, as given to StatsEngine::apply
  std::string id;        // Twitch message id (or derived identity)
  std::string login;     // sender login as stored
  std::string text;
};

class MessageHistory {
 public:
  virtual ~MessageHistory() = default;
  // The messages carrying `user_id` in `channel` with (timestamp, seq) before
  // (before_ts, before_seq) and timestamp >= from_ts, newest first (timestamp descending,
  // then seq descending), at most `limit`. Called on reader threads (HTTP I/O threads),
  // outside the engine's lock, possibly by several at once: must be thread-safe and must not
  // call back into the engine.
  virtual Result<std::vector<HistoryMessage>> messages_before(const std::string& channel,
                                                              const std::string& user_id,
                                                              TimestampMs before_ts,
                                                              std::int64_t before_seq,
                                                              TimestampMs from_ts,
                                                              std::size_t limit) = 0;
};

}  // namespace pererecos::stats
