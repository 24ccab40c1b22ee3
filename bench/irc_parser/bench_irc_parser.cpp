// Throughput of the IRC line parser and of full decoding into ChatEvent.
//
// Loads the real capture nymn-recent-400.irc, repeats its lines into one contiguous
// in-memory buffer of --lines lines (default 2,000,000, ~1 GB, so the input streams from
// memory rather than sitting in cache), then times, --runs times each (default 5):
//   (a) parse_irc_line alone,
//   (b) parse_irc_line plus one pass over every tag (what a consumer of tags pays),
//   (c) decode_twitch_line into ChatEvent,
// and prints the median lines/s and MB/s. Every run also checks its result (every line
// parses/decodes, and a checksum matches across runs).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "irc/irc_line.h"
#include "irc/twitch_decoder.h"

namespace {

using pererecos::ChatEvent;
using pererecos::ChatMessage;
using pererecos::Result;
namespace irc = pererecos::irc;

struct Options {
  std::size_t lines = 2'000'000;
  int runs = 5;
  std::string fixture = PERERECOS_FIXTURES_DIR "/twitch/nymn-recent-400.irc";
};

bool parse_args(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--lines" && has_value) {
      options.lines = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--runs" && has_value) {
      options.runs = std::atoi(argv[++i]);
    } else if (arg == "--fixture" && has_value) {
      options.fixture = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--lines N] [--runs R] [--fixture PATH]\n", argv[0]);
      return false;
    }
  }
  return options.lines > 0 && options.runs > 0;
}

// One pass over the input; returns a checksum of what it computed, or -1 on a failure.
using Pass = std::function<std::int64_t(const std::vector<std::string_view>&)>;

std::int64_t parse_only(const std::vector<std::string_view>& lines) {
  std::int64_t sum = 0;
  for (std::string_view line : lines) {
    const Result<irc::IrcLine> parsed = irc::parse_irc_line(line);
    if (!parsed) return -1;
    sum += static_cast<std::int64_t>(parsed->param_count() + parsed->command().size() +
                                     parsed->trailing().size());
  }
  return sum;
}

std::int64_t parse_and_scan_tags(const std::vector<std::string_view>& lines) {
  std::int64_t sum = 0;
  for (std::string_view line : lines) {
    const Result<irc::IrcLine> parsed = irc::parse_irc_line(line);
    if (!parsed) return -1;
    for (const irc::IrcTag& tag : parsed->tags()) {
      sum += static_cast<std::int64_t>(tag.key.size() + tag.raw_value.size());
    }
  }
  return sum;
}

std::int64_t decode_full(const std::vector<std::string_view>& lines) {
  std::int64_t sum = 0;
  for (std::string_view line : lines) {
    const Result<ChatEvent> event = irc::decode_twitch_line(line);
    if (!event) return -1;
    if (const auto* message = std::get_if<ChatMessage>(&*event)) {
      sum += static_cast<std::int64_t>(message->text.size()) + message->timestamp_ms % 1000;
    } else {
      sum += 1;
    }
  }
  return sum;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// CPU time of the calling thread: on a shared, loaded machine it is a steadier measure of
// single-core throughput than wall time, which also counts time spent descheduled.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

bool run(const char* name, const Pass& pass, const std::vector<std::string_view>& lines,
         std::size_t bytes, int runs) {
  std::vector<double> seconds;
  std::vector<double> cpu_seconds;
  std::int64_t checksum = 0;
  for (int r = 0; r < runs; ++r) {
    const double cpu_start = thread_cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    const std::int64_t sum = pass(lines);
    const auto stop = std::chrono::steady_clock::now();
    cpu_seconds.push_back(thread_cpu_seconds() - cpu_start);
    if (sum < 0 || (r > 0 && sum != checksum)) {
      std::fprintf(stderr, "%s: result check failed (run %d, checksum %lld)\n", name, r + 1,
                   static_cast<long long>(sum));
      return false;
    }
    checksum = sum;
    seconds.push_back(std::chrono::duration<double>(stop - start).count());
  }
  const double n = static_cast<double>(lines.size());
  const double mb = static_cast<double>(bytes) / 1e6;
  const double wall = median(seconds);
  const double cpu = median(cpu_seconds);
  std::printf("%-22s wall: %10.0f lines/s %7.1f MB/s | cpu: %10.0f lines/s %7.1f MB/s\n", name,
              n / wall, mb / wall, n / cpu, mb / cpu);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_args(argc, argv, options)) return 2;

  std::ifstream in(options.fixture, std::ios::binary);
  std::vector<std::string> fixture;
  for (std::string line; std::getline(in, line);) fixture.push_back(line);
  if (fixture.empty()) {
    std::fprintf(stderr, "cannot read fixture lines from %s\n", options.fixture.c_str());
    return 1;
  }

  // One contiguous buffer of the repeated lines, each followed by '\n' like a stream.
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < options.lines; ++i) bytes += fixture[i % fixture.size()].size();
  std::string buffer;
  buffer.reserve(bytes + options.lines);
  std::vector<std::size_t> offsets;
  offsets.reserve(options.lines);
  for (std::size_t i = 0; i < options.lines; ++i) {
    offsets.push_back(buffer.size());
    buffer += fixture[i % fixture.size()];
    buffer += '\n';
  }
  std::vector<std::string_view> lines;
  lines.reserve(options.lines);
  for (std::size_t i = 0; i < options.lines; ++i) {
    lines.emplace_back(buffer.data() + offsets[i], fixture[i % fixture.size()].size());
  }

  std::printf(
      "bench_irc_parser: %zu lines (%zu fixture lines repeated), %.1f MB, avg %.0f B/line\n",
      lines.size(), fixture.size(), static_cast<double>(bytes) / 1e6,
      static_cast<double>(bytes) / static_cast<double>(lines.size()));
  bool ok = run("parse_irc_line", parse_only, lines, bytes, options.runs);
  ok = run("parse + scan all tags", parse_and_scan_tags, lines, bytes, options.runs) && ok;
  ok = run("decode_twitch_line", decode_full, lines, bytes, options.runs) && ok;
  std::printf("(medians of %d runs; wall = elapsed time, cpu = this thread's CPU time)\n",
              options.runs);
  std::printf("reproduce: %s --lines %zu --runs %d\n", argv[0], options.lines, options.runs);
  return ok ? 0 : 1;
}
