// `pererecos-stats migrate --from URL --to URL [--append]` (docs/operations.md): copies
// one store into another (storage/migration/store_migration.h) with a progress bar on a
// terminal (plain lines otherwise), then prints the verification.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "app/commands.h"
#include "storage/migration/store_migration.h"

namespace pererecos::app {
namespace {

std::string hex64(std::uint64_t v) {
  std::ostringstream out;
  out << std::hex << std::setw(16) << std::setfill('0') << v;
  return out.str();
}

// Draws the progress on stderr: a bar redrawn in place on a terminal, else a line per
// phase change and at most one every 5 s.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(bool tty) : tty_(tty), start_(Clock::now()) {}

  void operator()(const std::string& phase, std::uint64_t done, std::uint64_t total) {
    const auto now = Clock::now();
    const bool new_phase = phase != phase_;
    if (new_phase) {
      if (tty_ && !phase_.empty()) std::cerr << "\n";
      phase_ = phase;
      phase_start_ = now;
    } else if (now - last_ < (tty_ ? std::chrono::milliseconds(100) : std::chrono::seconds(5)) &&
               !(total != 0 && done == total)) {
      return;
    }
    last_ = now;
    const double secs = std::chrono::duration<double>(now - phase_start_).count();
    const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
    std::ostringstream line;
    line << std::left << std::setw(14) << phase;
    if (total > 0) {
      const double frac = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
      if (tty_) {
        const int width = 30, filled = static_cast<int>(frac * width);
        line << " [" << std::string(filled, '#') << std::string(width - filled, '.') << "]";
      }
      line << " " << std::fixed << std::setprecision(1) << frac * 100 << "% " << done << "/"
           << total;
    } else {
      line << " " << done;
    }
    if (rate > 0) line << " (" << static_cast<std::uint64_t>(rate) << "/s)";
    if (tty_) {
      std::cerr << "\r" << line.str() << "\033[K" << std::flush;
    } else {
      std::cerr << "migrate: " << line.str() << "\n";
    }
  }

  void finish() {
    if (tty_ && !phase_.empty()) std::cerr << "\n";
    phase_.clear();
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool tty_;
  Clock::time_point start_, phase_start_, last_;
  std::string phase_;
};

void print_report(const storage::MigrationReport& r, bool append) {
  if (r.already_complete) {
    std::cout << "the target already holds a finished copy of this source; verifying it\n";
  } else {
    if (r.resumed) std::cout << "resumed an interrupted migration at ts " << r.resumed_from_ms << "\n";
    std::cout << "copied: " << r.messages_read << " messages read, " << r.messages_stored
              << " stored, " << r.messages_duplicate << " already there";
    if (r.messages_tombstoned > 0) std::cout << ", " << r.messages_tombstoned << " tombstoned";
    std::cout << "; " << r.moderation_stored << " moderation events stored, "
              << r.moderation_duplicate << " already there\n";
  }
  std::cout << "verification (per channel: messages source/target, identity checksum "
               "source/target):\n";
  for (const auto& [channel, src] : r.source.channels) {
    auto it = r.target.channels.find(channel);
    const storage::IdentityDigest dst = it == r.target.channels.end() ? storage::IdentityDigest{}
                                                                      : it->second;
    const bool ok = append ? dst.count >= src.count
                           : dst.count == src.count && dst.checksum == src.checksum;
    std::cout << "  #" << channel << " " << src.count << "/" << dst.count << " " << hex64(src.checksum)
              << "/" << hex64(dst.checksum) << (ok ? " ok" : " MISMATCH") << "\n";
  }
  for (const auto& [channel, dst] : r.target.channels) {
    if (!r.source.channels.count(channel)) {
      std::cout << "  #" << channel << " 0/" << dst.count << " (target only)\n";
    }
  }
  const auto& a = r.source.tables;
  const auto& b = r.target.tables;
  std::cout << "  messages " << r.source.all.count << "/" << r.target.all.count
            << ", checksum of all identities " << hex64(r.source.all.checksum) << "/"
            << hex64(r.target.all.checksum) << "\n"
            << "  moderation " << a.moderation << "/" << b.moderation << ", feedback " << a.feedback
            << "/" << b.feedback << ", emote sets " << a.emote_sets << "/" << b.emote_sets
            << ", settings " << a.settings << "/" << b.settings << ", tombstones " << a.tombstones
            << "/" << b.tombstones << "\n";
  if (r.verified) {
    std::cout << (append ? "verified: the target holds at least the source's rows (--append: "
                           "checksums not compared)\n"
                         : "verified: both sides hold the same rows\n");
  } else {
    std::cout << "VERIFICATION FAILED:\n";
    for (const std::string& m : r.mismatches) std::cout << "  " << m << "\n";
  }
}

}  // namespace

int run_migrate_command(const MigrateCommandOptions& options) {
  storage::MigrationOptions m;
  m.from_url = options.from;
  m.to_url = options.to;
  m.append = options.append;
  if (options.batch_size > 0) m.batch_size = options.batch_size;
  ProgressPrinter printer(isatty(STDERR_FILENO) == 1);
  auto report = storage::migrate_store(
      m, [&](const std::string& phase, std::uint64_t done, std::uint64_t total) {
        printer(phase, done, total);
      });
  printer.finish();
  if (!report) {
    std::cerr << "pererecos-stats: migrate: " << report.error() << "\n";
    return 1;
  }
  print_report(*report, options.append);
  return report->verified ? 0 : 1;
}

}  // namespace pererecos::app
