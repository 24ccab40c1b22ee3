// Internal to the stats engine (not for callers): the aggregates behind StatsEngine and
// the single-threaded operations on them. StatsEngine adds the locking.
#pragma once

#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/chat_event.h"
#include "stats/answers.h"
#include "stats/chunk_arena.h"
#include "stats/emote_catalog.h"
#include "stats/flat_index.h"
#include "stats/local_hour.h"
#include "stats/message_facts.h"
#include "stats/message_history.h"
#include "stats/quantized_rows.h"
#include "stats/rank_tree.h"
#include "stats/stats_engine.h"

namespace pererecos::stats {

using UserIdx = std::uint32_t;
using LoginIdx = std::uint32_t;
using EmoteIdx = std::uint32_t;
using Slot = std::uint32_t;
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
// LoginInfo::single_candidate() of a login that more than one user may hold.
inline constexpr std::uint32_t kManyCandidates = kNone - 1;
inline constexpr TimestampMs kMinute = 60'000;
inline constexpr TimestampMs kDayMs = 24 * 60 * kMinute;

// (timestamp, ingest seq): the total order of messages.
struct Stamp {
  TimestampMs ts = std::numeric_limits<TimestampMs>::min();
  std::int64_t seq = std::numeric_limits<std::int64_t>::min();
  bool operator<(const Stamp& o) const { return ts != o.ts ? ts < o.ts : seq < o.seq; }
  bool operator==(const Stamp& o) const = default;
};

// Windows with maintained per-user counts. kDay..kAll are the periods; the *S windows are
// the same windows shifted back 7 days (top_rank_change); kWeekS is also rising stars'
// "previous" and kWeek their "current".
enum Win : int { kDay = 0, kWeek, kMonth, kAll, kDayS, kWeekS, kMonthS, kAllS, kWinCount };
inline constexpr int kPeriods = 4;  // kDay..kAll have hourly vectors and reply counts

// Window boundaries, as ages: a message at ts is "past" boundary k when ts <= now - age.
inline constexpr int kBoundCount = 6;
inline constexpr std::array<TimestampMs, kBoundCount> kBoundAge = {
    kDayMs, 7 * kDayMs, 8 * kDayMs, 14 * kDayMs, 30 * kDayMs, 37 * kDayMs};
enum Bound : int { kB1d = 0, kB7d, kB8d, kB14d, kB30d, kB37d };

int period_window(Period p);

struct User {
  // Hot (read by every message of the user): first, up to kUserHotBytes.
  LoginIdx own_login = kNone;
  LoginIdx login = kNone;  // current login
  Stamp own_latest;        // latest message carrying this user id
  Stamp latest;            // latest message attributed (own or bucket)
  LoginIdx login_only_of = kNone;  // the login of a login-only user
  std::string own_display;
  std::vector<LoginIdx> buckets;  // logins whose id-less messages are attributed here
  std::vector<std::pair<std::uint32_t, Slot>> slots;  // (channel, slot)
  std::string display;                // current display name
  std::string user_id;                // empty: a login-only user
  std::vector<LoginIdx> logins_used;  // logins seen with this user id
};
// The bytes of a User that applying one of its messages reads (for prefetching).
inline constexpr std::size_t kUserHotBytes = offsetof(User, slots);

struct LoginInfo {
  UserIdx holder = kNone;  // latest user id seen with the login
  Stamp holder_stamp;
  UserIdx login_only = kNone;  // while there is no holder and id-less messages exist
  // User ids seen with it and their last use of it; for the holder, the last use is the
  // later of its entry and holder_stamp (its messages only move holder_stamp).
  std::vector<std::pair<UserIdx, Stamp>> users;
  Stamp last_use(UserIdx u, Stamp entry) const {
    return u == holder && entry < holder_stamp ? holder_stamp : entry;
  }
  bool has_bucket = false;                       // any id-less message with this login
  bool ignored = false;                          // in EngineConfig::ignored_logins
  Stamp bucket_latest;
  std::string bucket_display;
  std::vector<std::uint32_t> bucket_channels;
  UserIdx bucket_owner() const { return holder != kNone ? holder : login_only; }
  // Who the login resolves to (SPEC §1) when that needs no comparison of last uses: its one
  // candidate user, kNone when it has none or is ignored; else kManyCandidates.
  UserIdx single_candidate() const {
    if (ignored) return kNone;
    const UserIdx owner = has_bucket ? bucket_owner() : kNone;  // of the id-less messages
    if (users.empty()) return owner;
    if (users.size() == 1 && (owner == kNone || owner == users[0].first)) return users[0].first;
    return kManyCandidates;
  }
};

// The key of a message id in Moderation::deleted and RecentText (0: no id).
inline std::uint64_t message_id_hash(std::string_view id) {
  return id.empty() ? 0 : hash_bytes(id) | 1;
}
inline std::uint64_t message_id_hash(const ChatMessageView& msg) { return message_id_hash(msg.id); }

struct RecentText {
  Stamp stamp;
  std::uint64_t id_hash = 0;
  std::string text;
};

struct ReplyCount {
  LoginIdx login;
  std::array<std::int32_t, kPeriods> n;
};

struct ChannelUser {
  // Read or written by every message of the user: first.
  UserIdx user = kNone;
  bool dirty = false;  // in Channel::dirty, waiting for flush_indexes
  std::uint32_t ts30_head = 0;
  std::array<std::int64_t, kWinCount> cnt{};
  std::int64_t len_sum = 0;                                         // all time
  TimestampMs own_first = std::numeric_limits<TimestampMs>::max();  // id messages only
  TimestampMs own_last = std::numeric_limits<TimestampMs>::min();
  std::uint32_t own_count = 0;    // messages with the user id (all time)
  std::vector<TimestampMs> ts30;  // sorted timestamps in the 30-day window, from ts30_head
  std::vector<std::pair<EmoteIdx, std::int32_t>> emotes30;  // sorted by emote
  std::vector<ReplyCount> replies;                          // sorted by login
  std::uint32_t replies_version = 0;                        // +1 on every change
  // The newest own (id) messages, at most EngineConfig::recent_texts_per_user: ascending
  // stamp from recent[recent_head], wrapping around (see keep_recent).
  std::vector<RecentText> recent;
  std::uint8_t recent_head = 0;
  // What the rank trees currently hold for this user (see flush_indexes).
  LoginIdx indexed_login = kNone;
  std::uint64_t indexed_prefix = 0;
  std::array<std::int64_t, kWinCount> indexed_cnt{};
  std::int64_t indexed_len = 0;
};

// One queued message of the rolling windows (messages newer than now - 37 d).
struct Entry {
  Stamp stamp;
  Slot slot = 0;
  std::uint8_t hour = 0;
  bool has_payload = false;  // text residue + ids held (while in the 30-day window)
  std::uint16_t n_emotes = 0;
  std::uint16_t n_replies = 0;
  std::uint32_t residue_len = 0;
  std::uint64_t residue = 0;  // handle in Channel::residues
  std::uint64_t ids = 0;      // handle in Channel::ids: emote indices then reply logins
};

// An id-less message, kept whole so it can move when its login changes hands.
struct BucketRecord {
  Stamp stamp;
  std::uint64_t id_hash = 0;
  std::string text;
  std::string emotes;
  std::string reply_login;
  std::string display;
};

struct Bucket {
  std::vector<BucketRecord> records;  // ascending stamp
  TimestampMs first = std::numeric_limits<TimestampMs>::max();
  TimestampMs last = std::numeric_limits<TimestampMs>::min();
};

// What a message contributes, derived once.
struct Facts {
  Stamp stamp;
  int hour = 0;
  std::int64_t length = 0;
  std::vector<EmoteIdx> emotes;
  std::vector<LoginIdx> replies;
  std::string residue;
};

struct Moderation {
  std::unordered_map<std::string, TimestampMs> bans;                   // target key -> latest ban
  std::unordered_map<std::string, std::vector<TimestampMs>> timeouts;  // sorted
  std::unordered_set<std::uint64_t> deleted;  // hashes of deleted message ids
};

// A rival candidate, scored exactly: dot with my row, its norm^2 and message count.
struct RivalPick {
  Slot slot = kNone;
  std::uint64_t dot = 0;
  std::uint64_t norm = 1;
  std::int64_t count = 0;
};

// The last rival answer for one (user, period): valid while identity_epoch is current and
// the change log still holds every change since log_pos.
struct RivalMemo {
  RivalPick pick;
  std::uint64_t log_pos = 0;
  std::uint64_t identity_epoch = 0;
};

// The last top_replies answer for one (user, period), as (target user, count): valid while
// the user's replies_version and the engine's resolution epoch are unchanged.
struct RepliesMemo {
  std::vector<std::pair<UserIdx, std::int64_t>> top;
  std::uint32_t replies_version = 0;
  std::uint64_t resolution_epoch = 0;
};

// What the moderation records of one channel hide for one user (SPEC §1): everything at or
// before the latest ban, the 10 minutes up to each timeout, deleted message ids.
struct ModerationView {
  TimestampMs ban = std::numeric_limits<TimestampMs>::min();
  std::vector<TimestampMs> timeouts;  // sorted
  const std::unordered_set<std::uint64_t>* deleted = nullptr;
  bool hides(TimestampMs ts, std::uint64_t id_hash) const;
};

// One read of MessageHistory: messages before (before_ts, before_seq), from from_ts on.
struct HistoryQuery {
  TimestampMs before_ts = 0;
  std::int64_t before_seq = 0;
  TimestampMs from_ts = 0;
  std::size_t limit = 0;
};

// recent_messages completed from the store (MessageHistory) when moderation hides too many
// of the kept texts: filled under the engine lock by user_stats, advanced by rounds of
// next_history_queries / take_history (each under a short shared lock) with the store read
// in between, outside the lock (StatsEngine::complete_recent).
struct RecentPlan {
  bool needed = false;
  std::string channel, user_id;
  UserIdx user = kNone;
  Stamp cursor;                  // every own message at or after it is known
  std::int64_t unseen_own = 0;   // own messages before the cursor not read yet
  std::vector<std::pair<Stamp, std::string>> survivors;  // not moderated, any order
  bool failed = false;           // the store failed: answer with what is known
  // True when the 10 newest survivors are known.
  bool done() const;
  // The answer: the 10 newest survivors, newest first.
  std::vector<RecentMessage> answer() const;
};

struct Channel {
  explicit Channel(const std::vector<std::string>* names);
  std::string name;
  std::int64_t stored = 0;  // every message, ignored senders included
  std::vector<ChannelUser> users;   // by slot
  std::vector<Slot> slot_by_user;    // by UserIdx; kNone: no message in this channel
  // Per-user hourly counts by period, by slot (kept apart from ChannelUser so the rival
  // scan reads one contiguous array).
  std::array<std::vector<std::array<std::int32_t, 24>>, kPeriods> rows;
  // 8-bit copies of the rows for the rival scan, refreshed with the rank indexes.
  std::array<std::vector<QuantRow>, kPeriods> qrows;
  // Per period: the slots whose row is non-zero (any order) and each slot's position in
  // that list (kNone: absent), so that the rival scan reads only the rows of users in the
  // period.
  std::array<std::vector<Slot>, kPeriods> active;
  std::array<std::vector<std::uint32_t>, kPeriods> active_pos;
  std::deque<Entry> queue;                        // ascending stamp
  std::vector<Entry> late;  // older than the queue's tail, waiting for merge_late()
  std::array<std::size_t, kBoundCount> cursor{};  // entries past each boundary
  std::array<std::int64_t, kWinCount> total{};
  std::array<std::array<std::int64_t, 24>, kPeriods> hourly{};
  std::array<std::int64_t, 24> uniq_day{};
  std::vector<std::int64_t> emotes30;  // by EmoteIdx
  std::int64_t emotes30_total = 0;
  std::array<RankTree, kWinCount> boards;
  RankTree rising;
  RankTree writers;
  std::vector<Slot> dirty;
  std::array<Slot, 24> leader;
  std::uint32_t leader_stale = 0;  // bit h: hour h must be recomputed
  ChunkArena<char> residues;
  ChunkArena<std::uint32_t> ids;
  std::shared_ptr<const EmoteCatalog> catalog;
  EmoteLookup emote_lookup;  // over *catalog (views into it) and the provider filter
  std::unordered_map<LoginIdx, Bucket> buckets;
  Moderation moderation;
  // Slots whose hourly rows may have changed, per period, in the order the indexes were
  // flushed: change_log[p][i] is change number change_base[p] + i (the log is dropped
  // when it grows long, which invalidates every RivalMemo older than the drop).
  std::array<std::vector<Slot>, kPeriods> change_log;
  std::array<std::uint64_t, kPeriods> change_base{};
  // Rival answers by (period << 32 | slot); readers share the engine lock, so the memo
  // has its own.
  mutable std::mutex rival_mutex;
  mutable std::unordered_map<std::uint64_t, RivalMemo> rival_memo;
  mutable std::unordered_map<std::uint64_t, RepliesMemo> replies_memo;  // same lock and key
};

struct EmoteInfo {
  std::string name;
  std::string id;
  std::string provider;
  std::string image_url;
};

class EngineState {
 public:
  EngineState(EngineConfig config, LocalHourMapper hours, TimestampMs now);

  // --- ingest (engine_ingest.cpp)
  // `known_owner`, when not kNone, is user_by_id_.find(msg.user_id) looked up earlier (the
  // index only ever grows, so a user found once stays right).
  void apply(const ChatMessageView& msg, std::int64_t seq, UserIdx known_owner = kNone);
  void apply(const ModerationEvent& ev);
  // The same as apply() for each message in order, with prefetching (engine_prefetch.cpp).
  void apply_batch(std::span<const SequencedMessage> batch);
  void set_emote_catalog(const std::string& channel, EmoteCatalog catalog);
  // The same with a shared catalog (engine_swap.cpp: a rebuilt state takes the live one's).
  void set_emote_catalog(const std::string& channel, std::shared_ptr<const EmoteCatalog> catalog);
  // Every channel's catalog (null where none was set), by channel name (engine_swap.cpp).
  std::vector<std::pair<std::string, std::shared_ptr<const EmoteCatalog>>> catalogs() const;
  std::int64_t applied() const { return applied_; }

  // --- upkeep (engine_windows.cpp)
  // True when the windows or indexes must change before answering at `now`.
  bool needs_upkeep(TimestampMs now) const;
  void upkeep(TimestampMs now);
  // Slides the rolling windows to `now` (no-op when now <= window_now()).
  void advance(TimestampMs now);
  TimestampMs window_now() const { return window_now_; }
  // When a queued message next crosses a window boundary (nullopt: none queued).
  std::optional<TimestampMs> next_upkeep_ms() const;

  // --- for the dashboard (engine_dashboard.cpp)
  // Channels with stored messages or configured, lowercase, sorted, unique.
  std::vector<std::string> channel_names() const;
  // Messages stored in the channel (ignored senders included); 0 when unknown.
  std::int64_t channel_stored(std::string_view channel) const;
  const std::string& time_zone() const { return config_.time_zone; }

  // --- answers (engine_queries.cpp); REQUIRE: !needs_upkeep(now)
  std::optional<std::string> resolve_channel(std::optional<std::string_view> requested) const;
  // `plan`, when not null, is filled when recent_messages needs the store (RecentPlan).
  std::optional<UserStats> user_stats(const std::string& channel, std::string_view login,
                                      Period period, TimestampMs now,
                                      RecentPlan* plan = nullptr) const;
  Leaderboard leaderboard(const std::string& channel, Period period, std::size_t limit) const;
  std::vector<RisingStar> rising_stars(const std::string& channel, std::size_t limit) const;
  std::vector<HourLeader> hour_leaders(const std::string& channel) const;
  std::vector<TopWriter> top_writers(const std::string& channel, std::size_t limit) const;
  ActiveChatters active_chatters(const std::string& channel, TimestampMs now) const;
  HourlyActivity chat_activity(const std::string& channel) const;
  HourlyActivity overall_activity(const std::string& channel) const;
  HourlyActivity unique_chatters(const std::string& channel) const;
  TopEmotes top_emotes(const std::string& channel) const;
  std::vector<SearchHit> search(const std::string& channel, std::string_view q) const;

 private:
  // identity (engine_ingest.cpp)
  LoginIdx intern_login(std::string_view login);
  std::optional<LoginIdx> find_login(std::string_view lowercase_login) const;
  // REQUIRE: no user has this id yet.
  UserIdx new_user_for_id(std::string_view user_id);
  void refresh_identity(UserIdx u);
  void move_bucket(LoginIdx login, UserIdx from, UserIdx to);
  // Records that user `u` (not the holder) used login `l` at `stamp`.
  void note_login_use(LoginInfo& li, UserIdx u, LoginIdx l, Stamp stamp);
  Slot slot_of(std::uint32_t channel, UserIdx u);
  std::optional<Slot> find_slot(std::uint32_t channel, UserIdx u) const;
  std::uint32_t channel_index(std::string_view name);
  std::optional<std::uint32_t> find_channel(std::string_view name) const;
  // Fills `f` (reusing its buffers) with what `msg` contributes.
  void derive(std::uint32_t channel, const ChatMessageView& msg, Stamp stamp, bool want_emotes,
              Facts& f);
  EmoteIdx intern_emote(const EmoteUse& use);
  // Resolves a lookup login (SPEC §1): kNone when unknown or ignored.
  UserIdx lookup(std::string_view login) const;
  // The same for an interned (lowercase) login, without hashing or copying.
  UserIdx lookup_idx(LoginIdx l) const;
  bool is_ignored(std::string_view lowercase_login) const;
  void keep_recent(ChannelUser& cu, Stamp stamp, const ChatMessageView& msg);
  void index_search(UserIdx u, std::string_view key);
  void unindex_search(UserIdx u, std::string_view key);

  // windows (engine_windows.cpp)
  // Adds (sign = +1) or removes (-1) a message's contribution to `slot`.
  void contribute(Channel& ch, Slot slot, const Facts& f, int sign);
  void queue_insert(Channel& ch, Slot slot, const Facts& f);

 public:
  // Puts the late messages set aside by queue_insert into the queues (sorted, one merge
  // pass per channel: O(entries newer than the oldest late one + late log late)). Called
  // after every apply, before anything reads a queue.
  void merge_late();

 private:
  bool has_late_ = false;
  void cross(Channel& ch, Entry& e, int bound);
  void release_payload(Channel& ch, Entry& e);
  void add_hourly(Channel& ch, Slot slot, int period, int hour, int delta);
  void add_emote(Channel& ch, ChannelUser& cu, EmoteIdx e, int delta);
  // Adds delta to the count of replies to `l` in each period whose bit is set.
  void add_reply(ChannelUser& cu, LoginIdx l, unsigned periods, int delta);
  void mark_dirty(Channel& ch, Slot slot);
  void flush_indexes(Channel& ch);
  void recompute_leader(Channel& ch, int hour);
  RankKey board_key(const ChannelUser& cu, Slot slot, int w) const;
  RankKey rising_key(const ChannelUser& cu, Slot slot) const;
  RankKey writer_key(const ChannelUser& cu, Slot slot) const;
  bool leader_less(const Channel& ch, int hour, Slot a, Slot b) const;  // a before b

  // queries helpers (engine_queries.cpp)
  const Channel* channel_ptr(const std::string& name) const;
  UserRef ref(UserIdx u) const;
  // recent messages (engine_recent.cpp). recent_messages fills `plan` (when not null and
  // a MessageHistory is configured) if the kept texts may hold fewer than 10 survivors.
  std::vector<RecentMessage> recent_messages(const Channel& ch, UserIdx u,
                                             RecentPlan* plan) const;
  ModerationView moderation_view(const Channel& ch, UserIdx u) const;

 public:
  // The store reads that come next for `plan` (empty: it is done).
  std::vector<HistoryQuery> next_history_queries(const RecentPlan& plan) const;
  // Takes the answer of one query (rows newest first) into `plan`.
  void take_history(RecentPlan& plan, const HistoryQuery& q,
                    const std::vector<HistoryMessage>& rows) const;
  MessageHistory* history() const { return config_.history; }

 private:
  std::optional<Rival> rival(const Channel& ch, Slot me, int w) const;
  // The full rival scan: calls verify(slot) for every row that may beat `best` (which
  // verify updates) at the time the scan reaches it.
  void rival_scan(const Channel& ch, Slot me, int w, const RivalPick& best,
                  const std::function<void(Slot)>& verify) const;
  std::vector<ReplyTarget> top_replies(const Channel& ch, Slot me, int w) const;
  std::vector<EmoteCount> user_emotes(const ChannelUser& cu) const;
  std::vector<Slot> window_members(const Channel& ch, int w) const;
  // Whether a name of `u` searchable by SPEC §3 (a login it used, its display name) starts
  // with the prefix, case-insensitively.
  bool has_name_with_prefix(UserIdx u, std::string_view lowercase_prefix) const;
  // Search candidates from the all-time leaderboard: the first 10 matches and their ties.
  std::vector<UserIdx> busiest_matches(const Channel& ch, std::string_view lowercase_prefix) const;

  friend class EngineStateTestPeer;

  EngineConfig config_;
  LocalHourMapper hours_;
  ProviderFilter providers_;
  std::unordered_set<std::string> ignored_;
  TimestampMs window_now_ = std::numeric_limits<TimestampMs>::min();
  std::int64_t applied_ = 0;
  // Incremented whenever a user's current login changes (answers that compare logins
  // and were remembered become stale).
  std::uint64_t identity_epoch_ = 0;
  // Incremented whenever lookup_idx may resolve some login differently (remembered
  // top_replies become stale).
  std::uint64_t resolution_epoch_ = 0;
  std::uint32_t last_channel_ = kNone;  // channel of the previous message (fast path)
  std::vector<EmoteUse> scratch_uses_;
  std::string scratch_login_;
  std::vector<std::uint32_t> scratch_ids_;
  Facts scratch_facts_;
  std::vector<UserIdx> scratch_owners_;

  std::vector<User> users_;
  UserIdIndex user_by_id_;
  std::vector<std::string> login_names_;  // by LoginIdx
  std::vector<LoginInfo> logins_;
  // By LoginIdx: LoginInfo::single_candidate(), a dense copy of lookup_idx()'s fast path,
  // so that resolving the thousands of logins a busy user answered reads 4 bytes per login
  // instead of its LoginInfo and candidate list. Kept by note_resolution() after every
  // change of a LoginInfo's holder, login_only, users or has_bucket (all in apply()).
  std::vector<UserIdx> quick_resolution_;
  void note_resolution(LoginIdx l);
  StringIndex login_by_name_;  // over login_names_
  std::vector<EmoteInfo> emotes_;
  ProbeTable emote_by_key_;  // (name, id) -> EmoteIdx, see intern_emote
  std::vector<std::unique_ptr<Channel>> channels_;
  std::unordered_map<std::string, std::uint32_t> channel_by_name_;
  // (lowercase login or display name, user): prefix search index. index_search() and
  // unindex_search() only log the edit; upkeep() applies the log (flush_search), so that a
  // rebuild builds the set once from sorted keys instead of inserting every name into a
  // tree of hundreds of thousands.
  using SearchKey = std::pair<std::string, UserIdx>;
  struct SearchEdit {
    SearchKey key;
    bool insert;
  };
  std::set<SearchKey> search_index_;
  std::vector<SearchEdit> search_edits_;
  void flush_search();
};

}  // namespace pererecos::stats
