// The Store contract, run against every backend (SQLite and PostgreSQL, see
// store_backends.h): round trip of every field, deduplication, scan order, following by
// seq, moderation events, the side tables, login history, and several writers on one
// store.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/message_identity.h"
#include "storage/store_backends.h"

namespace pererecos::storage {
namespace {

using testing::make_message;
using testing::scan_all;
using testing::uuid_for;

class StoreContract : public ::testing::TestWithParam<std::string> {
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

  // Opens the store (again: a restart, or a second instance on the same data).
  std::unique_ptr<Store> open() {
    auto store = backend_->open();
    EXPECT_TRUE(store.is_ok()) << store.error();
    return store ? std::move(*store) : nullptr;
  }

  std::unique_ptr<testing::StoreBackend> backend_;
};

WriteCounts write_or_die(Store& store, const std::vector<ChatMessage>& msgs,
                         const std::vector<ModerationEvent>& mods = {}) {
  auto counts = store.write(msgs, mods);
  EXPECT_TRUE(counts.is_ok()) << counts.error();
  return counts ? *counts : WriteCounts{};
}

TEST_P(StoreContract, RoundTripsEveryFieldAcrossReopen) {
  std::vector<ChatMessage> msgs;
  ChatMessage full;
  full.id = "0b7d6e1a-3c2f-4a8e-9b1d-4f2c8e19a0b3";
  full.channel = "pererecos";
  full.room_id = "123456";
  full.user_id = "98765";
  full.login = "zé_da_silva";
  full.display_name = "Zé_da_Silva";
  full.text = std::string("olá 🐸 ção <3 &amp; \"q\" ") + '\0' + "nul \xff bad utf8";
  full.timestamp_ms = 1'704'067'200'123;
  full.emotes = "25:0-4,12-16/1902:6-10";
  full.reply_parent_login = "someone";
  full.reply_parent_msg_id = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
  full.bits = 100;
  full.first_msg = true;
  full.action = false;
  msgs.push_back(full);

  ChatMessage action = full;  // /me, no first-msg, odd reply id, non-UUID id
  action.id = "not-a-uuid";
  action.action = true;
  action.first_msg = false;
  action.reply_parent_msg_id = "ABCDEFAB-BBBB-4CCC-8DDD-EEEEEEEEEEEE";  // uppercase: kept as is
  action.timestamp_ms += 1;
  msgs.push_back(action);

  ChatMessage sparse;  // every optional field empty, no id at all
  sparse.channel = "pererecos";
  sparse.login = "anon";
  sparse.text = "";
  sparse.timestamp_ms = full.timestamp_ms + 2;
  msgs.push_back(sparse);

  ChatMessage negative = make_message(9, -5);  // before the epoch
  negative.bits = -1;
  msgs.push_back(negative);

  {
    auto store = open();
    const WriteCounts counts = write_or_die(*store, msgs);
    EXPECT_EQ(counts.messages_stored, 4u);
    EXPECT_EQ(counts.messages_duplicate, 0u);
    EXPECT_EQ(counts.last_seq, 4);
  }
  auto store = open();
  const auto got = scan_all(*store);
  ASSERT_EQ(got.size(), 4u);
  std::vector<ChatMessage> expected = {negative, full, action, sparse};
  expected[3].id = message_identity(sparse);  // stored under its derived identity
  ASSERT_EQ(expected[3].id.rfind("derived-", 0), 0u);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(got[i].message, expected[i]) << "message " << i << ": " << got[i].message.text;
  }
  EXPECT_EQ(got[1].message.text.size(), full.text.size());  // the NUL survived
  EXPECT_EQ(*store->count_messages(), 4u);
}

TEST_P(StoreContract, DeduplicatesBySpecIdentityWithinAndAcrossBatches) {
  auto store = open();
  ChatMessage a = make_message(1, 1000);
  ChatMessage b = make_message(2, 1000);
  ChatMessage no_id = make_message(3, 2000);
  no_id.id.clear();
  ChatMessage no_id_same = no_id;   // same (channel, ts, login, text): same message
  ChatMessage no_id_other = no_id;  // different text: another message
  no_id_other.text = "something else";

  WriteCounts c1 = write_or_die(*store, {a, b, a, no_id, no_id_same, no_id_other});
  EXPECT_EQ(c1.messages_stored, 4u);
  EXPECT_EQ(c1.messages_duplicate, 2u);

  ChatMessage a_changed = a;  // a re-delivery with the same identity is the same message
  a_changed.text = "edited?";
  WriteCounts c2 = write_or_die(*store, {b, a_changed, no_id, make_message(4, 3000)});
  EXPECT_EQ(c2.messages_stored, 1u);
  EXPECT_EQ(c2.messages_duplicate, 3u);

  EXPECT_EQ(*store->count_messages(), 5u);
  const auto all = scan_all(*store);
  ASSERT_EQ(all.size(), 5u);
  std::set<std::string> ids;
  for (const auto& m : all) ids.insert(m.message.id);
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_EQ(all[0].message.text, a.text);  // the first version is kept
}

TEST_P(StoreContract, DeduplicatesExactlyInsideMultiRowInserts) {
  // Batches of 32+ messages go through multi-row INSERTs; a chunk mixing new messages,
  // already stored ones and repeats inside the chunk must still count and seq exactly.
  auto store = open();
  std::vector<ChatMessage> first;
  for (int i = 0; i < 40; ++i) first.push_back(make_message(i, 1000 + i, i % 3));
  const WriteCounts c1 = write_or_die(*store, first);
  EXPECT_EQ(c1.messages_stored, 40u);
  EXPECT_EQ(c1.last_seq, 40);
  std::vector<ChatMessage> mixed;
  std::vector<ChatMessage> expected_new;
  for (int i = 20; i < 60; ++i) {
    ChatMessage m = make_message(i, 1000 + i, i % 5);
    mixed.push_back(m);
    if (i >= 40) expected_new.push_back(m);
    if (i >= 40 && i < 50) mixed.push_back(m);  // repeated within the chunk
  }
  ASSERT_EQ(mixed.size(), 50u);
  const WriteCounts c2 = write_or_die(*store, mixed);
  EXPECT_EQ(c2.messages_stored, 20u);
  EXPECT_EQ(c2.messages_duplicate, 30u);
  EXPECT_EQ(*store->count_messages(), 60u);
  std::vector<StoredMessage> after;
  ASSERT_TRUE(store->scan_messages_after_seq(c1.last_seq, [&](const StoredMessage& m) {
    after.push_back(m);
    return true;
  }));
  ASSERT_EQ(after.size(), expected_new.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].message, expected_new[i]);
    EXPECT_GT(after[i].seq, c1.last_seq);
    EXPECT_LE(after[i].seq, c2.last_seq);
    if (i > 0) {
      EXPECT_GT(after[i].seq, after[i - 1].seq);
    }
  }
  // An all-duplicate batch stores nothing and uses no seq.
  const WriteCounts c3 = write_or_die(*store, mixed);
  EXPECT_EQ(c3.messages_stored, 0u);
  EXPECT_EQ(c3.messages_duplicate, 50u);
  EXPECT_EQ(c3.last_seq, c2.last_seq);
  const auto all = scan_all(*store);
  ASSERT_EQ(all.size(), 60u);
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].message.timestamp_ms, 1000 + i);
}

TEST_P(StoreContract, ScanOrdersByTimestampThenIngestSeq) {
  auto store = open();
  // Same-millisecond messages whose ids sort opposite to their ingest order, written in
  // different batches, interleaved with other timestamps.
  std::vector<std::pair<TimestampMs, std::string>> ingest;  // reference: (ts, id) in order
  const std::vector<std::vector<ChatMessage>> batches = {
      {make_message(900, 500), make_message(800, 100)},
      {make_message(700, 500), make_message(600, 300)},
      {make_message(500, 500), make_message(400, 100), make_message(300, 50)},
  };
  std::int64_t prev_last = 0;
  for (const auto& batch : batches) {
    const WriteCounts c = write_or_die(*store, batch);
    EXPECT_GT(c.last_seq, prev_last);
    prev_last = c.last_seq;
    for (const auto& m : batch) ingest.emplace_back(m.timestamp_ms, m.id);
  }
  // Reference: a stable sort of the ingest order by timestamp.
  std::stable_sort(ingest.begin(), ingest.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  const auto all = scan_all(*store);
  ASSERT_EQ(all.size(), ingest.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].message.timestamp_ms, ingest[i].first) << i;
    EXPECT_EQ(all[i].message.id, ingest[i].second) << i;
    if (i > 0) {
      EXPECT_NE(all[i].seq, all[i - 1].seq);
    }
  }
  // from_ms is inclusive.
  const auto from300 = scan_all(*store, 300);
  ASSERT_EQ(from300.size(), 4u);
  EXPECT_EQ(from300[0].message.timestamp_ms, 300);
  // Stopping early.
  int seen = 0;
  ASSERT_TRUE(store->scan_messages(0, [&](const StoredMessage&) { return ++seen < 2; }));
  EXPECT_EQ(seen, 2);
}

TEST_P(StoreContract, ViewScanSeesTheSameMessagesInTimestampOrder) {
  auto store = open();
  // Every field set (ids in both stored forms), same-millisecond groups written in two
  // batches, two channels and senders.
  std::vector<ChatMessage> first, second;
  for (std::uint64_t n = 0; n < 40; ++n) {
    ChatMessage m =
        make_message(n, 1000 + static_cast<TimestampMs>(n % 7), static_cast<int>(n % 5));
    if (n % 3 == 0) m.channel = "other";
    if (n % 4 == 0) m.id = "not-a-uuid-" + std::to_string(n);
    if (n % 6 == 0) m.id.clear();  // stored under its derived identity
    m.emotes = n % 2 ? "25:0-4" : "";
    m.reply_parent_login = n % 5 ? "" : "parent";
    m.reply_parent_msg_id = n % 5 ? "" : uuid_for(1000 + n);
    m.bits = static_cast<std::int64_t>(n);
    m.first_msg = n % 2 == 0;
    m.action = n % 3 == 1;
    (n % 2 ? first : second).push_back(m);
  }
  write_or_die(*store, first);
  write_or_die(*store, second);
  const std::vector<StoredMessage> copied = scan_all(*store);
  std::vector<StoredMessage> viewed;
  ASSERT_TRUE(store->scan_message_views(INT64_MIN, [&](const ChatMessageView& m, std::int64_t seq) {
    viewed.push_back({m.to_message(), seq});
    return true;
  }));
  ASSERT_EQ(viewed.size(), copied.size());
  for (std::size_t i = 1; i < viewed.size(); ++i) {
    EXPECT_LE(viewed[i - 1].message.timestamp_ms, viewed[i].message.timestamp_ms);
  }
  // Same messages; within one timestamp the order may differ, so compare in seq order.
  auto by_seq = [](std::vector<StoredMessage> v) {
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
    return v;
  };
  const auto a = by_seq(copied), b = by_seq(viewed);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].seq, b[i].seq);
    EXPECT_EQ(a[i].message, b[i].message) << i;
  }
  int seen = 0;
  ASSERT_TRUE(store->scan_message_views(
      0, [&](const ChatMessageView&, std::int64_t) { return ++seen < 3; }));
  EXPECT_EQ(seen, 3);
}

TEST_P(StoreContract, ScanAfterSeqReturnsExactlyTheLaterIngestsInSeqOrder) {
  auto store = open();
  // Batches mixing far-apart timestamps (several ingest-log clusters per write), old
  // timestamps inserted among existing rows, and duplicates.
  std::uint64_t n = 0;
  const TimestampMs day = 86'400'000;
  for (int b = 0; b < 12; ++b) {
    std::vector<ChatMessage> batch;
    for (int i = 0; i < 25; ++i) {
      const TimestampMs ts = (i % 3) * day + (b * 7 + i * 13) % 1000 + (i % 5) * 3'600'000;
      batch.push_back(make_message(++n, ts, i % 4));
    }
    if (b > 0) batch.push_back(make_message(n - 30, 0));  // a duplicate id (other ts): stored
    batch.push_back(batch.front());                       // an exact duplicate: not stored
    write_or_die(*store, batch);
  }
  const auto all = scan_all(*store);
  auto reader = open();  // another connection, as a follower
  for (std::int64_t after : {std::int64_t{0}, std::int64_t{1}, std::int64_t{37}, std::int64_t{150},
                             std::int64_t{300}, std::int64_t{1000}}) {
    std::vector<StoredMessage> expected;
    for (const auto& m : all) {
      if (m.seq > after) expected.push_back(m);
    }
    std::sort(expected.begin(), expected.end(),
              [](const auto& x, const auto& y) { return x.seq < y.seq; });
    std::vector<StoredMessage> got;
    ASSERT_TRUE(reader->scan_messages_after_seq(after, [&](const StoredMessage& m) {
      got.push_back(m);
      return true;
    }));
    ASSERT_EQ(got.size(), expected.size()) << "after " << after;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].seq, expected[i].seq);
      EXPECT_EQ(got[i].message, expected[i].message);
    }
  }
  int calls = 0;
  ASSERT_TRUE(store->scan_messages_after_seq(0, [&](const StoredMessage&) { return ++calls < 3; }));
  EXPECT_EQ(calls, 3);
}

ModerationEvent make_mod(ModerationEvent::Kind kind, TimestampMs ts, std::string target) {
  ModerationEvent ev;
  ev.kind = kind;
  ev.channel = "chan";
  ev.room_id = "1000";
  ev.target_login = std::move(target);
  ev.timestamp_ms = ts;
  return ev;
}

TEST_P(StoreContract, ModerationEventsRoundTripDeduplicateAndFollow) {
  auto store = open();
  ModerationEvent ban = make_mod(ModerationEvent::Kind::kBan, 500, "bad");
  ban.target_user_id = "42";
  ModerationEvent timeout = make_mod(ModerationEvent::Kind::kTimeout, 300, "loud");
  timeout.duration_s = 600;
  ModerationEvent del = make_mod(ModerationEvent::Kind::kDeleteMessage, 500, "x");
  del.target_msg_id = "0b7d6e1a-3c2f-4a8e-9b1d-4f2c8e19a0b3";
  ModerationEvent clear = make_mod(ModerationEvent::Kind::kClearChat, 100, "");
  clear.room_id = "";

  WriteCounts c1 = write_or_die(*store, {make_message(1, 200)}, {ban, timeout, ban});
  EXPECT_EQ(c1.moderation_stored, 2u);
  EXPECT_EQ(c1.moderation_duplicate, 1u);
  EXPECT_EQ(c1.last_seq, 3);  // one sequence for messages and moderation events
  ModerationEvent other_channel = ban;
  other_channel.channel = "elsewhere";
  WriteCounts c2 = write_or_die(*store, {}, {timeout, del, clear, other_channel});
  EXPECT_EQ(c2.moderation_stored, 3u);
  EXPECT_EQ(c2.moderation_duplicate, 1u);

  std::vector<StoredModeration> got;
  ASSERT_TRUE(store->scan_moderation([&](const StoredModeration& m) {
    got.push_back(m);
    return true;
  }));
  // (ts, seq): clear@100, timeout@300, ban@500 (seq 2), del@500, other_channel@500.
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[0].event, clear);
  EXPECT_EQ(got[1].event, timeout);
  EXPECT_EQ(got[2].event, ban);
  EXPECT_EQ(got[3].event, del);
  EXPECT_EQ(got[4].event, other_channel);
  EXPECT_LT(got[2].seq, got[3].seq);

  std::vector<StoredModeration> after;
  ASSERT_TRUE(store->scan_moderation_after_seq(c1.last_seq, [&](const StoredModeration& m) {
    after.push_back(m);
    return true;
  }));
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[0].event, del);
  EXPECT_EQ(after[1].event, clear);
  EXPECT_EQ(after[2].event, other_channel);
}

TEST_P(StoreContract, FeedbackSettingsAndEmoteSets) {
  auto store = open();
  auto id1 = store->add_feedback({"bug", "o gráfico não carrega", 1000});
  auto id2 = store->add_feedback({"sugestao", "mais emotes", 2000});
  ASSERT_TRUE(id1 && id2);
  EXPECT_LT(*id1, *id2);

  EXPECT_FALSE(store->get_setting("missing")->has_value());
  ASSERT_TRUE(store->put_setting("channel", "pererecos"));
  ASSERT_TRUE(store->put_setting("channel", "other"));
  EXPECT_EQ(store->get_setting("channel")->value(), "other");

  EXPECT_FALSE(store->get_emote_set("7tv", "global")->has_value());
  ASSERT_TRUE(store->put_emote_set({"7tv", "global", "{\"emotes\":[]}", 10}));
  ASSERT_TRUE(store->put_emote_set({"bttv", "global", "[]", 11}));
  ASSERT_TRUE(store->put_emote_set({"7tv", "global", "{\"emotes\":[1]}", 12}));
  auto snap = store->get_emote_set("7tv", "global");
  ASSERT_TRUE(snap && snap->has_value());
  EXPECT_EQ((*snap)->body, "{\"emotes\":[1]}");
  EXPECT_EQ((*snap)->fetched_ms, 12);
  EXPECT_EQ((*snap)->provider, "7tv");
  EXPECT_EQ(store->get_emote_set("bttv", "global")->value().body, "[]");
}

// Reference login history: every (user_id, login) with min and max timestamp.
std::map<std::pair<std::string, std::string>, std::pair<TimestampMs, TimestampMs>> reference(
    const std::vector<ChatMessage>& msgs) {
  std::map<std::pair<std::string, std::string>, std::pair<TimestampMs, TimestampMs>> out;
  for (const auto& m : msgs) {
    if (m.user_id.empty()) continue;
    auto [it, inserted] =
        out.try_emplace({m.user_id, m.login}, std::make_pair(m.timestamp_ms, m.timestamp_ms));
    it->second.first = std::min(it->second.first, m.timestamp_ms);
    it->second.second = std::max(it->second.second, m.timestamp_ms);
  }
  return out;
}

void expect_history_matches(Store& store, const std::string& user_id,
                            const std::vector<ChatMessage>& all) {
  std::vector<Store::LoginRecord> expected;
  for (const auto& [key, span] : reference(all)) {
    if (key.first == user_id) expected.push_back({user_id, key.second, span.first, span.second});
  }
  std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
    return a.first_ms != b.first_ms ? a.first_ms < b.first_ms : a.login < b.login;
  });
  auto got = store.login_history(user_id);
  ASSERT_TRUE(got.is_ok()) << got.error();
  ASSERT_EQ(got->size(), expected.size()) << user_id;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*got)[i].user_id, expected[i].user_id);
    EXPECT_EQ((*got)[i].login, expected[i].login);
    EXPECT_EQ((*got)[i].first_ms, expected[i].first_ms);
    EXPECT_EQ((*got)[i].last_ms, expected[i].last_ms);
  }
}

TEST_P(StoreContract, LoginHistoryIsExactForWriterReaderAndAfterReopen) {
  std::vector<ChatMessage> all;
  auto msg = [&](std::uint64_t n, TimestampMs ts, const std::string& user_id,
                 const std::string& login) {
    ChatMessage m = make_message(n, ts);
    m.user_id = user_id;
    m.login = login;
    m.display_name = login;
    return m;
  };
  {
    auto writer = open();
    // A rename (old -> new), an import of older messages, a second display name, and a
    // message with no user id (not in any history).
    std::vector<ChatMessage> b1 = {msg(1, 1000, "7", "old"), msg(2, 1500, "7", "old"),
                                   msg(3, 1200, "8", "other")};
    std::vector<ChatMessage> b2 = {msg(4, 5000, "7", "new"), msg(5, 400, "7", "old"),
                                   msg(6, 6000, "", "nouser")};
    ChatMessage shouting = msg(7, 7000, "7", "new");
    shouting.display_name = "NEW";
    std::vector<ChatMessage> b3 = {shouting, msg(1, 1000, "7", "old")};  // plus a duplicate
    for (const auto& b : {b1, b2, b3}) {
      write_or_die(*writer, b);
      for (const auto& m : b) all.push_back(m);
    }
    auto reader = open();
    for (const std::string user : {"7", "8", "9", ""}) {
      expect_history_matches(*writer, user, all);
      expect_history_matches(*reader, user, all);
    }
  }
  auto reopened = open();
  expect_history_matches(*reopened, "7", all);
  std::vector<ChatMessage> b4 = {msg(10, 100, "7", "new")};  // "new" seen before "old"
  write_or_die(*reopened, b4);
  all.push_back(b4[0]);
  expect_history_matches(*reopened, "7", all);
  EXPECT_EQ(reopened->login_history("7")->front().login, "new");
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace pererecos::storage
