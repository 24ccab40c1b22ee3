// The live demo: the community's next day arrives through the ingest queue in real
// time; what is already due (the history ended hours ago) comes at once.
#include "app/demo_live.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/clock.h"
#include "storage/store.h"
#include "storage/test_util.h"

namespace pererecos::app {
namespace {

using namespace std::chrono_literals;

TEST(DemoLive, DueEventsArriveThroughTheIngestQueueWithLiveIds) {
  storage::testing::TempDir dir;
  auto store = open_store("sqlite://" + dir.file("demo.db"));
  ASSERT_TRUE(store.is_ok()) << store.error();
  storage::BatchedWriter writer(**store);
  const TimestampMs now = SystemClock().now_ms();
  const TimestampMs history_end = now - 12LL * 3600 * 1000;  // a dataset 12 h old
  std::atomic<bool> stop{false};
  std::thread feed([&] { run_demo_live_chat(writer, history_end, stop); });
  for (int i = 0; i < 200 && writer.stats().submitted == 0; ++i) std::this_thread::sleep_for(100ms);
  std::this_thread::sleep_for(300ms);
  stop = true;
  feed.join();
  ASSERT_TRUE(writer.close());
  std::size_t n = 0;
  ASSERT_TRUE((*store)->scan_messages(0, [&](const StoredMessage& m) {
    ++n;
    EXPECT_EQ(m.message.channel, "pererecos");
    EXPECT_GE(m.message.timestamp_ms, history_end);
    EXPECT_LE(m.message.timestamp_ms, SystemClock().now_ms());  // never ahead of the clock
    EXPECT_EQ(m.message.id.substr(0, 8), "11ee0000");
    return true;
  }));
  EXPECT_GT(n, 10u);  // 12 h of the community's chat, even off stream
}

}  // namespace
}  // namespace pererecos::app
