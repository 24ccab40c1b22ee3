// recent_messages (SPEC §3): the user's 10 newest non-moderated messages in a channel, from
// the texts kept in memory and, when moderation hides too many of those, from the store;
// and the write side of both: the kept texts and the moderation records.
#include <algorithm>

#include "core/ascii.h"
#include "stats/engine_state.h"

namespace pererecos::stats {
namespace {

constexpr std::size_t kServed = 10;
constexpr std::size_t kPointsPerRound = 16;  // distinct timestamps read per round
constexpr std::size_t kPointLimit = 256;     // rows of one millisecond per read
constexpr std::size_t kRangeLimit = 32;      // rows per read of a time range

}  // namespace

bool ModerationView::hides(TimestampMs ts, std::uint64_t id_hash) const {
  if (ts <= ban) return true;
  if (id_hash != 0 && deleted != nullptr && deleted->count(id_hash)) return true;
  // A timeout at T moderates (T - 10 min, T]: is there a T in [ts, ts + 10 min)?
  auto t = std::lower_bound(timeouts.begin(), timeouts.end(), ts);
  return t != timeouts.end() && *t < ts + 10 * kMinute;
}

bool RecentPlan::done() const {
  if (failed || unseen_own <= 0) return true;
  std::size_t known = 0;  // survivors at or after the cursor: nothing unknown is newer
  for (const auto& s : survivors) known += cursor < s.first || cursor == s.first;
  return known >= kServed;
}

std::vector<RecentMessage> RecentPlan::answer() const {
  std::vector<const std::pair<Stamp, std::string>*> order;
  for (const auto& s : survivors) order.push_back(&s);
  std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return b->first < a->first; });
  std::vector<RecentMessage> out;
  for (std::size_t i = 0; i < order.size() && i < kServed; ++i) {
    out.push_back(RecentMessage{order[i]->second, order[i]->first.ts});
  }
  return out;
}

ModerationView EngineState::moderation_view(const Channel& ch, UserIdx u) const {
  const User& user = users_[u];
  // Moderation targets meaning this user: its id, and every login attributed to it.
  std::vector<std::string> keys;
  if (!user.user_id.empty()) keys.push_back("u:" + user.user_id);
  for (LoginIdx l : user.logins_used) {
    if (logins_[l].bucket_owner() == u) keys.push_back("l:" + login_names_[l]);
  }
  for (LoginIdx l : user.buckets) keys.push_back("l:" + login_names_[l]);
  if (user.login_only_of != kNone) keys.push_back("l:" + login_names_[user.login_only_of]);
  ModerationView view;
  const Moderation& mod = ch.moderation;
  view.deleted = &mod.deleted;
  for (const std::string& k : keys) {
    if (auto it = mod.bans.find(k); it != mod.bans.end()) view.ban = std::max(view.ban, it->second);
    if (auto it = mod.timeouts.find(k); it != mod.timeouts.end()) {
      view.timeouts.insert(view.timeouts.end(), it->second.begin(), it->second.end());
    }
  }
  std::sort(view.timeouts.begin(), view.timeouts.end());
  return view;
}

std::vector<RecentMessage> EngineState::recent_messages(const Channel& ch, UserIdx u,
                                                        RecentPlan* plan) const {
  const User& user = users_[u];
  struct Item {
    Stamp stamp;
    std::uint64_t id_hash;
    const std::string* text;
  };
  std::vector<Item> items;
  const ChannelUser* cu = nullptr;
  if (auto slot = find_slot(static_cast<std::uint32_t>(channel_by_name_.at(ch.name)), u)) {
    cu = &ch.users[*slot];
    for (const RecentText& r : cu->recent) items.push_back({r.stamp, r.id_hash, &r.text});
  }
  for (LoginIdx b : user.buckets) {
    auto it = ch.buckets.find(b);
    if (it == ch.buckets.end()) continue;
    for (const BucketRecord& r : it->second.records) items.push_back({r.stamp, r.id_hash, &r.text});
  }
  std::sort(items.begin(), items.end(),
            [](const Item& a, const Item& b) { return b.stamp < a.stamp; });
  const ModerationView mod = moderation_view(ch, u);
  // Own messages older than the kept texts exist when the ring is full and the user sent
  // more: then the kept survivors are the newest ones only down to the ring's oldest text
  // (older id-less records may be passed by own messages that are only in the store).
  const bool older_own = config_.history && cu && !cu->recent.empty() &&
                         cu->own_count > cu->recent.size();
  const Stamp ring_oldest = older_own ? cu->recent[cu->recent_head].stamp : Stamp{};
  std::vector<const Item*> kept;
  std::size_t sure = 0;  // kept items known to be among the newest
  for (const Item& item : items) {
    if (sure >= kServed) break;
    if (mod.hides(item.stamp.ts, item.id_hash)) continue;
    kept.push_back(&item);
    sure += !older_own || !(item.stamp < ring_oldest);
  }
  std::vector<RecentMessage> out;
  for (std::size_t i = 0; i < kept.size() && i < kServed; ++i) {
    out.push_back(RecentMessage{*kept[i]->text, kept[i]->stamp.ts});
  }
  // Fewer than 10 sure ones: the rest are in the store.
  if (plan && older_own && sure < kServed) {
    plan->needed = true;
    plan->channel = ch.name;
    plan->user_id = user.user_id;
    plan->user = u;
    plan->cursor = ring_oldest;
    plan->unseen_own = static_cast<std::int64_t>(cu->own_count - cu->recent.size());
    for (const Item* item : kept) plan->survivors.emplace_back(item->stamp, *item->text);
  }
  return out;
}

std::vector<HistoryQuery> EngineState::next_history_queries(const RecentPlan& plan) const {
  std::vector<HistoryQuery> out;
  if (plan.done()) return out;
  const Channel* ch = channel_ptr(plan.channel);
  if (!ch) return out;
  auto slot = find_slot(channel_by_name_.at(ch->name), plan.user);
  if (!slot) return out;
  const ChannelUser& cu = ch->users[*slot];
  const Stamp cursor = plan.cursor;
  // Within the 30-day window the user's timestamps are known (ts30): read those
  // milliseconds only. (They include id-less messages, which the store filters out.)
  auto begin = cu.ts30.begin() + static_cast<std::ptrdiff_t>(cu.ts30_head);
  auto it = std::upper_bound(begin, cu.ts30.end(), cursor.ts);
  while (it != begin && out.size() < kPointsPerRound) {
    const TimestampMs t = *--it;
    if (!out.empty() && out.back().before_ts == t) continue;
    const std::int64_t before_seq = t == cursor.ts ? cursor.seq : INT64_MAX;
    if (before_seq == INT64_MIN) continue;  // that millisecond is done
    out.push_back(HistoryQuery{t, before_seq, t, kPointLimit});
  }
  if (!out.empty()) return out;
  // Older than the window: one range, newest first, down to the first own message.
  const TimestampMs month_lo = window_now_ - kBoundAge[kB30d];  // ts30 holds ts > month_lo
  HistoryQuery q{cursor.ts, cursor.seq, cu.own_first, kRangeLimit};
  if (cursor.ts > month_lo) {
    q.before_ts = month_lo;
    q.before_seq = INT64_MAX;
  }
  if (q.from_ts <= q.before_ts) out.push_back(q);
  return out;
}

void EngineState::take_history(RecentPlan& plan, const HistoryQuery& q,
                               const std::vector<HistoryMessage>& rows) const {
  const Channel* ch = channel_ptr(plan.channel);
  if (!ch) {
    plan.failed = true;
    return;
  }
  const ModerationView mod = moderation_view(*ch, plan.user);
  for (const HistoryMessage& row : rows) {
    const Stamp stamp{row.timestamp_ms, row.seq};
    if (!(stamp < plan.cursor)) continue;  // not older: already known
    plan.cursor = stamp;
    if (is_ignored(ascii_lower(row.login))) continue;  // never counted (SPEC §1)
    --plan.unseen_own;
    if (!mod.hides(stamp.ts, message_id_hash(row.id))) plan.survivors.emplace_back(stamp, row.text);
  }
  if (rows.size() < q.limit) {
    if (q.from_ts == q.before_ts) {
      plan.cursor = Stamp{q.from_ts, INT64_MIN};  // this millisecond is done
    } else {
      plan.unseen_own = 0;  // nothing older is stored
    }
  }
}

void EngineState::keep_recent(ChannelUser& cu, Stamp stamp, const ChatMessageView& msg) {
  std::vector<RecentText>& recent = cu.recent;
  const std::size_t cap = std::clamp<std::size_t>(config_.recent_texts_per_user, 10, 255);
  const std::size_t n = recent.size();
  // Common case: newer than every kept text. A full list is a ring whose oldest entry is
  // recent[recent_head]: overwrite it (reusing its string buffer), touching one entry.
  const Stamp& newest = recent.empty() ? Stamp{} : recent[(cu.recent_head + n - 1) % n].stamp;
  if (recent.empty() || newest < stamp) {
    if (n < cap) {
      recent.push_back(RecentText{stamp, message_id_hash(msg), std::string(msg.text)});  // head 0
    } else {
      RecentText& oldest = recent[cu.recent_head];
      oldest.stamp = stamp;
      oldest.id_hash = message_id_hash(msg);
      oldest.text.assign(msg.text);
      cu.recent_head = static_cast<std::uint8_t>((cu.recent_head + 1) % n);
    }
    return;
  }
  // Out of order: straighten the ring into ascending order, then insert in place.
  std::rotate(recent.begin(), recent.begin() + cu.recent_head, recent.end());
  cu.recent_head = 0;
  auto pos = std::upper_bound(recent.begin(), recent.end(), stamp,
                              [](const Stamp& s, const RecentText& r) { return s < r.stamp; });
  if (n < cap) {
    recent.insert(pos, RecentText{stamp, message_id_hash(msg), std::string(msg.text)});
  } else if (pos != recent.begin()) {
    // Full: recycle the oldest entry for the new text.
    std::rotate(recent.begin(), recent.begin() + 1, pos);
    RecentText& entry = *(pos - 1);
    entry.stamp = stamp;
    entry.id_hash = message_id_hash(msg);
    entry.text.assign(msg.text);
  }
}

void EngineState::apply(const ModerationEvent& ev) {
  std::uint32_t c = channel_index(ascii_lower(ev.channel));
  Moderation& mod = channels_[c]->moderation;
  switch (ev.kind) {
    case ModerationEvent::Kind::kClearChat:
      return;
    case ModerationEvent::Kind::kDeleteMessage:
      if (!ev.target_msg_id.empty()) mod.deleted.insert(message_id_hash(ev.target_msg_id));
      return;
    case ModerationEvent::Kind::kBan:
    case ModerationEvent::Kind::kTimeout:
      break;
  }
  std::string key;
  if (!ev.target_user_id.empty()) {
    key = "u:" + ev.target_user_id;
  } else if (!ev.target_login.empty()) {
    key = "l:" + ascii_lower(ev.target_login);
  } else {
    return;
  }
  if (ev.kind == ModerationEvent::Kind::kBan) {
    auto [it, inserted] = mod.bans.emplace(key, ev.timestamp_ms);
    if (!inserted) it->second = std::max(it->second, ev.timestamp_ms);
  } else {
    auto& list = mod.timeouts[key];
    list.insert(std::upper_bound(list.begin(), list.end(), ev.timestamp_ms), ev.timestamp_ms);
  }
}

}  // namespace pererecos::stats
