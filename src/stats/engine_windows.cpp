// Rolling windows and rank indexes: contributions of messages to per-user aggregates, the
// time-ordered queue that retires messages as "now" advances, and the lazy re-indexing of
// the rank trees.
#include <algorithm>
#include <thread>

#include "stats/engine_state.h"

namespace pererecos::stats {
namespace {

// Which windows a message at `ts` belongs to when "now" is `now`.
std::array<bool, kWinCount> membership(TimestampMs ts, TimestampMs now) {
  std::array<bool, kBoundCount> past{};
  for (int k = 0; k < kBoundCount; ++k) past[k] = ts <= now - kBoundAge[k];
  std::array<bool, kWinCount> in{};
  in[kDay] = !past[kB1d];
  in[kWeek] = !past[kB7d];
  in[kMonth] = !past[kB30d];
  in[kAll] = true;
  in[kDayS] = past[kB7d] && !past[kB8d];
  in[kWeekS] = past[kB7d] && !past[kB14d];
  in[kMonthS] = past[kB7d] && !past[kB37d];
  in[kAllS] = past[kB7d];
  return in;
}

}  // namespace

void EngineState::mark_dirty(Channel& ch, Slot slot) {
  ChannelUser& cu = ch.users[slot];
  if (!cu.dirty) {
    cu.dirty = true;
    ch.dirty.push_back(slot);
  }
}

namespace {

bool any_nonzero(const std::array<std::int32_t, 24>& row) {
  std::int32_t acc = 0;
  for (std::int32_t v : row) acc |= v;
  return acc != 0;
}

}  // namespace

void EngineState::add_hourly(Channel& ch, Slot slot, int period, int hour, int delta) {
  std::array<std::int32_t, 24>& row = ch.rows[period][slot];
  std::int32_t& v = row[hour];
  const std::int32_t before = v;
  v += delta;
  ch.hourly[period][hour] += delta;
  if (period == kDay) {
    if (before == 0 && v > 0) ++ch.uniq_day[hour];
    if (before > 0 && v == 0) --ch.uniq_day[hour];
  }
  // The row enters or leaves the active list only when one of its hours becomes non-zero
  // (the row was all zero unless another hour is non-zero) or zero (likewise after).
  bool activated = false, deactivated = false;
  if (before == 0 && v != 0) {
    v = 0;
    activated = !any_nonzero(row);
    v = before + delta;
  } else if (before != 0 && v == 0) {
    deactivated = !any_nonzero(row);
  }
  if (!activated && !deactivated) return;
  std::vector<Slot>& active = ch.active[period];
  std::vector<std::uint32_t>& pos = ch.active_pos[period];
  if (activated) {
    pos[slot] = static_cast<std::uint32_t>(active.size());
    active.push_back(slot);
  } else {
    const std::uint32_t i = pos[slot];
    active[i] = active.back();
    pos[active[i]] = i;
    active.pop_back();
    pos[slot] = kNone;
  }
}

void EngineState::add_emote(Channel& ch, ChannelUser& cu, EmoteIdx e, int delta) {
  if (ch.emotes30.size() <= e) ch.emotes30.resize(emotes_.size(), 0);
  ch.emotes30[e] += delta;
  ch.emotes30_total += delta;
  auto it = std::lower_bound(cu.emotes30.begin(), cu.emotes30.end(), e,
                             [](const auto& p, EmoteIdx x) { return p.first < x; });
  if (it != cu.emotes30.end() && it->first == e) {
    it->second += delta;
    if (it->second == 0) cu.emotes30.erase(it);
  } else {
    cu.emotes30.insert(it, {e, delta});
  }
}

void EngineState::add_reply(ChannelUser& cu, LoginIdx l, unsigned periods, int delta) {
  ++cu.replies_version;
  auto it = std::lower_bound(cu.replies.begin(), cu.replies.end(), l,
                             [](const ReplyCount& r, LoginIdx x) { return r.login < x; });
  if (it == cu.replies.end() || it->login != l) {
    it = cu.replies.insert(it, ReplyCount{l, {0, 0, 0, 0}});
  }
  for (int p = 0; p < kPeriods; ++p) {
    if (periods & (1u << p)) it->n[p] += delta;
  }
  if (it->n[kAll] == 0 && it->n[kDay] == 0 && it->n[kWeek] == 0 && it->n[kMonth] == 0) {
    cu.replies.erase(it);
  }
}

bool EngineState::leader_less(const Channel& ch, int hour, Slot a, Slot b) const {
  const std::int32_t ca = ch.rows[kAll][a][hour];
  const std::int32_t cb = ch.rows[kAll][b][hour];
  if (ca != cb) return ca > cb;
  const LoginIdx la = users_[ch.users[a].user].login;
  const LoginIdx lb = users_[ch.users[b].user].login;
  if (la != lb && la != kNone && lb != kNone) {
    int cmp = login_names_[la].compare(login_names_[lb]);
    if (cmp != 0) return cmp < 0;
  }
  return a < b;
}

void EngineState::contribute(Channel& ch, Slot slot, const Facts& f, int sign) {
  const auto in = membership(f.stamp.ts, window_now_);
  ChannelUser& cu = ch.users[slot];
  for (int w = 0; w < kWinCount; ++w) {
    if (!in[w]) continue;
    cu.cnt[w] += sign;
    ch.total[w] += sign;
  }
  unsigned periods = 0;  // bit p: the message is in period p
  for (int p = 0; p < kPeriods; ++p) {
    if (!in[p]) continue;
    add_hourly(ch, slot, p, f.hour, sign);
    periods |= 1u << p;
  }
  for (LoginIdx r : f.replies) add_reply(ch.users[slot], r, periods, sign);
  ChannelUser& u = ch.users[slot];
  u.len_sum += sign * f.length;
  if (in[kMonth]) {
    for (EmoteIdx e : f.emotes) add_emote(ch, u, e, sign);
    auto begin = u.ts30.begin() + static_cast<std::ptrdiff_t>(u.ts30_head);
    if (sign > 0) {
      u.ts30.insert(std::upper_bound(begin, u.ts30.end(), f.stamp.ts), f.stamp.ts);
    } else {
      auto it = std::lower_bound(begin, u.ts30.end(), f.stamp.ts);
      if (it != u.ts30.end() && *it == f.stamp.ts) u.ts30.erase(it);
    }
  }
  mark_dirty(ch, slot);
  // All-time hour leader of f.hour.
  const int h = f.hour;
  const std::uint32_t bit = 1u << h;
  if (ch.leader_stale & bit) return;
  Slot lead = ch.leader[h];
  if (sign > 0) {
    if (lead == kNone || (lead != slot && leader_less(ch, h, slot, lead))) ch.leader[h] = slot;
  } else if (lead == slot) {
    ch.leader_stale |= bit;
  }
}

void EngineState::queue_insert(Channel& ch, Slot slot, const Facts& f) {
  std::array<bool, kBoundCount> past{};
  for (int k = 0; k < kBoundCount; ++k) past[k] = f.stamp.ts <= window_now_ - kBoundAge[k];
  if (past[kB37d]) return;  // only in the permanent windows (all, all shifted)
  Entry e;
  e.stamp = f.stamp;
  e.slot = slot;
  e.hour = static_cast<std::uint8_t>(f.hour);
  if (!past[kB30d]) {
    e.has_payload = true;
    e.n_emotes = static_cast<std::uint16_t>(f.emotes.size());
    e.n_replies = static_cast<std::uint16_t>(f.replies.size());
    if (e.n_emotes + e.n_replies > 0) {
      std::vector<std::uint32_t>& ids = scratch_ids_;
      ids.assign(f.emotes.begin(), f.emotes.end());
      ids.insert(ids.end(), f.replies.begin(), f.replies.end());
      e.ids = ch.ids.append(ids.data(), ids.size());
    }
    e.residue_len = static_cast<std::uint32_t>(f.residue.size());
    e.residue = ch.residues.append(f.residue.data(), f.residue.size());
  }
  // In order (the norm): append. Late (back-fill, a concurrent import): set aside and
  // merged into the queue in one pass once the batch is applied (merge_late).
  if (ch.late.empty() && (ch.queue.empty() || !(f.stamp < ch.queue.back().stamp))) {
    ch.queue.push_back(e);
    for (int k = 0; k < kBoundCount; ++k) {
      if (past[k]) ++ch.cursor[k];
    }
  } else {
    ch.late.push_back(e);
    has_late_ = true;
  }
}

void EngineState::merge_late() {
  if (!has_late_) return;
  has_late_ = false;
  for (auto& chp : channels_) {
    Channel& ch = *chp;
    if (ch.late.empty()) continue;
    std::vector<Entry>& late = ch.late;
    std::sort(late.begin(), late.end(),
              [](const Entry& a, const Entry& b) { return a.stamp < b.stamp; });
    // window_now_ has not moved since these were set aside (advance merges first): the
    // boundaries each one is past are the ones it was past on arrival.
    for (const Entry& e : late) {
      for (int k = 0; k < kBoundCount; ++k) {
        if (e.stamp.ts <= window_now_ - kBoundAge[k]) ++ch.cursor[k];
      }
    }
    // Merge from the back: only the entries newer than the oldest late one move, once.
    std::size_t i = ch.queue.size();
    std::size_t j = late.size();
    ch.queue.resize(i + j);
    std::size_t w = ch.queue.size();
    while (j > 0) {
      if (i > 0 && late[j - 1].stamp < ch.queue[i - 1].stamp) {
        ch.queue[--w] = ch.queue[--i];
      } else {
        ch.queue[--w] = late[--j];
      }
    }
    late.clear();
  }
}

void EngineState::release_payload(Channel& ch, Entry& e) {
  if (!e.has_payload) return;
  ch.ids.release(e.ids, e.n_emotes + e.n_replies);
  ch.residues.release(e.residue, e.residue_len);
  e.has_payload = false;
}

void EngineState::cross(Channel& ch, Entry& e, int bound) {
  ChannelUser& cu = ch.users[e.slot];
  const std::uint32_t* ids =
      (e.has_payload && e.n_emotes + e.n_replies > 0) ? ch.ids.get(e.ids) : nullptr;
  auto leave_period = [&](int p) {
    --cu.cnt[p];
    --ch.total[p];
    add_hourly(ch, e.slot, p, e.hour, -1);
    for (std::uint16_t k = 0; k < e.n_replies && ids; ++k) {
      add_reply(ch.users[e.slot], ids[e.n_emotes + k], 1u << p, -1);
    }
  };
  auto shift = [&](int w, int delta) {
    cu.cnt[w] += delta;
    ch.total[w] += delta;
  };
  switch (bound) {
    case kB1d:
      leave_period(kDay);
      break;
    case kB7d:
      leave_period(kWeek);
      shift(kDayS, 1);
      shift(kWeekS, 1);
      shift(kMonthS, 1);
      shift(kAllS, 1);
      break;
    case kB8d:
      shift(kDayS, -1);
      break;
    case kB14d:
      shift(kWeekS, -1);
      break;
    case kB30d: {
      leave_period(kMonth);
      ChannelUser& u = ch.users[e.slot];
      for (std::uint16_t k = 0; k < e.n_emotes && ids; ++k) add_emote(ch, u, ids[k], -1);
      // The oldest 30-day timestamp of this user is this message's.
      if (u.ts30_head < u.ts30.size()) ++u.ts30_head;
      if (u.ts30_head > 64 && u.ts30_head * 2 > u.ts30.size()) {
        u.ts30.erase(u.ts30.begin(), u.ts30.begin() + static_cast<std::ptrdiff_t>(u.ts30_head));
        u.ts30_head = 0;
      }
      release_payload(ch, e);
      break;
    }
    case kB37d:
      shift(kMonthS, -1);
      break;
    default:
      break;
  }
  mark_dirty(ch, e.slot);
}

void EngineState::advance(TimestampMs now) {
  merge_late();
  if (now <= window_now_) return;
  window_now_ = now;
  for (auto& chp : channels_) {
    Channel& ch = *chp;
    for (int k = 0; k < kBoundCount; ++k) {
      const TimestampMs limit = now - kBoundAge[k];
      while (ch.cursor[k] < ch.queue.size() && ch.queue[ch.cursor[k]].stamp.ts <= limit) {
        cross(ch, ch.queue[ch.cursor[k]], k);
        ++ch.cursor[k];
      }
    }
    while (ch.cursor[kB37d] > 0) {
      release_payload(ch, ch.queue.front());
      ch.queue.pop_front();
      for (auto& c : ch.cursor) --c;
    }
  }
}

bool EngineState::needs_upkeep(TimestampMs now) const {
  if (!search_edits_.empty()) return true;
  for (const auto& chp : channels_) {
    const Channel& ch = *chp;
    if (!ch.dirty.empty() || ch.leader_stale != 0) return true;
    if (now > window_now_) {
      for (int k = 0; k < kBoundCount; ++k) {
        if (ch.cursor[k] < ch.queue.size() &&
            ch.queue[ch.cursor[k]].stamp.ts <= now - kBoundAge[k]) {
          return true;
        }
      }
    }
  }
  return false;
}

std::optional<TimestampMs> EngineState::next_upkeep_ms() const {
  std::optional<TimestampMs> next;
  for (const auto& chp : channels_) {
    const Channel& ch = *chp;
    for (int k = 0; k < kBoundCount; ++k) {
      if (ch.cursor[k] >= ch.queue.size()) continue;
      const TimestampMs at = ch.queue[ch.cursor[k]].stamp.ts + kBoundAge[k];
      if (!next || at < *next) next = at;
    }
  }
  return next;
}

void EngineState::upkeep(TimestampMs now) {
  advance(now);
  flush_search();
  for (auto& chp : channels_) {
    Channel& ch = *chp;
    flush_indexes(ch);
    for (int h = 0; h < 24; ++h) {
      if (ch.leader_stale & (1u << h)) recompute_leader(ch, h);
    }
    ch.leader_stale = 0;
  }
}

namespace {

struct KeyInputs {
  std::int64_t week = 0, week_s = 0, all = 0, len_sum = 0;
  std::uint64_t prefix = 0;
  LoginIdx login = kNone;
};

RankKey board_key_of(std::int64_t count, const KeyInputs& in, Slot slot) {
  return RankKey{count, 1, 0, in.prefix, in.login, slot};
}

RankKey rising_key_of(const KeyInputs& in, Slot slot) {
  if (in.week_s > 0) {
    return RankKey{100 * (in.week - in.week_s), in.week_s, in.week, in.prefix, in.login, slot};
  }
  return RankKey{10 * in.week, 1, in.week, in.prefix, in.login, slot};
}

RankKey writer_key_of(const KeyInputs& in, Slot slot) {
  return RankKey{in.len_sum, in.all, in.all, in.prefix, in.login, slot};
}

KeyInputs indexed_inputs(const ChannelUser& cu) {
  return KeyInputs{cu.indexed_cnt[kWeek], cu.indexed_cnt[kWeekS], cu.indexed_cnt[kAll],
                   cu.indexed_len,        cu.indexed_prefix,      cu.indexed_login};
}

}  // namespace

RankKey EngineState::board_key(const ChannelUser& cu, Slot slot, int w) const {
  return board_key_of(cu.indexed_cnt[w], indexed_inputs(cu), slot);
}

RankKey EngineState::rising_key(const ChannelUser& cu, Slot slot) const {
  return rising_key_of(indexed_inputs(cu), slot);
}

RankKey EngineState::writer_key(const ChannelUser& cu, Slot slot) const {
  return writer_key_of(indexed_inputs(cu), slot);
}

namespace {

// The removals and insertions one flush makes in one rank tree.
struct TreeEdits {
  std::vector<RankKey> erase, insert;
  bool empty() const { return erase.empty() && insert.empty(); }
};

// Removals first (a user's old and new keys may share a position), then insertions in
// ascending order: consecutive keys descend the same path, so a bulk insertion (the
// rebuild's first flush: every user in every tree) mostly touches nodes in cache.
void apply_edits(RankTree& tree, TreeEdits& edits) {
  for (const RankKey& k : edits.erase) tree.erase(k);
  std::sort(edits.insert.begin(), edits.insert.end(), tree.get_cmp_fn());
  for (const RankKey& k : edits.insert) tree.insert(k);
}

// Flushes with fewer edits than this run on the calling thread alone.
constexpr std::size_t kParallelEdits = 1 << 13;

}  // namespace

void EngineState::flush_indexes(Channel& ch) {
  // The trees: ch.boards[0..kWinCount), then rising, then writers.
  constexpr int kTrees = kWinCount + 2;
  constexpr int kRising = kWinCount, kWriters = kWinCount + 1;
  std::array<TreeEdits, kTrees> edits;
  std::size_t total_edits = 0;
  auto edit = [&](int tree, bool erase, const RankKey& key) {
    (erase ? edits[tree].erase : edits[tree].insert).push_back(key);
    ++total_edits;
  };
  for (Slot slot : ch.dirty) {
    ChannelUser& cu = ch.users[slot];
    cu.dirty = false;
    for (int p = 0; p < kPeriods; ++p) {
      ch.qrows[p][slot] = quantize_row(ch.rows[p][slot]);
      ch.change_log[p].push_back(slot);
    }
    const LoginIdx login = users_[cu.user].login;
    const bool relogin = login != cu.indexed_login;
    const KeyInputs old = indexed_inputs(cu);
    KeyInputs now = old;
    now.week = cu.cnt[kWeek];
    now.week_s = cu.cnt[kWeekS];
    now.all = cu.cnt[kAll];
    now.len_sum = cu.len_sum;
    if (relogin) {
      now.login = login;
      now.prefix = login == kNone ? 0 : login_prefix(login_names_[login]);
    }
    for (int w = 0; w < kWinCount; ++w) {
      if (!relogin && cu.indexed_cnt[w] == cu.cnt[w]) continue;
      if (cu.indexed_cnt[w] > 0) edit(w, true, board_key_of(cu.indexed_cnt[w], old, slot));
      if (cu.cnt[w] > 0) edit(w, false, board_key_of(cu.cnt[w], now, slot));
    }
    if (relogin || old.week != now.week || old.week_s != now.week_s) {
      if (old.week >= 1) edit(kRising, true, rising_key_of(old, slot));
      if (now.week >= 1) edit(kRising, false, rising_key_of(now, slot));
    }
    if (relogin || old.all != now.all || old.len_sum != now.len_sum) {
      if (old.all >= 10) edit(kWriters, true, writer_key_of(old, slot));
      if (now.all >= 10) edit(kWriters, false, writer_key_of(now, slot));
    }
    cu.indexed_cnt = cu.cnt;
    cu.indexed_len = cu.len_sum;
    cu.indexed_login = now.login;
    cu.indexed_prefix = now.prefix;
  }
  ch.dirty.clear();
  auto tree = [&](int t) -> RankTree& {
    return t < kWinCount ? ch.boards[t] : (t == kRising ? ch.rising : ch.writers);
  };
  // The trees are independent and only read the (unchanging) login names: a large flush
  // gives every other tree to a second thread.
  if (total_edits >= kParallelEdits) {
    std::thread helper([&] {
      for (int t = 1; t < kTrees; t += 2) apply_edits(tree(t), edits[t]);
    });
    for (int t = 0; t < kTrees; t += 2) apply_edits(tree(t), edits[t]);
    helper.join();
  } else {
    for (int t = 0; t < kTrees; ++t) {
      if (!edits[t].empty()) apply_edits(tree(t), edits[t]);
    }
  }
  constexpr std::size_t kMaxChangeLog = 1 << 16;
  for (int p = 0; p < kPeriods; ++p) {
    if (ch.change_log[p].size() > kMaxChangeLog) {
      ch.change_base[p] += ch.change_log[p].size();
      ch.change_log[p].clear();
    }
  }
}

void EngineState::recompute_leader(Channel& ch, int hour) {
  Slot best = kNone;
  for (Slot s = 0; s < ch.users.size(); ++s) {
    if (ch.rows[kAll][s][hour] <= 0) continue;
    if (best == kNone || leader_less(ch, hour, s, best)) best = s;
  }
  ch.leader[hour] = best;
}

}  // namespace pererecos::stats
