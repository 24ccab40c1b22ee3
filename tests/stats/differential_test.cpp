// Differential test: the engine against the naive SQL reference (sql_reference.h) on
// randomized datasets, endpoint by endpoint, at several clock positions; and the engine
// against itself with messages applied in a different order.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "describe.h"
#include "sql_reference.h"
#include "app/store_history.h"
#include "stats/stats_engine.h"
#include "storage/sqlite/sqlite_store.h"
#include "test_util.h"

namespace pererecos::stats {
namespace {

using namespace testing;

struct Scenario {
  std::uint64_t seed;
  std::string zone;
  TimestampMs now0;
  int span_days;
  int messages;
  int accounts = 30;
  // Spam bursts: an account sends 20 messages within 5 minutes after all its others and is
  // then timed out (its 16 kept texts are all moderated: recent_messages needs the store).
  int bursts = 6;
};

std::shared_ptr<const EmoteSet> make_set(const std::string& provider, const std::string& id,
                                         std::vector<std::pair<std::string, std::string>> e) {
  auto s = std::make_shared<EmoteSet>();
  s->provider = provider;
  s->set_id = id;
  for (auto& [name, eid] : e) s->by_name[name] = ThirdPartyEmote{eid, "https://cdn/" + eid};
  return s;
}

EmoteCatalog final_catalog() {
  EmoteCatalog c;
  c.channel_sets = {make_set("7tv", "c7", {{"KEKW", "7k"}, {"catJAM", "7c"}}),
                    make_set("bttv", "cb", {{"KEKW", "bk"}, {"Pog", "bp"}}),
                    make_set("ffz", "cf", {{"Pog", "fp"}, {"monkaS", "fm"}})};
  c.global_sets = {make_set("7tv", "global", {{"Kappa", "7gK"}}),
                   make_set("bttv", "global", {{"LUL", "bgL"}, {"monkaS", "bgm"}})};
  return c;
}

EmoteCatalog first_catalog() {
  EmoteCatalog c;
  c.channel_sets = {make_set("ffz", "cf", {{"Pog", "fp"}, {"hi", "fh"}})};
  return c;
}

struct Generated {
  Dataset data;
  std::vector<TimestampMs> clocks;
};

Generated generate(const Scenario& sc) {
  std::mt19937_64 rng(sc.seed);
  auto uni = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  Generated g;
  g.data.zone = sc.zone;
  g.data.ignored = {"nightbot", "streamelements"};
  g.data.catalog = final_catalog();
  g.clocks = {sc.now0, sc.now0 + 3 * kDay + 1234, sc.now0 + 20 * kDay};
  const TimestampMs start = sc.now0 - sc.span_days * kDay;
  const TimestampMs end = sc.now0 + 25 * kDay;

  // Accounts: id -> logins over time (login changes at a switch time).
  struct Account {
    std::string uid;
    std::vector<std::pair<TimestampMs, std::string>> logins;  // from time, login
    TimestampMs from = 0;
  };
  std::vector<Account> accounts;
  int next_login = 0;
  auto fresh = [&] { return "name" + std::to_string(next_login++); };
  for (int i = 0; i < sc.accounts; ++i) {
    Account a{"u" + std::to_string(i), {{start, fresh()}}, start};
    if (uni(0, 9) < 3) {
      TimestampMs t = uni(start, end);
      a.logins.push_back({t, fresh()});
      if (uni(0, 1) == 0) {  // another account takes the old login after the rename
        Account b{"t" + std::to_string(i), {{t + 1, a.logins[0].second}}, t + 1};
        accounts.push_back(b);
      }
    }
    accounts.push_back(a);
  }
  accounts.push_back(Account{"bot", {{start, "nightbot"}}, start});
  // Logins only ever seen without a user id, and one that gets an id later.
  std::vector<std::string> anonymous = {"anon1", "anon2", "lateid"};
  accounts.push_back(Account{"late", {{start, "lateid"}}, sc.now0 - 2 * kDay});

  auto login_at = [](const Account& a, TimestampMs t) {
    std::string l = a.logins[0].second;
    for (const auto& [from, login] : a.logins) {
      if (t >= from) l = login;
    }
    return l;
  };
  std::vector<TimestampMs> special;
  for (TimestampMs c : g.clocks) {
    for (TimestampMs age : {5 * kMin, kDay, 7 * kDay, 8 * kDay, 14 * kDay, 30 * kDay, 37 * kDay}) {
      special.push_back(c - age);
      special.push_back(c - age + 1);
    }
  }
  const std::vector<std::string> vocab = {"hi",
                                          "lol",
                                          "Kappa",
                                          "KEKW",
                                          "Pog",
                                          "catJAM",
                                          "monkaS",
                                          "LUL",
                                          "ok",
                                          "\xC3\xA9t\xC3\xA9",
                                          "\xE6\x97\xA5\xE6\x9C\xAC",
                                          "@nightbot",
                                          "@Unknown",
                                          "(@name1)",
                                          "x@name2",
                                          "@",
                                          "@name3,"};
  std::vector<std::string> all_logins;
  for (const auto& a : accounts) {
    for (const auto& l : a.logins) all_logins.push_back(l.second);
  }
  for (int n = 0; n < sc.messages; ++n) {
    ChatMessage m;
    m.channel = uni(0, 9) == 0 ? "other" : "chan";
    TimestampMs ts = uni(0, 4) == 0 ? special[uni(0, static_cast<std::int64_t>(special.size()) - 1)]
                                    : uni(start, end);
    if (uni(0, 19) == 0) ts = sc.now0 - uni(0, 10 * kMin);  // the active window
    // Zipf-like choice of the sender.
    std::size_t k = static_cast<std::size_t>(std::min<double>(
        accounts.size() - 1, std::floor(std::exp(std::uniform_real_distribution<double>(
                                            0, std::log(accounts.size() + 1.0))(rng)) -
                                        1)));
    const Account* a = &accounts[k];
    if (ts < a->from) ts = a->from + uni(0, kDay);
    m.timestamp_ms = ts;
    m.user_id = a->uid;
    m.login = login_at(*a, ts);
    if (uni(0, 9) == 0) m.user_id.clear();  // no user id: attributed by login
    if (uni(0, 29) == 0) {
      m.user_id.clear();
      m.login = anonymous[uni(0, 2)];
    }
    if (m.login == "lateid" && ts < a->from) m.user_id.clear();
    m.display_name = uni(0, 3) == 0 ? std::string(1, static_cast<char>(std::toupper(m.login[0]))) +
                                          m.login.substr(1)
                                    : m.login;
    // Text with code-point emote spans for Kappa (25) and LUL (425618) most of the time.
    int tokens = static_cast<int>(uni(1, 5));
    std::string text, tag25, tagLUL;
    std::uint32_t cp = 0;
    for (int t = 0; t < tokens; ++t) {
      if (t > 0) {
        int spaces = uni(0, 9) == 0 ? 2 : 1;
        text.append(static_cast<std::size_t>(spaces), ' ');
        cp += static_cast<std::uint32_t>(spaces);
      }
      std::string tok =
          uni(0, 5) == 0
              ? "@" + all_logins[uni(0, static_cast<std::int64_t>(all_logins.size()) - 1)]
              : vocab[uni(0, static_cast<std::int64_t>(vocab.size()) - 1)];
      std::uint32_t len = tok == "\xC3\xA9t\xC3\xA9" ? 3
                          : tok == "\xE6\x97\xA5\xE6\x9C\xAC"
                              ? 2
                              : static_cast<std::uint32_t>(tok.size());
      if ((tok == "Kappa" || tok == "LUL") && uni(0, 9) < 7) {
        std::string& tag = tok == "Kappa" ? tag25 : tagLUL;
        if (!tag.empty()) tag += ",";
        tag += std::to_string(cp) + "-" + std::to_string(cp + len - 1);
      }
      text += tok;
      cp += len;
    }
    m.text = text;
    std::vector<std::string> parts;
    if (!tag25.empty()) parts.push_back("25:" + tag25);
    if (!tagLUL.empty()) parts.push_back("425618:" + tagLUL);
    for (std::size_t i = 0; i < parts.size(); ++i) m.emotes += (i ? "/" : "") + parts[i];
    if (uni(0, 9) == 0)
      m.reply_parent_login = all_logins[uni(0, static_cast<std::int64_t>(all_logins.size()) - 1)];
    g.data.messages.push_back({m, 0});
  }
  // Spam bursts, each followed by a timeout (added to the moderation below).
  std::vector<ModerationEvent> burst_timeouts;
  for (int b = 0; b < sc.bursts; ++b) {
    const Account& a = accounts[static_cast<std::size_t>(uni(0, sc.accounts - 1))];
    // After every other message: the burst is the account's newest 20 messages.
    const TimestampMs t = end + uni(10 * kMin, kDay);
    for (int i = 0; i < 20; ++i) {
      ChatMessage m;
      m.channel = "chan";
      m.timestamp_ms = t - uni(0, 5 * kMin);
      m.user_id = a.uid;
      m.login = login_at(a, m.timestamp_ms);
      m.display_name = m.login;
      m.text = "spam " + std::to_string(b) + " " + std::to_string(i);
      g.data.messages.push_back({m, 0});
    }
    ModerationEvent ev;
    ev.channel = "chan";
    ev.timestamp_ms = t;
    ev.kind = ModerationEvent::Kind::kTimeout;
    ev.duration_s = 600;
    ev.target_user_id = b % 2 ? a.uid : "";
    ev.target_login = login_at(a, t);
    burst_timeouts.push_back(ev);
  }
  // Every rename is seen (a message with the new login after the switch), so two users
  // never share a current login: ties between identical logins are outside SPEC's rules.
  for (const Account& a : accounts) {
    if (a.logins.size() < 2) continue;
    ChatMessage m;
    m.channel = "chan";
    m.user_id = a.uid;
    m.login = a.logins[1].second;
    m.display_name = m.login;
    m.text = "renamed";
    m.timestamp_ms = a.logins[1].first + 1;
    g.data.messages.push_back({m, 0});
  }
  // Ingest order: a random permutation (live chat arrives slightly out of order).
  std::vector<std::int64_t> seqs(g.data.messages.size());
  for (std::size_t i = 0; i < seqs.size(); ++i) seqs[i] = static_cast<std::int64_t>(i + 1);
  std::shuffle(seqs.begin(), seqs.end(), rng);
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    g.data.messages[i].second = seqs[i];
    g.data.messages[i].first.id = "m" + std::to_string(seqs[i]);
  }
  // Moderation.
  for (int i = 0; i < 25; ++i) {
    ModerationEvent ev;
    ev.channel = uni(0, 4) == 0 ? "other" : "chan";
    ev.timestamp_ms = uni(start, end);
    const auto& victim =
        g.data.messages[uni(0, static_cast<std::int64_t>(g.data.messages.size()) - 1)].first;
    switch (uni(0, 4)) {
      case 0:
        ev.kind = ModerationEvent::Kind::kBan;
        ev.target_user_id = victim.user_id;
        ev.target_login = victim.login;
        break;
      case 1:
      case 2:
        ev.kind = ModerationEvent::Kind::kTimeout;
        ev.duration_s = 600;
        ev.target_user_id = uni(0, 1) ? victim.user_id : "";
        ev.target_login = victim.login;
        ev.timestamp_ms = victim.timestamp_ms + uni(0, 12 * kMin);
        break;
      case 3:
        ev.kind = ModerationEvent::Kind::kDeleteMessage;
        ev.target_msg_id = victim.id;
        break;
      default:
        ev.kind = ModerationEvent::Kind::kClearChat;
        break;
    }
    g.data.moderation.push_back(ev);
  }
  g.data.moderation.insert(g.data.moderation.end(), burst_timeouts.begin(), burst_timeouts.end());
  // Deleted messages: the newest messages of a few accounts, one by one.
  for (int i = 0; i < 40; ++i) {
    const auto& victim =
        g.data.messages[uni(0, static_cast<std::int64_t>(g.data.messages.size()) - 1)].first;
    ModerationEvent ev;
    ev.channel = victim.channel;
    ev.timestamp_ms = victim.timestamp_ms + 1;
    ev.kind = ModerationEvent::Kind::kDeleteMessage;
    ev.target_msg_id = victim.id;
    g.data.moderation.push_back(ev);
  }
  return g;
}

// How messages reach the engine: in (ts, seq) order one by one, shuffled, in (ts, seq)
// order through the batch apply (as `serve` does), or one by one with an answer after
// every 250 messages (so its rank trees are updated in many small steps).
enum class Feed { kSorted, kShuffled, kSortedBatches, kSortedAnswering };

// The store behind the engine, as in `serve`: every message in a real SQLite store (seq =
// the dataset's ingest order), read through the app's StoreHistory when moderation hides
// too many of the 16 texts per user that the engine keeps (the production setting).
std::unique_ptr<app::StoreHistory> make_history(const Generated& g) {
  auto store = std::move(storage::SqliteStore::open(":memory:")).value();
  auto msgs = g.data.messages;
  std::sort(msgs.begin(), msgs.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<ChatMessage> batch;
  for (auto& [m, seq] : msgs) batch.push_back(m);
  auto written = store->write(batch, {});
  EXPECT_TRUE(written.is_ok());
  EXPECT_EQ(written->last_seq, static_cast<std::int64_t>(msgs.size()));
  return std::make_unique<app::StoreHistory>(std::move(store));
}

// The dataset's messages in (timestamp, seq) order, as a live feed delivers them.
std::vector<std::pair<ChatMessage, std::int64_t>> by_time(const Generated& g) {
  auto msgs = g.data.messages;
  std::sort(msgs.begin(), msgs.end(), [](const auto& a, const auto& b) {
    return std::make_pair(a.first.timestamp_ms, a.second) <
           std::make_pair(b.first.timestamp_ms, b.second);
  });
  return msgs;
}

// The engine settings of these tests: the dataset's zone and the two ignored bots.
EngineConfig engine_config(const Generated& g) {
  EngineConfig cfg;
  cfg.time_zone = g.data.zone;
  cfg.ignored_logins = {"NightBot", "streamelements"};
  return cfg;
}

std::unique_ptr<StatsEngine> build_engine(const Clock& clock, const Generated& g, Feed feed,
                                          std::uint64_t seed, MessageHistory* history) {
  EngineConfig cfg = engine_config(g);
  cfg.history = history;
  // Without the store: keep every text, so that recent_messages is exact anyway.
  if (!history) cfg.recent_texts_per_user = 100000;
  auto engine = std::move(StatsEngine::create(clock, cfg)).value();
  auto msgs = by_time(g);
  if (feed == Feed::kShuffled) {
    std::mt19937_64 rng(seed * 7 + 1);
    std::shuffle(msgs.begin(), msgs.end(), rng);
  }
  engine->set_emote_catalog("chan", first_catalog());
  std::vector<SequencedMessage> pending;  // Feed::kSortedBatches
  auto flush = [&] {
    engine->apply(pending);
    pending.clear();
  };
  std::size_t next_mod = 0;
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    if (i == msgs.size() / 2) {
      flush();
      engine->set_emote_catalog("chan", g.data.catalog);
      engine->set_emote_catalog("other", g.data.catalog);
    }
    // Moderation interleaved (before, between and after the messages it affects).
    if (next_mod < g.data.moderation.size() && i % 97 == 0) {
      flush();
      engine->apply(g.data.moderation[next_mod++]);
    }
    if (feed == Feed::kSortedBatches) {
      pending.push_back({msgs[i].first, msgs[i].second});
    } else {
      engine->apply(msgs[i].first, msgs[i].second);
    }
    if (feed == Feed::kSortedAnswering && i % 250 == 249) {
      (void)engine->leaderboard("chan", Period::kAll, 1);
      (void)engine->leaderboard("other", Period::kAll, 1);
    }
  }
  flush();
  while (next_mod < g.data.moderation.size()) engine->apply(g.data.moderation[next_mod++]);
  return engine;
}

void compare_all(const StatsEngine& engine, SqlReference& ref, TimestampMs now) {
  EXPECT_EQ(engine.resolve_channel(std::nullopt), ref.default_channel());
  for (const std::string ch : {"chan", "other"}) {
    SCOPED_TRACE("channel " + ch + " now " + std::to_string(now));
    for (Period p : {Period::kDay, Period::kWeek, Period::kMonth, Period::kAll}) {
      EXPECT_EQ(d(engine.leaderboard(ch, p, 100)), d(ref.leaderboard(ch, p, 100, now)));
      EXPECT_EQ(d(engine.leaderboard(ch, p, 3)), d(ref.leaderboard(ch, p, 3, now)));
    }
    auto rising = ref.rising_stars(ch, now);
    if (rising.size() > 50) rising.resize(50);
    EXPECT_EQ(d(engine.rising_stars(ch, 50)), d(rising));
    EXPECT_EQ(d(engine.hour_leaders(ch)), d(ref.hour_leaders(ch)));
    auto writers = ref.top_writers(ch);
    if (writers.size() > 50) writers.resize(50);
    EXPECT_EQ(d(engine.top_writers(ch, 50)), d(writers));
    EXPECT_EQ(d(engine.active_chatters(ch)), d(ref.active_chatters(ch, now)));
    EXPECT_EQ(d(engine.chat_activity(ch)), d(ref.chat_activity(ch, now)));
    EXPECT_EQ(d(engine.overall_activity(ch)), d(ref.overall_activity(ch)));
    EXPECT_EQ(d(engine.unique_chatters(ch)), d(ref.unique_chatters(ch, now)));
    EXPECT_EQ(d(engine.top_emotes(ch)), d(ref.top_emotes(ch, now)));
    for (const std::string q : {"na", "NA", "name1", "an", "la", "ni", "t"}) {
      EXPECT_EQ(d(engine.search(ch, q)), d(ref.search(ch, q))) << q;
    }
    std::vector<std::string> logins = ref.all_logins();
    logins.push_back("NightBot");
    logins.push_back("unknown");
    for (const std::string& login : logins) {
      for (Period p : {Period::kDay, Period::kWeek, Period::kMonth, Period::kAll}) {
        EXPECT_EQ(d(engine.user_stats(ch, login, p)), d(ref.user_stats(ch, login, p, now)))
            << login << " " << period_name(p);
      }
    }
  }
}

// Every endpoint of two engines fed the same data.
void compare_engines(const StatsEngine& a, const StatsEngine& b,
                     const std::vector<std::string>& logins) {
  for (const std::string ch : {"chan", "other"}) {
    std::string trace = "engines, channel ";
    trace += ch;
    SCOPED_TRACE(trace);
    for (Period p : {Period::kDay, Period::kWeek, Period::kMonth, Period::kAll}) {
      EXPECT_EQ(d(a.leaderboard(ch, p, 100)), d(b.leaderboard(ch, p, 100)));
      for (const std::string& login : logins) {
        EXPECT_EQ(d(a.user_stats(ch, login, p)), d(b.user_stats(ch, login, p))) << login;
      }
    }
    EXPECT_EQ(d(a.rising_stars(ch, 50)), d(b.rising_stars(ch, 50)));
    EXPECT_EQ(d(a.hour_leaders(ch)), d(b.hour_leaders(ch)));
    EXPECT_EQ(d(a.top_writers(ch, 50)), d(b.top_writers(ch, 50)));
    EXPECT_EQ(d(a.active_chatters(ch)), d(b.active_chatters(ch)));
    EXPECT_EQ(d(a.chat_activity(ch)), d(b.chat_activity(ch)));
    EXPECT_EQ(d(a.overall_activity(ch)), d(b.overall_activity(ch)));
    EXPECT_EQ(d(a.unique_chatters(ch)), d(b.unique_chatters(ch)));
    EXPECT_EQ(d(a.top_emotes(ch)), d(b.top_emotes(ch)));
    for (const std::string q : {"na", "name1", "an", "t"}) {
      EXPECT_EQ(d(a.search(ch, q)), d(b.search(ch, q))) << q;
    }
  }
}

void run(const Scenario& sc) {
  Generated g = generate(sc);
  SqlReference ref(g.data);
  auto history = make_history(g);
  FixedClock clock(g.clocks[0]);
  auto engine = build_engine(clock, g, Feed::kSorted, sc.seed, history.get());
  FixedClock clock2(g.clocks[0]);
  auto shuffled = build_engine(clock2, g, Feed::kShuffled, sc.seed, history.get());
  FixedClock clock3(g.clocks[0]);
  auto batched = build_engine(clock3, g, Feed::kSortedBatches, sc.seed, nullptr);
  for (TimestampMs now : g.clocks) {
    clock.set(now);
    clock2.set(now);
    clock3.set(now);
    compare_all(*engine, ref, now);
    compare_engines(*engine, *batched, ref.all_logins());
    // Another ingest order, same (ts, seq): same answers.
    for (const std::string ch : {"chan", "other"}) {
      for (Period p : {Period::kDay, Period::kAll}) {
        EXPECT_EQ(d(engine->leaderboard(ch, p, 100)), d(shuffled->leaderboard(ch, p, 100)));
      }
      EXPECT_EQ(d(engine->top_emotes(ch)), d(shuffled->top_emotes(ch)));
      EXPECT_EQ(d(engine->rising_stars(ch, 50)), d(shuffled->rising_stars(ch, 50)));
      for (const std::string& login : ref.all_logins()) {
        EXPECT_EQ(d(engine->user_stats(ch, login, Period::kWeek)),
                  d(shuffled->user_stats(ch, login, Period::kWeek)));
      }
    }
  }
}

TEST(Differential, SaoPauloAcrossDaylightSaving2018) {
  // 2019-01-20T15:00Z: DST in force; data from 2018-10-22 (before the 2018-11-04 change)
  // and clocks up to 2019-02-09; messages up to 2019-02-14.
  run({1, "America/Sao_Paulo", 1547996400000, 90, 2500});
}

TEST(Differential, SaoPauloSecondSeed) { run({2, "America/Sao_Paulo", 1549638000000, 40, 2500}); }

TEST(Differential, BerlinAroundTheMarchChange) {
  run({3, "Europe/Berlin", 1711886400000, 60, 2500});  // 2024-03-31T12:00Z
}

TEST(Differential, UtcSmallDenseDataset) { run({4, "UTC", kNow, 10, 1500}); }

TEST(Differential, SearchAmongManyUsersSharingAPrefix) {
  // 900 accounts named name0..name899 (with renames): "na" and "name" match more names
  // than the engine ranks one by one, so it walks the leaderboard; "name1" (111 names) and
  // "name42" do not.
  const Scenario sc{5, "UTC", kNow, 20, 9000, 900};
  Generated g = generate(sc);
  SqlReference ref(g.data);
  FixedClock clock(g.clocks[0]);
  auto engine = build_engine(clock, g, Feed::kSortedBatches, sc.seed, nullptr);
  for (const std::string ch : {"chan", "other"}) {
    for (const std::string q : {"na", "NAME", "name1", "name42", "name8", "an", "nightbot"}) {
      EXPECT_EQ(d(engine->search(ch, q)), d(ref.search(ch, q))) << ch << " " << q;
    }
  }
}

TEST(Differential, FirstFlushOfManyUsersSplitAcrossTwoThreads) {
  // 1,500 accounts fed in one go: the first answer re-indexes every user in every rank
  // tree at once (well over the edits that give half the trees to a second thread). The
  // same data re-indexed in small steps must rank alike, and so must the SQL reference.
  const Scenario sc{9, "UTC", kNow, 20, 12000, 1500};
  Generated g = generate(sc);
  SqlReference ref(g.data);
  FixedClock clock(g.clocks[0]);
  auto bulk = build_engine(clock, g, Feed::kSortedBatches, sc.seed, nullptr);
  auto stepwise = build_engine(clock, g, Feed::kSortedAnswering, sc.seed, nullptr);
  for (const std::string ch : {"chan", "other"}) {
    for (Period p : {Period::kDay, Period::kWeek, Period::kMonth, Period::kAll}) {
      EXPECT_EQ(d(bulk->leaderboard(ch, p, 2000)), d(ref.leaderboard(ch, p, 2000, g.clocks[0])));
    }
    auto writers = ref.top_writers(ch);
    if (writers.size() > 50) writers.resize(50);
    EXPECT_EQ(d(bulk->top_writers(ch, 50)), d(writers));
    auto rising = ref.rising_stars(ch, g.clocks[0]);
    if (rising.size() > 50) rising.resize(50);
    EXPECT_EQ(d(bulk->rising_stars(ch, 50)), d(rising));
  }
  compare_engines(*bulk, *stepwise, ref.all_logins());
}

TEST(Differential, LateBatchIntoARunningEngine) {
  // Back-fill: the newest two thirds of the messages are applied (and answered) first, then
  // the older third arrives as one shuffled batch into the running engine.
  const Scenario sc{10, "UTC", kNow, 30, 6000};
  Generated g = generate(sc);
  SqlReference ref(g.data);
  const auto msgs = by_time(g);
  FixedClock clock(g.clocks[0]);
  EngineConfig cfg = engine_config(g);
  cfg.recent_texts_per_user = 100000;
  auto engine = std::move(StatsEngine::create(clock, cfg)).value();
  engine->set_emote_catalog("chan", g.data.catalog);
  engine->set_emote_catalog("other", g.data.catalog);
  const std::size_t split = msgs.size() / 3;
  std::vector<SequencedMessage> recent, late;
  for (std::size_t i = split; i < msgs.size(); ++i) recent.push_back({msgs[i].first, msgs[i].second});
  for (std::size_t i = 0; i < split; ++i) late.push_back({msgs[i].first, msgs[i].second});
  std::mt19937_64 rng(sc.seed);
  std::shuffle(late.begin(), late.end(), rng);
  engine->apply(recent);
  (void)engine->leaderboard("chan", Period::kAll, 1);
  engine->apply(late);
  for (const ModerationEvent& ev : g.data.moderation) engine->apply(ev);
  for (TimestampMs now : g.clocks) {
    clock.set(now);
    compare_all(*engine, ref, now);
  }
}

// An engine answered between every chunk of messages (so it reuses what it remembered,
// e.g. rivals) against an engine built afresh from the same messages. One CTest case per
// seed (gtest_discover_tests), so that `ctest -j` runs them side by side.
class RememberedAnswers : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(RememberedAnswers, FollowNewMessagesAndRenames) {
  const Scenario sc{GetParam(), "UTC", kNow, 20, 1200};
  Generated g = generate(sc);
  SqlReference ref(g.data);
  const auto msgs = by_time(g);
  FixedClock clock(g.clocks[2]);
  EngineConfig cfg;  // no ignored logins here: the bots are compared too
  cfg.time_zone = g.data.zone;
  auto live = std::move(StatsEngine::create(clock, cfg)).value();
  const std::vector<std::string> logins = ref.all_logins();
  const std::size_t chunk = 40;
  for (std::size_t done = 0; done < msgs.size();) {
    const std::size_t end = std::min(msgs.size(), done + chunk);
    for (; done < end; ++done) live->apply(msgs[done].first, msgs[done].second);
    auto fresh = std::move(StatsEngine::create(clock, cfg)).value();
    for (std::size_t i = 0; i < end; ++i) fresh->apply(msgs[i].first, msgs[i].second);
    for (const std::string ch : {"chan", "other"}) {
      for (Period p : {Period::kDay, Period::kWeek, Period::kMonth, Period::kAll}) {
        for (const std::string& login : logins) {
          ASSERT_EQ(d(live->user_stats(ch, login, p)), d(fresh->user_stats(ch, login, p)))
              << login << " " << period_name(p) << " after " << end << " messages";
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Differential, RememberedAnswers, ::testing::Values(6, 7, 8));

}  // namespace
}  // namespace pererecos::stats
