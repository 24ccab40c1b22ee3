#include "importers/import_runner.h"

#include <gtest/gtest.h>

#include <fstream>
#include <limits>
#include <sstream>

#include "core/message_identity.h"
#include "importers/irc_reader.h"
#include "test_support.h"

namespace pererecos::importers {
namespace {

using testing::CollectingSink;
using testing::FakeStore;
using testing::TempDir;

const std::string kFixture = std::string(PERERECOS_FIXTURES_DIR) + "/twitch/nymn-recent-400.irc";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Records every progress event, in order.
class CapturingProgress final : public ProgressReporter {
 public:
  void on_start(std::size_t files, std::uint64_t bytes) override {
    events.push_back("start " + std::to_string(files) + " " + std::to_string(bytes));
  }
  void on_file_start(const ProgressSnapshot& s, Format format) override {
    events.push_back("file " + std::string(s.path) + " " + std::string(format_name(format)));
  }
  void on_progress(const ProgressSnapshot& s) override {
    if (s.bytes_done < last_bytes) went_back = true;
    last_bytes = s.bytes_done;
    last = s;
    ++progress_calls;
  }
  void on_file_done(const FileSummary& f) override { events.push_back("done " + f.path); }
  void on_finish(const ImportSummary&) override { events.push_back("finish"); }

  std::vector<std::string> events;
  ProgressSnapshot last;
  std::uint64_t last_bytes = 0;
  int progress_calls = 0;
  bool went_back = false;
};

class ImportRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = open_db(); }

  std::unique_ptr<Store> open_db() {
    auto store = open_store("sqlite://" + dir_.path() + "/test.db");
    EXPECT_TRUE(store.is_ok()) << (store.is_ok() ? "" : store.error());
    return std::move(store.value());
  }

  Result<ImportSummary> import(const std::vector<std::string>& files, ImportOptions options = {}) {
    return run_import(files, options, *store_, progress_);
  }

  std::vector<ChatMessage> stored_messages() {
    std::vector<ChatMessage> out;
    const Status s =
        store_->scan_messages(std::numeric_limits<TimestampMs>::min(), [&](const StoredMessage& m) {
          out.push_back(m.message);
          return true;
        });
    EXPECT_TRUE(s.is_ok()) << s.message();
    return out;
  }

  std::vector<ModerationEvent> stored_moderation() {
    std::vector<ModerationEvent> out;
    EXPECT_TRUE(store_->scan_moderation([&](const StoredModeration& m) {
      out.push_back(m.event);
      return true;
    }));
    return out;
  }

  // The identity the store reports for `m`.
  static ChatMessage with_identity(ChatMessage m) {
    m.id = message_identity(m);
    return m;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  CapturingProgress progress_;
};

TEST_F(ImportRunnerTest, NymnFixtureImports398MessagesAnd2ModerationEvents) {
  Result<ImportSummary> summary = import({kFixture});
  ASSERT_TRUE(summary.is_ok()) << summary.error();
  ASSERT_EQ(summary->files.size(), 1u);
  const FileSummary& f = summary->files[0];
  EXPECT_EQ(f.format, Format::kIrc);
  EXPECT_EQ(f.messages_read, 398u);
  EXPECT_EQ(f.moderation_read, 2u);
  EXPECT_EQ(f.messages_stored, 398u);
  EXPECT_EQ(f.moderation_stored, 2u);
  EXPECT_EQ(f.duplicates(), 0u);
  EXPECT_EQ(f.skipped, 0u);
  EXPECT_EQ(stored_messages().size(), 398u);
  EXPECT_EQ(stored_moderation().size(), 2u);

  // Every field survives the trip: the store gives back what the reader decoded.
  CollectingSink decoded;
  read_irc(slurp(kFixture), decoded);
  std::vector<ChatMessage> expected;
  for (const ChatMessage& m : decoded.messages) expected.push_back(with_identity(m));
  std::vector<ChatMessage> actual = stored_messages();
  auto by_time_then_id = [](const ChatMessage& a, const ChatMessage& b) {
    return std::tie(a.timestamp_ms, a.id) < std::tie(b.timestamp_ms, b.id);
  };
  std::sort(expected.begin(), expected.end(), by_time_then_id);
  std::sort(actual.begin(), actual.end(), by_time_then_id);
  EXPECT_EQ(actual, expected);
  std::vector<ModerationEvent> moderation = stored_moderation();
  EXPECT_EQ(moderation, decoded.moderation);
}

TEST_F(ImportRunnerTest, ReimportStoresNothingNew) {
  ASSERT_TRUE(import({kFixture}).is_ok());
  Result<ImportSummary> again = import({kFixture});
  ASSERT_TRUE(again.is_ok()) << again.error();
  const FileSummary& f = again->files[0];
  EXPECT_EQ(f.read(), 400u);
  EXPECT_EQ(f.stored(), 0u);
  EXPECT_EQ(f.messages_duplicate, 398u);
  EXPECT_EQ(f.moderation_duplicate, 2u);
  EXPECT_EQ(stored_messages().size(), 398u);
}

// A progress reporter that raises the cancel flag once `after` records were read, as the
// SIGINT handler of `pererecos-stats import` does.
class CancellingProgress final : public ProgressReporter {
 public:
  CancellingProgress(std::atomic<bool>& flag, std::uint64_t after) : flag_(flag), after_(after) {}
  void on_start(std::size_t, std::uint64_t) override {}
  void on_file_start(const ProgressSnapshot&, Format) override {}
  void on_progress(const ProgressSnapshot& s) override {
    if (s.records_read >= after_) flag_.store(true);
  }
  void on_file_done(const FileSummary&) override {}
  void on_finish(const ImportSummary&) override {}

 private:
  std::atomic<bool>& flag_;
  const std::uint64_t after_;
};

TEST_F(ImportRunnerTest, CancelStoresWhatWasReadAndAReimportFinishes) {
  std::atomic<bool> cancel{true};
  ImportOptions options;
  options.cancel = &cancel;
  Result<ImportSummary> none = import({kFixture, kFixture}, options);
  ASSERT_TRUE(none.is_ok()) << none.error();
  EXPECT_TRUE(none->interrupted);
  EXPECT_EQ(none->total().stored(), 0u);
  EXPECT_NE(format_summary(*none).find("interrupted"), std::string::npos);

  // Cancel part-way through a long file (the fixture 40 times over: 16,000 records, of
  // which 400 are distinct): whatever was read is stored, nothing read is dropped.
  TempDir dir;
  const std::string fixture = slurp(kFixture);
  const std::string long_file = dir.path() + "/long.irc";
  {
    std::ofstream out(long_file, std::ios::binary);
    for (int i = 0; i < 40; ++i) out << fixture;
  }
  cancel.store(false);
  options.batch_size = 10;
  CancellingProgress cancelling(cancel, 50);
  Result<ImportSummary> part = run_import({long_file}, options, *store_, cancelling);
  ASSERT_TRUE(part.is_ok()) << part.error();
  EXPECT_TRUE(part->interrupted);
  EXPECT_LT(part->total().read(), 16000u);
  EXPECT_EQ(part->total().stored() + part->total().duplicates(), part->total().read());
  const std::uint64_t stored_first = part->total().stored();
  EXPECT_GE(stored_first, 1u);

  Result<ImportSummary> rest = import({long_file});
  ASSERT_TRUE(rest.is_ok()) << rest.error();
  EXPECT_FALSE(rest->interrupted);
  EXPECT_EQ(rest->total().read(), 16000u);
  EXPECT_EQ(stored_first + rest->total().stored(), 400u);
}

TEST_F(ImportRunnerTest, SmallBatchesGiveTheSameResult) {
  ImportOptions options;
  options.batch_size = 7;
  Result<ImportSummary> summary = import({kFixture}, options);
  ASSERT_TRUE(summary.is_ok()) << summary.error();
  EXPECT_EQ(summary->files[0].stored(), 400u);
  EXPECT_EQ(stored_messages().size(), 398u);
}

TEST_F(ImportRunnerTest, TwitchDownloaderJsonRoundTripWithEmoji) {
  const std::string path = dir_.write("chat.json", R"({
  "FileInfo": {"Version": {"Major": 1, "Minor": 33}},
  "streamer": {"name": "NymN", "id": 62300805},
  "video": {"title": "x", "start": 0, "end": 60},
  "comments": [
    {"_id": "0b6a3f6c-1d7e-4f6a-9a34-2b1c0d9e8f7a", "created_at": "2024-01-06T16:19:44.095Z",
     "channel_id": "62300805", "content_offset_seconds": 1.0,
     "commenter": {"display_name": "Purple_Geco", "_id": "253596827", "name": "purple_geco"},
     "message": {"body": "😀 Kappa hi 🎉LUL", "bits_spent": 0,
                 "fragments": [{"text": "😀 ", "emoticon": null},
                               {"text": "Kappa", "emoticon": {"emoticon_id": "25"}},
                               {"text": " hi 🎉", "emoticon": null},
                               {"text": "LUL", "emoticon": {"emoticon_id": "425618"}}],
                 "user_badges": []}},
    {"created_at": "2024-01-06T16:19:45.5Z",
     "commenter": {"display_name": "", "_id": "417575252", "name": "Mon_Dieud"},
     "message": {"body": "Cheer100 no id", "bits_spent": 100, "fragments": []}}
  ]
})");
  Result<ImportSummary> summary = import({path});
  ASSERT_TRUE(summary.is_ok()) << summary.error();
  EXPECT_EQ(summary->files[0].format, Format::kTwitchDownloaderJson);
  EXPECT_EQ(summary->files[0].messages_stored, 2u);

  ChatMessage a;
  a.id = "0b6a3f6c-1d7e-4f6a-9a34-2b1c0d9e8f7a";
  a.channel = "nymn";
  a.room_id = "62300805";
  a.user_id = "253596827";
  a.login = "purple_geco";
  a.display_name = "Purple_Geco";
  a.text = "😀 Kappa hi 🎉LUL";
  a.timestamp_ms = 1704557984095;
  a.emotes = "25:2-6/425618:12-14";
  ChatMessage b;
  b.channel = "nymn";
  b.room_id = "62300805";  // from streamer.id
  b.user_id = "417575252";
  b.login = "mon_dieud";
  b.display_name = "mon_dieud";
  b.text = "Cheer100 no id";
  b.timestamp_ms = 1704557985500;
  b.bits = 100;
  EXPECT_EQ(stored_messages(), (std::vector<ChatMessage>{a, with_identity(b)}));

  Result<ImportSummary> again = import({path});
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->files[0].messages_duplicate, 2u);
  EXPECT_EQ(again->files[0].stored(), 0u);
}

TEST_F(ImportRunnerTest, TwitchDownloaderTextRoundTrip) {
  const std::string path = dir_.write("chat.txt",
                                      "[2024-01-06 16:19:44 UTC] Purple_Geco: forsenParty EDM\n"
                                      "[2024-01-06 16:19:45 UTC] 名前: skipped\n"
                                      "[2024-01-06 16:19:46] mon_dieud: <3 a: b\n");
  ImportOptions options;
  options.channel = "NymN";
  Result<ImportSummary> summary = import({path}, options);
  ASSERT_TRUE(summary.is_ok()) << summary.error();
  const FileSummary& f = summary->files[0];
  EXPECT_EQ(f.format, Format::kTwitchDownloaderText);
  EXPECT_EQ(f.messages_stored, 2u);
  EXPECT_EQ(f.skipped, 1u);
  ASSERT_EQ(f.skipped_records.size(), 1u);
  EXPECT_EQ(f.skipped_records[0].where.line, 2u);

  ChatMessage a;
  a.channel = "nymn";
  a.login = "purple_geco";
  a.display_name = "Purple_Geco";
  a.text = "forsenParty EDM";
  a.timestamp_ms = 1704557984000;
  ChatMessage b = a;
  b.login = "mon_dieud";
  b.display_name = "mon_dieud";
  b.text = "<3 a: b";
  b.timestamp_ms = 1704557986000;
  EXPECT_EQ(stored_messages(), (std::vector<ChatMessage>{with_identity(a), with_identity(b)}));

  Result<ImportSummary> again = import({path}, options);
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->files[0].messages_duplicate, 2u);
  EXPECT_EQ(stored_messages().size(), 2u);
}

TEST_F(ImportRunnerTest, MongoExportRoundTrip) {
  const std::string path = dir_.write(
      "chat_messages.json",
      R"({"_id":{"$oid":"659a1b2c3d4e5f6a7b8c9d0e"},"user_id":"253596827","username":"purple_geco",)"
      R"("display_name":"Purple_Geco","message":"forsenParty <3","channel":"nymn",)"
      R"("timestamp":{"$date":"2024-01-06T16:19:44.095Z"},"hour":13})"
      "\n"
      R"({"_id":{"$oid":"659a1b2c3d4e5f6a7b8c9d0f"},"user_id":{"$numberLong":"417575252"},)"
      R"("username":"mon_dieud","display_name":"mon_dieud","message":"AlienTechno",)"
      R"("channel":"nymn","timestamp":{"$date":{"$numberLong":"1704557984239"}},)"
      R"("hour":{"$numberInt":"13"}})"
      "\n");
  Result<ImportSummary> summary = import({path});
  ASSERT_TRUE(summary.is_ok()) << summary.error();
  EXPECT_EQ(summary->files[0].format, Format::kMongoExport);
  ChatMessage a;
  a.channel = "nymn";
  a.user_id = "253596827";
  a.login = "purple_geco";
  a.display_name = "Purple_Geco";
  a.text = "forsenParty <3";
  a.timestamp_ms = 1704557984095;
  ChatMessage b;
  b.channel = "nymn";
  b.user_id = "417575252";
  b.login = "mon_dieud";
  b.display_name = "mon_dieud";
  b.text = "AlienTechno";
  b.timestamp_ms = 1704557984239;
  EXPECT_EQ(stored_messages(), (std::vector<ChatMessage>{with_identity(a), with_identity(b)}));
  Result<ImportSummary> again = import({path});
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->files[0].messages_duplicate, 2u);
}

TEST_F(ImportRunnerTest, SkippedLinesAreCountedAndTheFirstOnesListed) {
  std::string content;
  const std::string good = slurp(kFixture).substr(0, slurp(kFixture).find('\n') + 1);
  content += good;                                      // line 1
  for (int i = 0; i < 25; ++i) content += "@broken\n";  // lines 2..26
  const std::string path = dir_.write("broken.irc", content);
  ImportOptions options;
  options.max_skipped_listed = 20;
  Result<ImportSummary> summary = import({path}, options);
  ASSERT_TRUE(summary.is_ok()) << summary.error();
  const FileSummary& f = summary->files[0];
  EXPECT_EQ(f.messages_stored, 1u);
  EXPECT_EQ(f.skipped, 25u);
  ASSERT_EQ(f.skipped_records.size(), 20u);
  EXPECT_EQ(f.skipped_records.front().where.line, 2u);
  EXPECT_EQ(f.skipped_records.back().where.line, 21u);
  const std::string text = format_summary(*summary);
  EXPECT_NE(text.find("skipped line 2: "), std::string::npos) << text;
  EXPECT_NE(text.find("... and 5 more skipped"), std::string::npos) << text;
  EXPECT_EQ(text.find("skipped line 22"), std::string::npos) << text;
}

TEST_F(ImportRunnerTest, EmptyAndBlankFilesImportNothing) {
  const std::string empty = dir_.write("empty.irc", "");
  const std::string blank = dir_.write("blank.json", "\n\n   \n");
  Result<ImportSummary> summary = import({empty, blank});
  ASSERT_TRUE(summary.is_ok()) << summary.error();
  for (const FileSummary& f : summary->files) {
    EXPECT_EQ(f.read(), 0u);
    EXPECT_EQ(f.skipped, 0u);
  }
  EXPECT_TRUE(stored_messages().empty());
}

TEST_F(ImportRunnerTest, ProblemsWithAnyFileStopBeforeWritingAnything) {
  const std::string unknown = dir_.write("mystery.bin", "hello there\n");
  const std::string text = dir_.write("chat.txt", "[2024-01-06 16:19:44 UTC] a: b\n");
  struct Case {
    std::vector<std::string> files;
    std::string must_mention;
  };
  for (const Case& c :
       {Case{{kFixture, dir_.path() + "/missing.irc"}, "missing.irc"},
        Case{{kFixture, unknown}, "mystery.bin"}, Case{{kFixture, text}, "--channel"},
        Case{{kFixture, dir_.path()}, dir_.path()}}) {
    FakeStore fake;
    Result<ImportSummary> summary = run_import(c.files, {}, fake, progress_);
    ASSERT_FALSE(summary.is_ok());
    EXPECT_NE(summary.error().find(c.must_mention), std::string::npos) << summary.error();
    EXPECT_EQ(fake.writes, 0);
  }
}

TEST_F(ImportRunnerTest, ForcedFormatOverridesDetection) {
  ImportOptions options;
  options.format = Format::kMongoExport;
  Result<ImportSummary> summary = import({kFixture}, options);
  ASSERT_TRUE(summary.is_ok()) << summary.error();
  EXPECT_EQ(summary->files[0].format, Format::kMongoExport);
  EXPECT_EQ(summary->files[0].read(), 0u);
  EXPECT_EQ(summary->files[0].skipped, 400u);  // every line is invalid JSON
}

TEST_F(ImportRunnerTest, AFailingStoreStopsTheImportWithAnError) {
  FakeStore fake;
  fake.fail_after_writes = 1;
  ImportOptions options;
  options.batch_size = 10;
  Result<ImportSummary> summary = run_import({kFixture, kFixture}, options, fake, progress_);
  ASSERT_FALSE(summary.is_ok());
  EXPECT_NE(summary.error().find("disk full"), std::string::npos) << summary.error();
  EXPECT_EQ(fake.stored.size(), 10u);  // the first batch stayed committed
}

TEST_F(ImportRunnerTest, SeveralFilesAndProgressEvents) {
  const std::string text = dir_.write("chat.txt", "[2024-01-06 16:19:44 UTC] a: b\n");
  ImportOptions options;
  options.channel = "nymn";
  options.batch_size = 50;
  Result<ImportSummary> summary = import({kFixture, text}, options);
  ASSERT_TRUE(summary.is_ok()) << summary.error();
  ASSERT_EQ(summary->files.size(), 2u);
  EXPECT_EQ(summary->files[0].stored(), 400u);
  EXPECT_EQ(summary->files[1].stored(), 1u);
  EXPECT_EQ(summary->total().stored(), 401u);
  EXPECT_EQ(summary->total().bytes, summary->files[0].bytes + summary->files[1].bytes);
  const std::string bytes = std::to_string(summary->total().bytes);
  EXPECT_EQ(progress_.events,
            (std::vector<std::string>{"start 2 " + bytes, "file " + kFixture + " irc",
                                      "done " + kFixture, "file " + text + " twitchdownloader-txt",
                                      "done " + text, "finish"}));
  EXPECT_FALSE(progress_.went_back);
  EXPECT_EQ(progress_.last.bytes_done, summary->total().bytes);
  EXPECT_EQ(progress_.last.records_read, 401u);
  EXPECT_EQ(progress_.last.stored, 401u);
}

}  // namespace
}  // namespace pererecos::importers
