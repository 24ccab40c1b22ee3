// PgStore's two write paths (pg_store_write.cpp): a batch of new messages goes by COPY, a
// batch with stored or repeated identities falls back to insert-if-absent. Whatever path
// a batch takes, the counts are exact and seqs stay 1..N without gaps, in batch order.
#include <gtest/gtest.h>

#include <set>

#include "storage/postgres/pg_store.h"
#include "storage/store_backends.h"

namespace pererecos::storage {
namespace {

using testing::make_message;

TEST(PgWritePaths, CountsAndSeqsExactWhetherCopiedOrInsertedIfAbsent) {
  auto admin = testing::postgres_admin_url();
  ASSERT_TRUE(admin.is_ok()) << admin.error();
  if (admin->empty()) GTEST_SKIP() << "PERERECOS_TEST_POSTGRES_URL_FILE is not set (run ctest)";
  testing::TestDatabase db(*admin);
  ASSERT_TRUE(db.status().is_ok()) << db.status().message();
  auto store = PgStore::open(db.url());
  ASSERT_TRUE(store.is_ok()) << store.error();

  auto batch = [](std::uint64_t first, std::uint64_t count) {
    std::vector<ChatMessage> out;
    for (std::uint64_t n = first; n < first + count; ++n) {
      out.push_back(make_message(n, 1'700'000'000'000 + static_cast<TimestampMs>(n), int(n % 7)));
    }
    return out;
  };
  struct Step {
    std::vector<ChatMessage> messages;
    std::uint64_t stored, duplicate;
  };
  std::vector<Step> steps;
  steps.push_back({batch(0, 100), 100, 0});  // all new: COPY
  {
    // Half stored already, interleaved with new ones: the COPY fails, insert-if-absent.
    std::vector<ChatMessage> mixed;
    for (std::uint64_t n = 50; n < 150; ++n) {
      mixed.push_back(make_message(n, 1'700'000'000'000 + static_cast<TimestampMs>(n), int(n % 7)));
    }
    steps.push_back({mixed, 50, 50});
  }
  steps.push_back({batch(150, 20), 20, 0});  // after a batch with duplicates: the general path
  {
    std::vector<ChatMessage> repeated = batch(170, 10);  // one identity twice in the batch
    repeated.push_back(repeated[3]);
    steps.push_back({repeated, 10, 1});
  }
  steps.push_back({batch(180, 10), 10, 0});
  steps.push_back({batch(190, 10), 10, 0});  // COPY again
  steps.push_back({batch(190, 10), 0, 10});  // all stored: COPY fails, nothing stored
  steps.push_back({batch(200, 5), 5, 0});
  std::int64_t expected_last = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    auto counts = (*store)->write(steps[i].messages, {});
    ASSERT_TRUE(counts.is_ok()) << counts.error();
    EXPECT_EQ(counts->messages_stored, steps[i].stored) << "step " << i;
    EXPECT_EQ(counts->messages_duplicate, steps[i].duplicate) << "step " << i;
    expected_last += static_cast<std::int64_t>(steps[i].stored);
    EXPECT_EQ(counts->last_seq, expected_last) << "step " << i;
  }

  // COPY was tried for steps 0, 1, 3, 5 and 6 (each after a batch without duplicates)
  // and went through for 0 and 5.
  EXPECT_EQ((*store)->copied_batches(), 2u);

  auto reopened = PgStore::open(db.url());
  ASSERT_TRUE(reopened.is_ok()) << reopened.error();
  std::vector<StoredMessage> all;
  ASSERT_TRUE((*reopened)->scan_messages_after_seq(0, [&](const StoredMessage& m) {
    all.push_back(m);
    return true;
  }));
  ASSERT_EQ(all.size(), 205u);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].seq, static_cast<std::int64_t>(i + 1)) << "seqs without gaps, in order";
    ids.insert(all[i].message.id);
  }
  EXPECT_EQ(ids.size(), 205u) << "every identity once";
  // Batch order: the new messages of the mixed batch (100..149) follow the first batch.
  EXPECT_EQ(all[100].message.id, make_message(100, 0).id);
  EXPECT_EQ(all[149].message.id, make_message(149, 0).id);
  auto count = (*reopened)->count_messages();
  ASSERT_TRUE(count.is_ok());
  EXPECT_EQ(*count, 205u);
}

}  // namespace
}  // namespace pererecos::storage
