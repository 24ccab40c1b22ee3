// End-to-end import benchmark: a generated raw IRC log -> run_import -> a fresh SQLite
// file. Prints messages/s, MB/s and bytes on disk per message, plus a parse-only rate,
// and checks that every generated event was stored exactly once.
//
//   bench_import [--lines N] [--data FILE] [--db FILE] [--regenerate]
//                [--url postgresql://USER@HOST:PORT/DB [--bulk-load]]
//
// With --url the store is PostgreSQL: each phase writes into a new database created on
// that server (bench_import_<pid>_<phase>, dropped afterwards), and the CPU figures add
// the server backend's CPU (from /proc: same machine only; not the WAL writer's).
// --bulk-load imports end to end as `import --bulk-load` does (the index build included).
//
// Defaults: 5,000,000 lines in bench/data/import-<N>.irc (generated once, reused), the
// database in bench/data/import-bench.db (deleted before each run).
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "importers/import_runner.h"
#include "importers/mapped_file.h"
#include "importers/readers.h"
#include "irc_log_generator.h"
#include "storage/migration/bulk_load.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_store.h"
#include "storage/store.h"

namespace {

using namespace pererecos;
namespace fs = std::filesystem;

// Counts what the reader finds, for the parse-only figure.
class CountingSink final : public importers::RecordSink {
 public:
  void on_message(ChatMessage&&, const importers::RecordPosition&) override { ++events; }
  void on_moderation(ModerationEvent&&, const importers::RecordPosition&) override { ++events; }
  void on_not_chat(const importers::RecordPosition&) override {}
  void on_skipped(const importers::RecordPosition&, std::string) override { ++skipped; }
  void on_consumed(std::uint64_t) override {}
  std::uint64_t events = 0;
  std::uint64_t skipped = 0;
};

// Keeps the first `limit` events in batches of 5,000, for the store-only figure.
class BatchingSink final : public importers::RecordSink {
 public:
  explicit BatchingSink(std::size_t limit) : limit_(limit) {}
  void on_message(ChatMessage&& m, const importers::RecordPosition&) override {
    if (count_ >= limit_) return;
    next().first.push_back(std::move(m));
  }
  void on_moderation(ModerationEvent&& e, const importers::RecordPosition&) override {
    if (count_ >= limit_) return;
    next().second.push_back(std::move(e));
  }
  void on_not_chat(const importers::RecordPosition&) override {}
  void on_skipped(const importers::RecordPosition&, std::string) override {}
  void on_consumed(std::uint64_t) override {}
  bool stopped() const override { return count_ >= limit_; }

  std::vector<std::pair<std::vector<ChatMessage>, std::vector<ModerationEvent>>> batches;

 private:
  std::pair<std::vector<ChatMessage>, std::vector<ModerationEvent>>& next() {
    if (count_++ % 5000 == 0) batches.emplace_back();
    return batches.back();
  }
  std::size_t limit_;
  std::size_t count_ = 0;
};

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU seconds used by the whole process so far (all threads).
double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

// The 1-minute load average: figures taken on a busy machine are not comparable.
std::string load_average() {
  std::FILE* f = std::fopen("/proc/loadavg", "r");
  if (f == nullptr) return "?";
  char buf[64] = {};
  const bool ok = std::fgets(buf, sizeof buf, f) != nullptr;
  std::fclose(f);
  std::string s = ok ? buf : "?";
  return s.substr(0, s.find(' '));
}

std::uintmax_t size_or_zero(const fs::path& p) {
  std::error_code ec;
  const auto size = fs::file_size(p, ec);
  return ec ? 0 : size;
}

// A fresh database on the PostgreSQL server of `admin_url` (replacing its database
// name), or a fresh SQLite file at `file` when admin_url is empty.
struct Target {
  std::string admin_url;
  std::string file;
  std::string created;
  std::string open(const std::string& phase) {
    if (admin_url.empty()) {
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file + phase + suffix);
      return "sqlite://" + fs::absolute(file + phase).string();
    }
    created = "bench_import_" + std::to_string(getpid()) + (phase.empty() ? "" : "_store_only");
    if (auto conn = storage::PgConnection::connect(admin_url)) {
      (void)(*conn)->exec("DROP DATABASE IF EXISTS " + created + " WITH (FORCE)");
      (void)(*conn)->exec("CREATE DATABASE " + created);
    }
    return admin_url.substr(0, admin_url.rfind('/') + 1) + created;
  }
  void drop() {
    if (admin_url.empty() || created.empty()) return;
    if (auto conn = storage::PgConnection::connect(admin_url)) {
      (void)(*conn)->exec("DROP DATABASE IF EXISTS " + created + " WITH (FORCE)");
    }
  }
};

// The CPU seconds of the PostgreSQL backend serving `store` (0 for SQLite).
double backend_cpu_seconds(Store& store) {
  auto* pg = dynamic_cast<storage::PgStore*>(&store);
  if (pg == nullptr) return 0;
  std::FILE* f = std::fopen(("/proc/" + std::to_string(pg->backend_pid()) + "/stat").c_str(), "r");
  if (f == nullptr) return 0;
  char buf[1024] = {};
  const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  std::string_view stat(buf, n);
  const auto close = stat.rfind(')');
  if (close == std::string_view::npos) return 0;
  // Fields after the command: state(3) ... utime(14) stime(15).
  std::vector<std::string> fields;
  std::string field;
  for (char c : stat.substr(close + 2)) {
    if (c == ' ') {
      fields.push_back(field);
      field.clear();
    } else {
      field.push_back(c);
    }
  }
  if (fields.size() < 13) return 0;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t lines = 5'000'000;
  const fs::path data_dir = fs::path(PERERECOS_SOURCE_DIR) / "bench" / "data";
  std::string data;
  std::string db = (data_dir / "import-bench.db").string();
  bool regenerate = false;
  Target target;
  bool bulk_load = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--lines" && i + 1 < argc) {
      lines = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--data" && i + 1 < argc) {
      data = argv[++i];
    } else if (arg == "--db" && i + 1 < argc) {
      db = argv[++i];
    } else if (arg == "--bulk-load") {
      bulk_load = true;
    } else if (arg == "--url" && i + 1 < argc) {
      target.admin_url = argv[++i];
    } else if (arg == "--regenerate") {
      regenerate = true;
    } else {
      std::fprintf(stderr, "usage: %s [--lines N] [--data FILE] [--db FILE] [--regenerate]\n",
                   argv[0]);
      return 2;
    }
  }
  if (data.empty()) data = (data_dir / ("import-" + std::to_string(lines) + ".irc")).string();
  fs::create_directories(fs::path(data).parent_path());
  fs::create_directories(fs::path(db).parent_path());

  bench::IrcLogStats expected;
  const auto gen_start = std::chrono::steady_clock::now();
  // Generation is deterministic, so an existing file of the right name is reused; the
  // expected counts come from a regeneration into /dev/null-cheap form only when needed.
  if (regenerate || !fs::exists(data)) {
    std::printf("generating %llu lines into %s ...\n", static_cast<unsigned long long>(lines),
                data.c_str());
    auto stats = bench::write_irc_log(data, lines);
    if (!stats.is_ok()) {
      std::fprintf(stderr, "%s\n", stats.error().c_str());
      return 1;
    }
    expected = stats.value();
    std::printf("generated in %.1f s\n", seconds_since(gen_start));
  }

  // Parse only (no store), for reference: the decoding side of the pipeline.
  {
    auto mapped = importers::MappedFile::open(data);
    if (!mapped.is_ok()) {
      std::fprintf(stderr, "%s\n", mapped.error().c_str());
      return 1;
    }
    CountingSink sink;
    const double cpu0 = thread_cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    importers::read_records(importers::Format::kIrc, mapped.value()->bytes(), {}, sink);
    const double s = seconds_since(start);
    const double cpu = thread_cpu_seconds() - cpu0;
    std::printf(
        "parse only: %llu events in %.2f s = %.0f events/s, %.1f MB/s; %.2f us CPU per event "
        "(%.0f events per CPU-second)\n",
        static_cast<unsigned long long>(sink.events), s, static_cast<double>(sink.events) / s,
        static_cast<double>(mapped.value()->bytes().size()) / 1e6 / s,
        cpu * 1e6 / static_cast<double>(sink.events), static_cast<double>(sink.events) / cpu);
  }

  // Store only: the writing side alone, on the first 500k events parsed beforehand, on
  // this thread (CPU time is this thread's).
  {
    auto mapped = importers::MappedFile::open(data);
    BatchingSink sink(500'000);
    if (mapped.is_ok()) {
      importers::read_records(importers::Format::kIrc, mapped.value()->bytes(), {}, sink);
    }
    target.file = db;
    auto store = open_store(target.open(".store-only"));
    if (!store.is_ok()) {
      std::fprintf(stderr, "%s\n", store.error().c_str());
      return 1;
    }
    std::uint64_t events = 0;
    const double cpu0 = thread_cpu_seconds() + backend_cpu_seconds(*store.value());
    const auto start = std::chrono::steady_clock::now();
    for (const auto& [messages, moderation] : sink.batches) {
      auto counts = store.value()->write(messages, moderation);
      if (!counts.is_ok()) {
        std::fprintf(stderr, "%s\n", counts.error().c_str());
        return 1;
      }
      events += messages.size() + moderation.size();
    }
    const double s = seconds_since(start);
    const double cpu = thread_cpu_seconds() + backend_cpu_seconds(*store.value()) - cpu0;
    std::printf(
        "store only: %llu events in %.2f s = %.0f events/s; %.2f us CPU per event (%.0f events "
        "per CPU-second)\n",
        static_cast<unsigned long long>(events), s, static_cast<double>(events) / s,
        cpu * 1e6 / static_cast<double>(events), static_cast<double>(events) / cpu);
    store.value().reset();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + ".store-only" + suffix);
    target.drop();
  }

  const std::string import_url = target.open("");
  auto store = open_store(import_url);
  if (!store.is_ok()) {
    std::fprintf(stderr, "%s\n", store.error().c_str());
    return 1;
  }
  importers::SilentProgress progress;
  importers::ImportOptions options;
  const std::string load_before = load_average();
  const double cpu_start = process_cpu_seconds() + backend_cpu_seconds(*store.value());
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<storage::BulkLoad> bulk;
  double bulk_backend_cpu = 0;  // the index build runs on its own connection
  if (bulk_load) {
    auto begun = storage::BulkLoad::begin(import_url);
    if (!begun) {
      std::fprintf(stderr, "%s\n", begun.error().c_str());
      return 1;
    }
    bulk = std::move(*begun);
  }
  auto summary = importers::run_import({data}, options, *store.value(), progress);
  if (bulk) {
    const double t0 = process_cpu_seconds();
    const auto b0 = std::chrono::steady_clock::now();
    if (Status s = bulk->finish(); !s) {
      std::fprintf(stderr, "%s\n", s.message().c_str());
      return 1;
    }
    // The server's CPU for the build is not visible from here; its wall time bounds it.
    bulk_backend_cpu = seconds_since(b0) - (process_cpu_seconds() - t0);
    std::printf("index build at the end: %.2f s\n", seconds_since(b0));
  }
  const double import_s = seconds_since(start);
  const double import_cpu_s =
      process_cpu_seconds() + backend_cpu_seconds(*store.value()) + bulk_backend_cpu - cpu_start;
  if (!summary.is_ok()) {
    std::fprintf(stderr, "import failed: %s\n", summary.error().c_str());
    return 1;
  }
  store.value().reset();  // close: checkpoints the WAL into the database file
  const double close_s = seconds_since(start);
  const importers::FileSummary total = summary->total();

  std::fputs(importers::format_summary(summary.value()).c_str(), stdout);
  const auto db_bytes = size_or_zero(db) + size_or_zero(db + "-wal");
  std::printf(
      "end to end: %llu messages + %llu moderation in %.2f s (%.2f s with close) = %.0f "
      "messages/s, %.1f MB/s\n",
      static_cast<unsigned long long>(total.messages_stored),
      static_cast<unsigned long long>(total.moderation_stored), import_s, close_s,
      static_cast<double>(total.messages_read) / import_s,
      static_cast<double>(total.bytes) / 1e6 / import_s);
  std::printf("on disk: %.1f MB = %.1f bytes per message (input %.1f bytes per line)\n",
              static_cast<double>(db_bytes) / 1e6,
              static_cast<double>(db_bytes) / static_cast<double>(total.messages_stored),
              static_cast<double>(total.bytes) /
                  static_cast<double>(total.read() + total.not_chat + total.skipped));
  std::printf(
      "cpu: %.2f s over both threads%s = %.2f us per message, %.0f messages per CPU-second "
      "(%.2f cores busy); load average %s before, %s after (2 cores)\n",
      import_cpu_s, target.admin_url.empty() ? "" : " and the server backend",
      import_cpu_s * 1e6 / static_cast<double>(total.read()),
      static_cast<double>(total.read()) / import_cpu_s, import_cpu_s / import_s,
      load_before.c_str(), load_average().c_str());
  std::printf("reproduce: %s --lines %llu --data %s%s%s\n", argv[0],
              static_cast<unsigned long long>(lines), data.c_str(),
              target.admin_url.empty() ? "" : " --url ",
              (target.admin_url + (bulk_load ? " --bulk-load" : "")).c_str());

  // Checks: a fresh database stores every parsed event once; nothing is skipped; and,
  // when the file was generated in this run, the counts are the generator's.
  target.drop();
  bool ok = total.skipped == 0 && total.duplicates() == 0 && total.stored() == total.read();
  if (expected.lines > 0) {
    ok = ok && total.messages_read == expected.messages &&
         total.moderation_read == expected.moderation && total.not_chat == expected.not_chat;
  }
  if (!ok) {
    std::fprintf(stderr, "CHECK FAILED: unexpected counts\n");
    return 1;
  }
  return 0;
}
