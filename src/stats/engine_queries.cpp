// The read side of the engine: one answer per endpoint, from the aggregates only.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>

#include "core/ascii.h"
#include "stats/emote_order.h"
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
