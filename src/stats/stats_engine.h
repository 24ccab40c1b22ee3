// StatsEngine: the in-memory statistics engine (SPEC §1, §3). One writer thread applies
// messages, moderation and emote catalogs; any number of reader threads answer through the
// StatsReader interface. Every answer comes from incremental aggregates: applying a message
// costs O(log users) amortised, no answer scans messages (see docs/statistics.md).
//
// Thread safety: every public method may be called from any thread. Writers take an
// exclusive lock; readers a shared one (writer-preferring: readers cannot starve the
// writer). When the state must change before answering (the rolling windows must slide,
// or ranking indexes catch up with recent writes): with a writer attached
// (attach_writer, as `serve` does: app/engine_writer.h), the reader wakes that writer and
// waits for it — readers never do writer work; without one (tests, benchmarks), the reader
// catches up itself under the exclusive lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <shared_mutex>  // std::shared_lock
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/chat_event.h"
#include "core/clock.h"
#include "core/result.h"
#include "stats/emote_catalog.h"
#include "stats/message_history.h"
#include "stats/stats_reader.h"
#include "stats/writer_preferring_mutex.h"

namespace pererecos::stats {

// The SPEC §1 default of IGNORED_USERS.
std::vector<std::string> default_ignored_logins();

struct EngineConfig {
  std::string time_zone = "UTC";  // CHANNEL_TIMEZONE (IANA name)
  // IGNORED_USERS, case-insensitive.
  std::vector<std::string> ignored_logins = default_ignored_logins();
  // EMOTE_PROVIDERS: comma separated subset of twitch,7tv,bttv,ffz.
  std::string emote_providers = "twitch,7tv,bttv,ffz";
  // Configured channels (TWITCH_CHANNEL / TWITCH_CHANNELS); the first is the default one.
  std::vector<std::string> channels;
  // How many of a user's most recent message texts are kept per channel for
  // recent_messages (10 are served). With `history` set, older texts are read from it when
  // moderation hides too many (exact in every case); without, recent_messages is exact
  // unless more than (this - 10) of a user's newest kept messages are moderated by timeouts
  // or deletions. Clamped to [10, 255].
  std::size_t recent_texts_per_user = 16;
  // Where recent_messages reads older texts when moderation hides too many of the kept
  // ones (then it is exact in every case); null: only the kept texts. Must outlive the
  // engine; called from reader threads (message_history.h).
  MessageHistory* history = nullptr;
};

class EngineState;
struct RecentPlan;

// One message of a batch, with its ingest order in the store.
struct SequencedMessage {
  ChatMessageView message;
  std::int64_t seq = 0;
};

class StatsEngine final : public StatsReader {
 public:
  // `clock` must outlive the engine. Fails when the time zone is unknown.
  static Result<std::unique_ptr<StatsEngine>> create(const Clock& clock, EngineConfig config);
  ~StatsEngine() override;
  StatsEngine(const StatsEngine&) = delete;
  StatsEngine& operator=(const StatsEngine&) = delete;

  // Applies one stored message. `seq` is its ingest order in the store (larger = later).
  // Messages may come in any order; the store guarantees each identity comes once.
  void apply(const ChatMessageView& message, std::int64_t seq);
  // Applies a batch of stored messages, the same as one apply() each but faster (one lock,
  // and the memory of upcoming senders is fetched while earlier messages are applied).
  void apply(std::span<const SequencedMessage> batch);
  // Applies one moderation event (it may come before or after the messages it affects).
  void apply(const ModerationEvent& event);
  // Replaces the channel's third-party emote sets and recomputes the emote counts of the
  // 30-day window under the new sets.
  void set_emote_catalog(const std::string& channel, EmoteCatalog catalog);

  // Replaces this engine's statistics with `rebuilt`'s (engine_swap.cpp), atomically for
  // readers: each answer comes wholly from the old or wholly from the new state. For the
  // rebuild after a forget (app/forget_refresh.h): `rebuilt` was filled from the store
  // while this engine kept answering. Channels whose emote catalog here differs from
  // rebuilt's get this engine's (set_emote_catalog may have run meanwhile). Afterwards
  // `rebuilt` holds the old statistics (destroy it off the hot path) and change_count()
  // has grown for every channel. Both engines must share the clock and configuration.
  // Call on the writer thread.
  void replace_state(StatsEngine& rebuilt);
  // Gives this engine every emote catalog `other` has (before a rebuild, so that messages
  // are counted under them as they are applied).
  void copy_emote_catalogs(const StatsEngine& other);

  // Brings the windows and ranking indexes up to date now (otherwise the next query
  // does): after a rebuild, so that the first visitor does not wait for it.
  void catch_up();

  // Attaches the engine's writer thread: from now on readers never run upkeep; they call
  // `wake` (thread-safe, must not block) and wait until that thread has called catch_up().
  // Call before readers start; `wake` must stay callable until detach_writer().
  void attach_writer(std::function<void()> wake);
  void detach_writer();
  // The clock instant (ms) at which the rolling windows must next slide (a queued message
  // crosses a boundary), or nullopt when none will; for the writer thread's wake-ups.
  std::optional<TimestampMs> next_upkeep_ms() const;
  // How many times a reader ran upkeep itself (0 while a writer is attached).
  std::uint64_t reader_upkeeps() const { return reader_upkeeps_.load(); }

  // Messages applied, including ignored senders (for diagnostics).
  std::int64_t messages_applied() const;

  // StatsReader.
  std::optional<std::string> resolve_channel(
      std::optional<std::string_view> requested) const override;
  std::optional<UserStats> user_stats(const std::string& channel, std::string_view login,
                                      Period period) const override;
  Leaderboard leaderboard(const std::string& channel, Period period,
                          std::size_t limit) const override;
  std::vector<RisingStar> rising_stars(const std::string& channel,
                                       std::size_t limit) const override;
  std::vector<HourLeader> hour_leaders(const std::string& channel) const override;
  std::vector<TopWriter> top_writers(const std::string& channel, std::size_t limit) const override;
  ActiveChatters active_chatters(const std::string& channel) const override;
  HourlyActivity chat_activity(const std::string& channel) const override;
  HourlyActivity overall_activity(const std::string& channel) const override;
  HourlyActivity unique_chatters(const std::string& channel) const override;
  TopEmotes top_emotes(const std::string& channel) const override;
  std::vector<SearchHit> search(const std::string& channel, std::string_view q) const override;
  std::vector<std::string> channels() const override;
  std::uint64_t change_count(const std::string& channel) const override;
  std::string time_zone() const override;

 private:
  StatsEngine(const Clock& clock, std::unique_ptr<EngineState> state);

  // Runs `fn(state)` with the state brought up to date for the clock's now: under a shared
  // lock when nothing needs to move, else under the exclusive lock after catching up.
  template <typename Fn>
  auto read(Fn&& fn) const;
  // Completes recent_messages from the MessageHistory (engine_recent.cpp, RecentPlan).
  std::vector<RecentMessage> complete_recent(RecentPlan& plan) const;

  const Clock& clock_;
  mutable WriterPreferringMutex mutex_;
  // The attached writer (attach_writer) and the readers waiting for its catch-up.
  mutable std::mutex wait_mutex_;
  mutable std::condition_variable caught_up_;
  std::function<void()> wake_writer_;  // guarded by wait_mutex_
  std::uint64_t catch_ups_ = 0;        // guarded by wait_mutex_
  mutable std::atomic<std::uint64_t> reader_upkeeps_{0};
  std::unique_ptr<EngineState> state_;  // guarded by mutex_
  // Moderation events and emote sets applied (any channel): part of change_count().
  std::atomic<std::uint64_t> other_changes_{0};
};

}  // namespace pererecos::stats
