// EmoteSetService: keeps every configured channel's third-party emote sets (7TV, BTTV,
// FFZ, channel and global) fresh, persisted and published as stats::EmoteCatalog
// snapshots (SPEC §1 "emote use", §4).
//
// Life cycle (wired in src/app/):
//   EmoteSetService service(config, curl_getter, snapshot_store, clock, listener);
//   service.start();          // persisted copies first, then one fetch of everything
//   ... every hour: service.refresh();
//   ... when a channel's room id becomes known: service.set_channel(...);
//       service.refresh_channel(name);
//   ... a 7TV EventAPI emote_set.update: service.apply_seventv_change(set_id, change);
//
// Failure policy: a set is replaced only by a fetched response that parses. A transport
// error, a non-200/404 status or a body that does not parse keeps the last good copy
// (in memory, else the persisted one). A 404 is the provider's answer "no such
// user/set": the set becomes empty (and that is persisted too).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "emotes/emote_providers.h"
#include "emotes/http_getter.h"
#include "emotes/seventv_events.h"
#include "emotes/snapshot_store.h"
#include "stats/emote_catalog.h"

namespace pererecos::emotes {

struct ChannelEmoteConfig {
  std::string channel;    // login; compared lowercase
  std::string twitch_id;  // the channel's Twitch user (room) id; empty until known
  // SEVENTV_EMOTE_SET_ID: the 7TV set to use. Empty: the set linked to twitch_id
  // (`GET {7tv}/users/twitch/{twitch_id}`).
  std::string seventv_emote_set_id;
};

struct EmoteServiceConfig {
  ProviderUrls urls;
  EmoteProviders providers;  // which providers are fetched and put in catalogs
  std::vector<ChannelEmoteConfig> channels;
};

// Where the copy of a set that is in use came from.
enum class SetOrigin { kNone, kPersisted, kFetched };

// One provider resource (a set, or a 7TV user lookup), for health pages and logs.
struct SetStatus {
  std::string provider;
  std::string key;
  SetOrigin origin = SetOrigin::kNone;
  std::size_t emote_count = 0;
  TimestampMs fetched_ms = 0;  // when the copy in use was fetched (0 if none)
  std::string last_error;      // the most recent failure; empty after a success
};

// Called after a channel's catalog changed content (not when a refresh brought the same
// sets). Runs on the thread that called start/refresh/set_channel/load_persisted, after
// the new catalog is visible through catalog(). Must not call back into those four.
using CatalogListener =
    std::function<void(const std::string& channel, std::shared_ptr<const stats::EmoteCatalog>)>;

class EmoteSetService {
 public:
  // `http`, `snapshots` and `clock` must outlive the service.
  EmoteSetService(EmoteServiceConfig config, HttpGetter& http, SnapshotStore& snapshots,
                  const Clock& clock, CatalogListener listener);

  // load_persisted(), then refresh().
  void start();

  // Publishes the persisted copies of every set not yet held in memory (no network).
  void load_persisted();

  // Fetches every set of every channel plus the global sets (each distinct URL once),
  // keeps the good ones, persists them, and publishes changed catalogs. Blocks for the
  // duration of the requests (bounded by the HttpGetter's timeouts). Serialised with the
  // other mutating calls.
  void refresh();

  // Fetches the sets of one channel (its 7TV user lookup and sets, BTTV, FFZ), and the
  // global sets only if none was fetched yet; publishes changes. For a channel just
  // added with set_channel(), without refetching everything. Unknown channel: no-op.
  void refresh_channel(std::string_view channel);

  // Fetches every set of one provider (e.g. kSevenTv after an EventAPI reconnect, whose
  // missed changes are not replayed); the others keep their copies.
  void refresh_provider(std::string_view provider);

  // Applies a live 7TV change to the set `set_id` held in memory, persists the patched
  // copy and publishes the catalogs that changed. Returns false (and does nothing) when
  // no channel uses that set or no copy of it is held.
  bool apply_seventv_change(const std::string& set_id, const SevenTvSetChange& change);

  // What the 7TV EventAPI should watch: the channels' 7TV set ids (not the global set)
  // and their 7TV user ids (from the user lookups). Thread-safe.
  struct SevenTvWatch {
    std::set<std::string> set_ids;
    std::set<std::string> user_ids;
  };
  SevenTvWatch seventv_watch() const;

  // The channels whose 7TV user is `user_id` (a user.update names the user, not the
  // channel). Thread-safe.
  std::vector<std::string> channels_of_seventv_user(const std::string& user_id) const;

  // Adds a channel or replaces its configuration (e.g. once its room id is known), and
  // publishes what persisted copies give for it. No network; call refresh() to fetch.
  void set_channel(ChannelEmoteConfig channel);

  // The channel's current catalog (an empty one for an unknown channel). Never null.
  // Thread-safe; the returned snapshot is immutable.
  std::shared_ptr<const stats::EmoteCatalog> catalog(std::string_view channel) const;

  // Every resource in use, sorted by (provider, key). Thread-safe.
  std::vector<SetStatus> statuses() const;

 private:
  enum class Kind { kSevenTvUser, kSevenTvSet, kBttvChannel, kBttvGlobal, kFfzRoom, kFfzGlobal };
  enum class Mode { kPersisted, kFetch };
  // Which sources a kFetch walk fetches (the others are only loaded from snapshots).
  struct Scope {
    std::string provider;  // empty: every provider
    std::string channel;   // empty: every channel; else that one's sets (+ unfetched globals)
    bool everything() const { return provider.empty() && channel.empty(); }
  };
  using Key = std::pair<std::string, std::string>;  // (provider, key)

  struct Source {
    std::string provider;
    std::string key;
    std::string url;
    Kind kind;
  };
  struct Decoded {
    std::shared_ptr<const stats::EmoteSet> set;  // null: no set (404, or a user lookup)
    std::string linked_set_id;                   // 7TV user lookups
    std::string seventv_user_id;                 // 7TV user lookups
    std::string persist_body;                    // what to keep in the snapshot store
  };
  struct SourceState {
    bool persisted_checked = false;
    bool has_copy = false;
    Decoded copy;
    SetOrigin origin = SetOrigin::kNone;
    TimestampMs fetched_ms = 0;
    std::string last_error;
  };

  Result<Decoded> decode(const Source& source, std::string_view body) const;
  void load_from_snapshots(const Source& source, SourceState& state);
  void fetch(const Source& source, SourceState& state);
  SourceState& visit(const Source& source, bool fetch, std::set<Key>& visited);
  void walk(Mode mode, const Scope& scope = {});
  std::vector<Source> global_sources() const;
  std::vector<Source> channel_set_sources(const ChannelEmoteConfig& channel) const;
  std::shared_ptr<const stats::EmoteCatalog> build_catalog(const ChannelEmoteConfig& channel) const;
  void publish();

  EmoteServiceConfig config_;
  HttpGetter& http_;
  SnapshotStore& snapshots_;
  const Clock& clock_;
  CatalogListener listener_;

  std::mutex walk_mutex_;               // serialises start/refresh/load_persisted/set_channel
  std::map<Key, SourceState> sources_;  // guarded by walk_mutex_

  mutable std::mutex published_mutex_;
  std::map<std::string, std::shared_ptr<const stats::EmoteCatalog>> catalogs_;  // by channel
  std::vector<SetStatus> statuses_;
  SevenTvWatch seventv_watch_;
  std::map<std::string, std::vector<std::string>> channels_by_seventv_user_;
  const std::shared_ptr<const stats::EmoteCatalog> empty_catalog_;
};

}  // namespace pererecos::emotes
