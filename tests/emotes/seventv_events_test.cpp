// The 7TV EventAPI message parser, subscription messages, live set patches (and their
// persisted form), and ws:// URL parsing.
#include "emotes/seventv_events.h"

#include <gtest/gtest.h>

#include "emotes/parsed_emote_set.h"
#include "emotes/seventv_parser.h"
#include "emotes/seventv_set_patch.h"
#include "emotes/test_files.h"
#include "emotes/websocket_url.h"

namespace pererecos::emotes {
namespace {

constexpr char kDispatch[] = R"({"op":0,"t":1700000000000,"d":{"type":"emote_set.update","body":{
  "id":"63b02874ad025a672cb4969f","kind":3,"actor":{"id":"60ae","username":"nymn"},
  "pushed":[{"key":"emotes","index":837,"type":"object","value":{"id":"6aa1","name":"NewEmote",
    "flags":0,"timestamp":1700000000000,"actor_id":"60ae","data":{"id":"6aa1","name":"NewEmote",
    "host":{"url":"//cdn.7tv.app/emote/6aa1","files":[{"name":"1x.avif"},{"name":"1x.webp"}]}}}}],
  "pulled":[{"key":"emotes","index":2,"type":"object","old_value":{"id":"60a1de4aac2bcb20efc751fb","name":"pokiDance"},"value":null}],
  "updated":[{"key":"emotes","index":0,"old_value":{"id":"60ae9a57ac03cad60771b2d8","name":"PagMan"},
    "value":{"id":"60ae9a57ac03cad60771b2d8","name":"PagManRenamed","data":{"host":{"url":"//cdn.7tv.app/emote/60ae9a57ac03cad60771b2d8","files":[{"name":"1x.webp"}]}}}},
    {"key":"name","old_value":"a","value":"b"}]}}})";

TEST(SevenTvEvents, ParsesHello) {
  auto e = parse_seventv_event(
      R"({"op":1,"t":1,"d":{"heartbeat_interval":45000,"session_id":"abc","subscription_limit":500}})");
  ASSERT_TRUE(e) << e.error();
  EXPECT_EQ(e->op, static_cast<int>(SevenTvOp::kHello));
  EXPECT_EQ(e->heartbeat_interval_ms, 45000);
  EXPECT_EQ(e->session_id, "abc");
  EXPECT_EQ(e->subscription_limit, 500);
}

TEST(SevenTvEvents, ParsesHeartbeatReconnectEndOfStreamError) {
  auto hb = parse_seventv_event(R"({"d":{"count":7},"op":2})");  // op after d
  ASSERT_TRUE(hb);
  EXPECT_EQ(hb->op, 2);
  EXPECT_EQ(hb->count, 7);
  auto rc = parse_seventv_event(R"({"op":4,"d":{"reason":"server restart"}})");
  ASSERT_TRUE(rc);
  EXPECT_EQ(rc->op, 4);
  EXPECT_EQ(rc->message, "server restart");
  auto eos = parse_seventv_event(R"({"op":7,"d":{"code":4006,"message":"Restart"}})");
  ASSERT_TRUE(eos);
  EXPECT_EQ(eos->code, 4006);
  auto err = parse_seventv_event(R"({"op":6,"d":{"message":"bad","fields":{"x":1}}})");
  ASSERT_TRUE(err);
  EXPECT_EQ(err->message, "bad");
  auto unknown = parse_seventv_event(R"({"op":99,"d":{"whatever":[1,2,{"a":null}]}})");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->op, 99);
}

TEST(SevenTvEvents, ParsesEmoteSetUpdate) {
  auto e = parse_seventv_event(kDispatch);
  ASSERT_TRUE(e) << e.error();
  EXPECT_EQ(e->op, 0);
  EXPECT_EQ(e->type, kEmoteSetUpdate);
  EXPECT_EQ(e->object_id, "63b02874ad025a672cb4969f");
  ASSERT_EQ(e->change.pushed.size(), 1u);
  EXPECT_EQ(e->change.pushed[0].name, "NewEmote");
  EXPECT_EQ(e->change.pushed[0].id, "6aa1");
  EXPECT_EQ(e->change.pushed[0].image_url, "https://cdn.7tv.app/emote/6aa1/1x.webp");
  ASSERT_EQ(e->change.pulled.size(), 1u);
  EXPECT_EQ(e->change.pulled[0].name, "pokiDance");
  ASSERT_EQ(e->change.updated.size(), 1u);  // the "name" change of the set is left out
  EXPECT_EQ(e->change.updated[0].first.name, "PagMan");
  EXPECT_EQ(e->change.updated[0].second.name, "PagManRenamed");
}

TEST(SevenTvEvents, ParsesUserUpdate) {
  auto e = parse_seventv_event(R"({"op":0,"d":{"type":"user.update","body":{"id":"60ae3c29",
    "updated":[{"key":"connections","index":0,"nested":true,"value":[{"key":"emote_set",
    "old_value":{"id":"a"},"value":{"id":"b"}}]}]}}})");
  ASSERT_TRUE(e) << e.error();
  EXPECT_EQ(e->type, kUserUpdate);
  EXPECT_EQ(e->object_id, "60ae3c29");
  EXPECT_TRUE(e->change.updated.empty());
}

TEST(SevenTvEvents, RejectsBadInputWithAnError) {
  for (const char* bad : {"", "not json", "{", R"({"d":{}})", R"({"op":"1"})",
                          R"({"op":1,"d":{"heartbeat_interval":"x"}})", R"({"op":1} trailing)",
                          R"({"op":-3})", "[1,2]"}) {
    EXPECT_FALSE(parse_seventv_event(bad)) << bad;
  }
  std::string text = kDispatch;
  for (std::size_t n = 0; n < text.size(); ++n) {
    EXPECT_FALSE(parse_seventv_event(text.substr(0, n))) << n;  // every truncation
  }
}

TEST(SevenTvEvents, BuildsSubscriptionMessages) {
  EXPECT_EQ(seventv_subscription_message(SevenTvOp::kSubscribe, kEmoteSetUpdate, "63b0"),
            R"({"op":35,"d":{"type":"emote_set.update","condition":{"object_id":"63b0"}}})");
  auto back = parse_seventv_event(
      seventv_subscription_message(SevenTvOp::kUnsubscribe, kUserUpdate, "60ae"));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->op, 36);
  EXPECT_EQ(back->type, kUserUpdate);
}

TEST(SevenTvSetPatch, AddsRemovesAndRenamesThenRoundTrips) {
  auto parsed = parse_seventv_emote_set(testing::seventv_fixture());
  ASSERT_TRUE(parsed);
  auto set = to_emote_set(kSevenTv, *parsed);
  auto event = parse_seventv_event(kDispatch);
  ASSERT_TRUE(event);
  auto patched = patched_seventv_set(*set, event->change);
  EXPECT_TRUE(set->by_name.contains("pokiDance"));  // the original is untouched
  EXPECT_FALSE(patched->by_name.contains("pokiDance"));
  EXPECT_FALSE(patched->by_name.contains("PagMan"));
  ASSERT_TRUE(patched->by_name.contains("PagManRenamed"));
  EXPECT_EQ(patched->by_name.at("PagManRenamed").id, "60ae9a57ac03cad60771b2d8");
  ASSERT_TRUE(patched->by_name.contains("NewEmote"));
  EXPECT_EQ(patched->by_name.size(), set->by_name.size());  // +1 -1, one renamed

  // A pulled emote whose id does not match the held one is not removed.
  SevenTvSetChange wrong;
  wrong.pulled.push_back({"not-the-id", "Cat", ""});
  EXPECT_TRUE(patched_seventv_set(*set, wrong)->by_name.contains("Cat"));

  auto reread = parse_seventv_emote_set(seventv_set_body(*patched));
  ASSERT_TRUE(reread) << reread.error();
  auto again = to_emote_set(kSevenTv, *reread);
  EXPECT_EQ(again->set_id, patched->set_id);
  ASSERT_EQ(again->by_name.size(), patched->by_name.size());
  for (const auto& [name, emote] : patched->by_name) {
    ASSERT_TRUE(again->by_name.contains(name)) << name;
    EXPECT_EQ(again->by_name.at(name).id, emote.id);
    EXPECT_EQ(again->by_name.at(name).image_url, emote.image_url);
  }
}

TEST(SevenTvUserLink, ReadsTheSetAndTheSevenTvUser) {
  auto link = parse_seventv_user_link(testing::sample("seventv-user.json"));
  ASSERT_TRUE(link);
  EXPECT_EQ(link->emote_set_id, "63b02874ad025a672cb4969f");
  EXPECT_EQ(link->user_id, "60ae3c29b2ecb015051f8f9a");
  // Since August 2026 the embedded set is null: emote_set_id alone carries the link.
  auto nulled = parse_seventv_user_link(R"({"id":"1","emote_set_id":"abc","emote_set":null})");
  ASSERT_TRUE(nulled);
  EXPECT_EQ(nulled->emote_set_id, "abc");
  EXPECT_EQ(nulled->user_id, "");
}

TEST(WebSocketUrl, ParsesAndRejects) {
  auto u = parse_websocket_url("wss://events.7tv.io/v3");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "events.7tv.io");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/v3");
  auto p = parse_websocket_url("ws://127.0.0.1:22001");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->tls);
  EXPECT_EQ(p->port, 22001);
  EXPECT_EQ(p->target, "/");
  for (const char* bad : {"https://x/v3", "ws://", "ws://:80/", "ws://h:0/", "ws://h:70000/",
                          "ws://u@h/", "ws://h/#f", "ws://[::1]/"}) {
    EXPECT_FALSE(parse_websocket_url(bad)) << bad;
  }
}

}  // namespace
}  // namespace pererecos::emotes
