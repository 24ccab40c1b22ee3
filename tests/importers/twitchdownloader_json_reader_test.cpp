#include "importers/twitchdownloader_json_reader.h"

#include <gtest/gtest.h>

#include "core/emotes_tag.h"
#include "core/time_format.h"
#include "core/unicode.h"
#include "test_support.h"

namespace pererecos::importers {
namespace {

using testing::CollectingSink;

CollectingSink read(const std::string& bytes, const std::string& channel = "") {
  CollectingSink sink;
  ReadOptions options;
  options.channel = channel;
  read_twitchdownloader_json(bytes, options, sink);
  return sink;
}

// A comment in TwitchDownloader's shape; `extra` is spliced into the comment object.
std::string comment(const std::string& id, const std::string& login, const std::string& body,
                    const std::string& fragments = "[]", const std::string& extra = "") {
  return R"({"_id":")" + id +
         R"(","created_at":"2024-01-06T16:19:44.095Z","channel_id":"62300805",)" +
         R"("content_offset_seconds":12.5,"commenter":{"display_name":" )" + login +
         R"( ","_id":"4242","name":")" + login + R"(","logo":"x"},"message":{"body":)" + body +
         R"(,"bits_spent":0,"fragments":)" + fragments +
         R"(,"user_badges":[{"_id":"subscriber","version":"12"}],"user_color":"#FF0000"})" + extra +
         "}";
}

std::string file_with(const std::string& comments,
                      const std::string& streamer = R"({"name":"NymN","id":62300805})") {
  return R"({"FileInfo":{"Version":{"Major":1}},"streamer":)" + streamer +
         R"(,"video":{"title":"t","start":0,"end":100},"comments":[)" + comments +
         R"(],"embeddedData":null})";
}

TEST(TwitchDownloaderJson, ReadsEveryField) {
  const CollectingSink sink = read(file_with(comment(
      "33445373-4dcf-46a5-b2a9-2eb9db2386a5", "Purple_Geco", R"("hello \"world\"")",
      R"([{"text":"hello \"world\"","emoticon":null}])", R"(,"more":{"nested":[1,{"a":"]}"}]})")));
  ASSERT_EQ(sink.messages.size(), 1u) << (sink.skipped.empty() ? "" : sink.skipped[0].reason);
  const ChatMessage& m = sink.messages[0];
  EXPECT_EQ(m.id, "33445373-4dcf-46a5-b2a9-2eb9db2386a5");
  EXPECT_EQ(m.channel, "nymn");
  EXPECT_EQ(m.room_id, "62300805");
  EXPECT_EQ(m.user_id, "4242");
  EXPECT_EQ(m.login, "purple_geco");
  EXPECT_EQ(m.display_name, "Purple_Geco");  // trimmed
  EXPECT_EQ(m.text, "hello \"world\"");
  EXPECT_EQ(m.timestamp_ms, 1704557984095);
  EXPECT_EQ(m.emotes, "");
  EXPECT_EQ(m.bits, 0);
  EXPECT_EQ(sink.message_positions[0].record, 1u);
}

TEST(TwitchDownloaderJson, EmotesTagCountsCodePointsWithEmoji) {
  // 😀(0) ' '(1) Kappa(2-6) ' hi '(7-10) Kappa(11-15) ' '(16) 🎉(17) ' '(18) LUL(19-21)
  // ' '(22) 👍(23) 🏽(24) Kappa(25-29)
  const std::string body = "😀 Kappa hi Kappa 🎉 LUL 👍🏽Kappa";
  const std::string fragments =
      R"([{"text":"😀 ","emoticon":null},)"
      R"({"text":"Kappa","emoticon":{"emoticon_id":"25","emoticon_set_id":""}},)"
      R"({"text":" hi ","emoticon":null},)"
      R"({"text":"Kappa","emoticon":{"emoticon_id":"25"}},)"
      R"({"text":" 🎉 ","emoticon":null},)"
      R"({"text":"LUL","emoticon":{"emoticon_id":"425618"}},)"
      R"({"text":" 👍🏽","emoticon":null},)"
      R"({"text":"Kappa","emoticon":{"emoticon_id":"25"}}])";
  const CollectingSink sink = read(file_with(comment("a", "bob", "\"" + body + "\"", fragments)));
  ASSERT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.messages[0].emotes, "25:2-6,11-15,25-29/425618:19-21");
  // Cross-check: every span cuts exactly the emote's name out of the body.
  for (const EmoteSpan& span : parse_emotes_tag(sink.messages[0].emotes)) {
    const std::size_t from = byte_offset_of_code_point(body, span.start);
    const std::size_t to = byte_offset_of_code_point(body, span.end + 1);
    EXPECT_EQ(body.substr(from, to - from), span.id == "25" ? "Kappa" : "LUL");
  }
}

TEST(TwitchDownloaderJson, FragmentsThatDoNotConcatenateAreLocatedInTheBody) {
  // A fragment missing from the list and one that is not in the body at all.
  const std::string fragments =
      R"([{"text":"Kappa","emoticon":{"emoticon_id":"25"}},{"text":"nope","emoticon":{"emoticon_id":"9"}},)"
      R"({"text":"LUL","emoticon":{"emoticon_id":"425618"}}])";
  const CollectingSink sink = read(file_with(comment("a", "bob", R"("Kappa é LUL")", fragments)));
  ASSERT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.messages[0].emotes, "25:0-4/425618:8-10");
}

TEST(TwitchDownloaderJson, BitsAndChannelOverride) {
  const std::string c = comment("a", "bob", R"("Cheer100 hi")", "[]");
  std::string with_bits = c;
  with_bits.replace(with_bits.find("\"bits_spent\":0"), 14, "\"bits_spent\":100");
  const CollectingSink sink = read(file_with(with_bits), "#Other");
  ASSERT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.messages[0].bits, 100);
  EXPECT_EQ(sink.messages[0].channel, "other");
}

TEST(TwitchDownloaderJson, CommentsBeforeStreamerStillGetTheChannel) {
  const std::string bytes = "{\n\"comments\": [\n" + comment("a", "bob", R"("hi")") + ",\n" +
                            comment("b", "eve", R"("yo")") +
                            "\n],\n\"streamer\": {\"name\": \"forsen\", \"id\": \"22484632\"}\n}";
  const CollectingSink sink = read(bytes);
  ASSERT_EQ(sink.messages.size(), 2u);
  EXPECT_EQ(sink.messages[0].channel, "forsen");
  EXPECT_EQ(sink.message_positions[0].line, 3u);
  EXPECT_EQ(sink.message_positions[1].line, 4u);
  EXPECT_EQ(sink.message_positions[1].record, 2u);
  EXPECT_FALSE(sink.consumed_went_back);
}

TEST(TwitchDownloaderJson, NoStreamerAndNoChannelSkipsEveryComment) {
  const CollectingSink sink = read(R"({"comments":[)" + comment("a", "bob", R"("hi")") + "]}");
  EXPECT_TRUE(sink.messages.empty());
  ASSERT_EQ(sink.skipped.size(), 1u);
  EXPECT_NE(sink.skipped[0].reason.find("--channel"), std::string::npos);
  EXPECT_EQ(
      read(R"({"comments":[)" + comment("a", "bob", R"("hi")") + "]}", "nymn").messages.size(), 1u);
}

TEST(TwitchDownloaderJson, MissingFieldsAndWrongTypesAreSkippedPerComment) {
  const std::string good = comment("ok", "bob", R"("hi")");
  std::string no_created = good;
  no_created.replace(no_created.find("\"created_at\""), 12, "\"created_ax\"");
  std::string bad_created = good;
  bad_created.replace(bad_created.find("2024-01-06T16"), 13, "yesterday-ish");
  std::string numeric_body = comment("n", "bob", "42");
  std::string id_number = good;
  id_number.replace(id_number.find("\"_id\":\"ok\""), 10, "\"_id\":7");
  const std::string comments =
      good + ",\n" + no_created + ",\n" + bad_created + ",\n" + numeric_body + ",\n" +
      R"({"created_at":"2024-01-06T16:19:44Z","commenter":"bob"})" + ",\n" + "\"just a string\"" +
      ",\n" + "[1,2]" + ",\n" + id_number + ",\n" +
      R"({"created_at":"2024-01-06T16:19:44Z","commenter":{"name":"x"}})" + ",\n" + good;
  const CollectingSink sink = read(file_with(comments));
  EXPECT_EQ(sink.messages.size(), 2u);
  ASSERT_EQ(sink.skipped.size(), 8u);
  std::vector<std::uint64_t> records;
  for (const auto& s : sink.skipped) records.push_back(s.where.record);
  EXPECT_EQ(records, (std::vector<std::uint64_t>{2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_NE(sink.skipped[0].reason.find("created_at"), std::string::npos);
  EXPECT_NE(sink.skipped[2].reason.find("message.body"), std::string::npos);
  EXPECT_NE(sink.skipped[3].reason.find("commenter"), std::string::npos);
  EXPECT_NE(sink.skipped[7].reason.find("message"), std::string::npos);
}

TEST(TwitchDownloaderJson, TruncatedFileKeepsTheCompleteComments) {
  const std::string full =
      file_with(comment("a", "bob", R"("one")") + ",\n" + comment("b", "bob", R"("two")") + ",\n" +
                comment("c", "bob", R"("three")"));
  // Cut inside the third comment's body.
  const std::string cut = full.substr(0, full.find("three") + 2);
  const CollectingSink sink = read(cut);
  ASSERT_EQ(sink.messages.size(), 2u);
  ASSERT_EQ(sink.skipped.size(), 1u);
  EXPECT_EQ(sink.skipped[0].where.record, 3u);
  EXPECT_EQ(sink.skipped[0].where.line, 3u);
  EXPECT_NE(sink.skipped[0].reason.find("truncated"), std::string::npos);

  // Cut right after a complete comment: nothing lost but the array's end.
  const std::string cut2 = full.substr(0, full.find(",\n" + comment("b", "bob", R"("two")")));
  const CollectingSink sink2 = read(cut2);
  EXPECT_EQ(sink2.messages.size(), 1u);
  ASSERT_EQ(sink2.skipped.size(), 1u);
  EXPECT_NE(sink2.skipped[0].reason.find("truncated"), std::string::npos);
}

TEST(TwitchDownloaderJson, NotATwitchDownloaderFile) {
  for (const std::string& bytes :
       {std::string(""), std::string("\n\n"), std::string("[1,2,3]"),
        std::string("garbage \xff\xfe"), std::string(R"({"streamer":{"name":"x"}})"),
        std::string(R"({"comments":{"a":1}})"), std::string(R"({"comments" 5})")}) {
    const CollectingSink sink = read(bytes);
    EXPECT_TRUE(sink.messages.empty()) << bytes;
    ASSERT_EQ(sink.skipped.size(), 1u) << bytes;
    EXPECT_EQ(sink.skipped[0].where.record, 0u);
    EXPECT_EQ(sink.last_consumed, bytes.size());
  }
}

TEST(TwitchDownloaderJson, GarbageBetweenCommentsStopsWithAReport) {
  const std::string bytes =
      file_with(comment("a", "bob", R"("one")") + " xx " + comment("b", "bob", R"("two")"));
  const CollectingSink sink = read(bytes);
  EXPECT_EQ(sink.messages.size(), 1u);
  ASSERT_EQ(sink.skipped.size(), 1u);
  EXPECT_NE(sink.skipped[0].reason.find("malformed"), std::string::npos);
}

TEST(TwitchDownloaderJson, EmptyCommentsArray) {
  const CollectingSink sink = read(file_with(""));
  EXPECT_TRUE(sink.messages.empty());
  EXPECT_TRUE(sink.skipped.empty());
}

}  // namespace
}  // namespace pererecos::importers
