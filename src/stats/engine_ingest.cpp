// The write side of the engine: identity (users, logins, id-less messages), message
// derivation and emote catalogs. The recent texts and moderation records are kept in
// engine_recent.cpp.
#include <algorithm>

#include "core/ascii.h"
#include "core/unicode.h"
#include "stats/engine_state.h"

namespace pererecos::stats {
std::vector<std::string> default_ignored_logins() {
  return {"nightbot", "streamelements", "streamlabs", "moobot",        "fossabot",
          "wizebot",  "soundalerts",    "sery_bot",   "kofistreambot", "streamadsbot"};
}

int period_window(Period p) {
  switch (p) {
    case Period::kDay:
      return kDay;
    case Period::kWeek:
      return kWeek;
    case Period::kMonth:
      return kMonth;
    case Period::kAll:
      return kAll;
  }
  return kAll;
}

Channel::Channel(const std::vector<std::string>* names)
    : boards{RankTree(RankKeyLess{names}), RankTree(RankKeyLess{names}),
             RankTree(RankKeyLess{names}), RankTree(RankKeyLess{names}),
             RankTree(RankKeyLess{names}), RankTree(RankKeyLess{names}),
             RankTree(RankKeyLess{names}), RankTree(RankKeyLess{names})},
      rising(RankKeyLess{names}),
      writers(RankKeyLess{names}),
      catalog(std::make_shared<EmoteCatalog>()) {
  leader.fill(kNone);
}

EngineState::EngineState(EngineConfig config, LocalHourMapper hours, TimestampMs now)
    : config_(std::move(config)),
      hours_(std::move(hours)),
      providers_(parse_provider_filter(config_.emote_providers)),
      window_now_(now) {
  for (const auto& l : config_.ignored_logins) ignored_.insert(ascii_lower(l));
  for (const auto& c : config_.channels) channel_index(ascii_lower(c));
}

bool EngineState::is_ignored(std::string_view lowercase_login) const {
  return ignored_.count(std::string(lowercase_login)) != 0;
}

std::uint32_t EngineState::channel_index(std::string_view name) {
  auto it = channel_by_name_.find(std::string(name));
  if (it != channel_by_name_.end()) return it->second;
  auto idx = static_cast<std::uint32_t>(channels_.size());
  channels_.push_back(std::make_unique<Channel>(&login_names_));
  channels_.back()->name = std::string(name);
  channels_.back()->emote_lookup = EmoteLookup(*channels_.back()->catalog, providers_);
  channel_by_name_.emplace(std::string(name), idx);
  return idx;
}

std::optional<std::uint32_t> EngineState::find_channel(std::string_view name) const {
  auto it = channel_by_name_.find(std::string(name));
  if (it == channel_by_name_.end()) return std::nullopt;
  return it->second;
}

LoginIdx EngineState::intern_login(std::string_view login) {
  const std::uint64_t h = hash_bytes(login);
  const std::uint32_t found = login_by_name_.find_hashed(login, h, login_names_);
  if (found != StringIndex::kAbsent) return found;
  auto idx = static_cast<LoginIdx>(logins_.size());
  logins_.emplace_back();
  logins_.back().ignored = !ignored_.empty() && is_ignored(login);
  quick_resolution_.push_back(kNone);  // no candidate yet
  login_names_.emplace_back(login);
  login_by_name_.insert(h, idx);
  return idx;
}

std::optional<LoginIdx> EngineState::find_login(std::string_view lowercase_login) const {
  const std::uint32_t found = login_by_name_.find(lowercase_login, login_names_);
  if (found == StringIndex::kAbsent) return std::nullopt;
  return found;
}

UserIdx EngineState::new_user_for_id(std::string_view user_id) {
  auto idx = static_cast<UserIdx>(users_.size());
  users_.emplace_back();
  users_.back().user_id = user_id;
  user_by_id_.insert(user_id, idx);
  return idx;
}

std::optional<Slot> EngineState::find_slot(std::uint32_t channel, UserIdx u) const {
  const Channel& ch = *channels_[channel];
  if (u < ch.slot_by_user.size() && ch.slot_by_user[u] != kNone) return ch.slot_by_user[u];
  return std::nullopt;
}

Slot EngineState::slot_of(std::uint32_t channel, UserIdx u) {
  Channel& ch = *channels_[channel];
  if (u < ch.slot_by_user.size() && ch.slot_by_user[u] != kNone) return ch.slot_by_user[u];
  auto slot = static_cast<Slot>(ch.users.size());
  ch.users.emplace_back();
  ch.users.back().user = u;
  for (auto& r : ch.rows) r.emplace_back();
  for (auto& r : ch.qrows) r.emplace_back();
  for (auto& r : ch.active_pos) r.push_back(kNone);
  if (ch.slot_by_user.size() <= u) ch.slot_by_user.resize(users_.size(), kNone);
  ch.slot_by_user[u] = slot;
  users_[u].slots.emplace_back(channel, slot);
  return slot;
}

void EngineState::index_search(UserIdx u, std::string_view key) {
  search_edits_.push_back(SearchEdit{{ascii_lower(key), u}, true});
}

void EngineState::unindex_search(UserIdx u, std::string_view key) {
  search_edits_.push_back(SearchEdit{{ascii_lower(key), u}, false});
}

void EngineState::flush_search() {
  if (search_edits_.empty()) return;
  // After a sequence of inserts and erases of one key, the key is present exactly when the
  // last edit inserted it: sort the log by key (stable, keeping each key's edits in order)
  // and apply each key's last edit.
  std::stable_sort(search_edits_.begin(), search_edits_.end(),
                   [](const SearchEdit& a, const SearchEdit& b) { return a.key < b.key; });
  const bool was_empty = search_index_.empty();
  for (std::size_t i = 0; i < search_edits_.size(); ++i) {
    SearchEdit& edit = search_edits_[i];
    if (i + 1 < search_edits_.size() && search_edits_[i + 1].key == edit.key) continue;
    if (!edit.insert) {
      search_index_.erase(edit.key);
    } else if (was_empty) {
      // Ascending keys into a set that started empty: each goes at the end, O(1).
      search_index_.insert(search_index_.end(), std::move(edit.key));
    } else {
      search_index_.insert(std::move(edit.key));
    }
  }
  search_edits_.clear();
  if (search_edits_.capacity() > 4096) search_edits_.shrink_to_fit();
}

EmoteIdx EngineState::intern_emote(const EmoteUse& use) {
  const std::uint64_t tag = hash_bytes(use.name) ^ mix64(hash_bytes(use.id) + 1);
  const std::uint32_t found = emote_by_key_.find(tag, [&](std::uint32_t i) {
    return equal_keys(emotes_[i].name, use.name) && equal_keys(emotes_[i].id, use.id);
  });
  if (found != ProbeTable::kAbsent) {
    EmoteInfo& info = emotes_[found];
    if (!use.image_url.empty() && info.image_url != use.image_url) {
      info.image_url = std::string(use.image_url);
    }
    return found;
  }
  auto idx = static_cast<EmoteIdx>(emotes_.size());
  emotes_.push_back(EmoteInfo{std::string(use.name), std::string(use.id), std::string(use.provider),
                              std::string(use.image_url)});
  emote_by_key_.insert(tag, idx);
  return idx;
}

void EngineState::derive(std::uint32_t channel, const ChatMessageView& msg, Stamp stamp,
                         bool want_emotes, Facts& f) {
  f.emotes.clear();
  f.replies.clear();
  f.residue.clear();
  f.stamp = stamp;
  f.hour = hours_.hour_of(stamp.ts);
  f.length = static_cast<std::int64_t>(count_code_points(msg.text));
  for_each_answered_login(msg, scratch_login_, [&](std::string_view l) {
    f.replies.push_back(intern_login(l));
  });
  if (f.replies.size() > 1) {
    std::sort(f.replies.begin(), f.replies.end());
    f.replies.erase(std::unique(f.replies.begin(), f.replies.end()), f.replies.end());
  }
  if (want_emotes) {
    std::vector<EmoteUse>& uses = scratch_uses_;
    uses.clear();
    f.residue.reserve(msg.text.size());
    emote_uses(msg, channels_[channel]->emote_lookup, uses, &f.residue);
    f.emotes.reserve(uses.size());
    for (const EmoteUse& use : uses) f.emotes.push_back(intern_emote(use));
  }
}

void EngineState::refresh_identity(UserIdx u) {
  User& user = users_[u];
  Stamp best = user.own_latest;
  LoginIdx login = user.own_login;
  const std::string* display = &user.own_display;
  for (LoginIdx b : user.buckets) {
    const LoginInfo& li = logins_[b];
    if (li.has_bucket && (login == kNone || best < li.bucket_latest)) {
      best = li.bucket_latest;
      login = b;
      display = &li.bucket_display;
    }
  }
  if (login == kNone) return;
  bool login_changed = login != user.login;
  bool display_changed = *display != user.display;
  user.latest = best;
  if (!login_changed && !display_changed) return;
  if (display_changed) {
    if (!user.display.empty()) unindex_search(u, user.display);
    user.display = *display;
    index_search(u, user.display);
    // The login keys stay; a display equal to a login is harmless (set semantics), but
    // removing the old display must not remove a login key: re-add login keys.
    for (LoginIdx l : user.logins_used) index_search(u, login_names_[l]);
    if (user.login_only_of != kNone) index_search(u, login_names_[user.login_only_of]);
  }
  if (login_changed) {
    ++identity_epoch_;
    ++resolution_epoch_;
    user.login = login;
    for (const auto& [c, s] : user.slots) {
      Channel& ch = *channels_[c];
      mark_dirty(ch, s);
      for (int h = 0; h < 24; ++h) {
        Slot lead = ch.leader[h];
        const std::int32_t mine = ch.rows[kAll][s][h];
        if (mine == 0 || lead == kNone) continue;
        if (lead == s || ch.rows[kAll][lead][h] == mine) {
          ch.leader_stale |= 1u << h;
        }
      }
    }
  }
}

void EngineState::note_resolution(LoginIdx l) {
  quick_resolution_[l] = logins_[l].single_candidate();
}

void EngineState::note_login_use(LoginInfo& li, UserIdx u, LoginIdx l, Stamp stamp) {
  auto it = std::find_if(li.users.begin(), li.users.end(),
                         [&](const auto& p) { return p.first == u; });
  if (it == li.users.end()) {
    ++resolution_epoch_;
    li.users.emplace_back(u, stamp);
    users_[u].logins_used.push_back(l);
    index_search(u, login_names_[l]);
  } else if (it->second < stamp) {
    it->second = stamp;
  }
}

void EngineState::move_bucket(LoginIdx login, UserIdx from, UserIdx to) {
  merge_late();  // the queue entries are looked up below
  LoginInfo& li = logins_[login];
  for (std::uint32_t c : li.bucket_channels) {
    Channel& ch = *channels_[c];
    Bucket& bucket = ch.buckets[login];
    Slot from_slot = slot_of(c, from);
    Slot to_slot = slot_of(c, to);
    for (const BucketRecord& r : bucket.records) {
      ChatMessage m;
      m.text = r.text;
      m.emotes = r.emotes;
      m.reply_parent_login = r.reply_login;
      bool in_month = r.stamp.ts > window_now_ - kBoundAge[kB30d];
      Facts f;
      derive(c, m, r.stamp, in_month, f);
      contribute(ch, from_slot, f, -1);
      contribute(ch, to_slot, f, +1);
      auto it = std::lower_bound(ch.queue.begin(), ch.queue.end(), r.stamp,
                                 [](const Entry& e, const Stamp& s) { return e.stamp < s; });
      if (it != ch.queue.end() && it->stamp == r.stamp) it->slot = to_slot;
    }
  }
  auto& fb = users_[from].buckets;
  fb.erase(std::remove(fb.begin(), fb.end(), login), fb.end());
  auto& tb = users_[to].buckets;
  if (std::find(tb.begin(), tb.end(), login) == tb.end()) tb.push_back(login);
  refresh_identity(to);
  refresh_identity(from);
}

void EngineState::apply(const ChatMessageView& msg, std::int64_t seq, UserIdx known_owner) {
  ++applied_;
  // Fast paths: the same channel as last time, an already lowercase login, the user's
  // current login (no hash lookups for the common case).
  if (last_channel_ == kNone || !equal_keys(channels_[last_channel_]->name, msg.channel)) {
    last_channel_ = channel_index(ascii_lower(msg.channel));
  }
  const std::uint32_t c = last_channel_;
  Channel& ch = *channels_[c];
  ++ch.stored;
  // A Shared Chat copy of a partner channel's message counts in no statistic of this
  // room (SPEC §1); the original counts in its own channel.
  if (msg.is_shared_copy()) return;
  const bool lower =
      std::none_of(msg.login.begin(), msg.login.end(), [](char x) { return x >= 'A' && x <= 'Z'; });
  std::string lowered;
  if (!lower) lowered = ascii_lower(msg.login);
  const std::string_view login = lower ? msg.login : std::string_view(lowered);
  if (login.empty()) return;
  const Stamp stamp{msg.timestamp_ms, seq};
  const std::string_view display = msg.display_name.empty() ? login : msg.display_name;
  UserIdx owner = kNone;
  LoginIdx l = kNone;
  if (!msg.user_id.empty()) {
    owner = known_owner != kNone ? known_owner : user_by_id_.find(msg.user_id);
    if (owner != kNone) {
      const LoginIdx own = users_[owner].own_login;
      if (own != kNone && equal_keys(login_names_[own], login)) l = own;
    }
    if (l == kNone) l = intern_login(login);
    if (logins_[l].ignored) return;
    if (owner == kNone) owner = new_user_for_id(msg.user_id);
    LoginInfo& li = logins_[l];
    // The holder's use of the login is recorded in holder_stamp (see LoginInfo::users).
    if (li.holder != owner) note_login_use(li, owner, l, stamp);
    User& user = users_[owner];
    bool own_changed = false;
    if (user.own_login == kNone || user.own_latest < stamp) {
      user.own_latest = stamp;
      own_changed = user.own_login != l;
      user.own_login = l;
      if (user.own_display != display) {
        user.own_display = display;
        own_changed = true;
      }
    }
    if (own_changed || !user.buckets.empty() || user.login == kNone) {
      refresh_identity(owner);  // before a bucket moves in, so the user has a login
    } else {
      user.latest = user.own_latest;  // what refresh_identity finds without buckets
    }
    if (li.holder == kNone || li.holder_stamp < stamp) {
      UserIdx previous = li.bucket_owner();
      UserIdx login_only = li.login_only;
      if (li.holder != owner && li.holder != kNone) {
        // The old holder's last use moves from holder_stamp into its entry.
        for (auto& [u, last] : li.users) {
          if (u == li.holder && last < li.holder_stamp) last = li.holder_stamp;
        }
      }
      if (li.holder != owner) ++resolution_epoch_;
      li.holder = owner;
      li.holder_stamp = stamp;
      li.login_only = kNone;
      if (li.has_bucket && previous != kNone && previous != owner) {
        move_bucket(l, previous, owner);
      }
      if (login_only != kNone) {
        unindex_search(login_only, login);
        unindex_search(login_only, users_[login_only].display);
      }
    }
  } else {
    l = intern_login(login);
    if (logins_[l].ignored) return;
    LoginInfo& li = logins_[l];
    if (li.bucket_owner() == kNone) {
      auto idx = static_cast<UserIdx>(users_.size());
      users_.emplace_back();
      users_.back().login_only_of = l;
      logins_[l].login_only = idx;
      ++resolution_epoch_;
      index_search(idx, login);
    }
    LoginInfo& info = logins_[l];
    owner = info.bucket_owner();
    if (!info.has_bucket) ++resolution_epoch_;
    info.has_bucket = true;
    if (info.bucket_latest < stamp) {
      info.bucket_latest = stamp;
      info.bucket_display = display;
    }
    if (std::find(info.bucket_channels.begin(), info.bucket_channels.end(), c) ==
        info.bucket_channels.end()) {
      info.bucket_channels.push_back(c);
    }
    auto& ob = users_[owner].buckets;
    if (std::find(ob.begin(), ob.end(), l) == ob.end()) ob.push_back(l);
    Bucket& bucket = ch.buckets[l];
    BucketRecord rec{stamp,
                     message_id_hash(msg),
                     std::string(msg.text),
                     std::string(msg.emotes),
                     ascii_lower(msg.reply_parent_login),
                     std::string(display)};
    auto pos = std::upper_bound(bucket.records.begin(), bucket.records.end(), stamp,
                                [](const Stamp& s, const BucketRecord& r) { return s < r.stamp; });
    bucket.records.insert(pos, std::move(rec));
    bucket.first = std::min(bucket.first, stamp.ts);
    bucket.last = std::max(bucket.last, stamp.ts);
    refresh_identity(owner);
  }

  note_resolution(l);
  {
    // A login with several candidate users resolves by last use (lookup_idx), which this
    // message may change: answers that resolved logins are stale.
    const LoginInfo& li = logins_[l];
    const UserIdx bucket_owner = li.has_bucket ? li.bucket_owner() : kNone;
    if (li.users.size() >= 2 ||
        (!li.users.empty() && bucket_owner != kNone && bucket_owner != li.holder)) {
      ++resolution_epoch_;
    }
  }
  const bool in_month = stamp.ts > window_now_ - kBoundAge[kB30d];
  Facts& f = scratch_facts_;
  derive(c, msg, stamp, in_month, f);
  const Slot slot = slot_of(c, owner);
  contribute(ch, slot, f, +1);
  queue_insert(ch, slot, f);
  if (!msg.user_id.empty()) {
    ChannelUser& cu = ch.users[slot];
    cu.own_first = std::min(cu.own_first, stamp.ts);
    cu.own_last = std::max(cu.own_last, stamp.ts);
    ++cu.own_count;
    keep_recent(cu, stamp, msg);
  }
}

void EngineState::set_emote_catalog(const std::string& channel, EmoteCatalog catalog) {
  set_emote_catalog(channel, std::make_shared<const EmoteCatalog>(std::move(catalog)));
}

void EngineState::set_emote_catalog(const std::string& channel,
                                    std::shared_ptr<const EmoteCatalog> catalog) {
  merge_late();
  std::uint32_t c = channel_index(ascii_lower(channel));
  Channel& ch = *channels_[c];
  ch.catalog = std::move(catalog);
  ch.emote_lookup = EmoteLookup(*ch.catalog, providers_);
  // Recompute the third-party uses of every message in the 30-day window.
  std::vector<EmoteUse> uses;
  std::vector<std::uint32_t> ids;
  for (std::size_t i = ch.cursor[kB30d]; i < ch.queue.size(); ++i) {
    Entry& e = ch.queue[i];
    if (!e.has_payload) continue;
    ChannelUser& cu = ch.users[e.slot];
    const std::uint32_t* old_ids = (e.n_emotes + e.n_replies) != 0 ? ch.ids.get(e.ids) : nullptr;
    ids.clear();
    for (std::uint16_t k = 0; k < e.n_emotes; ++k) {
      EmoteIdx em = old_ids[k];
      if (emotes_[em].provider == "twitch") {
        ids.push_back(em);
      } else {
        add_emote(ch, cu, em, -1);
      }
    }
    uses.clear();
    std::string_view residue(e.residue_len ? ch.residues.get(e.residue) : "", e.residue_len);
    third_party_uses(residue, ch.emote_lookup, uses);
    for (const EmoteUse& use : uses) {
      EmoteIdx em = intern_emote(use);
      add_emote(ch, cu, em, +1);
      ids.push_back(em);
    }
    // Keep the emote list sorted like derive() does not matter; replies follow emotes.
    const std::uint32_t* replies = old_ids + e.n_emotes;
    std::vector<std::uint32_t> merged(ids);
    merged.insert(merged.end(), replies, replies + e.n_replies);
    ch.ids.release(e.ids, e.n_emotes + e.n_replies);
    e.ids = ch.ids.append(merged.data(), merged.size());
    e.n_emotes = static_cast<std::uint16_t>(ids.size());
    mark_dirty(ch, e.slot);
  }
}

}  // namespace pererecos::stats
