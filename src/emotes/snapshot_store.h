// Where the last good copy of every emote-set response is kept, so it can be served when
// the provider is unreachable, including right after a restart (SPEC §4).
//
// The app adapts the real Store (Store::put_emote_set / get_emote_set, storage/store.h);
// tests use InMemorySnapshotStore.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "core/chat_event.h"
#include "core/result.h"

namespace pererecos::emotes {

// One provider response as kept on disk. Field for field the same as the storage
// module's EmoteSetSnapshot.
struct SetSnapshot {
  std::string provider;  // "7tv", "bttv", "ffz"
  std::string set_key;   // e.g. the 7TV set id, "twitch:<id>", or "global"
  std::string body;      // the response body (empty: the provider answered 404)
  TimestampMs fetched_ms = 0;
};

class SnapshotStore {
 public:
  virtual ~SnapshotStore() = default;
  // Replaces the snapshot with the same (provider, set_key).
  virtual Status put(const SetSnapshot& snapshot) = 0;
  // The snapshot for (provider, set_key), or nullopt when none was ever put.
  virtual Result<std::optional<SetSnapshot>> get(const std::string& provider,
                                                 const std::string& set_key) = 0;
};

// A process-local SnapshotStore (nothing survives the process). Thread-safe.
class InMemorySnapshotStore final : public SnapshotStore {
 public:
  Status put(const SetSnapshot& snapshot) override {
    std::lock_guard lock(mutex_);
    snapshots_[{snapshot.provider, snapshot.set_key}] = snapshot;
    return Status::ok();
  }
  Result<std::optional<SetSnapshot>> get(const std::string& provider,
                                         const std::string& set_key) override {
    std::lock_guard lock(mutex_);
    auto it = snapshots_.find({provider, set_key});
    if (it == snapshots_.end()) return std::optional<SetSnapshot>();
    return std::optional<SetSnapshot>(it->second);
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return snapshots_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, SetSnapshot> snapshots_;
};

}  // namespace pererecos::emotes
