// Properties of the generated demo community, each checked against a simple reference
// computed here (UTF-8 decoding, token splitting, sets of seen ids).
#include "demo/community_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "core/emotes_tag.h"
#include "demo/demo_emote_set.h"
#include "demo/twitch_emotes.h"

namespace pererecos::demo {
namespace {

constexpr TimestampMs kDay = 86'400'000;
constexpr TimestampMs kEnd = 1'719'792'000'000;  // 2024-07-01T00:00:00Z

struct Event {
  std::variant<ChatMessage, ModerationEvent> event;
  IrcDetails details;
  TimestampMs ts() const {
    return std::visit([](const auto& e) { return e.timestamp_ms; }, event);
  }
};

class CollectingSink final : public CommunitySink {
 public:
  bool on_message(const ChatMessage& m, const IrcDetails& d) override {
    events.push_back({m, d});
    return true;
  }
  bool on_moderation(const ModerationEvent& e, const IrcDetails& d) override {
    events.push_back({e, d});
    return true;
  }
  std::vector<Event> events;
};

CommunityOptions small_options(std::uint64_t seed = 7) {
  CommunityOptions o;
  o.seed = seed;
  o.end_ms = kEnd;
  o.days = 21;
  o.users = 1000;
  o.messages = 60'000;
  return o;
}

struct Generated {
  CommunitySummary summary;
  std::vector<Event> events;
};

Generated generate(const CommunityOptions& o) {
  CollectingSink sink;
  auto summary = generate_community(o, sink);
  EXPECT_TRUE(summary.is_ok()) << (summary.is_ok() ? "" : summary.error());
  return {summary.is_ok() ? *summary : CommunitySummary{}, std::move(sink.events)};
}

// One generation shared by the property tests.
const Generated& small() {
  static const Generated g = generate(small_options());
  return g;
}

std::vector<const ChatMessage*> messages_of(const Generated& g) {
  std::vector<const ChatMessage*> out;
  for (const Event& e : g.events) {
    if (auto* m = std::get_if<ChatMessage>(&e.event)) out.push_back(m);
  }
  return out;
}

// Reference UTF-8 decoder: one string per code point.
std::vector<std::string> code_points(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

std::vector<std::string> tokens(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t j = s.find(' ', i);
    const std::size_t end = j == std::string::npos ? s.size() : j;
    if (end > i) out.push_back(s.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

TEST(CommunityGeneratorTest, ProducesExactlyTheRequestedMessageCountAndEveryChatter) {
  const Generated& g = small();
  const auto messages = messages_of(g);
  EXPECT_EQ(messages.size(), 60'000u);
  EXPECT_EQ(g.summary.messages, 60'000u);
  std::unordered_set<std::string> humans, all;
  for (const ChatMessage* m : messages) {
    all.insert(m->user_id);
    if (m->login != "nightbot" && m->login != "streamelements" && m->login != "pererecos" &&
        m->login.rfind("hoss", 0) != 0 && m->login.rfind("bigfollows_", 0) != 0) {
      humans.insert(m->user_id);
    }
  }
  EXPECT_EQ(humans.size(), 1000u);  // every chatter of the population speaks
  EXPECT_EQ(g.summary.distinct_chatters, all.size());
  EXPECT_GT(g.summary.moderation_events, 0u);
  EXPECT_EQ(g.summary.moderation_events, g.events.size() - messages.size());
}

TEST(CommunityGeneratorTest, EventsAreInTimeOrderWithinThePeriod) {
  const Generated& g = small();
  TimestampMs previous = kEnd - 21 * kDay;
  for (const Event& e : g.events) {
    ASSERT_GE(e.ts(), previous);
    ASSERT_LE(e.ts(), kEnd);
    previous = e.ts();
  }
}

TEST(CommunityGeneratorTest, MessageIdsAreUniqueUuids) {
  std::unordered_set<std::string> ids;
  for (const ChatMessage* m : messages_of(small())) {
    ASSERT_EQ(m->id.size(), 36u) << m->id;
    ASSERT_EQ(m->id[14], '4') << m->id;
    ASSERT_TRUE(ids.insert(m->id).second) << "duplicate " << m->id;
    ASSERT_EQ(m->channel, "pererecos");
    ASSERT_EQ(m->room_id, "714092618");
    ASSERT_FALSE(m->user_id.empty());
    ASSERT_TRUE(std::all_of(m->user_id.begin(), m->user_id.end(),
                            [](char c) { return c >= '0' && c <= '9'; }));
    ASSERT_FALSE(m->text.empty());
  }
}

TEST(CommunityGeneratorTest, EveryEmotesTagSpanCoversItsEmoteNameAndNoneIsMissed) {
  std::map<std::string, std::string> name_of_id, id_of_name;
  for (const auto& e : twitch_global_emotes()) {
    name_of_id[std::string(e.id)] = e.name;
    id_of_name[std::string(e.name)] = e.id;
  }
  std::size_t checked = 0, after_non_ascii = 0;
  for (const ChatMessage* m : messages_of(small())) {
    const auto cps = code_points(m->text);
    std::set<std::uint32_t> starts;
    for (const EmoteSpan& span : parse_emotes_tag(m->emotes)) {
      ASSERT_TRUE(name_of_id.count(span.id)) << m->emotes;
      ASSERT_LT(span.end, cps.size()) << m->text << " / " << m->emotes;
      std::string covered;
      for (std::uint32_t k = span.start; k <= span.end; ++k) covered += cps[k];
      ASSERT_EQ(covered, name_of_id[span.id]) << m->text << " / " << m->emotes;
      ASSERT_TRUE(span.start == 0 || cps[span.start - 1] == " ") << m->text;
      ASSERT_TRUE(span.end + 1 == cps.size() || cps[span.end + 1] == " ") << m->text;
      starts.insert(span.start);
      ++checked;
      bool non_ascii = false;
      for (std::uint32_t k = 0; k < span.start; ++k) non_ascii |= cps[k].size() > 1;
      after_non_ascii += non_ascii;
    }
    // Completeness: every token that is a Twitch emote name is marked.
    std::uint32_t token_start = 0;
    std::string token;
    for (std::uint32_t k = 0; k <= cps.size(); ++k) {
      if (k == cps.size() || cps[k] == " ") {
        if (id_of_name.count(token)) {
          ASSERT_TRUE(starts.count(token_start)) << "unmarked " << token << " in " << m->text;
        }
        token.clear();
        token_start = k + 1;
      } else {
        token += cps[k];
      }
    }
  }
  EXPECT_GT(checked, 1000u);
  EXPECT_GT(after_non_ascii, 10u);  // positions counted in code points really matter
}

TEST(CommunityGeneratorTest, RepliesPointToEarlierMessagesOfTheNamedUser) {
  std::unordered_map<std::string, std::string> login_of;
  std::size_t replies = 0;
  for (const Event& e : small().events) {
    if (auto* d = std::get_if<ModerationEvent>(&e.event)) {
      if (d->kind == ModerationEvent::Kind::kDeleteMessage) {
        ASSERT_TRUE(login_of.count(d->target_msg_id)) << d->target_msg_id;
        EXPECT_EQ(login_of[d->target_msg_id], d->target_login);
        EXPECT_FALSE(e.details.deleted_text.empty());
      }
      continue;
    }
    const auto& m = std::get<ChatMessage>(e.event);
    if (!m.reply_parent_msg_id.empty()) {
      ++replies;
      ASSERT_TRUE(login_of.count(m.reply_parent_msg_id)) << "unknown parent";
      EXPECT_EQ(login_of[m.reply_parent_msg_id], m.reply_parent_login);
      EXPECT_NE(m.reply_parent_login, m.login);
      EXPECT_EQ(m.text.rfind("@" + e.details.reply_parent_display_name + " ", 0), 0u) << m.text;
    }
    login_of[m.id] = m.login;
  }
  EXPECT_GT(replies, 100u);
  EXPECT_EQ(replies, small().summary.replies);
}

TEST(CommunityGeneratorTest, RenamedUsersKeepTheirUserIdAndLoginsAreNotShared) {
  std::unordered_map<std::string, std::vector<std::string>> logins_of_id;
  std::unordered_map<std::string, std::string> id_of_login;
  for (const ChatMessage* m : messages_of(small())) {
    auto& seq = logins_of_id[m->user_id];
    if (seq.empty() || seq.back() != m->login) seq.push_back(m->login);
    auto [it, inserted] = id_of_login.emplace(m->login, m->user_id);
    ASSERT_EQ(it->second, m->user_id) << m->login << " used by two user ids";
  }
  std::size_t renamed = 0;
  for (const auto& [id, seq] : logins_of_id) {
    ASSERT_LE(seq.size(), 2u) << id << " changed login more than once";
    renamed += seq.size() == 2;
  }
  EXPECT_GE(renamed, 1u);
  EXPECT_LE(renamed, small().summary.renamed_users);
}

TEST(CommunityGeneratorTest, ContainsEveryFeature) {
  std::size_t bots = 0, actions = 0, replies = 0, mentions = 0, non_ascii = 0, bits = 0, first = 0,
              seventv = 0, commands = 0;
  std::set<std::string_view> seventv_names;
  for (const auto& e : demo_seventv_emotes()) seventv_names.insert(e.name);
  for (const ChatMessage* m : messages_of(small())) {
    bots += m->login == "nightbot" || m->login == "streamelements";
    actions += m->action;
    replies += !m->reply_parent_msg_id.empty();
    bits += m->bits > 0;
    first += m->first_msg;
    commands += m->text[0] == '!';
    non_ascii += std::any_of(m->text.begin(), m->text.end(),
                             [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    for (const auto& t : tokens(m->text)) {
      if (m->reply_parent_msg_id.empty() && t.size() > 1 && t[0] == '@' &&
          (std::isalnum(static_cast<unsigned char>(t[1])) || t[1] == '_')) {
        ++mentions;
      }
      seventv += seventv_names.count(t);
    }
  }
  std::map<ModerationEvent::Kind, std::size_t> kinds;
  for (const Event& e : small().events) {
    if (auto* d = std::get_if<ModerationEvent>(&e.event)) {
      ++kinds[d->kind];
      if (d->kind == ModerationEvent::Kind::kTimeout) {
        EXPECT_GT(d->duration_s, 0);
      }
      if (d->kind == ModerationEvent::Kind::kBan) {
        EXPECT_EQ(d->duration_s, 0);
      }
      if (d->kind != ModerationEvent::Kind::kDeleteMessage &&
          d->kind != ModerationEvent::Kind::kClearChat) {
        EXPECT_FALSE(d->target_user_id.empty());
        EXPECT_FALSE(d->target_login.empty());
      }
    }
  }
  EXPECT_GT(bots, 10u);
  EXPECT_GT(actions, 10u);
  EXPECT_GT(replies, 100u);
  EXPECT_GT(mentions, 100u);
  EXPECT_GT(non_ascii, 1000u);
  EXPECT_GT(bits, 0u);
  EXPECT_GT(first, 100u);
  EXPECT_GT(seventv, 5000u);
  EXPECT_GT(commands, 10u);
  EXPECT_GT(kinds[ModerationEvent::Kind::kTimeout], 5u);
  EXPECT_GE(kinds[ModerationEvent::Kind::kBan], 2u);
  EXPECT_GT(kinds[ModerationEvent::Kind::kDeleteMessage], 2u);
  EXPECT_EQ(kinds[ModerationEvent::Kind::kBan], small().summary.bans);
}

TEST(CommunityGeneratorTest, ActivityFollowsStreamsAndAZipfLikeLaw) {
  std::array<std::size_t, 24> by_local_hour{};
  std::unordered_map<std::string, std::size_t> per_user;
  for (const ChatMessage* m : messages_of(small())) {
    const TimestampMs local = m->timestamp_ms - 3 * 3'600'000;
    ++by_local_hour[static_cast<std::size_t>((local % kDay) / 3'600'000)];
    ++per_user[m->user_id];
  }
  std::size_t evening = 0, morning = 0;
  for (int h : {20, 21, 22, 23}) evening += by_local_hour[h];
  for (int h : {6, 7, 8, 9}) morning += by_local_hour[h];
  EXPECT_GT(evening, 20 * morning);
  EXPECT_GT(morning, 0u);  // a little off-stream chat
  std::vector<std::size_t> counts;
  for (const auto& [id, n] : per_user) counts.push_back(n);
  std::sort(counts.rbegin(), counts.rend());
  std::size_t top10 = 0;
  for (std::size_t i = 0; i < 10; ++i) top10 += counts[i];
  EXPECT_GT(top10 * 10, 60'000u);             // top 1% of users: more than 10%
  EXPECT_LE(counts[counts.size() / 2], 20u);  // a long tail
  EXPECT_GT(counts[0], 50 * counts[counts.size() / 2]);
}

std::string serialize(const Generated& g) {
  std::string out;
  for (const Event& e : g.events) {
    if (auto* m = std::get_if<ChatMessage>(&e.event)) {
      append_privmsg_line(out, *m, e.details);
    } else {
      append_moderation_line(out, std::get<ModerationEvent>(e.event), e.details);
    }
    out += '\n';
  }
  return out;
}

TEST(CommunityGeneratorTest, SameSeedSameStreamDifferentSeedDifferentStream) {
  CommunityOptions o = small_options(99);
  o.messages = 5000;
  o.users = 300;
  const std::string a = serialize(generate(o));
  const std::string b = serialize(generate(o));
  EXPECT_EQ(a, b);
  o.seed = 100;
  const std::string c = serialize(generate(o));
  EXPECT_NE(a, c);
  EXPECT_GT(a.size(), 5000u * 200);
}

class StoppingSink final : public CommunitySink {
 public:
  bool on_message(const ChatMessage&, const IrcDetails&) override { return ++messages < 10; }
  bool on_moderation(const ModerationEvent&, const IrcDetails&) override { return true; }
  int messages = 0;
};

TEST(CommunityGeneratorTest, StopsWhenTheSinkSaysSo) {
  StoppingSink sink;
  auto summary = generate_community(small_options(), sink);
  ASSERT_TRUE(summary.is_ok());
  EXPECT_TRUE(summary->stopped);
  EXPECT_EQ(sink.messages, 10);
}

TEST(CommunityGeneratorTest, ChunksCoverTheStreamInOrder) {
  CommunityOptions o = small_options(5);
  o.messages = 7'000;
  o.users = 200;
  std::size_t total = 0, chunks = 0, moderation = 0;
  TimestampMs last = 0;
  auto summary = generate_community_chunks(
      o, 1000, [&](const std::vector<ChatMessage>& m, const std::vector<ModerationEvent>& e) {
        EXPECT_LE(m.size(), 1000u);
        for (const auto& msg : m) {
          EXPECT_GE(msg.timestamp_ms, last);
          last = msg.timestamp_ms;
        }
        total += m.size();
        moderation += e.size();
        ++chunks;
        return Status::ok();
      });
  ASSERT_TRUE(summary.is_ok());
  EXPECT_EQ(total, 7'000u);
  EXPECT_EQ(moderation, summary->moderation_events);
  EXPECT_GE(chunks, 7u);  // 7 full chunks, and one more when moderation came last
  EXPECT_LE(chunks, 8u);

  std::size_t calls = 0;
  auto failed = generate_community_chunks(
      o, 1000, [&](const std::vector<ChatMessage>&, const std::vector<ModerationEvent>&) {
        ++calls;
        return Status::error("disk full");
      });
  ASSERT_FALSE(failed.is_ok());
  EXPECT_EQ(failed.error(), "disk full");
  EXPECT_EQ(calls, 1u);
}

TEST(CommunityGeneratorTest, RejectsInvalidOptions) {
  CollectingSink sink;
  CommunityOptions o = small_options();
  o.channel = "Not A Login";
  EXPECT_FALSE(generate_community(o, sink).is_ok());
  o = small_options();
  o.days = 0;
  EXPECT_FALSE(generate_community(o, sink).is_ok());
  o = small_options();
  o.room_id = "12ab";
  EXPECT_FALSE(generate_community(o, sink).is_ok());
  o = small_options();
  o.users = 0;
  EXPECT_FALSE(generate_community(o, sink).is_ok());
  EXPECT_TRUE(sink.events.empty());
  EXPECT_TRUE(validate_community_options(small_options()).is_ok());
}

TEST(CommunityGeneratorTest, ZeroMessagesGivesNoMessages) {
  CommunityOptions o = small_options();
  o.messages = 0;
  const Generated g = generate(o);
  EXPECT_EQ(g.summary.messages, 0u);
  EXPECT_TRUE(messages_of(g).empty());
}

TEST(CommunityGeneratorTest, DefaultDemoSizeHasAllUsersAndExactCount) {
  CommunityOptions o;
  o.end_ms = kEnd;
  class CountingSink final : public CommunitySink {
   public:
    bool on_message(const ChatMessage& m, const IrcDetails&) override {
      ++messages;
      ids.insert(m.user_id);
      return check(m.timestamp_ms);
    }
    bool on_moderation(const ModerationEvent& e, const IrcDetails&) override {
      return check(e.timestamp_ms);
    }
    // Time order and period bounds (sessions that began before the period start
    // contribute nothing earlier than it).
    bool check(TimestampMs ts) {
      in_order = in_order && ts >= last && ts >= kEnd - 60 * kDay && ts <= kEnd;
      last = ts;
      return true;
    }
    bool in_order = true;
    TimestampMs last = 0;
    std::size_t messages = 0;
    std::unordered_set<std::string> ids;
  } sink;
  auto summary = generate_community(o, sink);
  ASSERT_TRUE(summary.is_ok());
  EXPECT_EQ(sink.messages, 520'000u);
  EXPECT_TRUE(sink.in_order);
  EXPECT_GE(sink.ids.size(), 5000u);  // every chatter, plus broadcaster, bots, spammers
  EXPECT_LE(sink.ids.size(), 5000u + 10);
  EXPECT_GE(summary->renamed_users, 3u);
  EXPECT_GE(summary->streams, 40u);  // most of the 60 days
  EXPECT_LE(summary->streams, 61u);
}

}  // namespace
}  // namespace pererecos::demo
