#include "storage/migration/store_migration.h"

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <limits>
#include <sstream>
#include <system_error>

#include "storage/postgres/pg_connection.h"  // redact_connection_string
#include "storage/store.h"
#include "storage/store_url.h"

namespace pererecos::storage {
namespace {

constexpr char kCursorKey[] = "migrate.cursor";

// "v1 PHASE TS SOURCE": PHASE is messages (copied up to TS), moderation (messages done)
// or done (everything committed).
struct Cursor {
  std::string phase;
  std::int64_t ts = 0;
  std::string source;
};

std::string format_cursor(const Cursor& c) {
  return "v1 " + c.phase + " " + std::to_string(c.ts) + " " + c.source;
}

std::optional<Cursor> parse_cursor(const std::string& text) {
  std::istringstream in(text);
  std::string version;
  Cursor c;
  if (!(in >> version >> c.phase >> c.ts) || version != "v1") return std::nullopt;
  std::getline(in >> std::ws, c.source);
  if (c.source.empty()) return std::nullopt;
  return c;
}

// A stable name for the source: an SQLite file's absolute path, a PostgreSQL URL without
// its password.
Result<std::string> source_name(const std::string& url) {
  auto location = parse_store_url(url);
  if (!location) return location.status();
  if (location->backend == StoreLocation::Backend::kPostgres) {
    return redact_connection_string(url);
  }
  std::error_code ec;
  const auto abs = std::filesystem::absolute(location->target, ec);
  return "sqlite://" + (ec ? location->target : abs.lexically_normal().string());
}

// Opens a store that must already exist: open_store creates a missing SQLite file, which
// a mistyped --from must not do.
Result<std::unique_ptr<Store>> open_existing(const std::string& url) {
  auto location = parse_store_url(url);
  if (!location) return location.status();
  if (location->backend == StoreLocation::Backend::kSqlite) {
    std::error_code ec;
    if (location->target == ":memory:") {
      return Result<std::unique_ptr<Store>>::failure("migrate needs a database file, not " + url);
    }
    if (!std::filesystem::exists(location->target, ec)) {
      return Result<std::unique_ptr<Store>>::failure("source database " + url +
                                                     " does not exist");
    }
  }
  return open_store(url);
}

std::string describe(const TableCounts& c) {
  return std::to_string(c.messages) + " messages, " + std::to_string(c.moderation) +
         " moderation events, " + std::to_string(c.feedback) + " feedback, " +
         std::to_string(c.emote_sets) + " emote sets, " + std::to_string(c.settings) +
         " settings, " + std::to_string(c.tombstones) + " tombstones";
}

std::uint64_t mix64(std::uint64_t z) {  // splitmix64's finalizer
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Copier {
 public:
  Copier(const MigrationOptions& options, const MigrationProgress& progress, Store& source,
         Store& target, MigrationReport& report)
      : options_(options), progress_(progress), source_(source), target_(target),
        report_(report) {}

  // Copies the messages with timestamp >= from_ms, recording the cursor after each batch.
  // The source is read on this thread and the target written on another, one batch
  // ahead at most (two batches in memory).
  Status messages(std::int64_t from_ms, const std::string& source, std::uint64_t already) {
    auto total = source_.count_messages();
    if (!total) return total.status();
    std::mutex mu;
    std::condition_variable cv;
    std::optional<std::vector<ChatMessage>> pending;  // handed to the writer
    bool finished = false;  // no more batches
    Status failed;          // the writer's error (stops the reader)
    std::uint64_t done = already;
    if (progress_) progress_("messages", std::min(done, *total), *total);
    std::thread writer([&] {
      while (true) {
        std::vector<ChatMessage> batch;
        {
          std::unique_lock lock(mu);
          cv.wait(lock, [&] { return pending.has_value() || finished; });
          if (!pending) return;
          batch = std::move(*pending);
          pending.reset();
        }
        cv.notify_all();
        Status s;
        auto counts = target_.write(batch, {});
        if (counts) {
          report_.messages_stored += counts->messages_stored;
          report_.messages_duplicate += counts->messages_duplicate;
          report_.messages_tombstoned += counts->messages_tombstoned;
          const Cursor cursor{"messages", batch.back().timestamp_ms, source};
          s = target_.put_setting(kCursorKey, format_cursor(cursor));
        } else {
          s = counts.status();
        }
        if (s) {
          done += batch.size();
          if (progress_) progress_("messages", std::min(done, *total), *total);
        }
        if (!s) {
          std::lock_guard lock(mu);
          failed = s;
          finished = true;
          cv.notify_all();
          return;
        }
      }
    });
    // Hands `batch` to the writer once it took the previous one; false when it failed.
    auto hand_over = [&](std::vector<ChatMessage>& batch) {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return !pending.has_value() || !failed; });
      if (!failed) return false;
      pending = std::move(batch);
      batch.clear();
      batch.reserve(options_.batch_size);
      cv.notify_all();
      return true;
    };
    std::vector<ChatMessage> batch;
    batch.reserve(options_.batch_size);
    Status s = source_.scan_messages(from_ms, [&](const StoredMessage& m) {
      ++report_.messages_read;
      batch.push_back(m.message);
      return batch.size() < options_.batch_size || hand_over(batch);
    });
    if (s && !batch.empty()) hand_over(batch);
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return !pending.has_value() || !failed; });
      finished = true;
    }
    cv.notify_all();
    writer.join();
    if (!s) return s;
    return failed;
  }

  Status moderation() {
    std::vector<ModerationEvent> batch;
    Status failed;
    std::uint64_t done = 0;
    auto flush = [&]() -> Status {
      if (batch.empty()) return Status::ok();
      auto counts = target_.write({}, batch);
      if (!counts) return counts.status();
      report_.moderation_stored += counts->moderation_stored;
      report_.moderation_duplicate += counts->moderation_duplicate;
      done += batch.size();
      if (progress_) progress_("moderation", done, 0);
      batch.clear();
      return Status::ok();
    };
    Status s = source_.scan_moderation([&](const StoredModeration& m) {
      batch.push_back(m.event);
      if (batch.size() < options_.batch_size) return true;
      failed = flush();
      return static_cast<bool>(failed);
    });
    if (!s) return s;
    if (!failed) return failed;
    return flush();
  }

 private:
  const MigrationOptions& options_;
  const MigrationProgress& progress_;
  Store& source_;
  Store& target_;
  MigrationReport& report_;
};

Result<StoreDigest> digest(Store& store, SideTables& side, const std::string& phase,
                           const MigrationProgress& progress) {
  StoreDigest d;
  auto counts = side.counts();
  if (!counts) return counts.status();
  d.tables = *counts;
  const std::uint64_t total = counts->messages;
  std::uint64_t done = 0;
  std::string last_channel;
  IdentityDigest* current = nullptr;
  Status s = store.scan_message_views(0, [&](const ChatMessageView& m, std::int64_t) {
    if (current == nullptr || m.channel != last_channel) {
      last_channel.assign(m.channel);
      current = &d.channels[last_channel];
    }
    const std::uint64_t h = identity_hash(m.channel, m.timestamp_ms, m.id);
    ++current->count;
    current->checksum += h;
    ++d.all.count;
    d.all.checksum += h;
    if (progress && (++done & 0xffff) == 0) progress(phase, done, total);
    return true;
  });
  if (!s) return s;
  if (progress) progress(phase, d.all.count, total);
  return d;
}

void compare(const MigrationOptions& options, MigrationReport& report) {
  const StoreDigest& a = report.source;
  const StoreDigest& b = report.target;
  auto check = [&](const std::string& what, std::uint64_t src, std::uint64_t dst) {
    const bool ok = options.append ? dst >= src : dst == src;
    if (!ok) {
      report.mismatches.push_back(what + ": source " + std::to_string(src) + ", target " +
                                  std::to_string(dst));
    }
  };
  for (const auto& [channel, digest] : a.channels) {
    auto it = b.channels.find(channel);
    const IdentityDigest other = it == b.channels.end() ? IdentityDigest{} : it->second;
    check("messages in #" + channel, digest.count, other.count);
    if (!options.append && digest.count == other.count && digest.checksum != other.checksum) {
      report.mismatches.push_back("message identities in #" + channel + " differ");
    }
  }
  if (!options.append) {
    for (const auto& [channel, digest] : b.channels) {
      if (!a.channels.count(channel)) {
        report.mismatches.push_back("#" + channel + " is only in the target (" +
                                    std::to_string(digest.count) + " messages)");
      }
    }
    if (a.all.checksum != b.all.checksum) {
      report.mismatches.push_back("the checksum of all message identities differs");
    }
  }
  check("messages", a.all.count, b.all.count);
  check("moderation events", a.tables.moderation, b.tables.moderation);
  check("feedback", a.tables.feedback, b.tables.feedback);
  check("emote sets", a.tables.emote_sets, b.tables.emote_sets);
  check("settings", a.tables.settings, b.tables.settings);
  check("tombstones", a.tables.tombstones, b.tables.tombstones);
  report.verified = report.mismatches.empty();
}

}  // namespace

std::uint64_t identity_hash(std::string_view channel, std::int64_t ts, std::string_view id) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  auto feed = [&](unsigned char c) { h = (h ^ c) * 0x100000001b3ULL; };
  for (char c : channel) feed(static_cast<unsigned char>(c));
  feed(0);
  for (int i = 0; i < 8; ++i) feed(static_cast<unsigned char>(static_cast<std::uint64_t>(ts) >> (8 * i)));
  for (char c : id) feed(static_cast<unsigned char>(c));
  return mix64(h);
}

Result<StoreDigest> digest_store(const std::string& url, const MigrationProgress& progress) {
  auto store = open_existing(url);
  if (!store) return store.status();
  auto side = SideTables::open(url);
  if (!side) return side.status();
  return digest(**store, **side, "verify", progress);
}

Result<MigrationReport> migrate_store(const MigrationOptions& options,
                                      const MigrationProgress& progress) {
  using R = Result<MigrationReport>;
  auto source_key = source_name(options.from_url);
  if (!source_key) return source_key.status();
  auto target_key = source_name(options.to_url);
  if (!target_key) return target_key.status();
  if (*source_key == *target_key) {
    return R::failure("--from and --to name the same database (" + *source_key + ")");
  }
  auto source = open_existing(options.from_url);
  if (!source) return source.status();
  auto target = open_store(options.to_url);
  if (!target) return target.status();
  auto source_side = SideTables::open(options.from_url);
  if (!source_side) return source_side.status();
  auto target_side = SideTables::open(options.to_url);
  if (!target_side) return target_side.status();

  MigrationReport report;
  auto saved = (*target)->get_setting(kCursorKey);
  if (!saved) return saved.status();
  std::optional<Cursor> cursor;
  if (*saved) cursor = parse_cursor(**saved);
  const bool ours = cursor && cursor->source == *source_key;
  auto target_counts = (*target_side)->counts();
  if (!target_counts) return target_counts.status();
  if (!ours && !target_counts->empty() && !options.append) {
    return R::failure("the target " + *target_key + " is not empty (" +
                      describe(*target_counts) +
                      "); refusing to mix two histories. Use --append to add to it anyway.");
  }
  auto source_counts = (*source_side)->counts();
  if (!source_counts) return source_counts.status();
  if (source_counts->tombstones > 0) {
    auto holds = (*target_side)->holds_tombstones();
    if (!holds) return holds.status();
    if (!*holds) {
      return R::failure("the source has " + std::to_string(source_counts->tombstones) +
                        " tombstones of forgotten users (docs/privacy.md) and the target " +
                        *target_key + " has no table for them; refusing to lose them");
    }
  }
  if (!ours) cursor = Cursor{"messages", std::numeric_limits<std::int64_t>::min() + 1, *source_key};
  report.resumed = ours && cursor->phase != "done";
  report.already_complete = ours && cursor->phase == "done";
  report.resumed_from_ms = report.resumed ? cursor->ts : 0;

  if (!report.already_complete) {
    Copier copier(options, progress, **source, **target, report);
    if (cursor->phase == "messages") {
      // A target of our own (fresh or resumed) is loaded with fewer indexes.
      const bool bulk = !options.append;
      if (bulk) {
        if (Status s = (*target_side)->begin_bulk_load(); !s) return s;
      }
      const std::uint64_t already = ours ? target_counts->messages : 0;
      if (Status s = copier.messages(cursor->ts, *source_key, already); !s) return s;
      if (bulk) {
        if (progress) progress("indexes", 0, 1);
        if (Status s = (*target_side)->end_bulk_load(); !s) return s;
        if (progress) progress("indexes", 1, 1);
      }
      cursor->phase = "moderation";
      if (Status s = (*target)->put_setting(kCursorKey, format_cursor(*cursor)); !s) return s;
    }
    if (Status s = copier.moderation(); !s) return s;
    auto rows = (*source_side)->read();
    if (!rows) return rows.status();
    cursor->phase = "done";
    if (progress) progress("side tables", 0, 1);
    if (Status s = (*target_side)->write(*rows, !options.append, kCursorKey, format_cursor(*cursor));
        !s) {
      return s;
    }
    if (progress) progress("side tables", 1, 1);
  }

  auto a = digest(**source, **source_side, "verify source", progress);
  if (!a) return a.status();
  auto b = digest(**target, **target_side, "verify target", progress);
  if (!b) return b.status();
  report.source = std::move(*a);
  report.target = std::move(*b);
  compare(options, report);
  return report;
}

}  // namespace pererecos::storage
