// EmoteSetService end to end: the real libcurl fetcher against a local HTTP stand-in for
// 7TV, BTTV and FFZ, with an in-memory snapshot store and a frozen clock.
#include "emotes/emote_set_service.h"

#include <gtest/gtest.h>

#include "emotes/curl_http_getter.h"
#include "emotes/fake_http_server.h"
#include "emotes/seventv_parser.h"
#include "emotes/test_files.h"

namespace pererecos::emotes {
namespace {

using testing::FakeHttpServer;
using testing::sample;

constexpr char kSetId[] = "63b02874ad025a672cb4969f";
constexpr char kTwitchId[] = "62300805";
constexpr TimestampMs kT0 = 1'704'067'200'000;  // 2024-01-01T00:00:00Z

std::string set_path(const std::string& id) { return "/v3/emote-sets/" + id; }

// The served documents and the listener's log.
class EmoteSetServiceTest : public ::testing::Test {
 protected:
  EmoteSetServiceTest() {
    CurlOptions o;
    o.connect_timeout = std::chrono::milliseconds(2000);
    o.total_timeout = std::chrono::milliseconds(5000);
    http_ = std::make_unique<CurlHttpGetter>(o);
    fixture_ = testing::seventv_fixture();
    serve_everything();
  }

  void serve(const std::string& path, std::string body, int status = 200) {
    server_.set_route(path, {status, std::move(body), {}, false});
  }
  void serve_everything() {
    serve(set_path(kSetId), fixture_);
    serve(set_path("global"), sample("seventv-global.json"));
    serve(std::string("/v3/users/twitch/") + kTwitchId, sample("seventv-user.json"));
    serve(std::string("/bttv/3/cached/users/twitch/") + kTwitchId, sample("bttv-channel.json"));
    serve("/bttv/3/cached/emotes/global", sample("bttv-global.json"));
    serve(std::string("/ffz/v1/room/id/") + kTwitchId, sample("ffz-room.json"));
    serve("/ffz/v1/set/global", sample("ffz-global.json"));
  }

  ProviderUrls urls() const {
    ProviderUrls u;
    u.seventv = server_.base_url() + "/v3/";  // a trailing slash must not matter
    u.bttv = server_.base_url() + "/bttv/3";
    u.ffz = server_.base_url() + "/ffz/v1";
    return u;
  }

  EmoteServiceConfig config(std::string providers, std::vector<ChannelEmoteConfig> channels) {
    EmoteServiceConfig c;
    c.urls = urls();
    c.providers = *parse_emote_providers(providers);
    c.channels = std::move(channels);
    return c;
  }

  std::unique_ptr<EmoteSetService> make(EmoteServiceConfig c) {
    return std::make_unique<EmoteSetService>(
        std::move(c), *http_, store_, clock_,
        [this](const std::string& channel, std::shared_ptr<const stats::EmoteCatalog> catalog) {
          notified_.emplace_back(channel, std::move(catalog));
        });
  }

  // 7TV only, with the set id configured (SEVENTV_EMOTE_SET_ID).
  std::unique_ptr<EmoteSetService> make_7tv_by_set_id() {
    return make(config("7tv", {{"NymN", "", kSetId}}));
  }

  static std::vector<std::string> describe(const stats::EmoteCatalog& c) {
    std::vector<std::string> out;
    for (const auto& s : c.channel_sets) out.push_back("channel " + s->provider + " " + s->set_id);
    for (const auto& s : c.global_sets) out.push_back("global " + s->provider + " " + s->set_id);
    return out;
  }

  static const stats::ThirdPartyEmote* lookup(const stats::EmoteCatalog& c,
                                              const std::string& name) {
    for (const auto* sets : {&c.channel_sets, &c.global_sets}) {
      for (const auto& s : *sets) {
        auto it = s->by_name.find(name);
        if (it != s->by_name.end()) return &it->second;
      }
    }
    return nullptr;
  }

  FakeHttpServer server_;
  std::unique_ptr<CurlHttpGetter> http_;
  InMemorySnapshotStore store_;
  FixedClock clock_{kT0};
  std::string fixture_;
  std::vector<std::pair<std::string, std::shared_ptr<const stats::EmoteCatalog>>> notified_;
};

TEST_F(EmoteSetServiceTest, FirstFetchBuildsTheCatalogAndPersistsTheBodies) {
  auto service = make_7tv_by_set_id();
  EXPECT_TRUE(service->catalog("nymn")->channel_sets.empty());  // nothing before start
  service->start();

  auto catalog = service->catalog("NYMN");  // channel names are case-insensitive
  EXPECT_EQ(describe(*catalog),
            (std::vector<std::string>{std::string("channel 7tv ") + kSetId, "global 7tv global"}));
  EXPECT_EQ(catalog->channel_sets[0]->by_name.size(), 836u);
  EXPECT_EQ(catalog->global_sets[0]->by_name.size(), 3u);
  ASSERT_NE(lookup(*catalog, ":)))"), nullptr);
  EXPECT_EQ(lookup(*catalog, ":)))")->id, "63e3fb7a1d40a5212f9aeb11");

  ASSERT_EQ(notified_.size(), 1u);
  EXPECT_EQ(notified_[0].first, "nymn");
  EXPECT_EQ(notified_[0].second, catalog);

  auto saved = store_.get("7tv", kSetId);
  ASSERT_TRUE(saved.is_ok() && saved->has_value());
  EXPECT_EQ((*saved)->body, fixture_);
  EXPECT_EQ((*saved)->fetched_ms, kT0);
  EXPECT_EQ(store_.size(), 2u);
  EXPECT_EQ(server_.hits(set_path(kSetId)), 1);
}

TEST_F(EmoteSetServiceTest, AllProvidersByTwitchIdInPrecedenceOrder) {
  auto service = make(config("twitch,7tv,bttv,ffz", {{"nymn", kTwitchId, ""}}));
  service->start();
  auto catalog = service->catalog("nymn");
  EXPECT_EQ(
      describe(*catalog),
      (std::vector<std::string>{std::string("channel 7tv ") + kSetId,
                                "channel bttv 5a6a5c4bd1c0a3d0a7c8e915", "channel ffz 5937",
                                "global 7tv global", "global bttv global", "global ffz global"}));
  EXPECT_EQ(server_.hits(std::string("/v3/users/twitch/") + kTwitchId), 1);
  // OMEGALUL and peepoHey are also in the channel's 7TV set, which comes first.
  EXPECT_EQ(lookup(*catalog, "OMEGALUL")->id, "6042089e77137b000de9e669");
  EXPECT_EQ(lookup(*catalog, "peepoHey")->id, "60aeec1712d7701491f89cf5");
  EXPECT_EQ(catalog->channel_sets[2]->by_name.at("OMEGALUL").id, "128054");
  EXPECT_EQ(lookup(*catalog, "monkaW")->id, "720507");
  EXPECT_EQ(lookup(*catalog, "CatBag")->id, "25927");
  EXPECT_EQ(lookup(*catalog, "SupporterOnly"), nullptr);  // not a default FFZ set
  // "D:" is a BTTV channel (shared) emote and a BTTV global one: the channel set is first.
  EXPECT_EQ(lookup(*catalog, "D:")->id, "59f27b3f4ebd8047f54dee29");

  std::vector<SetStatus> statuses = service->statuses();
  ASSERT_EQ(statuses.size(), 7u);  // 3 channel sets, 3 globals, the 7TV user lookup
  for (const SetStatus& s : statuses) {
    SCOPED_TRACE(s.provider + " " + s.key);
    EXPECT_EQ(s.origin, SetOrigin::kFetched);
    EXPECT_EQ(s.fetched_ms, kT0);
    EXPECT_EQ(s.last_error, "");
  }
}

TEST_F(EmoteSetServiceTest, OnlyConfiguredProvidersAreFetchedAndUsed) {
  auto service = make(config("twitch,bttv", {{"nymn", kTwitchId, kSetId}}));
  service->start();
  EXPECT_EQ(
      describe(*service->catalog("nymn")),
      (std::vector<std::string>{"channel bttv 5a6a5c4bd1c0a3d0a7c8e915", "global bttv global"}));
  for (const auto& request : server_.requests()) {
    EXPECT_EQ(request.path.rfind("/bttv/", 0), 0u) << request.path;
  }
}

TEST_F(EmoteSetServiceTest, ServerErrorKeepsTheLastGoodCopy) {
  auto service = make_7tv_by_set_id();
  service->start();
  auto before = service->catalog("nymn");
  serve(set_path(kSetId), "upstream exploded", 500);
  clock_.set(kT0 + 3'600'000);
  service->refresh();

  EXPECT_EQ(server_.hits(set_path(kSetId)), 2);
  auto after = service->catalog("nymn");
  EXPECT_EQ(after, before);  // same snapshot, nothing republished
  EXPECT_EQ(notified_.size(), 1u);
  for (const SetStatus& s : service->statuses()) {
    if (s.key != kSetId) continue;
    EXPECT_EQ(s.origin, SetOrigin::kFetched);
    EXPECT_EQ(s.fetched_ms, kT0);
    EXPECT_NE(s.last_error.find("HTTP 500"), std::string::npos) << s.last_error;
  }
  EXPECT_EQ((*store_.get("7tv", kSetId))->body, fixture_);  // not overwritten
}

TEST_F(EmoteSetServiceTest, GarbageBodyKeepsTheLastGoodCopy) {
  auto service = make_7tv_by_set_id();
  service->start();
  auto before = service->catalog("nymn");
  serve(set_path(kSetId), fixture_.substr(0, fixture_.size() / 2));  // 200, truncated
  service->refresh();
  EXPECT_EQ(service->catalog("nymn"), before);
  serve(set_path(kSetId), "<html>Bad gateway</html>");
  service->refresh();
  EXPECT_EQ(service->catalog("nymn"), before);
  EXPECT_EQ(notified_.size(), 1u);
  EXPECT_EQ((*store_.get("7tv", kSetId))->body, fixture_);
}

TEST_F(EmoteSetServiceTest, ChangedSetNotifiesUnchangedDoesNot) {
  auto service = make_7tv_by_set_id();
  service->start();
  ASSERT_EQ(notified_.size(), 1u);

  service->refresh();  // identical bodies
  EXPECT_EQ(notified_.size(), 1u);

  // The channel renames its alias "PagMan" (first entry) to "PagManRenamed".
  std::string changed = fixture_;
  std::string needle = "\"name\": \"PagMan\", \"flags\"";
  ASSERT_EQ(changed.find(needle), changed.find("\"name\": \"PagMan\""));
  changed.replace(changed.find(needle), needle.size(), "\"name\": \"PagManRenamed\", \"flags\"");
  serve(set_path(kSetId), changed);
  clock_.set(kT0 + 3'600'000);
  service->refresh();

  ASSERT_EQ(notified_.size(), 2u);
  EXPECT_EQ(notified_[1].first, "nymn");
  const stats::EmoteCatalog& now = *notified_[1].second;
  EXPECT_EQ(lookup(now, "PagMan"), nullptr);
  ASSERT_NE(lookup(now, "PagManRenamed"), nullptr);
  EXPECT_EQ(lookup(now, "PagManRenamed")->id, "60ae9a57ac03cad60771b2d8");
  EXPECT_EQ(service->catalog("nymn"), notified_[1].second);
  EXPECT_EQ((*store_.get("7tv", kSetId))->body, changed);
  EXPECT_EQ((*store_.get("7tv", kSetId))->fetched_ms, kT0 + 3'600'000);

  service->refresh();  // the changed set again: no news
  EXPECT_EQ(notified_.size(), 2u);
}

TEST_F(EmoteSetServiceTest, RestartWithProviderDownServesPersistedSnapshots) {
  {
    auto first_run = make(config("7tv,bttv,ffz", {{"nymn", kTwitchId, ""}}));
    first_run->start();
  }
  auto expected = testing::seventv_fixture();
  server_.stop();  // every request is now refused
  notified_.clear();

  auto service = make(config("7tv,bttv,ffz", {{"nymn", kTwitchId, ""}}));
  service->start();
  auto catalog = service->catalog("nymn");
  // The 7TV user lookup was persisted too, so the linked set is found without the API.
  EXPECT_EQ(
      describe(*catalog),
      (std::vector<std::string>{std::string("channel 7tv ") + kSetId,
                                "channel bttv 5a6a5c4bd1c0a3d0a7c8e915", "channel ffz 5937",
                                "global 7tv global", "global bttv global", "global ffz global"}));
  EXPECT_EQ(catalog->channel_sets[0]->by_name.size(), 836u);
  ASSERT_EQ(notified_.size(), 1u);  // once, from the persisted copies
  for (const SetStatus& s : service->statuses()) {
    SCOPED_TRACE(s.provider + " " + s.key);
    EXPECT_EQ(s.origin, SetOrigin::kPersisted);
    EXPECT_EQ(s.fetched_ms, kT0);
    EXPECT_FALSE(s.last_error.empty());
  }
}

TEST_F(EmoteSetServiceTest, PersistedCopyIsUsedWhenTheFirstFetchIsGarbage) {
  ASSERT_TRUE(store_.put({"7tv", kSetId, fixture_, kT0 - 86'400'000}).is_ok());
  serve(set_path(kSetId), "{\"id\":");
  auto service = make_7tv_by_set_id();
  service->refresh();  // without load_persisted(): the fallback still reads the store
  auto catalog = service->catalog("nymn");
  ASSERT_EQ(catalog->channel_sets.size(), 1u);
  EXPECT_EQ(catalog->channel_sets[0]->by_name.size(), 836u);
  EXPECT_EQ((*store_.get("7tv", kSetId))->fetched_ms, kT0 - 86'400'000);
}

TEST_F(EmoteSetServiceTest, UnreadablePersistedSnapshotIsIgnored) {
  ASSERT_TRUE(store_.put({"7tv", kSetId, "corrupt", kT0}).is_ok());
  server_.stop();
  auto service = make_7tv_by_set_id();
  service->start();
  EXPECT_TRUE(service->catalog("nymn")->channel_sets.empty());
  EXPECT_TRUE(notified_.empty());
}

TEST_F(EmoteSetServiceTest, NotFoundMeansNoSetAndIsRemembered) {
  server_.remove_route(std::string("/bttv/3/cached/users/twitch/") + kTwitchId);  // -> 404
  auto service = make(config("bttv", {{"nymn", kTwitchId, ""}}));
  service->start();
  EXPECT_EQ(describe(*service->catalog("nymn")), (std::vector<std::string>{"global bttv global"}));
  auto saved = store_.get("bttv", std::string("twitch:") + kTwitchId);
  ASSERT_TRUE(saved.is_ok() && saved->has_value());
  EXPECT_EQ((*saved)->body, "");

  // The channel then creates a BTTV account.
  serve(std::string("/bttv/3/cached/users/twitch/") + kTwitchId, sample("bttv-channel.json"));
  service->refresh();
  EXPECT_EQ(service->catalog("nymn")->channel_sets.size(), 1u);
  EXPECT_EQ(notified_.size(), 2u);
}

TEST_F(EmoteSetServiceTest, SharedSetsAreFetchedOncePerRefresh) {
  auto service = make(config("7tv", {{"nymn", "", kSetId}, {"nymn2", "", kSetId}}));
  service->start();
  EXPECT_EQ(server_.hits(set_path(kSetId)), 1);
  EXPECT_EQ(server_.hits(set_path("global")), 1);
  EXPECT_EQ(service->catalog("nymn2")->channel_sets.at(0),
            service->catalog("nymn")->channel_sets.at(0));
  EXPECT_EQ(notified_.size(), 2u);
  service->refresh();
  EXPECT_EQ(server_.hits(set_path(kSetId)), 2);
}

TEST_F(EmoteSetServiceTest, ChannelLearnsItsRoomIdLater) {
  auto service = make(config("7tv,bttv", {{"nymn", "", ""}}));
  service->start();
  EXPECT_EQ(describe(*service->catalog("nymn")),
            (std::vector<std::string>{"global 7tv global", "global bttv global"}));
  service->set_channel({"nymn", kTwitchId, ""});
  service->refresh();
  EXPECT_EQ(describe(*service->catalog("nymn")),
            (std::vector<std::string>{std::string("channel 7tv ") + kSetId,
                                      "channel bttv 5a6a5c4bd1c0a3d0a7c8e915", "global 7tv global",
                                      "global bttv global"}));
  EXPECT_EQ(notified_.size(), 2u);
}

TEST_F(EmoteSetServiceTest, ChannelSwitchingItsSevenTvSetDropsTheOldOne) {
  auto service = make(config("7tv", {{"nymn", kTwitchId, ""}}));
  service->start();
  serve("/v3/emote-sets/NEWSET", sample("seventv-global.json"));
  serve(std::string("/v3/users/twitch/") + kTwitchId,
        R"({"id":"62300805","emote_set_id":"NEWSET"})");
  service->refresh();
  auto catalog = service->catalog("nymn");
  ASSERT_EQ(catalog->channel_sets.size(), 1u);
  EXPECT_EQ(catalog->channel_sets[0]->set_id, "62cdd34e72a832540de95857");
  for (const SetStatus& s : service->statuses()) EXPECT_NE(s.key, kSetId);
  EXPECT_EQ(notified_.size(), 2u);
}

TEST_F(EmoteSetServiceTest, NoCopyAnywhereLeavesTheSetOutAndSaysWhy) {
  serve(set_path(kSetId), "", 503);
  auto service = make_7tv_by_set_id();
  service->start();
  EXPECT_EQ(describe(*service->catalog("nymn")), (std::vector<std::string>{"global 7tv global"}));
  bool seen = false;
  for (const SetStatus& s : service->statuses()) {
    if (s.key != kSetId) continue;
    seen = true;
    EXPECT_EQ(s.origin, SetOrigin::kNone);
    EXPECT_NE(s.last_error.find("HTTP 503"), std::string::npos);
  }
  EXPECT_TRUE(seen);
}

TEST_F(EmoteSetServiceTest, InvalidIdsNeverReachTheUrl) {
  auto service = make(config("7tv,bttv", {{"nymn", "../../admin", "a/b"}}));
  service->start();
  for (const auto& request : server_.requests()) {
    EXPECT_EQ(request.path.find(".."), std::string::npos) << request.path;
    EXPECT_TRUE(request.path.ends_with("/global")) << request.path;
  }
  EXPECT_EQ(server_.requests().size(), 2u);
}

}  // namespace
}  // namespace pererecos::emotes
