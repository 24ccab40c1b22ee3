#include "importers/format.h"

#include <gtest/gtest.h>

namespace pererecos::importers {
namespace {

Format detect_ok(std::string_view head, std::string_view path = "input") {
  Result<Format> f = detect_format(head, path);
  EXPECT_TRUE(f.is_ok()) << (f.is_ok() ? "" : f.error());
  return f.is_ok() ? f.value() : Format::kAuto;
}

TEST(FormatNames, RoundTrip) {
  for (Format f : {Format::kAuto, Format::kIrc, Format::kTwitchDownloaderJson,
                   Format::kTwitchDownloaderText, Format::kMongoExport}) {
    EXPECT_EQ(parse_format_name(format_name(f)), f);
  }
  EXPECT_EQ(parse_format_name("twitchdownloader-txt"), Format::kTwitchDownloaderText);
  EXPECT_FALSE(parse_format_name("IRC").has_value());
  EXPECT_FALSE(parse_format_name("").has_value());
}

TEST(DetectFormat, Irc) {
  EXPECT_EQ(detect_ok("@id=1;tmi-sent-ts=5 :a!a@a.tmi.twitch.tv PRIVMSG #c :hi\n"), Format::kIrc);
  EXPECT_EQ(detect_ok(":tmi.twitch.tv 001 justinfan1 :Welcome\n"), Format::kIrc);
  EXPECT_EQ(detect_ok("PING :tmi.twitch.tv\n"), Format::kIrc);
  EXPECT_EQ(detect_ok("\xEF\xBB\xBF\n\n  @a=b :x PRIVMSG #c :hi"), Format::kIrc);
}

TEST(DetectFormat, TwitchDownloaderJsonByCommentsKey) {
  EXPECT_EQ(detect_ok(R"({"FileInfo":{},"streamer":{"name":"x"},"comments" : [)"),
            Format::kTwitchDownloaderJson);
  EXPECT_EQ(detect_ok("{\n  \"comments\": []\n}"), Format::kTwitchDownloaderJson);
}

TEST(DetectFormat, MongoExport) {
  EXPECT_EQ(detect_ok(R"({"_id":{"$oid":"1"},"username":"a","timestamp":{"$date":"x"}})"),
            Format::kMongoExport);
  EXPECT_EQ(detect_ok("[{\"username\": \"a\"}]"), Format::kMongoExport);
  EXPECT_EQ(detect_ok("[\n  {\n    \"timestamp\": 5"), Format::kMongoExport);
}

TEST(DetectFormat, QuotedWordInsideAStringIsNotAKey) {
  // "comments" appears only inside a message text (escaped quotes): still mongoexport.
  EXPECT_EQ(detect_ok(R"({"username":"a","message":"the \"comments\": here"})"),
            Format::kMongoExport);
}

TEST(DetectFormat, TwitchDownloaderText) {
  EXPECT_EQ(detect_ok("[2024-01-06 16:19:44 UTC] Bob: hi\n"), Format::kTwitchDownloaderText);
  EXPECT_EQ(detect_ok("\n[2024-01-06 16:19:44] Bob: hi\n"), Format::kTwitchDownloaderText);
}

TEST(DetectFormat, ExtensionHintForJsonLinesWithoutKnownKeys) {
  EXPECT_EQ(detect_ok(R"({"a":1})", "dump.jsonl"), Format::kMongoExport);
  EXPECT_EQ(detect_ok(R"({"a":1})", "DUMP.NDJSON"), Format::kMongoExport);
  EXPECT_FALSE(detect_format(R"({"a":1})", "dump.json").is_ok());
}

TEST(DetectFormat, UndetectableNamesTheFile) {
  Result<Format> f = detect_format("hello world\n", "/logs/chat.bin");
  ASSERT_FALSE(f.is_ok());
  EXPECT_NE(f.error().find("/logs/chat.bin"), std::string::npos) << f.error();
  EXPECT_NE(f.error().find("hello world"), std::string::npos) << f.error();
  EXPECT_NE(f.error().find("--format"), std::string::npos) << f.error();

  Result<Format> garbage = detect_format(std::string("\x00\xff\xfe", 3), "g");
  ASSERT_FALSE(garbage.is_ok());
  EXPECT_NE(garbage.error().find("\"???\""), std::string::npos) << garbage.error();

  Result<Format> empty = detect_format(" \n\t\n", "empty.log");
  ASSERT_FALSE(empty.is_ok());
  EXPECT_NE(empty.error().find("empty.log"), std::string::npos);
}

TEST(IsBlank, OnlyWhitespaceOrBom) {
  EXPECT_TRUE(is_blank(""));
  EXPECT_TRUE(is_blank("\n\r\n \t"));
  EXPECT_TRUE(is_blank("\xEF\xBB\xBF\n"));
  EXPECT_FALSE(is_blank("\n x"));
}

}  // namespace
}  // namespace pererecos::importers
