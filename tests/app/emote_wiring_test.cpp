// EmoteWiring end to end: messages of a channel that is not configured, in a real SQLite
// store, rebuilt into the engine by the follower, which tells the channel registry about
// the channel and its room id; the wiring then fetches its sets from local stand-ins of
// 7TV/BTTV/FFZ and follows the 7TV EventAPI stand-in for live changes.
#include "app/emote_wiring.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "app/channel_registry.h"
#include "app/store_follower.h"
#include "emotes/fake_http_server.h"
#include "emotes/fake_seventv_events.h"
#include "emotes/test_files.h"

namespace pererecos::app {
namespace {

using namespace std::chrono_literals;
using emotes::testing::eventually;
using emotes::testing::FakeHttpServer;
using emotes::testing::FakeSevenTvEvents;

constexpr char kSetId[] = "63b02874ad025a672cb4969f";
constexpr char kRoom[] = "62300805";
constexpr TimestampMs kNow = 1'785'000'000'000;  // 2026-07-25

std::string set_path() { return std::string("/v3/emote-sets/") + kSetId; }

class EmoteWiringTest : public ::testing::Test {
 protected:
  EmoteWiringTest() : clock_(kNow) {
    char pattern[] = "/tmp/pererecos-emote-wiring-XXXXXX";
    dir_ = mkdtemp(pattern);
    db_ = "sqlite://" + dir_ + "/test.db";
    http_.set_route(set_path(), {200, emotes::testing::seventv_fixture(), {}, false});
    http_.set_route("/v3/emote-sets/global", {200, emotes::testing::sample("seventv-global.json"), {}, false});
    http_.set_route(std::string("/v3/users/twitch/") + kRoom,
                    {200, emotes::testing::sample("seventv-user.json"), {}, false});
    http_.set_route(std::string("/bttv/3/cached/users/twitch/") + kRoom,
                    {200, emotes::testing::sample("bttv-channel.json"), {}, false});
    http_.set_route("/bttv/3/cached/emotes/global", {200, emotes::testing::sample("bttv-global.json"), {}, false});
    http_.set_route(std::string("/ffz/v1/room/id/") + kRoom,
                    {200, emotes::testing::sample("ffz-room.json"), {}, false});
    http_.set_route("/ffz/v1/set/global", {200, emotes::testing::sample("ffz-global.json"), {}, false});

    config_.channels = {"forsen"};  // configured, no messages; nymn is only stored
    config_.seventv_api_url = http_.base_url() + "/v3";
    config_.bttv_api_url = http_.base_url() + "/bttv/3";
    config_.ffz_api_url = http_.base_url() + "/ffz/v1";
    config_.emote_providers = {"twitch", "7tv", "bttv", "ffz"};
    config_.seventv_events_url = events_.url();
  }
  ~EmoteWiringTest() override {
    wiring_.reset();
    std::filesystem::remove_all(dir_);
  }

  void store_messages() {
    auto store = open_store(db_);
    ASSERT_TRUE(store) << store.error();
    std::vector<ChatMessage> messages;
    const char* texts[] = {"PagMan PagMan", "PagMan Cat", "pokiDance NewEmote", "NewEmote hi",
                           "NewEmote"};
    int n = 0;
    for (const char* text : texts) {
      ChatMessage m;
      m.id = "00000000-0000-4000-8000-00000000000" + std::to_string(n);
      m.channel = "nymn";
      m.room_id = kRoom;
      m.user_id = std::to_string(1000 + n);
      m.login = "user" + std::to_string(n);
      m.display_name = m.login;
      m.text = text;
      m.timestamp_ms = kNow - 3'600'000 + n * 1000;
      messages.push_back(m);
      ++n;
    }
    ASSERT_TRUE((*store)->write(messages, {}));
  }

  void start() {
    store_messages();
    stats::EngineConfig ec;
    ec.channels = config_.channels;
    auto engine = stats::StatsEngine::create(clock_, ec);
    ASSERT_TRUE(engine);
    engine_ = std::move(*engine);
    auto follow_store = open_store(db_);
    ASSERT_TRUE(follow_store);
    follow_store_ = std::move(*follow_store);
    follower_ = std::make_unique<StoreFollower>(*follow_store_, *engine_);
    follower_->set_channel_observer(
        [this](std::string_view c, std::string_view r) { registry_.observe(c, r); });
    ASSERT_TRUE(follower_->rebuild());
    auto emote_store = open_store(db_);
    ASSERT_TRUE(emote_store);
    EmoteWiringOptions options;
    options.http.connect_timeout = 1000ms;
    options.http.total_timeout = 1500ms;
    options.events.backoff_min = 50ms;
    options.events.backoff_max = 200ms;
    wiring_ = std::make_unique<EmoteWiring>(config_, std::move(*emote_store), clock_, *engine_,
                                            registry_, options);
    wiring_->start("forsen");
  }

  // count of `name` among nymn's top emotes (-1 when absent), and its provider.
  std::int64_t count(const std::string& name, std::string* provider = nullptr) {
    for (const stats::EmoteCount& e : engine_->top_emotes("nymn").emotes) {
      if (e.name == name) {
        if (provider) *provider = e.provider;
        return e.count;
      }
    }
    return -1;
  }

  void dispatch(const std::string& changes) {
    events_.send_all(std::string(R"({"op":0,"d":{"type":"emote_set.update","body":{"id":")") +
                     kSetId + R"(",)" + changes + "}}}");
  }

  std::string dir_, db_;
  FixedClock clock_;
  FakeHttpServer http_;
  FakeSevenTvEvents events_;
  Config config_;
  ChannelRegistry registry_{std::vector<std::string>{"forsen"}};
  std::unique_ptr<stats::StatsEngine> engine_;
  std::unique_ptr<Store> follow_store_;
  std::unique_ptr<StoreFollower> follower_;
  std::unique_ptr<EmoteWiring> wiring_;
};

TEST_F(EmoteWiringTest, AnUnconfiguredStoredChannelGetsGlobalAndItsOwnSets) {
  start();
  ASSERT_EQ(registry_.find("nymn")->room_id, kRoom);  // learned from the stored messages
  std::string provider;
  ASSERT_TRUE(eventually([&] { return count("PagMan", &provider) == 3; }));
  EXPECT_EQ(provider, "7tv");
  EXPECT_EQ(count("Cat"), 1);
  auto nymn = wiring_->service().catalog("nymn");
  EXPECT_EQ(nymn->channel_sets.size(), 3u);  // 7TV, BTTV, FFZ of room 62300805
  EXPECT_EQ(nymn->global_sets.size(), 3u);
  // The configured channel without a room id still gets the global sets.
  EXPECT_EQ(wiring_->service().catalog("forsen")->global_sets.size(), 3u);
  EXPECT_TRUE(wiring_->service().catalog("forsen")->channel_sets.empty());
}

TEST_F(EmoteWiringTest, LiveSetChangesAndReconnectsReachTheStatistics) {
  start();
  ASSERT_TRUE(eventually([&] { return count("PagMan") == 3; }));
  // The wiring subscribes nymn's set and 7TV user on the EventAPI.
  ASSERT_TRUE(eventually([&] {
    return events_.subscribed(1) == std::vector<std::string>{"60ae3c29b2ecb015051f8f9a", kSetId};
  }));
  EXPECT_EQ(count("NewEmote"), -1);
  EXPECT_EQ(count("pokiDance"), 1);

  dispatch(R"("pushed":[{"key":"emotes","index":837,"value":{"id":"6aa10000000000000000aaaa","name":"NewEmote","data":{"host":{"url":"//cdn.7tv.app/emote/6aa1","files":[{"name":"1x.webp"}]}}}}])");
  ASSERT_TRUE(eventually([&] { return count("NewEmote") == 3; }, 5s));
  dispatch(R"("pulled":[{"key":"emotes","index":2,"old_value":{"id":"60a1de4aac2bcb20efc751fb","name":"pokiDance"}}])");
  ASSERT_TRUE(eventually([&] { return count("pokiDance") == -1; }, 5s));
  dispatch(R"("updated":[{"key":"emotes","index":0,"old_value":{"id":"60b5917d22b0373436c28ac0","name":"Cat"},"value":{"id":"60b5917d22b0373436c28ac0","name":"Kitty"}}])");
  ASSERT_TRUE(eventually([&] { return count("Cat") == -1; }, 5s));

  // The patched set was persisted: the store's copy has the new emote.
  {
    auto store = open_store(db_);
    ASSERT_TRUE(store);
    auto saved = (*store)->get_emote_set("7tv", kSetId);
    ASSERT_TRUE(saved && *saved);
    EXPECT_NE((*saved)->body.find("NewEmote"), std::string::npos);
    EXPECT_EQ((*saved)->body.find("\"pokiDance\""), std::string::npos);
  }

  // The server closes the connection (its hourly close): reconnect, resubscribe, refetch.
  const int set_hits = http_.hits(set_path());
  events_.close_all(/*end_of_stream=*/true);
  ASSERT_TRUE(eventually([&] { return events_.subscribed(2).size() == 2; }));
  ASSERT_TRUE(eventually([&] { return http_.hits(set_path()) > set_hits; }));
  // The REST copy (the original fixture) is the truth again.
  ASSERT_TRUE(eventually([&] { return count("pokiDance") == 1; }));
  EXPECT_EQ(count("NewEmote"), -1);
}

TEST_F(EmoteWiringTest, ProvidersAnsweringGarbageErrorsOrSlowlyKeepTheLastGoodCopy) {
  start();
  ASSERT_TRUE(eventually([&] { return count("PagMan") == 3; }));
  for (const FakeHttpServer::Reply& bad :
       {FakeHttpServer::Reply{200, "<html>not json</html>", {}, false},
        FakeHttpServer::Reply{500, "oops", {}, false},
        FakeHttpServer::Reply{200, "", {}, true}}) {  // hangs past the 1.5 s timeout
    for (const std::string& path : {set_path(), std::string("/v3/emote-sets/global"),
                                    std::string("/bttv/3/cached/emotes/global")}) {
      http_.set_route(path, bad);
    }
    const int before = http_.hits(set_path());
    wiring_->refresh_soon();
    ASSERT_TRUE(eventually([&] { return http_.hits(set_path()) > before; }));
    std::this_thread::sleep_for(bad.hang ? 2000ms : 200ms);
    EXPECT_EQ(count("PagMan"), 3);
    EXPECT_EQ(wiring_->service().catalog("nymn")->global_sets.size(), 3u);
  }
}

}  // namespace
}  // namespace pererecos::app
