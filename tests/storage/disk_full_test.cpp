// A full disk: the write fails with an error, nothing committed is lost, and once space
// is available again the same writes succeed (without duplicates).
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <filesystem>

#include "storage/sqlite/sqlite_store.h"
#include "storage/test_util.h"

namespace pererecos::storage {
namespace {

using testing::TempDir;

std::vector<ChatMessage> batch(int b, int size) {
  std::vector<ChatMessage> out;
  for (int i = 0; i < size; ++i) {
    const std::uint64_t n = static_cast<std::uint64_t>(b) * size + i;
    ChatMessage m = testing::make_message(n, 1'000'000 + static_cast<TimestampMs>(n), i % 30);
    m.text = "some chat text that takes a little room on disk " + std::to_string(n);
    out.push_back(std::move(m));
  }
  return out;
}

// Writes batches until one fails; returns (batches committed, the failing batch number).
// Checks that what was committed is all there.
void fill_until_full(SqliteStore& store, int batch_size, int& committed_batches,
                     std::string& error) {
  committed_batches = 0;
  for (int b = 0; b < 100000; ++b) {
    auto counts = store.write(batch(b, batch_size), {});
    if (!counts) {
      error = counts.error();
      return;
    }
    ASSERT_EQ(counts->messages_stored, static_cast<std::uint64_t>(batch_size));
    ++committed_batches;
  }
  FAIL() << "the disk never filled up";
}

void expect_exactly(SqliteStore& store, std::uint64_t messages) {
  EXPECT_EQ(*store.count_messages(), messages);
  std::uint64_t scanned = 0;
  ASSERT_TRUE(store.scan_messages(INT64_MIN, [&](const StoredMessage&) { return ++scanned; }));
  EXPECT_EQ(scanned, messages);
}

TEST(DiskFull, MaxPageCountLimitFailsCleanlyAndRecovers) {
  TempDir dir;
  auto opened = SqliteStore::open(dir.file("full.db"));
  ASSERT_TRUE(opened.is_ok());
  SqliteStore& store = **opened;
  ASSERT_TRUE(store.execute("PRAGMA max_page_count = 60"));  // a "disk" of 240 KiB
  int committed = 0;
  std::string error;
  fill_until_full(store, 100, committed, error);
  EXPECT_NE(error.find("full"), std::string::npos) << error;
  expect_exactly(store, static_cast<std::uint64_t>(committed) * 100);

  ASSERT_TRUE(store.execute("PRAGMA max_page_count = 1000000"));  // space again
  for (int b = 0; b <= committed + 2; ++b) {
    auto counts = store.write(batch(b, 100), {});
    ASSERT_TRUE(counts.is_ok()) << counts.error();
    EXPECT_EQ(counts->messages_stored, b < committed ? 0u : 100u);
  }
  expect_exactly(store, static_cast<std::uint64_t>(committed + 3) * 100);
}

TEST(DiskFull, SmallTmpfsFailsCleanlyAndRecovers) {
  TempDir dir;
  const std::string mnt = (dir.path() / "mnt").string();
  std::filesystem::create_directory(mnt);
  if (mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=1m") != 0) {
    GTEST_SKIP() << "cannot mount a 1 MiB tmpfs here (needs root)";
  }
  const std::string path = mnt + "/full.db";
  const std::string ballast = mnt + "/ballast";
  std::uint64_t expected_total = 0;
  testing::write_bytes(ballast, std::string(256 * 1024, 'x'));
  {
    auto opened = SqliteStore::open(path);
    ASSERT_TRUE(opened.is_ok()) << opened.error();
    SqliteStore& store = **opened;
    int committed = 0;
    std::string error;
    fill_until_full(store, 200, committed, error);
    EXPECT_GT(committed, 0);
    EXPECT_FALSE(error.empty());
    expect_exactly(store, static_cast<std::uint64_t>(committed) * 200);

    std::filesystem::remove(ballast);  // space is available again
    for (int b = 0; b <= committed; ++b) {
      auto counts = store.write(batch(b, 200), {});
      ASSERT_TRUE(counts.is_ok()) << counts.error();
      EXPECT_EQ(counts->messages_stored, b < committed ? 0u : 200u);
    }
    expected_total = static_cast<std::uint64_t>(committed + 1) * 200;
    expect_exactly(store, expected_total);
  }
  {
    auto reopened = SqliteStore::open(path);
    ASSERT_TRUE(reopened.is_ok()) << reopened.error();
    expect_exactly(**reopened, expected_total);
  }
  umount2(mnt.c_str(), MNT_DETACH);
}

}  // namespace
}  // namespace pererecos::storage
