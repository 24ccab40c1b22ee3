// forget(): a chatter's messages leave the store durably (no copy in the database file or
// its WAL), stickily (tombstones drop later writes, also from another connection with
// warm caches, also under a new login), and opt_in() lets new messages in again.
#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_store.h"
#include "test_util.h"

namespace pererecos::storage {
namespace {

using testing::make_message;
using testing::read_bytes;
using testing::scan_all;
using testing::TempDir;

constexpr char kSecret[] = "ALICE-SECRET-7f3a9c";

std::vector<ChatMessage> conversation() {
  std::vector<ChatMessage> out;
  for (int i = 0; i < 200; ++i) {
    ChatMessage m = make_message(i, 1'700'000'000'000 + i * 1000, i % 3 + 1);  // u1, u2, u3
    if (m.login == "u1") m.text = std::string(kSecret) + " " + std::to_string(i);
    if (m.login == "u2" && i % 2 == 0) m.reply_parent_login = "u1";
    out.push_back(std::move(m));
  }
  return out;
}

std::size_t count_of(Store& store, const std::string& login) {
  std::size_t n = 0;
  for (const StoredMessage& m : scan_all(store)) n += m.message.login == login;
  return n;
}

TEST(Forget, DeletesDurablyAndTombstonesLaterWrites) {
  TempDir dir;
  const std::string path = dir.file("chat.db");
  auto store = SqliteStore::open(path);
  ASSERT_TRUE(store) << store.error();
  auto other = SqliteStore::open(path);  // e.g. the server's writer, caches warm
  ASSERT_TRUE(other) << other.error();
  ASSERT_TRUE((*store)->write(conversation(), {}));
  ASSERT_TRUE((*other)->write({make_message(1000, 1'700'000'500'000, 1)}, {}));
  ASSERT_EQ(count_of(**store, "u1"), 68u);
  ASSERT_EQ(*(*store)->count_messages(), 201u);
  ASSERT_FALSE((*store)->login_history("5001")->empty());
  ASSERT_EQ(*(*store)->forget_generation(), 0);

  auto forgot = (*store)->forget({"U1"}, 1'800'000'000'000);
  ASSERT_TRUE(forgot) << forgot.error();
  EXPECT_EQ(forgot->messages_deleted, 68u);
  EXPECT_EQ(forgot->user_ids, std::vector<std::string>{"5001"});
  EXPECT_EQ(*(*store)->forget_generation(), 1);

  // Gone from the messages, the totals, the login history and every reply link.
  EXPECT_EQ(count_of(**store, "u1"), 0u);
  EXPECT_EQ(*(*store)->count_messages(), 133u);
  EXPECT_TRUE((*store)->login_history("5001")->empty());
  std::size_t u2 = 0;
  for (const StoredMessage& m : scan_all(**store)) {
    EXPECT_NE(m.message.reply_parent_login, "u1");
    u2 += m.message.login == "u2";
  }
  EXPECT_EQ(u2, 67u);  // the others keep their messages

  // No copy left on disk: not in the database file, not in the WAL.
  const std::string db_bytes = read_bytes(path);
  const std::string wal_bytes = read_bytes(path + "-wal");
  EXPECT_GT(db_bytes.size(), 0u);
  EXPECT_EQ(db_bytes.find(kSecret), std::string::npos) << "the database file still holds it";
  EXPECT_EQ(wal_bytes.find(kSecret), std::string::npos) << "the WAL still holds it";
  EXPECT_EQ(db_bytes.find("U1"), std::string::npos) << "the display name is still stored";

  // Sticky: a re-import through either connection, under the user id or the login, drops them.
  auto again = (*store)->write(conversation(), {});
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(again->messages_tombstoned, 67u);
  ChatMessage renamed = make_message(5000, 1'700'000'900'000, 1);
  renamed.login = "u1_renamed";  // same user id 5001
  ChatMessage same_login = make_message(5001, 1'700'000'900'001, 9);
  same_login.login = "u1";  // user id unknown to us
  same_login.user_id.clear();
  auto from_other = (*other)->write({renamed, same_login, make_message(5002, 1'700'000'900'002, 2)}, {});
  ASSERT_TRUE(from_other) << from_other.error();
  EXPECT_EQ(from_other->messages_tombstoned, 2u);
  EXPECT_EQ(from_other->messages_stored, 1u);
  EXPECT_EQ(count_of(**store, "u1") + count_of(**store, "u1_renamed"), 0u);

  // opt_in: new messages are stored again; the deleted ones stay deleted.
  ASSERT_TRUE((*store)->opt_in("5001", "u1"));
  auto after_optin = (*other)->write({make_message(6000, 1'700'001'000'000, 1)}, {});
  ASSERT_TRUE(after_optin) << after_optin.error();
  EXPECT_EQ(after_optin->messages_stored, 1u);
  EXPECT_EQ(count_of(**store, "u1"), 1u);
}

TEST(Forget, AnUnknownLoginIsTombstonedToo) {
  TempDir dir;
  auto store = SqliteStore::open(dir.file("chat.db"));
  ASSERT_TRUE(store) << store.error();
  auto forgot = (*store)->forget({"u7"}, 1);
  ASSERT_TRUE(forgot) << forgot.error();
  EXPECT_EQ(forgot->messages_deleted, 0u);
  auto w = (*store)->write({make_message(1, 1000, 7), make_message(2, 1001, 8)}, {});
  ASSERT_TRUE(w) << w.error();
  EXPECT_EQ(w->messages_tombstoned, 1u);
  EXPECT_EQ(count_of(**store, "u8"), 1u);
}

}  // namespace
}  // namespace pererecos::storage
