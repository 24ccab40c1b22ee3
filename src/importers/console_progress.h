// Renders import progress on a console: an in-place progress bar on a terminal, plain
// lines every few seconds otherwise (pipes, CI), then one closing line with the totals.
// The full per-file report (skipped lines...) is format_summary(), which the caller
// prints where it wants (the CLI prints it on stdout).
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "importers/progress.h"

namespace pererecos::importers {

class ConsoleProgress final : public ProgressReporter {
 public:
  // Seconds on a monotonic clock; injectable so tests control throttling.
  using NowFn = std::function<double()>;

  // `out` is not owned and must outlive this object. `interactive`: redraw one line in
  // place ('\r', at most every `min_redraw_seconds`, default 0.1) instead of printing a
  // line every `plain_interval_seconds` (default 5).
  ConsoleProgress(std::FILE* out, bool interactive, NowFn now = {},
                  double plain_interval_seconds = 5.0, double min_redraw_seconds = 0.1);

  void on_start(std::size_t file_count, std::uint64_t bytes_total) override;
  void on_file_start(const ProgressSnapshot& snapshot, Format format) override;
  void on_progress(const ProgressSnapshot& snapshot) override;
  void on_file_done(const FileSummary& file) override;
  void on_finish(const ImportSummary& summary) override;

  // The text of one progress report, without line ending or control sequences:
  // "[#####-----]  45.2%  1234567 msgs  85.3 MB/s  ETA 0:12". Exposed for tests.
  static std::string render(const ProgressSnapshot& snapshot, bool with_bar);

  // The closing line printed by on_finish: "import finished: 1 file(s), 400 read, 400
  // stored, 0 duplicates, 0 skipped in 0.05 s (8000 msgs/s)\n".
  static std::string format_finish_line(const ImportSummary& summary);

 private:
  void clear_bar();

  std::FILE* out_;
  const bool interactive_;
  NowFn now_;
  const double interval_;
  double last_shown_ = -1e300;
  bool bar_visible_ = false;
};

// A ConsoleProgress on stderr, interactive when stderr is a terminal (isatty).
std::unique_ptr<ProgressReporter> make_stderr_progress();

}  // namespace pererecos::importers
