// Shared Chat (SPEC §1): a line whose source-room-id differs from its room-id is a copy
// of a partner channel's message. It is decoded with its source fields, stored with them
// (schema version 3) and read back with them, and counts in no statistic of the room it
// was copied into — also after a rebuild from the store.
#include <gtest/gtest.h>

#include <algorithm>
#include <variant>

#include "core/clock.h"
#include "irc/twitch_decoder.h"
#include "stats/stats_engine.h"
#include "storage/store.h"
#include "storage/test_util.h"

namespace pererecos {
namespace {

// Shaped like Twitch's: the tags of a message sent in #partner (room 200) and shown in
// #host (room 100) during a Shared Chat session, then the partner's own original.
constexpr const char* kCopy =
    "@badge-info=;badges=;color=#1E90FF;display-name=Visitor;emotes=;first-msg=0;flags=;"
    "id=6d1b0c2a-0000-4000-8000-000000000001;mod=0;returning-chatter=0;room-id=100;"
    "source-badge-info=subscriber/3;source-badges=subscriber/3;"
    "source-id=6d1b0c2a-0000-4000-8000-0000000000aa;source-only=0;source-room-id=200;"
    "subscriber=0;tmi-sent-ts=1704887000000;turbo=0;user-id=555;user-type= "
    ":visitor!visitor@visitor.tmi.twitch.tv PRIVMSG #host :hello from the partner";
constexpr const char* kOriginal =
    "@badge-info=subscriber/3;badges=subscriber/3;display-name=Visitor;emotes=;"
    "id=6d1b0c2a-0000-4000-8000-0000000000aa;room-id=200;source-badge-info=subscriber/3;"
    "source-badges=subscriber/3;source-id=6d1b0c2a-0000-4000-8000-0000000000aa;"
    "source-only=0;source-room-id=200;tmi-sent-ts=1704887000000;user-id=555;user-type= "
    ":visitor!visitor@visitor.tmi.twitch.tv PRIVMSG #partner :hello from the partner";
constexpr const char* kLocal =
    "@display-name=Local;emotes=;id=6d1b0c2a-0000-4000-8000-000000000002;room-id=100;"
    "tmi-sent-ts=1704887001000;user-id=777 :local!local@local.tmi.twitch.tv PRIVMSG #host :hi";

ChatMessage decode(const char* line) {
  auto event = irc::decode_twitch_line(line);
  EXPECT_TRUE(event.is_ok()) << event.error();
  return std::get<ChatMessage>(*event);
}

TEST(SharedChat, TheDecoderKeepsTheSourceFields) {
  const ChatMessage copy = decode(kCopy);
  EXPECT_EQ(copy.room_id, "100");
  EXPECT_EQ(copy.source_room_id, "200");
  EXPECT_EQ(copy.source_id, "6d1b0c2a-0000-4000-8000-0000000000aa");
  EXPECT_TRUE(copy.is_shared_copy());
  EXPECT_FALSE(decode(kOriginal).is_shared_copy());  // source-room-id == room-id
  EXPECT_FALSE(decode(kLocal).is_shared_copy());     // no Shared Chat session
}

TEST(SharedChat, StoredWithTheSourceFieldsAndCountedOnlyInTheSourceChannel) {
  storage::testing::TempDir dir;
  const std::string url = "sqlite://" + dir.file("chat.db");
  {
    auto store = open_store(url);
    ASSERT_TRUE(store.is_ok()) << store.error();
    auto counts = (*store)->write({decode(kCopy), decode(kOriginal), decode(kLocal)}, {});
    ASSERT_TRUE(counts.is_ok()) << counts.error();
    EXPECT_EQ(counts->messages_stored, 3u);
  }
  auto store = open_store(url);  // reopened: read back from the file
  ASSERT_TRUE(store.is_ok());
  std::vector<ChatMessage> read;
  ASSERT_TRUE((*store)->scan_messages(0, [&](const StoredMessage& m) {
    read.push_back(m.message);
    return true;
  }));
  ASSERT_EQ(read.size(), 3u);
  for (const char* line : {kCopy, kOriginal, kLocal}) {
    const ChatMessage expected = decode(line);
    auto it = std::find_if(read.begin(), read.end(),
                           [&](const ChatMessage& m) { return m.id == expected.id; });
    ASSERT_NE(it, read.end());
    EXPECT_EQ(it->source_id, expected.source_id);
    EXPECT_EQ(it->source_room_id, expected.source_room_id);
    EXPECT_EQ(it->room_id, expected.room_id);
    EXPECT_EQ(it->text, expected.text);
    EXPECT_EQ(*it, expected);  // every field, the source fields included
  }

  FixedClock clock(1704888000000);
  stats::EngineConfig config;
  auto engine = stats::StatsEngine::create(clock, config);
  ASSERT_TRUE(engine.is_ok());
  int shared = 0;
  ASSERT_TRUE((*store)->scan_message_views(0, [&](const ChatMessageView& m, std::int64_t seq) {
    if (m.is_shared_copy()) {
      ++shared;
      EXPECT_EQ(m.source_room_id, "200");
      EXPECT_EQ(m.source_id, "6d1b0c2a-0000-4000-8000-0000000000aa");
    }
    (*engine)->apply(m, seq);
    return true;
  }));
  EXPECT_EQ(shared, 1);
  const stats::Leaderboard host = (*engine)->leaderboard("host", stats::Period::kAll, 10);
  EXPECT_EQ(host.total_messages, 1);  // the local message only
  ASSERT_EQ(host.entries.size(), 1u);
  EXPECT_EQ(host.entries[0].user.username, "local");
  const stats::Leaderboard partner = (*engine)->leaderboard("partner", stats::Period::kAll, 10);
  EXPECT_EQ(partner.total_messages, 1);
  ASSERT_EQ(partner.entries.size(), 1u);
  EXPECT_EQ(partner.entries[0].user.username, "visitor");
}

}  // namespace
}  // namespace pererecos
