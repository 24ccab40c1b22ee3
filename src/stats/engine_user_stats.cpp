// The read side of the engine for user_stats: the user's own figures, the rival scan and the
// top reply targets.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>

#include "stats/emote_order.h"
#include "stats/engine_state.h"
#include "stats/exact_math.h"

namespace pererecos::stats {
namespace {

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

}  // namespace pererecos::stats
