#include "importers/console_progress.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace pererecos::importers {
namespace {

// Collects what a ConsoleProgress writes, through a temporary FILE.
class Capture {
 public:
  Capture() : file_(std::tmpfile()) {}
  ~Capture() { std::fclose(file_); }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    std::string out;
    std::rewind(file_);
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, file_)) > 0) out.append(buf, n);
    return out;
  }

 private:
  std::FILE* file_;
};

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

ProgressSnapshot snapshot(std::uint64_t done, std::uint64_t total, double elapsed) {
  ProgressSnapshot s;
  s.file_count = 1;
  s.path = "chat.irc";
  s.bytes_done = done;
  s.bytes_total = total;
  s.records_read = 1234;
  s.elapsed_seconds = elapsed;
  return s;
}

TEST(ConsoleProgress, RenderShowsPercentMessagesRateAndEta) {
  const std::string text = ConsoleProgress::render(snapshot(25'000'000, 100'000'000, 10.0), true);
  EXPECT_EQ(text, "[######------------------]  25.0%  1234 msgs  2.5 MB/s  ETA 0:30");
  const std::string plain = ConsoleProgress::render(snapshot(100, 100, 1.0), false);
  EXPECT_EQ(plain, "100.0%  1234 msgs  0.0 MB/s");
}

TEST(ConsoleProgress, InteractiveRedrawsInPlaceAtMostTenTimesPerSecond) {
  Capture capture;
  double now = 0;
  ConsoleProgress progress(capture.file(), /*interactive=*/true, [&] { return now; });
  progress.on_start(1, 1000);
  for (int i = 0; i < 100; ++i) {  // 100 calls over 1 s: at most ~10 redraws
    now = i * 0.01;
    progress.on_progress(snapshot(static_cast<std::uint64_t>(i) * 10, 1000, now));
  }
  const std::string text = capture.text();
  const std::size_t redraws = count(text, "msgs");
  EXPECT_GE(redraws, 9u);
  EXPECT_LE(redraws, 11u);
  EXPECT_EQ(count(text, "\r"), redraws);
  EXPECT_EQ(count(text, "\n"), 0u);  // a bar, not lines
}

TEST(ConsoleProgress, PlainModePrintsLinesEveryFewSeconds) {
  Capture capture;
  double now = 0;
  ConsoleProgress progress(capture.file(), /*interactive=*/false, [&] { return now; });
  progress.on_start(1, 1000);
  for (int i = 0; i < 100; ++i) {  // 100 calls over 20 s: a line every 5 s
    now = i * 0.2;
    progress.on_progress(snapshot(static_cast<std::uint64_t>(i) * 10, 1000, now));
  }
  const std::string text = capture.text();
  EXPECT_EQ(count(text, "progress: "), 4u);
  EXPECT_EQ(count(text, "\r"), 0u);
  EXPECT_EQ(count(text, "\x1b"), 0u);  // no control sequences in logs
}

TEST(ConsoleProgress, FinishClearsTheBarAndPrintsTheTotals) {
  Capture capture;
  double now = 0;
  ConsoleProgress progress(capture.file(), /*interactive=*/true, [&] { return now; });
  progress.on_progress(snapshot(10, 100, 1));
  ImportSummary summary;
  FileSummary file;
  file.path = "chat.irc";
  file.format = Format::kIrc;
  file.messages_read = 3;
  file.messages_stored = 2;
  file.messages_duplicate = 1;
  file.skipped = 1;
  file.skipped_records.push_back({{7, 7}, "bad line"});
  summary.files.push_back(file);
  summary.files.push_back(file);
  summary.seconds = 1.5;
  progress.on_finish(summary);
  const std::string text = capture.text();
  EXPECT_NE(text.find("\r\x1b[K"), std::string::npos);
  EXPECT_NE(text.find("import finished: 2 file(s), 6 read, 4 stored, 2 duplicates, 2 skipped "
                      "in 1.50 s (4 msgs/s)\n"),
            std::string::npos)
      << text;
}

TEST(FormatSummary, PerFileCountsSkippedRecordsAndTotals) {
  ImportSummary summary;
  FileSummary file;
  file.path = "chat.irc";
  file.format = Format::kIrc;
  file.bytes = 2'500'000;
  file.messages_read = 3;
  file.moderation_read = 1;
  file.messages_stored = 2;
  file.messages_duplicate = 1;
  file.moderation_stored = 1;
  file.not_chat = 4;
  file.skipped = 3;
  file.skipped_records.push_back({{7, 7}, "bad line"});
  file.skipped_records.push_back({{2, 9}, "missing message.body"});
  summary.files.push_back(file);
  summary.seconds = 2;
  EXPECT_EQ(format_summary(summary),
            "chat.irc (irc, 2.5 MB): 4 read (3 messages, 1 moderation), 3 stored, "
            "1 duplicates, 4 not chat, 3 skipped\n"
            "  skipped line 7: bad line\n"
            "  skipped record 2 (line 9): missing message.body\n"
            "  ... and 1 more skipped\n"
            "total: 1 file(s), 4 read, 3 stored, 1 duplicates, 4 not chat, 3 skipped in 2.00 s "
            "(2 records/s, 1.2 MB/s)\n");
}

}  // namespace
}  // namespace pererecos::importers
