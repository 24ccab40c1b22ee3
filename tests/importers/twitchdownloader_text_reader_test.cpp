#include "importers/twitchdownloader_text_reader.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "test_support.h"

namespace pererecos::importers {
namespace {

using testing::CollectingSink;

CollectingSink read(const std::string& bytes, const std::string& channel = "NymN") {
  CollectingSink sink;
  ReadOptions options;
  options.channel = channel;
  read_twitchdownloader_text(bytes, options, sink);
  return sink;
}

TEST(TwitchDownloaderText, ParsesBothVariants) {
  const CollectingSink sink = read(
      "[2024-01-06 16:19:44 UTC] Purple_Geco: forsenParty EDM\r\n"
      "[2024-01-06 16:19:45] mon_dieud: a: b: c\n");
  ASSERT_EQ(sink.messages.size(), 2u);
  const ChatMessage& a = sink.messages[0];
  EXPECT_EQ(a.channel, "nymn");
  EXPECT_EQ(a.login, "purple_geco");
  EXPECT_EQ(a.display_name, "Purple_Geco");
  EXPECT_EQ(a.text, "forsenParty EDM");
  EXPECT_EQ(a.timestamp_ms, *parse_iso8601("2024-01-06T16:19:44Z"));
  EXPECT_TRUE(a.id.empty());
  EXPECT_TRUE(a.user_id.empty());
  EXPECT_TRUE(a.emotes.empty());
  const ChatMessage& b = sink.messages[1];
  EXPECT_EQ(b.login, "mon_dieud");
  EXPECT_EQ(b.text, "a: b: c");
  EXPECT_EQ(b.timestamp_ms, 1704557985000);
  EXPECT_TRUE(sink.skipped.empty());
}

TEST(TwitchDownloaderText, NonAsciiDisplayNameIsUnattributable) {
  const CollectingSink sink = read(
      "[2024-01-06 16:19:44 UTC] 日本語の名前: こんにちは\n"
      "[2024-01-06 16:19:44 UTC] Bob Smith: hi\n"
      "[2024-01-06 16:19:46 UTC] ok_user: fine\n");
  ASSERT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.messages[0].login, "ok_user");
  EXPECT_EQ(sink.skipped_lines(), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_NE(sink.skipped[0].reason.find("not a login"), std::string::npos);
}

TEST(TwitchDownloaderText, LinesThatDoNotMatchAreSkipped) {
  const CollectingSink sink = read(
      "[2024-01-06 16:19:44 UTC] a: one\n"
      "\n"
      "[0:00:05] relative: timestamps are not supported\n"
      "[2024-13-45 99:99:99 UTC] bad: date\n"
      "[2024-01-06T16:19:44Z] iso: not the export's shape\n"
      "no bracket at all\n"
      "[2024-01-06 16:19:44 UTC] nocolon\n"
      "[2024-01-06 16:19:44 UTC] empty: \n"
      "[2024-01-06 16:19:44 UTC] : no name\n"
      "[2024-01-06 16:19:4" /* truncated */);
  ASSERT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.skipped_lines(), (std::vector<std::uint64_t>{3, 4, 5, 6, 7, 8, 9, 10}));
}

TEST(TwitchDownloaderText, EmptyBlankAndGarbageInputs) {
  EXPECT_TRUE(read("").messages.empty());
  const CollectingSink blank = read("\n\n\r\n");
  EXPECT_TRUE(blank.messages.empty());
  EXPECT_TRUE(blank.skipped.empty());
  const CollectingSink garbage = read(std::string("\x00\xff\x01\n\xfe", 5));
  EXPECT_TRUE(garbage.messages.empty());
  EXPECT_EQ(garbage.skipped_lines(), (std::vector<std::uint64_t>{1, 2}));
}

TEST(TwitchDownloaderText, ByteOrderMarkOnTheFirstLine) {
  const CollectingSink sink = read("\xEF\xBB\xBF[2024-01-06 16:19:44 UTC] a: one\n");
  ASSERT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.messages[0].login, "a");
}

}  // namespace
}  // namespace pererecos::importers
