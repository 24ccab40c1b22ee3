// A deliberately naive reference for the statistics of SPEC §1/§3: every message goes into
// an in-memory SQLite table and each statistic is one plain SQL query, with minimal C++ glue
// for identity, local hours and tokens. Shares no code with the engine (only core helpers).
#pragma once

#include <sqlite3.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/chat_event.h"
#include "stats/answers.h"
#include "stats/emote_catalog.h"

namespace pererecos::stats::testing {

struct Dataset {
  std::vector<std::pair<ChatMessage, std::int64_t>> messages;  // with seq
  std::vector<ModerationEvent> moderation;
  EmoteCatalog catalog;  // the sets loaded at the end
  std::set<std::string> ignored;
  std::set<std::string> providers = {"twitch", "7tv", "bttv", "ffz"};
  std::string zone = "UTC";
};

class SqlReference {
 public:
  explicit SqlReference(const Dataset& data);
  ~SqlReference();
  SqlReference(const SqlReference&) = delete;
  SqlReference& operator=(const SqlReference&) = delete;

  std::optional<std::string> default_channel() const;
  std::optional<UserStats> user_stats(const std::string& channel, const std::string& login,
                                      Period period, TimestampMs now);
  Leaderboard leaderboard(const std::string& channel, Period period, std::size_t limit,
                          TimestampMs now);
  std::vector<RisingStar> rising_stars(const std::string& channel, TimestampMs now);
  std::vector<HourLeader> hour_leaders(const std::string& channel);
  std::vector<TopWriter> top_writers(const std::string& channel);
  ActiveChatters active_chatters(const std::string& channel, TimestampMs now);
  HourlyActivity chat_activity(const std::string& channel, TimestampMs now);
  HourlyActivity overall_activity(const std::string& channel);
  HourlyActivity unique_chatters(const std::string& channel, TimestampMs now);
  TopEmotes top_emotes(const std::string& channel, TimestampMs now);
  std::vector<SearchHit> search(const std::string& channel, const std::string& q);

  // Every login that appears in a message (for lookups in tests).
  std::vector<std::string> all_logins();

 private:
  struct Row {
    std::vector<std::string> cols;
    std::string s(int i) const { return cols[i]; }
    std::int64_t i(int k) const { return std::stoll(cols[k]); }
  };
  struct Arg {
    Arg(std::int64_t v) : is_int(true), i(v) {}             // NOLINT
    Arg(int v) : is_int(true), i(v) {}                      // NOLINT
    Arg(std::string v) : is_int(false), s(std::move(v)) {}  // NOLINT
    Arg(const char* v) : is_int(false), s(v) {}             // NOLINT
    bool is_int;
    std::int64_t i = 0;
    std::string s;
  };
  std::vector<Row> query(const std::string& sql, const std::vector<Arg>& args = {});
  void exec(const std::string& sql);
  std::optional<std::string> lookup(const std::string& login);
  UserRef ref(const std::string& owner);
  std::int64_t rank_in(const std::string& channel, const std::string& owner,
                       const std::string& where);

  sqlite3* db_ = nullptr;
  std::set<std::string> ignored_;
};

}  // namespace pererecos::stats::testing
