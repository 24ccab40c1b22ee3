#include "importers/mongoexport_reader.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace pererecos::importers {
namespace {

using testing::CollectingSink;

CollectingSink read(const std::string& bytes, const std::string& channel = "") {
  CollectingSink sink;
  ReadOptions options;
  options.channel = channel;
  read_mongoexport(bytes, options, sink);
  return sink;
}

const char kRelaxed[] =
    R"({"_id":{"$oid":"659a1b2c3d4e5f6a7b8c9d0e"},"user_id":"253596827","username":"Purple_Geco",)"
    R"("display_name":"Purple_Geco ","message":"forsenParty <3 EDM","channel":"#NymN",)"
    R"("timestamp":{"$date":"2024-01-06T16:19:44.095Z"},"hour":13})";
const char kCanonical[] =
    R"({"_id":{"$oid":"659a1b2c3d4e5f6a7b8c9d0f"},"user_id":{"$numberLong":"417575252"},)"
    R"("username":"mon_dieud","display_name":"mon_dieud","message":"AlienTechno",)"
    R"("channel":"nymn","timestamp":{"$date":{"$numberLong":"1704557984239"}},)"
    R"("hour":{"$numberInt":"13"}})";

TEST(MongoExport, JsonLinesRelaxedAndCanonical) {
  const CollectingSink sink = read(std::string(kRelaxed) + "\n" + kCanonical + "\n");
  ASSERT_EQ(sink.messages.size(), 2u);
  EXPECT_TRUE(sink.skipped.empty());
  const ChatMessage& a = sink.messages[0];
  EXPECT_TRUE(a.id.empty());  // no Twitch id: derived identity
  EXPECT_EQ(a.user_id, "253596827");
  EXPECT_EQ(a.login, "purple_geco");
  EXPECT_EQ(a.display_name, "Purple_Geco");
  EXPECT_EQ(a.text, "forsenParty <3 EDM");
  EXPECT_EQ(a.channel, "nymn");
  EXPECT_EQ(a.timestamp_ms, 1704557984095);
  const ChatMessage& b = sink.messages[1];
  EXPECT_EQ(b.user_id, "417575252");
  EXPECT_EQ(b.timestamp_ms, 1704557984239);
  EXPECT_EQ(sink.message_positions[1].line, 2u);
}

TEST(MongoExport, OtherTimestampAndIdForms) {
  const CollectingSink sink = read(
      R"({"username":"a","message":"x","timestamp":"2024-01-06T16:19:44.095+00:00","user_id":42})"
      "\n"
      R"({"username":"b","message":"y","timestamp":1704557984095,"user_id":{"$numberInt":"7"}})"
      "\n"
      R"({"username":"c","message":"z","timestamp":{"$date":1704557984095}})"
      "\n",
      "nymn");
  ASSERT_EQ(sink.messages.size(), 3u);
  for (const ChatMessage& m : sink.messages) {
    EXPECT_EQ(m.timestamp_ms, 1704557984095);
    EXPECT_EQ(m.channel, "nymn");  // from the option: the documents have none
  }
  EXPECT_EQ(sink.messages[0].user_id, "42");
  EXPECT_EQ(sink.messages[1].user_id, "7");
  EXPECT_EQ(sink.messages[2].user_id, "");
  EXPECT_EQ(sink.messages[2].display_name, "c");
}

TEST(MongoExport, JsonArrayPretty) {
  const std::string bytes = "[\n" + std::string(kRelaxed) + ",\n{\n  \"username\": \"b\",\n" +
                            "  \"message\": \"two\",\n  \"channel\": \"nymn\",\n" +
                            "  \"timestamp\": {\"$date\": \"2024-01-06T16:19:45Z\"}\n}\n]\n";
  const CollectingSink sink = read(bytes);
  ASSERT_EQ(sink.messages.size(), 2u);
  EXPECT_EQ(sink.message_positions[0].record, 1u);
  EXPECT_EQ(sink.message_positions[1].record, 2u);
  EXPECT_EQ(sink.message_positions[1].line, 3u);
  EXPECT_EQ(sink.messages[1].text, "two");
}

TEST(MongoExport, PrettyDocumentsWithoutArray) {
  const std::string bytes =
      "{\n \"username\": \"a\",\n \"message\": \"one\",\n \"channel\": \"c\",\n"
      " \"timestamp\": 1000\n}\n{\n \"username\": \"b\",\n \"message\": \"two\",\n"
      " \"channel\": \"c\",\n \"timestamp\": 2000\n}\n";
  const CollectingSink sink = read(bytes);
  ASSERT_EQ(sink.messages.size(), 2u);
  EXPECT_EQ(sink.messages[1].timestamp_ms, 2000);
  EXPECT_EQ(sink.message_positions[1].line, 7u);
}

TEST(MongoExport, BadDocumentsAreSkippedWithLineNumbers) {
  const std::string bytes =
      std::string(kRelaxed) + "\n" +  // 1 ok
      R"({"message":"x","channel":"c","timestamp":1})"
      "\n"  // 2 no username
      R"({"username":"a","channel":"c","timestamp":1})"
      "\n"  // 3 no message
      R"({"username":"a","message":"x","channel":"c"})"
      "\n"  // 4 no timestamp
      R"({"username":"a","message":"x","timestamp":1})"
      "\n"  // 5 no channel
      R"({"username":5,"message":"x","channel":"c","timestamp":1})"
      "\n"  // 6
      R"({"username":"a","message":["x"],"channel":"c","timestamp":1})"
      "\n"
      R"({"username":"a","message":"x","channel":"c","timestamp":true})"
      "\n"
      R"({"username":"a","message":"x","channel":"c","timestamp":{"$date":"soon"}})"
      "\n"
      "\n"                 // 10 blank
      "not json at all\n"  // 11
      "[1,2]\n"            // 12
      R"({"username":"a","message":"x","channel":7,"timestamp":1})"
      "\n"
      R"({"username":"a","message":"x","channel":"c","timestamp":1,"user_id":[1]})"
      "\n" +
      kCanonical +
      "\n"                                  // 15 ok
      R"({"username":"a","message":"cut)";  // 16 truncated
  const CollectingSink sink = read(bytes);
  EXPECT_EQ(sink.messages.size(), 2u);
  EXPECT_EQ(sink.skipped_lines(),
            (std::vector<std::uint64_t>{2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 16}));
  EXPECT_NE(sink.skipped[0].reason.find("username"), std::string::npos);
  EXPECT_NE(sink.skipped[3].reason.find("--channel"), std::string::npos);
  EXPECT_NE(sink.skipped[4].reason.find("not a string"), std::string::npos);
}

TEST(MongoExport, TruncatedArrayKeepsCompleteDocuments) {
  const std::string bytes =
      "[" + std::string(kRelaxed) + "," + kCanonical + "," + std::string(kRelaxed).substr(0, 50);
  const CollectingSink sink = read(bytes);
  EXPECT_EQ(sink.messages.size(), 2u);
  ASSERT_EQ(sink.skipped.size(), 1u);
  EXPECT_EQ(sink.skipped[0].where.record, 3u);
  EXPECT_NE(sink.skipped[0].reason.find("truncated"), std::string::npos);
}

TEST(MongoExport, EmptyBlankAndGarbage) {
  EXPECT_TRUE(read("").messages.empty());
  const CollectingSink blank = read("\n \n\n");
  EXPECT_TRUE(blank.messages.empty());
  EXPECT_TRUE(blank.skipped.empty());
  const CollectingSink garbage = read(std::string("\xff\xfe\x00garbage\n}{", 12));
  EXPECT_TRUE(garbage.messages.empty());
  EXPECT_FALSE(garbage.skipped.empty());
  const CollectingSink empty_array = read("[]");
  EXPECT_TRUE(empty_array.messages.empty());
  EXPECT_TRUE(empty_array.skipped.empty());
}

}  // namespace
}  // namespace pererecos::importers
