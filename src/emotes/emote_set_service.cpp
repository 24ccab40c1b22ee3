#include "emotes/emote_set_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "emotes/bttv_parser.h"
#include "emotes/catalog_compare.h"
#include "emotes/ffz_parser.h"
#include "emotes/seventv_parser.h"
#include "emotes/seventv_set_patch.h"

namespace pererecos::emotes {
namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string without_trailing_slash(std::string url) {
  while (url.ends_with('/')) url.pop_back();
  return url;
}

// Lowercases the login and drops ids that cannot safely go into a URL path.
ChannelEmoteConfig sanitized(ChannelEmoteConfig c) {
  c.channel = lowercase(c.channel);
  if (!c.twitch_id.empty() && !is_safe_path_id(c.twitch_id)) {
    spdlog::error("emotes: channel {}: ignoring invalid Twitch id '{}'", c.channel, c.twitch_id);
    c.twitch_id.clear();
  }
  if (!c.seventv_emote_set_id.empty() && !is_safe_path_id(c.seventv_emote_set_id)) {
    spdlog::error("emotes: channel {}: ignoring invalid 7TV emote set id '{}'", c.channel,
                  c.seventv_emote_set_id);
    c.seventv_emote_set_id.clear();
  }
  return c;
}

Result<std::shared_ptr<const stats::EmoteSet>> to_set(std::string_view provider,
                                                      Result<ParsedEmoteSet> parsed,
                                                      const std::string& fallback_id) {
  if (!parsed) return parsed.status();
  if (parsed->set_id.empty()) parsed->set_id = fallback_id;
  return to_emote_set(provider, *parsed);
}

}  // namespace

EmoteSetService::EmoteSetService(EmoteServiceConfig config, HttpGetter& http,
                                 SnapshotStore& snapshots, const Clock& clock,
                                 CatalogListener listener)
    : config_(std::move(config)),
      http_(http),
      snapshots_(snapshots),
      clock_(clock),
      listener_(std::move(listener)),
      empty_catalog_(std::make_shared<const stats::EmoteCatalog>()) {
  config_.urls.seventv = without_trailing_slash(config_.urls.seventv);
  config_.urls.bttv = without_trailing_slash(config_.urls.bttv);
  config_.urls.ffz = without_trailing_slash(config_.urls.ffz);
  for (ChannelEmoteConfig& c : config_.channels) c = sanitized(std::move(c));
}

void EmoteSetService::start() {
  std::lock_guard lock(walk_mutex_);
  walk(Mode::kPersisted);
  walk(Mode::kFetch);
}

void EmoteSetService::load_persisted() {
  std::lock_guard lock(walk_mutex_);
  walk(Mode::kPersisted);
}

void EmoteSetService::refresh() {
  std::lock_guard lock(walk_mutex_);
  walk(Mode::kFetch);
}

void EmoteSetService::refresh_channel(std::string_view channel) {
  std::lock_guard lock(walk_mutex_);
  Scope scope;
  scope.channel = lowercase(channel);
  walk(Mode::kFetch, scope);
}

void EmoteSetService::refresh_provider(std::string_view provider) {
  std::lock_guard lock(walk_mutex_);
  Scope scope;
  scope.provider = std::string(provider);
  walk(Mode::kFetch, scope);
}

bool EmoteSetService::apply_seventv_change(const std::string& set_id,
                                           const SevenTvSetChange& change) {
  std::lock_guard lock(walk_mutex_);
  if (set_id == "global") return false;  // the key of the global set, never a real set id
  auto it = sources_.find({std::string(kSevenTv), set_id});
  if (it == sources_.end() || !it->second.has_copy || !it->second.copy.set) return false;
  SourceState& state = it->second;
  state.copy.set = patched_seventv_set(*state.copy.set, change);
  state.copy.persist_body = seventv_set_body(*state.copy.set);
  state.fetched_ms = clock_.now_ms();
  Status saved = snapshots_.put(
      SetSnapshot{std::string(kSevenTv), set_id, state.copy.persist_body, state.fetched_ms});
  if (!saved) spdlog::warn("emotes: saving 7tv {}: {}", set_id, saved.message());
  spdlog::info("emotes: 7tv set {} changed live: +{} -{} ~{}", set_id, change.pushed.size(),
               change.pulled.size(), change.updated.size());
  publish();
  return true;
}

EmoteSetService::SevenTvWatch EmoteSetService::seventv_watch() const {
  std::lock_guard lock(published_mutex_);
  return seventv_watch_;
}

std::vector<std::string> EmoteSetService::channels_of_seventv_user(
    const std::string& user_id) const {
  std::lock_guard lock(published_mutex_);
  auto it = channels_by_seventv_user_.find(user_id);
  return it == channels_by_seventv_user_.end() ? std::vector<std::string>() : it->second;
}

void EmoteSetService::set_channel(ChannelEmoteConfig channel) {
  std::lock_guard lock(walk_mutex_);
  channel = sanitized(std::move(channel));
  auto it = std::find_if(config_.channels.begin(), config_.channels.end(),
                         [&](const ChannelEmoteConfig& c) { return c.channel == channel.channel; });
  if (it == config_.channels.end()) {
    config_.channels.push_back(std::move(channel));
  } else {
    *it = std::move(channel);
  }
  walk(Mode::kPersisted);
}

std::shared_ptr<const stats::EmoteCatalog> EmoteSetService::catalog(
    std::string_view channel) const {
  std::lock_guard lock(published_mutex_);
  auto it = catalogs_.find(lowercase(channel));
  return it == catalogs_.end() ? empty_catalog_ : it->second;
}

std::vector<SetStatus> EmoteSetService::statuses() const {
  std::lock_guard lock(published_mutex_);
  return statuses_;
}

Result<EmoteSetService::Decoded> EmoteSetService::decode(const Source& source,
                                                         std::string_view body) const {
  Decoded d;
  if (body.empty()) return d;  // a remembered 404: no such user/set
  Result<std::shared_ptr<const stats::EmoteSet>> set = std::shared_ptr<const stats::EmoteSet>();
  switch (source.kind) {
    case Kind::kSevenTvUser: {
      Result<SevenTvUserLink> link = parse_seventv_user_link(body);
      if (!link) return link.status();
      const std::string& id = link->emote_set_id;
      if (!id.empty() && !is_safe_path_id(id)) {
        return Result<Decoded>::failure("7TV user: invalid emote set id '" + id + "'");
      }
      d.linked_set_id = id;
      if (is_safe_path_id(link->user_id)) d.seventv_user_id = link->user_id;
      // Only the links matter; keep a minimal document rather than the whole user.
      d.persist_body = id.empty() ? R"({"emote_set_id":null)" : R"({"emote_set_id":")" + id + '"';
      if (!d.seventv_user_id.empty()) d.persist_body += R"(,"user":{"id":")" + d.seventv_user_id + R"("})";
      d.persist_body += '}';
      return d;
    }
    case Kind::kSevenTvSet: {
      Result<ParsedEmoteSet> parsed = parse_seventv_emote_set(body);
      if (parsed && source.key == "global") parsed->set_id = "global";
      set = to_set(kSevenTv, std::move(parsed), source.key);
      break;
    }
    case Kind::kBttvChannel:
      set = to_set(kBttv, parse_bttv_channel(body), source.key);
      break;
    case Kind::kBttvGlobal:
      set = to_set(kBttv, parse_bttv_global(body), "global");
      break;
    case Kind::kFfzRoom:
      set = to_set(kFfz, parse_ffz_room(body), source.key);
      break;
    case Kind::kFfzGlobal:
      set = to_set(kFfz, parse_ffz_global(body), "global");
      break;
  }
  if (!set) return set.status();
  d.set = std::move(*set);
  d.persist_body = std::string(body);
  return d;
}

void EmoteSetService::load_from_snapshots(const Source& source, SourceState& state) {
  if (state.persisted_checked || state.has_copy) return;
  state.persisted_checked = true;
  Result<std::optional<SetSnapshot>> got = snapshots_.get(source.provider, source.key);
  if (!got) {
    spdlog::warn("emotes: reading the saved {} {}: {}", source.provider, source.key, got.error());
    return;
  }
  if (!got->has_value()) return;
  const SetSnapshot& snapshot = **got;
  Result<Decoded> decoded = decode(source, snapshot.body);
  if (!decoded) {
    spdlog::warn("emotes: the saved {} {} is unreadable: {}", source.provider, source.key,
                 decoded.error());
    return;
  }
  state.has_copy = true;
  state.copy = std::move(*decoded);
  state.origin = SetOrigin::kPersisted;
  state.fetched_ms = snapshot.fetched_ms;
}

void EmoteSetService::fetch(const Source& source, SourceState& state) {
  std::string error;
  Decoded decoded;
  Result<HttpResponse> response = http_.get(source.url);
  if (!response) {
    error = response.error();
  } else if (response->status == 404) {
    // The provider's answer "no such user/set": an empty set, remembered as such.
  } else if (response->status != 200) {
    error = "GET " + source.url + ": HTTP " + std::to_string(response->status);
  } else {
    Result<Decoded> d = decode(source, response->body);
    if (d) {
      decoded = std::move(*d);
    } else {
      error = "GET " + source.url + ": " + d.error();
    }
  }
  if (!error.empty()) {
    state.last_error = error;
    load_from_snapshots(source, state);
    const char* kept = state.origin == SetOrigin::kFetched     ? "keeping the last fetched copy"
                       : state.origin == SetOrigin::kPersisted ? "using the saved copy"
                                                               : "no copy to fall back on";
    spdlog::warn("emotes: {} {}: {}; {}", source.provider, source.key, error, kept);
    return;
  }
  TimestampMs now = clock_.now_ms();
  state.persisted_checked = true;
  state.has_copy = true;
  state.copy = std::move(decoded);
  state.origin = SetOrigin::kFetched;
  state.fetched_ms = now;
  state.last_error.clear();
  Status saved =
      snapshots_.put(SetSnapshot{source.provider, source.key, state.copy.persist_body, now});
  if (!saved) {
    spdlog::warn("emotes: saving {} {}: {}", source.provider, source.key, saved.message());
  }
}

EmoteSetService::SourceState& EmoteSetService::visit(const Source& source, bool fetch_it,
                                                     std::set<Key>& visited) {
  Key key{source.provider, source.key};
  SourceState& state = sources_[key];
  if (visited.insert(key).second) {
    if (fetch_it) {
      fetch(source, state);
    } else {
      load_from_snapshots(source, state);
    }
  }
  return state;
}

std::vector<EmoteSetService::Source> EmoteSetService::global_sources() const {
  const ProviderUrls& u = config_.urls;
  std::vector<Source> out;
  if (config_.providers.seventv) {
    out.push_back(
        {std::string(kSevenTv), "global", u.seventv + "/emote-sets/global", Kind::kSevenTvSet});
  }
  if (config_.providers.bttv) {
    out.push_back(
        {std::string(kBttv), "global", u.bttv + "/cached/emotes/global", Kind::kBttvGlobal});
  }
  if (config_.providers.ffz) {
    out.push_back({std::string(kFfz), "global", u.ffz + "/set/global", Kind::kFfzGlobal});
  }
  return out;
}

std::vector<EmoteSetService::Source> EmoteSetService::channel_set_sources(
    const ChannelEmoteConfig& channel) const {
  const ProviderUrls& u = config_.urls;
  const std::string& tid = channel.twitch_id;
  std::vector<Source> out;
  if (config_.providers.seventv) {
    std::string set_id = channel.seventv_emote_set_id;
    if (set_id.empty() && !tid.empty()) {
      auto it = sources_.find({std::string(kSevenTv), "twitch:" + tid});
      if (it != sources_.end() && it->second.has_copy) set_id = it->second.copy.linked_set_id;
    }
    if (!set_id.empty()) {
      out.push_back(
          {std::string(kSevenTv), set_id, u.seventv + "/emote-sets/" + set_id, Kind::kSevenTvSet});
    }
  }
  if (config_.providers.bttv && !tid.empty()) {
    out.push_back({std::string(kBttv), "twitch:" + tid, u.bttv + "/cached/users/twitch/" + tid,
                   Kind::kBttvChannel});
  }
  if (config_.providers.ffz && !tid.empty()) {
    out.push_back({std::string(kFfz), "twitch:" + tid, u.ffz + "/room/id/" + tid, Kind::kFfzRoom});
  }
  return out;
}

void EmoteSetService::walk(Mode mode, const Scope& scope) {
  std::set<Key> visited;
  auto wanted = [&](const Source& source) {
    return mode == Mode::kFetch && (scope.provider.empty() || scope.provider == source.provider);
  };
  for (const Source& source : global_sources()) {
    bool fetch_it = wanted(source);
    if (fetch_it && !scope.channel.empty()) {
      auto it = sources_.find({source.provider, source.key});
      fetch_it = it == sources_.end() || it->second.origin != SetOrigin::kFetched;
    }
    visit(source, fetch_it, visited);
  }
  for (const ChannelEmoteConfig& channel : config_.channels) {
    const bool in_scope = scope.channel.empty() || scope.channel == channel.channel;
    if (config_.providers.seventv && channel.seventv_emote_set_id.empty() &&
        !channel.twitch_id.empty()) {
      Source user{std::string(kSevenTv), "twitch:" + channel.twitch_id,
                  config_.urls.seventv + "/users/twitch/" + channel.twitch_id, Kind::kSevenTvUser};
      visit(user, in_scope && wanted(user), visited);
    }
    for (const Source& source : channel_set_sources(channel)) {
      visit(source, in_scope && wanted(source), visited);
    }
  }
  if (mode == Mode::kFetch && scope.everything()) {
    // Drop what no channel uses any more (e.g. a 7TV set the channel switched away from).
    std::erase_if(sources_, [&](const auto& entry) { return !visited.contains(entry.first); });
  }
  publish();
}

std::shared_ptr<const stats::EmoteCatalog> EmoteSetService::build_catalog(
    const ChannelEmoteConfig& channel) const {
  auto catalog = std::make_shared<stats::EmoteCatalog>();
  auto add = [&](const std::vector<Source>& sources,
                 std::vector<std::shared_ptr<const stats::EmoteSet>>& out) {
    for (const Source& source : sources) {
      auto it = sources_.find({source.provider, source.key});
      if (it == sources_.end() || !it->second.has_copy) continue;
      const auto& set = it->second.copy.set;
      if (set && !set->by_name.empty()) out.push_back(set);
    }
  };
  add(channel_set_sources(channel), catalog->channel_sets);
  add(global_sources(), catalog->global_sets);
  return catalog;
}

void EmoteSetService::publish() {
  std::vector<std::pair<std::string, std::shared_ptr<const stats::EmoteCatalog>>> built;
  for (const ChannelEmoteConfig& channel : config_.channels) {
    built.emplace_back(channel.channel, build_catalog(channel));
  }
  SevenTvWatch watch;
  std::map<std::string, std::vector<std::string>> by_user;
  for (const ChannelEmoteConfig& channel : config_.channels) {
    if (!config_.providers.seventv) break;
    for (const Source& source : channel_set_sources(channel)) {
      if (source.kind == Kind::kSevenTvSet) watch.set_ids.insert(source.key);
    }
    auto user = sources_.find({std::string(kSevenTv), "twitch:" + channel.twitch_id});
    if (!channel.twitch_id.empty() && user != sources_.end() && user->second.has_copy &&
        !user->second.copy.seventv_user_id.empty()) {
      watch.user_ids.insert(user->second.copy.seventv_user_id);
      by_user[user->second.copy.seventv_user_id].push_back(channel.channel);
    }
  }
  std::vector<SetStatus> statuses;
  for (const auto& [key, state] : sources_) {
    SetStatus s;
    s.provider = key.first;
    s.key = key.second;
    s.origin = state.has_copy ? state.origin : SetOrigin::kNone;
    s.emote_count = state.copy.set ? state.copy.set->by_name.size() : 0;
    s.fetched_ms = state.has_copy ? state.fetched_ms : 0;
    s.last_error = state.last_error;
    statuses.push_back(std::move(s));
  }

  std::vector<std::pair<std::string, std::shared_ptr<const stats::EmoteCatalog>>> changed;
  {
    std::lock_guard lock(published_mutex_);
    for (auto& [channel, catalog] : built) {
      auto it = catalogs_.find(channel);
      const stats::EmoteCatalog& old = it == catalogs_.end() ? *empty_catalog_ : *it->second;
      if (it != catalogs_.end() && same_emote_catalog(old, *catalog)) continue;
      if (!same_emote_catalog(old, *catalog)) changed.emplace_back(channel, catalog);
      catalogs_[channel] = catalog;
    }
    statuses_ = std::move(statuses);
    seventv_watch_ = std::move(watch);
    channels_by_seventv_user_ = std::move(by_user);
  }
  for (const auto& [channel, catalog] : changed) {
    spdlog::info("emotes: {}: {} channel set(s), {} global set(s)", channel,
                 catalog->channel_sets.size(), catalog->global_sets.size());
    if (listener_) listener_(channel, catalog);
  }
}

}  // namespace pererecos::emotes
