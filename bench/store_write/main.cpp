// bench_store_write: write throughput, bytes on disk per message and sequential-scan rate
// of the SQLite store, on generated messages with realistic fields.
//
//   bench_store_write [--messages N] [--runs R] [--batch B] [--dir DIR]
//
// Generates N messages in time order (random UUIDv4 ids, ~40-byte texts, 20k users, some
// emotes, replies, bits, /me and first messages), then for each of R runs writes them in
// B-message batches to a new file database and reports messages/s (median of the runs).
// One more run goes through BatchedWriter (the importer's path). Finally it scans the
// database and checks the scan returns every message in (ts, seq) order.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "storage/batched_writer.h"
#include "storage/store.h"

namespace {

using pererecos::ChatMessage;
using Clock = std::chrono::steady_clock;

struct Options {
  std::size_t messages = 2'000'000;
  int runs = 3;
  std::size_t batch = 1000;
  std::string dir;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU seconds used by the whole process (all threads): on a busy machine the wall-clock
// rate drops with contention, the CPU rate does not.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::string random_uuid(std::mt19937_64& rng) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t a = rng(), b = rng();
  std::string out(36, '-');
  int bit = 0;
  for (int i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) continue;
    const std::uint64_t word = bit < 64 ? a : b;
    out[i] = kHex[(word >> (bit % 64)) & 15];
    bit += 4;
  }
  out[14] = '4';  // version 4
  return out;
}

std::vector<std::vector<ChatMessage>> generate(const Options& opt) {
  std::mt19937_64 rng(42);
  static const char* kWords[] = {"kkkkk", "LUL",      "boa",   "que",  "isso",  "nao",
                                 "mano",  "PogChamp", "vai",   "jogo", "hoje",  "demais",
                                 "ai",    "top",      "Kappa", "sim",  "gg",    "pqp",
                                 "rapaz", "olha",     "ele",   "ta",   "muito", "certo"};
  constexpr int kUsers = 20000;
  std::vector<std::string> logins(kUsers), user_ids(kUsers), names(kUsers);
  for (int u = 0; u < kUsers; ++u) {
    logins[u] = "viewer_" + std::to_string(u * 7919 % 100000);
    user_ids[u] = std::to_string(100000000 + u * 37);
    names[u] = logins[u];
    names[u][0] = 'V';
  }
  std::vector<std::vector<ChatMessage>> batches;
  batches.reserve(opt.messages / opt.batch + 1);
  std::int64_t ts = 1'704'067'200'000;  // 2024-01-01T00:00:00Z
  std::vector<std::string> recent_ids;
  for (std::size_t i = 0; i < opt.messages; ++i) {
    if (batches.empty() || batches.back().size() == opt.batch) {
      batches.emplace_back();
      batches.back().reserve(opt.batch);
    }
    ts += static_cast<std::int64_t>(rng() % 60);  // ~30 ms apart, same-ms collisions too
    // Zipf-like activity: low user numbers talk more.
    const int u = static_cast<int>(
        std::min<std::uint64_t>(kUsers - 1, (rng() % kUsers) * (rng() % kUsers) / kUsers));
    ChatMessage m;
    m.id = random_uuid(rng);
    m.channel = "pererecos";
    m.room_id = "123456789";
    m.user_id = user_ids[u];
    m.login = logins[u];
    m.display_name = names[u];
    m.timestamp_ms = ts;
    while (m.text.size() < 40) {
      if (!m.text.empty()) m.text += ' ';
      m.text += kWords[rng() % std::size(kWords)];
    }
    if (rng() % 10 == 0) m.emotes = "25:0-4";
    if (rng() % 20 == 0 && !recent_ids.empty()) {
      m.reply_parent_login = logins[rng() % kUsers];
      m.reply_parent_msg_id = recent_ids[rng() % recent_ids.size()];
    }
    if (rng() % 500 == 0) m.bits = 100;
    m.first_msg = rng() % 1000 == 0;
    m.action = rng() % 50 == 0;
    if (recent_ids.size() < 64) {
      recent_ids.push_back(m.id);
    } else {
      recent_ids[rng() % 64] = m.id;
    }
    batches.back().push_back(std::move(m));
  }
  return batches;
}

std::uintmax_t db_bytes(const std::filesystem::path& db) {
  std::uintmax_t total = 0;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(db.string() + suffix, ec);
    if (!ec) total += size;
  }
  return total;
}

int fail(const std::string& what) {
  std::fprintf(stderr, "bench_store_write: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--messages") {
      opt.messages = std::strtoull(next().c_str(), nullptr, 10);
    } else if (arg == "--runs") {
      opt.runs = std::atoi(next().c_str());
    } else if (arg == "--batch") {
      opt.batch = std::strtoull(next().c_str(), nullptr, 10);
    } else if (arg == "--dir") {
      opt.dir = next();
    } else {
      std::fprintf(stderr, "usage: %s [--messages N] [--runs R] [--batch B] [--dir DIR]\n",
                   argv[0]);
      return 2;
    }
  }
  if (opt.messages == 0 || opt.batch == 0 || opt.runs < 1) return fail("bad arguments");
  namespace fs = std::filesystem;
  const fs::path dir = opt.dir.empty() ? fs::temp_directory_path() /
                                             ("bench_store_write." + std::to_string(getpid()))
                                       : fs::path(opt.dir);
  fs::create_directories(dir);

  auto gen_start = Clock::now();
  const auto batches = generate(opt);
  std::printf("generated %zu messages in %zu batches in %.1f s\n", opt.messages, batches.size(),
              seconds_since(gen_start));
  const std::vector<pererecos::ModerationEvent> no_moderation;

  std::vector<double> rates, cpu_rates;
  fs::path last_db;
  for (int run = 0; run < opt.runs; ++run) {
    const fs::path db = dir / ("run" + std::to_string(run) + ".db");
    fs::remove(db);
    auto store = pererecos::open_store("sqlite://" + db.string());
    if (!store) return fail(store.error());
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds();
    std::uint64_t stored = 0;
    for (const auto& batch : batches) {
      auto counts = (*store)->write(batch, no_moderation);
      if (!counts) return fail(counts.error());
      stored += counts->messages_stored;
    }
    const double secs = seconds_since(start);
    const double cpu = cpu_seconds() - cpu_start;
    if (stored != opt.messages) return fail("stored " + std::to_string(stored) + " messages");
    rates.push_back(static_cast<double>(opt.messages) / secs);
    cpu_rates.push_back(static_cast<double>(opt.messages) / cpu);
    std::printf("run %d: %.0f messages/s (%.2f s wall, %.2f s CPU: %.0f messages per CPU-s)\n",
                run + 1, rates.back(), secs, cpu, cpu_rates.back());
    store->reset();  // closes; the last connection checkpoints and removes the WAL
    if (run + 1 < opt.runs) {
      fs::remove(db);
    } else {
      last_db = db;
    }
  }
  std::sort(rates.begin(), rates.end());
  std::sort(cpu_rates.begin(), cpu_rates.end());
  const double bytes = static_cast<double>(db_bytes(last_db));
  std::printf(
      "store write: %.0f messages/s wall, %.0f messages per CPU-second (medians of %d runs), "
      "%.1f bytes/message on disk\n",
      rates[rates.size() / 2], cpu_rates[cpu_rates.size() / 2], opt.runs,
      bytes / static_cast<double>(opt.messages));

  // Through BatchedWriter, submitted one by one as the importer does.
  {
    const fs::path db = dir / "writer.db";
    fs::remove(db);
    auto store = pererecos::open_store("sqlite://" + db.string());
    if (!store) return fail(store.error());
    pererecos::storage::BatchedWriter writer(**store);
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds();
    for (const auto& batch : batches) {
      for (const auto& m : batch) {
        if (auto s = writer.submit(m); !s) {
          return fail(s.message());
        }
      }
    }
    if (auto s = writer.close(); !s) return fail(s.message());
    const double secs = seconds_since(start);
    const double cpu = cpu_seconds() - cpu_start;
    std::printf(
        "BatchedWriter: %.0f messages/s (%.2f s wall, %.2f s CPU on both threads; each "
        "message copied in)\n",
        static_cast<double>(opt.messages) / secs, secs, cpu);
    store->reset();
    fs::remove(db);
  }

  // Sequential scan, checked: every message, in (ts, seq) order.
  {
    auto store = pererecos::open_store("sqlite://" + last_db.string());
    if (!store) return fail(store.error());
    std::uint64_t rows = 0, text_bytes = 0;
    std::int64_t prev_ts = INT64_MIN, prev_seq = 0;
    bool ordered = true;
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds();
    auto s = (*store)->scan_messages(INT64_MIN, [&](const pererecos::StoredMessage& m) {
      const std::int64_t ts = m.message.timestamp_ms;
      if (ts < prev_ts || (ts == prev_ts && m.seq <= prev_seq)) ordered = false;
      prev_ts = ts;
      prev_seq = m.seq;
      ++rows;
      text_bytes += m.message.text.size();
      return true;
    });
    const double secs = seconds_since(start);
    const double cpu = cpu_seconds() - cpu_start;
    if (!s) return fail(s.message());
    if (rows != opt.messages || !ordered) return fail("scan returned a wrong result");
    std::printf("scan_messages: %.0f rows/s wall, %.0f rows per CPU-s (%.2f s, %llu text bytes)\n",
                static_cast<double>(rows) / secs, static_cast<double>(rows) / cpu, secs,
                static_cast<unsigned long long>(text_bytes));
  }
  fs::remove_all(dir);
  std::printf("reproduce: bench_store_write --messages %zu --runs %d --batch %zu\n", opt.messages,
              opt.runs, opt.batch);
  return 0;
}
