// The read side of the engine: one answer per endpoint, from the aggregates only.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>

#include "core/ascii.h"
#include "stats/engine_state.h"
#include "stats/exact_math.h"

namespace pererecos::stats {
namespace {

void fill_peak(HourlyActivity& a) {
  a.peak_hour = 0;
  a.peak_count = 0;
  for (int h = 0; h < 24; ++h) {
    if (a.activity[h] > a.peak_count) {
      a.peak_count = a.activity[h];
      a.peak_hour = h;
    }
  }
}

TimestampMs period_age(int w) {
  switch (w) {
    case kDay:
      return kDayMs;
    case kWeek:
      return 7 * kDayMs;
    case kMonth:
      return 30 * kDayMs;
    default:
      return 0;
  }
}

}  // namespace

const Channel* EngineState::channel_ptr(const std::string& name) const {
  auto c = find_channel(ascii_lower(name));
  return c ? channels_[*c].get() : nullptr;
}

UserRef EngineState::ref(UserIdx u) const {
  const User& user = users_[u];
  return UserRef{user.login == kNone ? std::string() : login_names_[user.login], user.display};
}

UserIdx EngineState::lookup(std::string_view login) const {
  const std::string lower = ascii_lower(login);
  if (lower.empty() || is_ignored(lower)) return kNone;
  auto l = find_login(lower);
  if (!l) return kNone;
  return lookup_idx(*l);
}

UserIdx EngineState::lookup_idx(LoginIdx l) const {
  // At most one candidate: quick_resolution_ has the answer (note_resolution).
  const UserIdx quick = quick_resolution_[l];
  assert(quick == logins_[l].single_candidate());  // note_resolution() missed no change
  if (quick != kManyCandidates) return quick;
  const LoginInfo& li = logins_[l];
  // Candidates: user ids seen with L (last use of L), and the owner of L's id-less
  // messages (last use = max with the bucket's latest message).
  const UserIdx owner = li.has_bucket ? li.bucket_owner() : kNone;
  auto last_use = [&](UserIdx u, Stamp entry) {
    const Stamp stamp = li.last_use(u, entry);
    return (u == owner && stamp < li.bucket_latest) ? li.bucket_latest : stamp;
  };
  // The user whose current login it is (several: the most recent), else the last user.
  UserIdx best = kNone;
  auto consider_current = [&](UserIdx u) {
    if (users_[u].login != l) return;
    if (best == kNone || users_[best].latest < users_[u].latest) best = u;
  };
  bool owner_listed = false;
  for (const auto& [u, stamp] : li.users) {
    consider_current(u);
    owner_listed |= u == owner;
  }
  if (owner != kNone && !owner_listed) consider_current(owner);
  if (best != kNone) return best;
  Stamp best_use;
  for (const auto& [u, stamp] : li.users) {
    const Stamp use = last_use(u, stamp);
    if (best == kNone || best_use < use) {
      best = u;
      best_use = use;
    }
  }
  if (owner != kNone && !owner_listed && (best == kNone || best_use < li.bucket_latest)) {
    best = owner;
  }
  return best;
}

std::optional<std::string> EngineState::resolve_channel(
    std::optional<std::string_view> requested) const {
  if (requested) {
    std::string name = ascii_lower(*requested);
    if (name.empty() || !find_channel(name)) return std::nullopt;
    return name;
  }
  if (!config_.channels.empty()) return ascii_lower(config_.channels.front());
  const Channel* best = nullptr;
  for (const auto& ch : channels_) {
    if (ch->stored == 0) continue;
    if (!best || ch->stored > best->stored ||
        (ch->stored == best->stored && ch->name < best->name)) {
      best = ch.get();
    }
  }
  if (!best) return std::nullopt;
  return best->name;
}

std::vector<Slot> EngineState::window_members(const Channel& ch, int w) const {
  std::vector<Slot> out;
  out.reserve(ch.boards[w].size());
  for (const RankKey& k : ch.boards[w]) out.push_back(k.slot);
  return out;
}

namespace {

// Relative margin for the floating-point parts of the rival bound: the bound of a row is an
// exact integer dot product times a float 1/|lo| (relative error < 2^-23), and the best
// exact score is a double; a row is dropped only when its bound is below the best exact
// score by more than this margin, so a row reaching or tying the best is never dropped.
constexpr double kRivalMargin = 1e-4;
constexpr std::size_t kRivalMemoSize = 1 << 16;  // remembered answers per channel

}  // namespace

std::optional<Rival> EngineState::rival(const Channel& ch, Slot me, int w) const {
  const auto& rows = ch.rows[w];
  const auto& qrows = ch.qrows[w];
  std::array<std::uint64_t, 24> a{};
  std::uint64_t norm_a = 0;
  for (int h = 0; h < 24; ++h) {
    a[h] = static_cast<std::uint64_t>(rows[me][h]);
    norm_a += a[h] * a[h];
  }
  // Exact scoring, and the SPEC tie-breaks: higher cosine, then more messages in the
  // period, then login ascending.
  RivalPick best;
  auto verify = [&](Slot s) {
    std::uint64_t dot = 0, norm = 0;
    std::int64_t count = 0;
    const QuantRow& qr = qrows[s];
    if (qr.inv_norm_lo == 0.0f || s == me) return;  // an all-zero row, or mine
    for (int h = 0; h < 24; ++h) {
      const std::uint64_t b = qr.exact ? qr.q[h] : static_cast<std::uint32_t>(rows[s][h]);
      dot += a[h] * b;
      norm += b * b;
      count += static_cast<std::int64_t>(b);
    }
    int cmp = best.slot == kNone ? 1 : compare_cosines(dot, norm, best.dot, best.norm);
    if (cmp == 0) {
      if (count != best.count) {
        cmp = count > best.count ? 1 : -1;
      } else if (s == best.slot) {
        cmp = -1;
      } else {
        const std::string& lo = login_names_[users_[ch.users[s].user].login];
        const std::string& lb = login_names_[users_[ch.users[best.slot].user].login];
        int c = lo.compare(lb);
        cmp = c != 0 ? (c < 0 ? 1 : -1) : (s < best.slot ? 1 : -1);
      }
    }
    if (cmp > 0) best = RivalPick{s, dot, norm, count};
  };

  // The last answer for (me, w), brought up to date: only rows changed since then can
  // beat it, unless my row or its row changed (or a login moved: the tie-break reads
  // logins), which needs a full scan.
  const std::uint64_t key = (static_cast<std::uint64_t>(w) << 32) | me;
  const std::vector<Slot>& log = ch.change_log[w];
  const std::uint64_t log_end = ch.change_base[w] + log.size();
  bool fresh = false;
  Slot hint = kNone;  // a stale answer: scored first, it sets a high bar for the scan
  {
    std::lock_guard<std::mutex> lock(ch.rival_mutex);
    auto it = ch.rival_memo.find(key);
    if (it != ch.rival_memo.end()) hint = it->second.pick.slot;
    if (it != ch.rival_memo.end() && it->second.identity_epoch == identity_epoch_ &&
        it->second.log_pos >= ch.change_base[w]) {
      fresh = true;
      best = it->second.pick;
      const std::size_t from = it->second.log_pos - ch.change_base[w];
      for (std::size_t i = from; i < log.size() && fresh; ++i) {
        fresh = log[i] != me && log[i] != best.slot;
      }
      if (fresh) {
        for (std::size_t i = from; i < log.size(); ++i) verify(log[i]);
      }
    }
  }
  if (!fresh) {
    best = RivalPick{};
    if (hint != kNone && hint < qrows.size()) verify(hint);
    rival_scan(ch, me, w, best, verify);
  }
  {
    std::lock_guard<std::mutex> lock(ch.rival_mutex);
    if (ch.rival_memo.size() >= kRivalMemoSize) ch.rival_memo.clear();
    ch.rival_memo[key] = RivalMemo{best, log_end, identity_epoch_};
  }
  if (best.slot == kNone) return std::nullopt;
  return Rival{ref(ch.users[best.slot].user), cosine_tenths(best.dot, norm_a, best.norm)};
}

void EngineState::rival_scan(const Channel& ch, Slot me, int w, const RivalPick& best,
                             const std::function<void(Slot)>& verify) const {
  // One pass: an upper bound of every other row's score from its 8-bit copy
  // (quantized_rows.h); a row is scored exactly when its bound reaches the best exact score
  // so far (less a margin), which raises the bar for the rows after it. The best row
  // always reaches it.
  const auto& rows = ch.rows[w];
  const auto& qrows = ch.qrows[w];
  const QueryRow query = make_query_row(rows[me]);
  auto threshold_of = [&](const RivalPick& pick) {
    if (pick.slot == kNone) return 0.0f;  // every non-zero row, until one is scored
    const double score =
        static_cast<double>(pick.dot) / std::sqrt(static_cast<double>(pick.norm));
    return static_cast<float>(score / query.unit * (1 - kRivalMargin));
  };
  float threshold = threshold_of(best);
  auto visit = [&](Slot s, const QuantRow& qr) {
    if (qr.inv_norm_lo == 0.0f || s == me) return;  // an all-zero row, or mine
    const float bound = static_cast<float>(quantized_dot(query, qr)) * qr.inv_norm_lo;
    if (bound < threshold) return;
    verify(s);
    threshold = threshold_of(best);
  };
  // Few users in the period: visit their rows (random access). Many: a sequential pass
  // over every row is faster.
  const std::vector<Slot>& active = ch.active[w];
  if (active.size() * 8 < rows.size()) {
    for (std::size_t i = 0; i < active.size(); ++i) {
      if (i + 8 < active.size()) __builtin_prefetch(&qrows[active[i + 8]]);
      visit(active[i], qrows[active[i]]);
    }
  } else {
    const QuantRow* q = qrows.data();
    for (std::size_t i = 0; i < qrows.size(); ++i) visit(static_cast<Slot>(i), q[i]);
  }
}

std::vector<ReplyTarget> EngineState::top_replies(const Channel& ch, Slot me, int w) const {
  // Resolve each answered login once, add up per target user (sort + merge), then build
  // strings only for the 5 kept targets.
  const UserIdx self = ch.users[me].user;
  const ChannelUser& cu = ch.users[me];
  const std::uint64_t key = (static_cast<std::uint64_t>(w) << 32) | me;
  auto answer = [&](const std::vector<std::pair<UserIdx, std::int64_t>>& top) {
    std::vector<ReplyTarget> out;
    out.reserve(top.size());
    for (const auto& [u, n] : top) out.push_back(ReplyTarget{ref(u), n});
    return out;
  };
  {
    // Remembered while neither my replies nor any login's resolution changed.
    std::lock_guard<std::mutex> lock(ch.rival_mutex);
    auto it = ch.replies_memo.find(key);
    if (it != ch.replies_memo.end() && it->second.replies_version == cu.replies_version &&
        it->second.resolution_epoch == resolution_epoch_) {
      return answer(it->second.top);
    }
  }
  std::vector<std::pair<UserIdx, std::int64_t>> counts;
  for (const ReplyCount& rc : cu.replies) {
    if (rc.n[w] <= 0) continue;
    UserIdx target = lookup_idx(rc.login);
    if (target == kNone || target == self) continue;
    counts.emplace_back(target, rc.n[w]);
  }
  std::sort(counts.begin(), counts.end());
  std::size_t m = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (m > 0 && counts[m - 1].first == counts[i].first) {
      counts[m - 1].second += counts[i].second;
    } else {
      counts[m++] = counts[i];
    }
  }
  counts.resize(m);
  static const std::string kEmpty;
  auto name = [&](UserIdx u) -> const std::string& {
    return users_[u].login == kNone ? kEmpty : login_names_[users_[u].login];
  };
  auto less = [&](const std::pair<UserIdx, std::int64_t>& x,
                  const std::pair<UserIdx, std::int64_t>& y) {
    if (x.second != y.second) return x.second > y.second;
    return name(x.first) < name(y.first);
  };
  const std::size_t keep = std::min<std::size_t>(5, counts.size());
  std::partial_sort(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(keep),
                    counts.end(), less);
  counts.resize(keep);
  {
    std::lock_guard<std::mutex> lock(ch.rival_mutex);
    if (ch.replies_memo.size() >= kRivalMemoSize) ch.replies_memo.clear();
    ch.replies_memo[key] = RepliesMemo{counts, cu.replies_version, resolution_epoch_};
  }
  return answer(counts);
}

std::vector<EmoteCount> EngineState::user_emotes(const ChannelUser& cu) const {
  std::vector<EmoteCount> out;
  for (const auto& [e, n] : cu.emotes30) {
    const EmoteInfo& info = emotes_[e];
    out.push_back(EmoteCount{info.name, info.id, n, info.provider, info.image_url});
  }
  return out;
}

namespace {

void sort_emotes(std::vector<EmoteCount>& v, std::size_t keep) {
  auto less = [](const EmoteCount& x, const EmoteCount& y) {
    if (x.count != y.count) return x.count > y.count;
    if (x.name != y.name) return x.name < y.name;
    return x.id < y.id;
  };
  if (v.size() > keep) {
    std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(keep), v.end(), less);
    v.resize(keep);
  } else {
    std::sort(v.begin(), v.end(), less);
  }
}

}  // namespace

std::optional<UserStats> EngineState::user_stats(const std::string& channel, std::string_view login,
                                                 Period period, TimestampMs now,
                                                 RecentPlan* plan) const {
  const Channel* chp = channel_ptr(channel);
  if (!chp) return std::nullopt;
  const Channel& ch = *chp;
  const UserIdx u = lookup(login);
  if (u == kNone) return std::nullopt;
  auto slot_opt = find_slot(channel_by_name_.at(ch.name), u);
  if (!slot_opt) return std::nullopt;
  const Slot slot = *slot_opt;
  const int w = period_window(period);
  const ChannelUser& cu = ch.users[slot];
  if (cu.cnt[w] <= 0) return std::nullopt;
  const User& user = users_[u];

  UserStats s;
  s.user = ref(u);
  s.period = period;
  s.total_messages = cu.cnt[w];
  for (int h = 0; h < 24; ++h) s.hourly_activity[h] = ch.rows[w][slot][h];
  s.recent_messages = recent_messages(ch, u, plan);

  TimestampMs first = cu.own_first, last = cu.own_last;
  for (LoginIdx b : user.buckets) {
    auto it = ch.buckets.find(b);
    if (it == ch.buckets.end()) continue;
    first = std::min(first, it->second.first);
    last = std::max(last, it->second.last);
  }
  if (w != kAll) {
    const TimestampMs boundary = now - period_age(w);
    auto begin = cu.ts30.begin() + static_cast<std::ptrdiff_t>(cu.ts30_head);
    auto it = std::upper_bound(begin, cu.ts30.end(), boundary);
    first = it != cu.ts30.end() ? *it : last;
  }
  s.first_message_date = first;
  s.last_message_date = last;

  const RankTree& board = ch.boards[w];
  const auto n = static_cast<std::int64_t>(board.size());
  const auto at_least = static_cast<std::int64_t>(board.order_of_key(
      RankKey{cu.cnt[w] - 1, 1, std::numeric_limits<std::int64_t>::max(), 0, 0, 0}));
  s.percentile = percent_tenths(n - at_least, n);

  const auto& hv = ch.rows[w][slot];
  std::int64_t best3 = -1;
  int best_start = 0;
  for (int start = 0; start < 24; ++start) {
    std::int64_t sum = std::int64_t{hv[start]} + hv[(start + 1) % 24] + hv[(start + 2) % 24];
    if (sum > best3) {
      best3 = sum;
      best_start = start;
    }
  }
  s.peak_hours = {best_start, (best_start + 1) % 24, (best_start + 2) % 24};
  int fav = 0;
  for (int h = 1; h < 24; ++h) {
    if (hv[h] > hv[fav]) fav = h;
  }
  s.favorite_hour = FavoriteHour{fav, hv[fav], percent_tenths(hv[fav], cu.cnt[w])};
  s.rival = rival(ch, slot, w);
  s.top_replies = top_replies(ch, slot, w);

  Rankings& r = s.rankings;
  r.top_rank = static_cast<std::int64_t>(board.order_of_key(board_key(cu, slot, w))) + 1;
  const int shifted = w + kDayS;
  if (cu.cnt[shifted] > 0) {
    const auto prev =
        static_cast<std::int64_t>(ch.boards[shifted].order_of_key(board_key(cu, slot, shifted))) +
        1;
    r.top_rank_change = prev - r.top_rank;
  }
  if (cu.cnt[kWeek] >= 1) {
    r.rising_rank = static_cast<std::int64_t>(ch.rising.order_of_key(rising_key(cu, slot))) + 1;
  }
  if (cu.cnt[kAll] >= 10) {
    r.writers_rank = static_cast<std::int64_t>(ch.writers.order_of_key(writer_key(cu, slot))) + 1;
  }
  for (int h = 0; h < 24; ++h) {
    if (ch.leader[h] == slot) r.hours_dominated.push_back(h);
  }
  s.top_emotes = user_emotes(cu);
  sort_emotes(s.top_emotes, 10);
  return s;
}

Leaderboard EngineState::leaderboard(const std::string& channel, Period period,
                                     std::size_t limit) const {
  Leaderboard out;
  out.period = period;
  const Channel* ch = channel_ptr(channel);
  if (!ch) return out;
  const int w = period_window(period);
  out.total_users = static_cast<std::int64_t>(ch->boards[w].size());
  out.total_messages = ch->total[w];
  std::int64_t rank = 0;
  for (const RankKey& k : ch->boards[w]) {
    if (out.entries.size() >= limit) break;
    out.entries.push_back(LeaderboardEntry{++rank, ref(ch->users[k.slot].user), k.a});
  }
  return out;
}

std::vector<RisingStar> EngineState::rising_stars(const std::string& channel,
                                                  std::size_t limit) const {
  std::vector<RisingStar> out;
  const Channel* ch = channel_ptr(channel);
  if (!ch) return out;
  std::int64_t rank = 0;
  for (const RankKey& k : ch->rising) {
    if (out.size() >= limit) break;
    const ChannelUser& cu = ch->users[k.slot];
    const std::int64_t cur = cu.cnt[kWeek], prev = cu.cnt[kWeekS];
    Tenths growth =
        prev > 0 ? Tenths{round_half_away(i128(cur - prev) * 1000, prev)} : Tenths{cur * 100};
    out.push_back(RisingStar{++rank, ref(cu.user), cur, prev, growth});
  }
  return out;
}

std::vector<HourLeader> EngineState::hour_leaders(const std::string& channel) const {
  std::vector<HourLeader> out;
  const Channel* ch = channel_ptr(channel);
  if (!ch) return out;
  for (int h = 0; h < 24; ++h) {
    Slot s = ch->leader[h];
    if (s == kNone || ch->rows[kAll][s][h] <= 0) continue;
    out.push_back(HourLeader{h, ref(ch->users[s].user), ch->rows[kAll][s][h]});
  }
  return out;
}

std::vector<TopWriter> EngineState::top_writers(const std::string& channel,
                                                std::size_t limit) const {
  std::vector<TopWriter> out;
  const Channel* ch = channel_ptr(channel);
  if (!ch) return out;
  std::int64_t rank = 0;
  for (const RankKey& k : ch->writers) {
    if (out.size() >= limit) break;
    const ChannelUser& cu = ch->users[k.slot];
    out.push_back(
        TopWriter{++rank, ref(cu.user), ratio_tenths(cu.len_sum, cu.cnt[kAll]), cu.cnt[kAll]});
  }
  return out;
}

ActiveChatters EngineState::active_chatters(const std::string& channel, TimestampMs now) const {
  ActiveChatters out;
  const Channel* ch = channel_ptr(channel);
  if (!ch) return out;
  out.total_users = static_cast<std::int64_t>(ch->boards[kAll].size());
  const TimestampMs boundary = now - 5 * kMinute;
  auto it = std::upper_bound(ch->queue.begin(), ch->queue.end(), boundary,
                             [](TimestampMs b, const Entry& e) { return b < e.stamp.ts; });
  // Slots of the window's messages, sorted: each run is one user and its count.
  std::vector<Slot> slots;
  slots.reserve(static_cast<std::size_t>(ch->queue.end() - it));
  for (; it != ch->queue.end(); ++it) slots.push_back(it->slot);
  std::sort(slots.begin(), slots.end());
  for (std::size_t i = 0; i < slots.size();) {
    const Slot slot = slots[i];
    std::size_t j = i + 1;
    while (j < slots.size() && slots[j] == slot) ++j;
    const auto n = static_cast<std::int64_t>(j - i);
    i = j;
    const ChannelUser& cu = ch->users[slot];
    const auto rank =
        static_cast<std::int64_t>(ch->boards[kAll].order_of_key(board_key(cu, slot, kAll))) + 1;
    out.chatters.push_back(ActiveChatter{ref(cu.user), n, rank});
  }
  std::sort(out.chatters.begin(), out.chatters.end(),
            [](const ActiveChatter& x, const ActiveChatter& y) {
              if (x.message_count != y.message_count) return x.message_count > y.message_count;
              if (x.user.username != y.user.username) return x.user.username < y.user.username;
              return x.rank < y.rank;
            });
  out.count = static_cast<std::int64_t>(out.chatters.size());
  return out;
}

HourlyActivity EngineState::chat_activity(const std::string& channel) const {
  HourlyActivity a;
  if (const Channel* ch = channel_ptr(channel)) {
    a.activity = ch->hourly[kDay];
    a.total = ch->total[kDay];
  }
  fill_peak(a);
  return a;
}

HourlyActivity EngineState::overall_activity(const std::string& channel) const {
  HourlyActivity a;
  if (const Channel* ch = channel_ptr(channel)) {
    a.activity = ch->hourly[kAll];
    a.total = ch->total[kAll];
  }
  fill_peak(a);
  return a;
}

HourlyActivity EngineState::unique_chatters(const std::string& channel) const {
  HourlyActivity a;
  if (const Channel* ch = channel_ptr(channel)) {
    a.activity = ch->uniq_day;
    a.total = static_cast<std::int64_t>(ch->boards[kDay].size());
  }
  fill_peak(a);
  return a;
}

TopEmotes EngineState::top_emotes(const std::string& channel) const {
  TopEmotes out;
  const Channel* ch = channel_ptr(channel);
  if (!ch) return out;
  for (EmoteIdx e = 0; e < ch->emotes30.size(); ++e) {
    if (ch->emotes30[e] <= 0) continue;
    const EmoteInfo& info = emotes_[e];
    out.emotes.push_back(
        EmoteCount{info.name, info.id, ch->emotes30[e], info.provider, info.image_url});
  }
  sort_emotes(out.emotes, 10);
  out.total_emote_uses = ch->emotes30_total;
  return out;
}

bool EngineState::has_name_with_prefix(UserIdx u, std::string_view lowercase_prefix) const {
  auto starts = [&](std::string_view name) {
    if (name.size() < lowercase_prefix.size()) return false;
    for (std::size_t i = 0; i < lowercase_prefix.size(); ++i) {
      if (ascii_lower(name[i]) != lowercase_prefix[i]) return false;
    }
    return true;
  };
  const User& user = users_[u];
  if (starts(user.display)) return true;
  if (user.login_only_of != kNone && starts(login_names_[user.login_only_of])) return true;
  for (LoginIdx l : user.logins_used) {
    if (starts(login_names_[l])) return true;
  }
  return false;
}

std::vector<UserIdx> EngineState::busiest_matches(const Channel& ch,
                                                  std::string_view lowercase_prefix) const {
  // Board order is total desc; every user tied with the 10th match is kept too, so the
  // caller's exact ordering picks the same 10 as a full ranking would.
  std::vector<UserIdx> out;
  std::int64_t tenth = 0;
  for (const RankKey& k : ch.boards[kAll]) {
    if (out.size() >= 10 && k.a < tenth) break;
    const UserIdx u = ch.users[k.slot].user;
    if (!has_name_with_prefix(u, lowercase_prefix)) continue;
    out.push_back(u);
    if (out.size() == 10) tenth = k.a;
  }
  return out;
}

std::vector<SearchHit> EngineState::search(const std::string& channel, std::string_view q) const {
  std::vector<SearchHit> out;
  const Channel* ch = channel_ptr(channel);
  if (!ch || q.empty()) return out;
  const std::uint32_t c = channel_by_name_.at(ch->name);
  const std::string prefix = ascii_lower(q);
  // Few names with the prefix: rank those users. Many (a short, common prefix): walk the
  // all-time leaderboard from the top instead, which finds the 10 busiest matches after
  // about 10 x users / matches steps.
  constexpr std::size_t kFewNames = 512;
  std::vector<UserIdx> found;
  bool many = false;
  for (auto it = search_index_.lower_bound({prefix, 0}); it != search_index_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    if (found.size() == kFewNames) {
      many = true;
      break;
    }
    found.push_back(it->second);
  }
  if (many) found = busiest_matches(*ch, prefix);
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  struct Hit {
    std::int64_t total;
    const std::string* login;
    UserIdx u;
  };
  std::vector<Hit> hits;
  for (UserIdx u : found) {
    auto slot = find_slot(c, u);
    if (!slot || ch->users[*slot].cnt[kAll] <= 0 || users_[u].login == kNone) continue;
    hits.push_back(Hit{ch->users[*slot].cnt[kAll], &login_names_[users_[u].login], u});
  }
  const std::size_t keep = std::min<std::size_t>(10, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(keep), hits.end(),
                    [](const Hit& x, const Hit& y) {
                      if (x.total != y.total) return x.total > y.total;
                      if (*x.login != *y.login) return *x.login < *y.login;
                      return x.u < y.u;
                    });
  for (std::size_t i = 0; i < keep; ++i) out.push_back(SearchHit{ref(hits[i].u), hits[i].total});
  return out;
}

}  // namespace pererecos::stats
