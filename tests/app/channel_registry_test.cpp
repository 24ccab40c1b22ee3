#include "app/channel_registry.h"

#include <gtest/gtest.h>

#include <thread>

namespace pererecos::app {
namespace {

TEST(ChannelRegistry, LearnsChannelsAndRoomIdsAndNotifiesOnce) {
  ChannelRegistry registry({"Forsen", "", "forsen", "bad name!"});
  std::vector<std::string> seen;
  registry.subscribe([&](const ChannelInfo& c) {
    std::string entry = c.channel;
    entry += '=';
    entry += c.room_id;
    if (c.configured) entry += '*';
    seen.push_back(entry);
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"forsen=*"}));  // replayed at subscribe
  EXPECT_TRUE(registry.observe("nymn"));
  EXPECT_FALSE(registry.observe("nymn"));           // nothing new
  EXPECT_TRUE(registry.observe("NymN", "62300805"));  // a room id: news
  EXPECT_FALSE(registry.observe("nymn", "62300805"));
  EXPECT_FALSE(registry.observe("nymn", ""));         // no room id says nothing
  EXPECT_TRUE(registry.observe("forsen", "22484632"));
  EXPECT_FALSE(registry.observe("#bad"));
  EXPECT_FALSE(registry.observe(""));
  EXPECT_EQ(seen, (std::vector<std::string>{"forsen=*", "nymn=", "nymn=62300805",
                                            "forsen=22484632*"}));
  ASSERT_EQ(registry.channels().size(), 2u);
  EXPECT_EQ(registry.find("NYMN")->room_id, "62300805");
  EXPECT_FALSE(registry.find("xqc"));
}

TEST(ChannelRegistry, UnsubscribedListenersHearNothing) {
  ChannelRegistry registry;
  int calls = 0;
  auto id = registry.subscribe([&](const ChannelInfo&) { ++calls; });
  registry.observe("a");
  registry.unsubscribe(id);
  registry.observe("b");
  EXPECT_EQ(calls, 1);
}

TEST(ChannelRegistry, ConcurrentObserversAgreeWithTheListener) {
  ChannelRegistry registry;
  std::map<std::string, std::string> last;  // what the listener saw last, per channel
  registry.subscribe([&](const ChannelInfo& c) { last[c.channel] = c.room_id; });
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        std::string channel = "c";
        channel += std::to_string(i % 50);
        const std::string room(1, static_cast<char>('1' + (i + t) % 3));
        registry.observe(channel, room);
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(last.size(), 50u);
  for (const ChannelInfo& c : registry.channels()) EXPECT_EQ(last[c.channel], c.room_id);
}

}  // namespace
}  // namespace pererecos::app
