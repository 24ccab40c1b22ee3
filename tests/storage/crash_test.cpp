// Crash safety: a child process writing batches is killed with SIGKILL mid-run; every
// batch it reported committed must be there entirely, no batch partially, the database
// intact, and writing everything again must complete it without duplicates.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>

#include "storage/sqlite/sqlite_store.h"
#include "storage/test_util.h"

namespace pererecos::storage {
namespace {

using testing::TempDir;

constexpr int kPerBatch = 1000;
constexpr int kPlannedBatches = 1000;
constexpr TimestampMs kBase = 1'700'000'000'000;

// Batch b holds messages with timestamps [kBase + b*kPerBatch, kBase + (b+1)*kPerBatch).
std::vector<ChatMessage> batch(int b) {
  std::vector<ChatMessage> out;
  out.reserve(kPerBatch);
  for (int i = 0; i < kPerBatch; ++i) {
    const std::uint64_t n = static_cast<std::uint64_t>(b) * kPerBatch + i;
    out.push_back(testing::make_message(n, kBase + static_cast<TimestampMs>(n), i % 50));
  }
  return out;
}

// Child: writes batches from `first` on, reporting each committed batch number.
[[noreturn]] void run_child(const std::string& path, int first, int report_fd) {
  auto store = SqliteStore::open(path);
  if (!store) _exit(2);
  for (int b = first; b < kPlannedBatches; ++b) {
    if (!(*store)->write(batch(b), {})) _exit(3);
    if (::write(report_fd, &b, sizeof b) != sizeof b) _exit(4);
  }
  _exit(0);
}

// Runs a child from batch `first`, kills it after `reports` reports; returns the highest
// batch it reported committed (or first - 1).
int crash_child(const std::string& path, int first, int reports) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    run_child(path, first, fds[1]);
  }
  close(fds[1]);
  int last = first - 1, got = 0, b = 0;
  while (got < reports && read(fds[0], &b, sizeof b) == sizeof b) {
    last = b;
    ++got;
  }
  usleep(static_cast<useconds_t>(1000 * (reports % 4)));  // vary where the kill lands
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status)) << "child finished before it was killed";
  while (read(fds[0], &b, sizeof b) == sizeof b) last = b;  // reports sent before the kill
  close(fds[0]);
  return last;
}

std::string integrity(const std::string& path) {
  auto db = SqliteDb::open(path);
  if (!db) return db.error();
  auto r = db->query_text("PRAGMA integrity_check");
  return r ? *r : r.error();
}

TEST(CrashSafety, KillNineLosesNoCommittedBatchAndLeavesNoPartialOne) {
  TempDir dir;
  const std::string path = dir.file("crash.db");
  int reported = -1;
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    reported = std::max(reported, crash_child(path, reported + 1, 3 + 2 * round));
    ASSERT_EQ(integrity(path), "ok");

    auto store = SqliteStore::open(path);
    ASSERT_TRUE(store.is_ok()) << store.error();
    std::map<int, int> per_batch;
    ASSERT_TRUE((*store)->scan_messages(INT64_MIN, [&](const StoredMessage& m) {
      ++per_batch[static_cast<int>((m.message.timestamp_ms - kBase) / kPerBatch)];
      return true;
    }));
    for (int b = 0; b <= reported; ++b) EXPECT_EQ(per_batch[b], kPerBatch) << "batch " << b;
    int committed_unreported = 0;
    for (const auto& [b, count] : per_batch) {
      EXPECT_EQ(count, kPerBatch) << "partial batch " << b;
      if (b > reported) ++committed_unreported;
    }
    EXPECT_LE(committed_unreported, 1);  // the child may die between commit and report
    std::uint64_t total = 0;
    for (const auto& [b, count] : per_batch) total += static_cast<std::uint64_t>(count);
    EXPECT_EQ(*(*store)->count_messages(), total);
  }

  // Writing everything again completes the rest without duplicates.
  auto store = SqliteStore::open(path);
  ASSERT_TRUE(store.is_ok());
  const int upto = reported + 4;
  std::uint64_t stored = 0, duplicate = 0;
  for (int b = 0; b <= upto; ++b) {
    auto counts = (*store)->write(batch(b), {});
    ASSERT_TRUE(counts.is_ok()) << counts.error();
    stored += counts->messages_stored;
    duplicate += counts->messages_duplicate;
  }
  const std::uint64_t distinct = static_cast<std::uint64_t>(upto + 1) * kPerBatch;
  EXPECT_EQ(stored + duplicate, distinct);
  EXPECT_EQ(*(*store)->count_messages(), distinct);
  std::uint64_t scanned = 0;
  ASSERT_TRUE((*store)->scan_messages(INT64_MIN, [&](const StoredMessage&) { return ++scanned; }));
  EXPECT_EQ(scanned, distinct);
  EXPECT_EQ(integrity(path), "ok");
}

}  // namespace
}  // namespace pererecos::storage
