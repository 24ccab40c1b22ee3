// bench_store_write: write throughput, bytes on disk per message and sequential-scan rate
// of the SQLite or the PostgreSQL store, on generated messages with realistic fields.
//
//   bench_store_write [--messages N] [--runs R] [--batch B] [--dir DIR]
//                     [--url postgresql://USER@HOST:PORT/DB [--keep]]
//
// With --url, every run writes into a new database created on that server (named
// bench_store_write_<pid>_<run>) and dropped afterwards; --keep keeps the last one and
// prints its URL (for bench_store_scan; with SQLite, --keep keeps the last file).
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
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "common/store_cpu_time.h"
#include "storage/batched_writer.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_store.h"
#include "storage/store.h"

namespace {

using pererecos::bench::backend_cpu_seconds;
using pererecos::bench::cpu_seconds;

using pererecos::ChatMessage;
using Clock = std::chrono::steady_clock;

struct Options {
  std::size_t messages = 2'000'000;
  int runs = 3;
  std::size_t batch = 1000;
  std::string dir;
  std::string url;  // a PostgreSQL server's URL, or empty for SQLite
  bool keep = false;
};

// Where each run's store lives: an SQLite file in the bench directory, or a fresh
// PostgreSQL database on the server of --url.
class Target {
 public:
  Target(std::string pg_url, std::filesystem::path dir)
      : pg_url_(std::move(pg_url)), dir_(std::move(dir)) {}
  bool postgres() const { return !pg_url_.empty(); }

  // A URL for a new, empty store called `name` (an existing one is removed first).
  pererecos::Result<std::string> fresh(const std::string& name) {
    if (!postgres()) {
      std::filesystem::remove(dir_ / (name + ".db"));
      return "sqlite://" + (dir_ / (name + ".db")).string();
    }
    auto conn = admin();
    if (!conn) return conn.status();
    const std::string db = database(name);
    if (auto s = (*conn)->exec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)"); !s) return s;
    if (auto s = (*conn)->exec("CREATE DATABASE " + db); !s) return s;
    return url(name);
  }
  std::string url(const std::string& name) const {
    if (!postgres()) return "sqlite://" + (dir_ / (name + ".db")).string();
    const std::size_t query = pg_url_.find('?');
    const std::string base = pg_url_.substr(0, query);
    return base.substr(0, base.rfind('/') + 1) + database(name) +
           (query == std::string::npos ? "" : pg_url_.substr(query));
  }
  // Bytes the store takes (files, or pg_database_size).
  std::uintmax_t bytes(const std::string& name) {
    if (!postgres()) {
      std::uintmax_t total = 0;
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ec;
        const auto size = std::filesystem::file_size((dir_ / (name + ".db")).string() + suffix, ec);
        if (!ec) total += size;
      }
      return total;
    }
    auto conn = admin();
    if (!conn) return 0;
    auto r = (*conn)->query("SELECT pg_database_size('" + database(name) + "')");
    return r ? static_cast<std::uintmax_t>(r->int64(0, 0)) : 0;
  }
  void drop(const std::string& name) {
    if (!postgres()) {
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove((dir_ / (name + ".db")).string() + suffix);
      }
      return;
    }
    if (auto conn = admin())
      (void)(*conn)->exec("DROP DATABASE IF EXISTS " + database(name) + " WITH (FORCE)");
  }

 private:
  pererecos::Result<std::unique_ptr<pererecos::storage::PgConnection>> admin() {
    return pererecos::storage::PgConnection::connect(pg_url_);
  }
  static std::string database(const std::string& name) {
    return "bench_store_write_" + std::to_string(getpid()) + "_" + name;
  }
  std::string pg_url_;
  std::filesystem::path dir_;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
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
    } else if (arg == "--url") {
      opt.url = next();
    } else if (arg == "--keep") {
      opt.keep = true;
    } else {
      std::fprintf(
          stderr,
          "usage: %s [--messages N] [--runs R] [--batch B] [--dir DIR] [--url URL [--keep]]\n",
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
  Target target(opt.url, dir);

  auto gen_start = Clock::now();
  const auto batches = generate(opt);
  std::printf("generated %zu messages in %zu batches in %.1f s\n", opt.messages, batches.size(),
              seconds_since(gen_start));
  const std::vector<pererecos::ModerationEvent> no_moderation;

  std::vector<double> rates, cpu_rates;
  std::string last_db;
  std::uintmax_t empty_bytes = 0;
  for (int run = 0; run < opt.runs; ++run) {
    const std::string db = "run" + std::to_string(run);
    auto url = target.fresh(db);
    if (!url) return fail(url.error());
    auto store = pererecos::open_store(*url);
    if (!store) return fail(store.error());
    empty_bytes = target.postgres() ? target.bytes(db) : 0;
    const auto start = Clock::now();
    const double client_start = cpu_seconds();
    const double cpu_start = client_start + backend_cpu_seconds(**store);
    std::uint64_t stored = 0;
    for (const auto& batch : batches) {
      auto counts = (*store)->write(batch, no_moderation);
      if (!counts) return fail(counts.error());
      stored += counts->messages_stored;
    }
    const double secs = seconds_since(start);
    const double client = cpu_seconds() - client_start;
    const double cpu = cpu_seconds() + backend_cpu_seconds(**store) - cpu_start;
    if (stored != opt.messages) return fail("stored " + std::to_string(stored) + " messages");
    rates.push_back(static_cast<double>(opt.messages) / secs);
    cpu_rates.push_back(static_cast<double>(opt.messages) / cpu);
    std::printf(
        "run %d: %.0f messages/s (%.2f s wall, %.2f s CPU = %.2f client + %.2f server backend:"
        " %.0f messages per CPU-s)\n",
        run + 1, rates.back(), secs, cpu, client, cpu - client, cpu_rates.back());
    store->reset();  // closes; the last connection checkpoints and removes the WAL
    if (run + 1 < opt.runs) {
      target.drop(db);
    } else {
      last_db = db;
    }
  }
  std::sort(rates.begin(), rates.end());
  std::sort(cpu_rates.begin(), cpu_rates.end());
  const double bytes = static_cast<double>(target.bytes(last_db) - empty_bytes);
  std::printf(
      "store write (%s): %.0f messages/s wall, %.0f messages per CPU-second (medians of %d "
      "runs), %.1f bytes/message on disk\n",
      target.postgres() ? "PostgreSQL" : "SQLite", rates[rates.size() / 2],
      cpu_rates[cpu_rates.size() / 2], opt.runs, bytes / static_cast<double>(opt.messages));

  // Through BatchedWriter, submitted one by one as the importer does.
  {
    auto url = target.fresh("writer");
    if (!url) return fail(url.error());
    auto store = pererecos::open_store(*url);
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
    target.drop("writer");
  }

  // Sequential scan, checked: every message, in (ts, seq) order.
  {
    auto store = pererecos::open_store(target.url(last_db));
    if (!store) return fail(store.error());
    std::uint64_t rows = 0, text_bytes = 0;
    std::int64_t prev_ts = INT64_MIN, prev_seq = 0;
    bool ordered = true;
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds() + backend_cpu_seconds(**store);
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
    const double cpu = cpu_seconds() + backend_cpu_seconds(**store) - cpu_start;
    if (!s) return fail(s.message());
    if (rows != opt.messages || !ordered) return fail("scan returned a wrong result");
    std::printf("scan_messages: %.0f rows/s wall, %.0f rows per CPU-s (%.2f s, %llu text bytes)\n",
                static_cast<double>(rows) / secs, static_cast<double>(rows) / cpu, secs,
                static_cast<unsigned long long>(text_bytes));
  }
  if (opt.keep) {
    std::printf("kept: %s\n", target.url(last_db).c_str());
  } else {
    target.drop(last_db);
    fs::remove_all(dir);
  }
  std::printf("reproduce: bench_store_write --messages %zu --runs %d --batch %zu%s%s\n",
              opt.messages, opt.runs, opt.batch, opt.url.empty() ? "" : " --url ",
              pererecos::storage::redact_connection_string(opt.url).c_str());
  return 0;
}
