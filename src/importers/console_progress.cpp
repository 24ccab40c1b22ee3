#include "importers/console_progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>

namespace pererecos::importers {
namespace {

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string format_duration(double seconds) {
  const auto s = static_cast<long long>(std::llround(seconds));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

ConsoleProgress::ConsoleProgress(std::FILE* out, bool interactive, NowFn now,
                                 double plain_interval_seconds, double min_redraw_seconds)
    : out_(out),
      interactive_(interactive),
      now_(now ? std::move(now) : NowFn(steady_seconds)),
      interval_(interactive ? min_redraw_seconds : plain_interval_seconds) {}

std::string ConsoleProgress::render(const ProgressSnapshot& s, bool with_bar) {
  const double fraction =
      s.bytes_total > 0 ? static_cast<double>(s.bytes_done) / static_cast<double>(s.bytes_total)
                        : 1.0;
  std::string text;
  if (with_bar) {
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(fraction * kWidth);
    text += '[';
    text.append(static_cast<std::size_t>(filled), '#');
    text.append(static_cast<std::size_t>(kWidth - filled), '-');
    text += "] ";
  }
  const double mb_per_s =
      s.elapsed_seconds > 0 ? static_cast<double>(s.bytes_done) / 1e6 / s.elapsed_seconds : 0;
  text += fmt::format("{:5.1f}%  {} msgs  {:.1f} MB/s", fraction * 100.0, s.records_read, mb_per_s);
  if (s.bytes_done > 0 && s.bytes_done < s.bytes_total && s.elapsed_seconds > 0) {
    const double remaining = s.elapsed_seconds * static_cast<double>(s.bytes_total - s.bytes_done) /
                             static_cast<double>(s.bytes_done);
    text += "  ETA " + format_duration(remaining);
  }
  if (s.file_count > 1) text += fmt::format("  file {}/{}", s.file_index + 1, s.file_count);
  return text;
}

void ConsoleProgress::clear_bar() {
  if (interactive_ && bar_visible_) {
    std::fputs("\r\x1b[K", out_);
    bar_visible_ = false;
  }
}

void ConsoleProgress::on_start(std::size_t file_count, std::uint64_t bytes_total) {
  if (!interactive_) {
    std::fprintf(out_, "importing %zu file(s), %.1f MB\n", file_count,
                 static_cast<double>(bytes_total) / 1e6);
    std::fflush(out_);
  }
}

void ConsoleProgress::on_file_start(const ProgressSnapshot& snapshot, Format format) {
  clear_bar();
  std::fprintf(out_, "%.*s (%.*s)\n", static_cast<int>(snapshot.path.size()), snapshot.path.data(),
               static_cast<int>(format_name(format).size()), format_name(format).data());
  std::fflush(out_);
}

void ConsoleProgress::on_progress(const ProgressSnapshot& snapshot) {
  const double now = now_();
  if (now - last_shown_ < interval_) return;
  last_shown_ = now;
  if (interactive_) {
    std::fprintf(out_, "\r%s\x1b[K", render(snapshot, /*with_bar=*/true).c_str());
    bar_visible_ = true;
  } else {
    std::fprintf(out_, "progress: %s\n", render(snapshot, /*with_bar=*/false).c_str());
  }
  std::fflush(out_);
}

void ConsoleProgress::on_file_done(const FileSummary&) { clear_bar(); }

void ConsoleProgress::on_finish(const ImportSummary& summary) {
  clear_bar();
  std::fputs(format_finish_line(summary).c_str(), out_);
  std::fflush(out_);
}

std::string ConsoleProgress::format_finish_line(const ImportSummary& summary) {
  const FileSummary total = summary.total();
  const double rate =
      summary.seconds > 0 ? static_cast<double>(total.read()) / summary.seconds : 0.0;
  return fmt::format(
      "import finished: {} file(s), {} read, {} stored, {} duplicates, {} skipped in {:.2f} s "
      "({:.0f} msgs/s)\n",
      summary.files.size(), total.read(), total.stored(), total.duplicates(), total.skipped,
      summary.seconds, rate);
}

std::unique_ptr<ProgressReporter> make_stderr_progress() {
  return std::make_unique<ConsoleProgress>(stderr, ::isatty(STDERR_FILENO) == 1);
}

}  // namespace pererecos::importers
