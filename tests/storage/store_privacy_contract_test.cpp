// The privacy part of the Store contract (docs/privacy.md) on both backends: forget()
// deletes a chatter's messages, login history and the reply links to them, bumps the
// forget generation only when something was deleted, tombstones them so a re-import (any
// connection, under the login or the user id) stores nothing of theirs, and opt_in()
// lets new messages in again.
#include <gtest/gtest.h>

#include "store_backends.h"

namespace pererecos::storage {
namespace {

using testing::make_message;
using testing::scan_all;

class StorePrivacy : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      backend_ = std::make_unique<testing::SqliteBackend>();
      return;
    }
    auto admin = testing::postgres_admin_url();
    ASSERT_TRUE(admin.is_ok()) << admin.error();
    if (admin->empty()) GTEST_SKIP() << "PERERECOS_TEST_POSTGRES_URL_FILE is not set (run ctest)";
    auto pg = std::make_unique<testing::PostgresBackend>(*admin);
    ASSERT_TRUE(pg->database().status().is_ok()) << pg->database().status().message();
    backend_ = std::move(pg);
  }
  std::unique_ptr<Store> open() {
    auto store = backend_->open();
    EXPECT_TRUE(store.is_ok()) << store.error();
    return store ? std::move(*store) : nullptr;
  }
  std::unique_ptr<testing::StoreBackend> backend_;
};

std::vector<ChatMessage> conversation() {
  std::vector<ChatMessage> out;
  for (int i = 0; i < 60; ++i) {
    ChatMessage m = make_message(i, 1'700'000'000'000 + i * 1000, i % 3 + 1);  // u1, u2, u3
    if (m.login == "u2" && i % 2 == 0) {
      m.reply_parent_login = "u1";
      m.reply_parent_msg_id = testing::uuid_for(i - 1);
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::size_t count_of(Store& store, const std::string& login) {
  std::size_t n = 0;
  for (const StoredMessage& m : scan_all(store)) n += m.message.login == login;
  return n;
}

TEST_P(StorePrivacy, ForgetDeletesTombstonesAndOptInUndoes) {
  auto store = open();
  auto other = open();  // another instance / connection with warm caches
  ASSERT_TRUE(store && other);
  ASSERT_TRUE(store->write(conversation(), {}));
  ASSERT_TRUE(other->write({make_message(1000, 1'700'000'500'000, 1)}, {}));
  ASSERT_EQ(count_of(*store, "u1"), 21u);
  ASSERT_EQ(*store->count_messages(), 61u);
  ASSERT_FALSE(store->login_history("5001")->empty());
  ASSERT_EQ(*store->forget_generation(), 0);

  auto forgot = store->forget({"U1"}, 1'800'000'000'000);
  ASSERT_TRUE(forgot) << forgot.error();
  EXPECT_EQ(forgot->messages_deleted, 21u);
  EXPECT_EQ(forgot->user_ids, std::vector<std::string>{"5001"});
  const std::int64_t generation = *store->forget_generation();
  EXPECT_EQ(generation, 1);
  EXPECT_EQ(*other->forget_generation(), generation) << "another connection sees it";

  EXPECT_EQ(count_of(*store, "u1"), 0u);
  EXPECT_EQ(*store->count_messages(), 40u);
  EXPECT_TRUE(store->login_history("5001")->empty());
  std::size_t u2 = 0;
  for (const StoredMessage& m : scan_all(*store)) {
    EXPECT_NE(m.message.reply_parent_login, "u1");
    EXPECT_TRUE(m.message.reply_parent_msg_id.empty());
    u2 += m.message.login == "u2";
  }
  EXPECT_EQ(u2, 20u);

  // Forgetting again deletes nothing and leaves the generation (no rebuild anywhere).
  auto again_forgot = other->forget({"u1"}, 1'800'000'000'001);
  ASSERT_TRUE(again_forgot) << again_forgot.error();
  EXPECT_EQ(again_forgot->messages_deleted, 0u);
  EXPECT_EQ(*store->forget_generation(), generation);

  // Sticky: a re-import through either connection, under the login or the user id.
  auto again = other->write(conversation(), {});
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(again->messages_tombstoned, 20u);
  EXPECT_EQ(again->messages_stored, 0u);
  ChatMessage renamed = make_message(5000, 1'700'000'900'000, 1);
  renamed.login = "u1_renamed";  // same user id 5001
  ChatMessage same_login = make_message(5001, 1'700'000'900'001, 9);
  same_login.login = "u1";  // a user id never seen with it
  same_login.user_id = "777";
  auto from_store = store->write({renamed, same_login, make_message(5002, 1'700'000'900'002, 2)}, {});
  ASSERT_TRUE(from_store) << from_store.error();
  EXPECT_EQ(from_store->messages_tombstoned, 2u);
  EXPECT_EQ(from_store->messages_stored, 1u);
  EXPECT_EQ(count_of(*store, "u1") + count_of(*store, "u1_renamed"), 0u);

  // opt_in: new messages are stored again (through the other connection too); the deleted
  // ones stay deleted.
  ASSERT_TRUE(store->opt_in("5001", "u1"));
  auto after = other->write({make_message(6000, 1'700'001'000'000, 1)}, {});
  ASSERT_TRUE(after) << after.error();
  EXPECT_EQ(after->messages_stored, 1u);
  EXPECT_EQ(count_of(*store, "u1"), 1u);
  auto reopened = open();
  ASSERT_TRUE(reopened);
  EXPECT_EQ(*reopened->count_messages(), 42u);
}

TEST_P(StorePrivacy, AnUnknownLoginIsTombstonedWithoutANewGeneration) {
  auto store = open();
  ASSERT_TRUE(store);
  auto forgot = store->forget({"u7"}, 1);
  ASSERT_TRUE(forgot) << forgot.error();
  EXPECT_EQ(forgot->messages_deleted, 0u);
  EXPECT_EQ(*store->forget_generation(), 0);
  auto w = store->write({make_message(1, 1000, 7), make_message(2, 1001, 8)}, {});
  ASSERT_TRUE(w) << w.error();
  EXPECT_EQ(w->messages_tombstoned, 1u);
  EXPECT_EQ(count_of(*store, "u8"), 1u);
  EXPECT_EQ(count_of(*store, "u7"), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StorePrivacy, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace pererecos::storage
