#include "stats/stats_engine.h"

#include <algorithm>
#include <mutex>

#include "stats/engine_state.h"

namespace pererecos::stats {

Result<std::unique_ptr<StatsEngine>> StatsEngine::create(const Clock& clock, EngineConfig config) {
  auto hours = LocalHourMapper::create(config.time_zone);
  if (!hours) return hours.status();
  auto state =
      std::make_unique<EngineState>(std::move(config), std::move(hours).value(), clock.now_ms());
  return std::unique_ptr<StatsEngine>(new StatsEngine(clock, std::move(state)));
}

StatsEngine::StatsEngine(const Clock& clock, std::unique_ptr<EngineState> state)
    : clock_(clock), state_(std::move(state)) {}

StatsEngine::~StatsEngine() = default;

void StatsEngine::apply(const ChatMessageView& message, std::int64_t seq) {
  std::unique_lock lock(mutex_);
  // Keep the queue short during a rebuild: slide the windows now and then.
  if ((state_->applied() & 4095) == 0) state_->advance(clock_.now_ms());
  state_->apply(message, seq);
  state_->merge_late();
}

void StatsEngine::apply(std::span<const SequencedMessage> batch) {
  constexpr std::size_t kSlide = 4096;  // messages between two slides of the windows
  for (std::size_t i = 0; i < batch.size(); i += kSlide) {
    std::unique_lock lock(mutex_);
    state_->advance(clock_.now_ms());
    state_->apply_batch(batch.subspan(i, std::min(kSlide, batch.size() - i)));
    state_->merge_late();
  }
}

void StatsEngine::apply(const ModerationEvent& event) {
  std::unique_lock lock(mutex_);
  state_->apply(event);
  other_changes_.fetch_add(1, std::memory_order_relaxed);
}

void StatsEngine::set_emote_catalog(const std::string& channel, EmoteCatalog catalog) {
  std::unique_lock lock(mutex_);
  state_->advance(clock_.now_ms());
  state_->set_emote_catalog(channel, std::move(catalog));
  other_changes_.fetch_add(1, std::memory_order_relaxed);
}

std::int64_t StatsEngine::messages_applied() const {
  std::shared_lock lock(mutex_);
  return state_->applied();
}

template <typename Fn>
auto StatsEngine::read(Fn&& fn) const {
  const TimestampMs clock_now = clock_.now_ms();
  while (true) {
    std::uint64_t seen = 0;
    {
      std::unique_lock wait_lock(wait_mutex_);
      seen = catch_ups_;
      if (!wake_writer_) break;
    }
    {
      std::shared_lock lock(mutex_);
      const TimestampMs now = std::max(clock_now, state_->window_now());
      if (!state_->needs_upkeep(now)) return fn(static_cast<const EngineState&>(*state_), now);
    }
    // Not up to date: the writer catches up (at least to clock_now, which it reads later).
    std::unique_lock wait_lock(wait_mutex_);
    if (!wake_writer_) break;
    if (catch_ups_ == seen) {
      wake_writer_();
      caught_up_.wait_for(wait_lock, std::chrono::milliseconds(50),
                          [&] { return catch_ups_ != seen || !wake_writer_; });
    }
  }
  // No writer attached: catch up here.
  {
    std::shared_lock lock(mutex_);
    const TimestampMs now = std::max(clock_now, state_->window_now());
    if (!state_->needs_upkeep(now)) return fn(static_cast<const EngineState&>(*state_), now);
  }
  std::unique_lock lock(mutex_);
  const TimestampMs now = std::max(clock_now, state_->window_now());
  if (state_->needs_upkeep(now)) {
    reader_upkeeps_.fetch_add(1);
    state_->upkeep(now);
  }
  return fn(static_cast<const EngineState&>(*state_), now);
}

void StatsEngine::catch_up() {
  {
    std::unique_lock lock(mutex_);
    state_->upkeep(std::max(clock_.now_ms(), state_->window_now()));
  }
  std::lock_guard wait_lock(wait_mutex_);
  ++catch_ups_;
  caught_up_.notify_all();
}

void StatsEngine::attach_writer(std::function<void()> wake) {
  std::lock_guard wait_lock(wait_mutex_);
  wake_writer_ = std::move(wake);
}

void StatsEngine::detach_writer() {
  std::lock_guard wait_lock(wait_mutex_);
  wake_writer_ = nullptr;
  caught_up_.notify_all();
}

std::optional<TimestampMs> StatsEngine::next_upkeep_ms() const {
  std::shared_lock lock(mutex_);
  return state_->next_upkeep_ms();
}

std::optional<std::string> StatsEngine::resolve_channel(
    std::optional<std::string_view> requested) const {
  std::shared_lock lock(mutex_);
  return state_->resolve_channel(requested);
}

std::optional<UserStats> StatsEngine::user_stats(const std::string& channel, std::string_view login,
                                                 Period period) const {
  RecentPlan plan;
  auto out = read([&](const EngineState& s, TimestampMs now) {
    return s.user_stats(channel, login, period, now, &plan);
  });
  if (out && plan.needed) out->recent_messages = complete_recent(plan);
  return out;
}

std::vector<RecentMessage> StatsEngine::complete_recent(RecentPlan& plan) const {
  MessageHistory* history = state_->history();  // set at creation, never changes
  while (!plan.failed) {
    std::vector<HistoryQuery> queries;
    {
      std::shared_lock lock(mutex_);
      queries = state_->next_history_queries(plan);
    }
    if (queries.empty()) break;
    const Stamp before = plan.cursor;
    for (const HistoryQuery& q : queries) {
      // The store is read outside the engine lock: the writer never waits for it.
      auto rows = history->messages_before(plan.channel, plan.user_id, q.before_ts, q.before_seq,
                                           q.from_ts, q.limit);
      if (!rows) {
        plan.failed = true;  // answer with the survivors known so far
        break;
      }
      std::shared_lock lock(mutex_);
      state_->take_history(plan, q, *rows);
      if (plan.done()) break;
    }
    if (plan.cursor == before && !plan.done()) plan.failed = true;  // no progress
  }
  return plan.answer();
}

Leaderboard StatsEngine::leaderboard(const std::string& channel, Period period,
                                     std::size_t limit) const {
  return read(
      [&](const EngineState& s, TimestampMs) { return s.leaderboard(channel, period, limit); });
}

std::vector<RisingStar> StatsEngine::rising_stars(const std::string& channel,
                                                  std::size_t limit) const {
  return read([&](const EngineState& s, TimestampMs) { return s.rising_stars(channel, limit); });
}

std::vector<HourLeader> StatsEngine::hour_leaders(const std::string& channel) const {
  return read([&](const EngineState& s, TimestampMs) { return s.hour_leaders(channel); });
}

std::vector<TopWriter> StatsEngine::top_writers(const std::string& channel,
                                                std::size_t limit) const {
  return read([&](const EngineState& s, TimestampMs) { return s.top_writers(channel, limit); });
}

ActiveChatters StatsEngine::active_chatters(const std::string& channel) const {
  return read(
      [&](const EngineState& s, TimestampMs now) { return s.active_chatters(channel, now); });
}

HourlyActivity StatsEngine::chat_activity(const std::string& channel) const {
  return read([&](const EngineState& s, TimestampMs) { return s.chat_activity(channel); });
}

HourlyActivity StatsEngine::overall_activity(const std::string& channel) const {
  return read([&](const EngineState& s, TimestampMs) { return s.overall_activity(channel); });
}

HourlyActivity StatsEngine::unique_chatters(const std::string& channel) const {
  return read([&](const EngineState& s, TimestampMs) { return s.unique_chatters(channel); });
}

TopEmotes StatsEngine::top_emotes(const std::string& channel) const {
  return read([&](const EngineState& s, TimestampMs) { return s.top_emotes(channel); });
}

std::vector<SearchHit> StatsEngine::search(const std::string& channel, std::string_view q) const {
  return read([&](const EngineState& s, TimestampMs) { return s.search(channel, q); });
}

}  // namespace pererecos::stats

namespace pererecos::stats {

std::vector<std::string> StatsEngine::channels() const {
  std::shared_lock lock(mutex_);
  return state_->channel_names();
}

std::uint64_t StatsEngine::change_count(const std::string& channel) const {
  std::int64_t stored = 0;
  {
    std::shared_lock lock(mutex_);
    stored = state_->channel_stored(channel);
  }
  if (stored == 0) return 0;
  return static_cast<std::uint64_t>(stored) + other_changes_.load(std::memory_order_relaxed);
}

std::string StatsEngine::time_zone() const {
  std::shared_lock lock(mutex_);
  return state_->time_zone();
}

}  // namespace pererecos::stats
