#include "sql_reference.h"

#include <date/tz.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/emotes_tag.h"
#include "core/unicode.h"

namespace pererecos::stats::testing {
namespace {

constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kDayMs = 86'400'000;

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::vector<std::string> split_spaces(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ' ') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::int64_t period_age(Period p) {
  switch (p) {
    case Period::kDay:
      return kDayMs;
    case Period::kWeek:
      return 7 * kDayMs;
    case Period::kMonth:
      return 30 * kDayMs;
    case Period::kAll:
      return 0;
  }
  return 0;
}

// "ts > lo AND ts <= hi" clause for a period, or its 7-day-earlier twin.
std::string window(Period p, TimestampMs now, bool shifted) {
  const std::int64_t back = shifted ? 7 * kDayMs : 0;
  std::string hi = shifted ? " AND ts <= " + std::to_string(now - back) : "";
  if (p == Period::kAll) return "1=1" + hi;
  return "ts > " + std::to_string(now - back - period_age(p)) + hi;
}

// round(num / den) half away from zero, for small values.
std::int64_t round_div(std::int64_t num, std::int64_t den) {
  std::int64_t n = num < 0 ? -num : num;
  std::int64_t q = (2 * n + den) / (2 * den);
  return num < 0 ? -q : q;
}

bool less_fraction(std::int64_t a1, std::int64_t b1, std::int64_t a2, std::int64_t b2) {
  return static_cast<__int128>(a1) * b2 < static_cast<__int128>(a2) * b1;
}

}  // namespace

void SqlReference::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error(m + " in " + sql);
  }
}

std::vector<SqlReference::Row> SqlReference::query(const std::string& sql,
                                                   const std::vector<Arg>& args) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string(sqlite3_errmsg(db_)) + " in " + sql);
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    int idx = static_cast<int>(i + 1);
    if (args[i].is_int) {
      sqlite3_bind_int64(st, idx, args[i].i);
    } else {
      sqlite3_bind_text(st, idx, args[i].s.data(), static_cast<int>(args[i].s.size()),
                        SQLITE_TRANSIENT);
    }
  }
  std::vector<Row> rows;
  while (sqlite3_step(st) == SQLITE_ROW) {
    Row r;
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      const unsigned char* t = sqlite3_column_text(st, c);
      r.cols.emplace_back(t ? reinterpret_cast<const char*>(t) : "",
                          static_cast<std::size_t>(sqlite3_column_bytes(st, c)));
    }
    rows.push_back(std::move(r));
  }
  sqlite3_finalize(st);
  return rows;
}

SqlReference::SqlReference(const Dataset& data) : ignored_(data.ignored) {
  sqlite3_open(":memory:", &db_);
  exec(
      "CREATE TABLE raw(channel TEXT);"
      "CREATE TABLE msgs(seq INTEGER, ts INTEGER, channel TEXT, owner TEXT, login TEXT,"
      " hour INTEGER, len INTEGER, text TEXT, msg_id TEXT);"
      "CREATE TABLE replies(seq INTEGER, target TEXT);"
      "CREATE TABLE emotes(seq INTEGER, name TEXT, id TEXT, provider TEXT);"
      "CREATE TABLE users(owner TEXT, login TEXT, display TEXT, latest_ts INTEGER, latest_seq "
      "INTEGER);"
      "CREATE TABLE names(owner TEXT, name TEXT);"
      "CREATE TABLE moderation(channel TEXT, kind TEXT, target TEXT, msg_id TEXT, ts INTEGER);"
      // Indexes only speed the queries up (every answer's order is fixed by ORDER BY).
      "CREATE INDEX msgs_by_owner ON msgs(channel, owner, ts);"
      "CREATE INDEX msgs_by_seq ON msgs(seq);"
      "CREATE INDEX users_by_owner ON users(owner);"
      "CREATE INDEX users_by_login ON users(login);"
      "CREATE INDEX emotes_by_seq ON emotes(seq);"
      "CREATE INDEX replies_by_seq ON replies(seq);"
      "CREATE INDEX moderation_by_channel ON moderation(channel);");
  exec("BEGIN");
  const date::time_zone* zone = date::locate_zone(data.zone);
  // Identity: the holder of a login is the user id of its latest message with a user id.
  std::map<std::string, std::pair<std::pair<TimestampMs, std::int64_t>, std::string>> holder;
  std::vector<const std::pair<ChatMessage, std::int64_t>*> kept;
  for (const auto& p : data.messages) {
    query("INSERT INTO raw VALUES (?)", {p.first.channel});
    if (ignored_.count(lower(p.first.login))) continue;
    kept.push_back(&p);
    const ChatMessage& m = p.first;
    if (m.user_id.empty()) continue;
    auto key = std::make_pair(m.timestamp_ms, p.second);
    auto it = holder.find(m.login);
    if (it == holder.end() || it->second.first < key) holder[m.login] = {key, m.user_id};
  }
  auto owner_of_login = [&](const std::string& login) {
    auto it = holder.find(login);
    return it != holder.end() ? it->second.second : "login:" + login;
  };
  std::map<std::string, std::tuple<std::pair<TimestampMs, std::int64_t>, std::string, std::string>>
      current;
  for (const auto* p : kept) {
    const ChatMessage& m = p->first;
    const std::string owner = m.user_id.empty() ? owner_of_login(m.login) : m.user_id;
    const std::string display = m.display_name.empty() ? m.login : m.display_name;
    auto key = std::make_pair(m.timestamp_ms, p->second);
    auto it = current.find(owner);
    if (it == current.end() || std::get<0>(it->second) < key) {
      current[owner] = {key, m.login, display};
    }
    query("INSERT INTO names VALUES (?, ?)", {owner, m.login});
    // Local hour, straight from date/tz.
    auto tp = date::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{m.timestamp_ms}};
    auto local = date::make_zoned(zone, tp).get_local_time();
    auto day = date::floor<date::days>(local);
    int hour = static_cast<int>(date::floor<std::chrono::hours>(local - day).count());
    query("INSERT INTO msgs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {p->second, m.timestamp_ms, m.channel, owner, m.login, hour,
           static_cast<std::int64_t>(count_code_points(m.text)), m.text, m.id});
    // Replies: the reply parent and every @mention, once per login.
    std::set<std::string> targets;
    if (!m.reply_parent_login.empty()) targets.insert(lower(m.reply_parent_login));
    for (const std::string& tok : split_spaces(m.text)) {
      std::string l;
      for (std::size_t i = 1; i < tok.size() && tok[0] == '@'; ++i) {
        char c = tok[i];
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) break;
        l.push_back(c);
      }
      if (!l.empty()) targets.insert(lower(l));
    }
    for (const auto& t : targets) query("INSERT INTO replies VALUES (?, ?)", {p->second, t});
    // Emotes: the tag's exact spans first, then the sets in order.
    std::vector<EmoteSpan> spans =
        data.providers.count("twitch") ? parse_emotes_tag(m.emotes) : std::vector<EmoteSpan>{};
    std::size_t pos = 0;
    for (const std::string& tok : split_spaces(m.text)) {
      pos = m.text.find(tok, pos);
      const auto first = static_cast<std::uint32_t>(count_code_points(m.text.substr(0, pos)));
      const auto last = first + static_cast<std::uint32_t>(count_code_points(tok)) - 1;
      pos += tok.size();
      bool native = false;
      for (const auto& sp : spans) {
        if (sp.start == first && sp.end == last) {
          query("INSERT INTO emotes VALUES (?, ?, ?, 'twitch')", {p->second, tok, sp.id});
          native = true;
          break;
        }
      }
      if (native) continue;
      bool found = false;
      for (const auto* sets : {&data.catalog.channel_sets, &data.catalog.global_sets}) {
        for (const auto& set : *sets) {
          if (found || !data.providers.count(set->provider)) continue;
          auto e = set->by_name.find(tok);
          if (e == set->by_name.end()) continue;
          query("INSERT INTO emotes VALUES (?, ?, ?, ?)",
                {p->second, tok, e->second.id, set->provider});
          found = true;
        }
      }
    }
  }
  for (const auto& [owner, cur] : current) {
    query("INSERT INTO users VALUES (?, ?, ?, ?, ?)",
          {owner, std::get<1>(cur), std::get<2>(cur), std::get<0>(cur).first,
           std::get<0>(cur).second});
    query("INSERT INTO names VALUES (?, ?)", {owner, lower(std::get<2>(cur))});
  }
  for (const ModerationEvent& ev : data.moderation) {
    using K = ModerationEvent::Kind;
    if (ev.kind == K::kDeleteMessage) {
      query("INSERT INTO moderation VALUES (?, 'delete', '', ?, ?)",
            {ev.channel, ev.target_msg_id, ev.timestamp_ms});
    } else if (ev.kind == K::kBan || ev.kind == K::kTimeout) {
      std::string target =
          !ev.target_user_id.empty() ? ev.target_user_id : owner_of_login(lower(ev.target_login));
      query("INSERT INTO moderation VALUES (?, ?, ?, '', ?)",
            {ev.channel, ev.kind == K::kBan ? "ban" : "timeout", target, ev.timestamp_ms});
    }
  }
  exec("COMMIT");
}

SqlReference::~SqlReference() { sqlite3_close(db_); }

std::optional<std::string> SqlReference::default_channel() const {
  auto rows = const_cast<SqlReference*>(this)->query(
      "SELECT channel FROM raw GROUP BY channel ORDER BY COUNT(*) DESC, channel LIMIT 1");
  if (rows.empty()) return std::nullopt;
  return rows[0].s(0);
}

std::vector<std::string> SqlReference::all_logins() {
  std::vector<std::string> out;
  for (const auto& r : query("SELECT DISTINCT login FROM msgs ORDER BY login"))
    out.push_back(r.s(0));
  return out;
}

std::optional<std::string> SqlReference::lookup(const std::string& login_in) {
  const std::string login = lower(login_in);
  if (ignored_.count(login)) return std::nullopt;
  auto cur = query(
      "SELECT owner FROM users WHERE login = ? ORDER BY latest_ts DESC, latest_seq DESC LIMIT 1",
      {login});
  if (!cur.empty()) return cur[0].s(0);
  auto used =
      query("SELECT owner FROM msgs WHERE login = ? ORDER BY ts DESC, seq DESC LIMIT 1", {login});
  if (!used.empty()) return used[0].s(0);
  return std::nullopt;
}

UserRef SqlReference::ref(const std::string& owner) {
  auto r = query("SELECT login, display FROM users WHERE owner = ?", {owner});
  return UserRef{r[0].s(0), r[0].s(1)};
}

std::int64_t SqlReference::rank_in(const std::string& channel, const std::string& owner,
                                   const std::string& where) {
  // 1 + users with more messages, or as many and a smaller login.
  const std::string counts =
      "SELECT m.owner AS o, COUNT(*) AS c, u.login AS l FROM msgs m JOIN "
      "users u ON u.owner = m.owner WHERE m.channel = ? AND " +
      where + " GROUP BY m.owner";
  auto r = query("WITH t AS (" + counts +
                     ") SELECT COUNT(*) FROM t, t AS me WHERE me.o = ? AND "
                     "(t.c > me.c OR (t.c = me.c AND t.l < me.l))",
                 {channel, owner});
  return r[0].i(0) + 1;
}

Leaderboard SqlReference::leaderboard(const std::string& channel, Period period, std::size_t limit,
                                      TimestampMs now) {
  Leaderboard lb;
  lb.period = period;
  const std::string w = window(period, now, false);
  auto totals = query("SELECT COUNT(DISTINCT owner), COUNT(*) FROM msgs WHERE channel = ? AND " + w,
                      {channel});
  lb.total_users = totals[0].i(0);
  lb.total_messages = totals[0].i(1);
  auto rows = query(
      "SELECT m.owner, COUNT(*) AS c FROM msgs m JOIN users u ON u.owner = m.owner "
      "WHERE m.channel = ? AND " +
          w + " GROUP BY m.owner ORDER BY c DESC, u.login LIMIT ?",
      {channel, static_cast<std::int64_t>(limit)});
  std::int64_t rank = 0;
  for (const auto& r : rows) lb.entries.push_back({++rank, ref(r.s(0)), r.i(1)});
  return lb;
}

std::vector<RisingStar> SqlReference::rising_stars(const std::string& channel, TimestampMs now) {
  auto rows = query(
      "SELECT owner, SUM(ts > ?), SUM(ts > ? AND ts <= ?) FROM msgs WHERE channel = ? "
      "GROUP BY owner HAVING SUM(ts > ?) >= 1",
      {now - 7 * kDayMs, now - 14 * kDayMs, now - 7 * kDayMs, channel, now - 7 * kDayMs});
  struct R {
    std::string owner;
    UserRef user;
    std::int64_t cur, prev, num, den;
  };
  std::vector<R> v;
  for (const auto& r : rows) {
    std::int64_t c = r.i(1), p = r.i(2);
    R x{r.s(0), ref(r.s(0)), c, p, p > 0 ? 100 * (c - p) : 10 * c, p > 0 ? p : 1};
    v.push_back(x);
  }
  std::sort(v.begin(), v.end(), [](const R& a, const R& b) {
    if (less_fraction(b.num, b.den, a.num, a.den)) return true;
    if (less_fraction(a.num, a.den, b.num, b.den)) return false;
    if (a.cur != b.cur) return a.cur > b.cur;
    return a.user.username < b.user.username;
  });
  std::vector<RisingStar> out;
  std::int64_t rank = 0;
  for (const R& x : v)
    out.push_back({++rank, x.user, x.cur, x.prev, Tenths{round_div(x.num * 10, x.den)}});
  return out;
}

std::vector<HourLeader> SqlReference::hour_leaders(const std::string& channel) {
  auto rows = query(
      "SELECT m.hour, m.owner, COUNT(*) AS c FROM msgs m JOIN users u ON u.owner = m.owner "
      "WHERE m.channel = ? GROUP BY m.hour, m.owner ORDER BY m.hour, c DESC, u.login",
      {channel});
  std::vector<HourLeader> out;
  for (const auto& r : rows) {
    if (!out.empty() && out.back().hour == r.i(0)) continue;
    out.push_back({static_cast<int>(r.i(0)), ref(r.s(1)), r.i(2)});
  }
  return out;
}

std::vector<TopWriter> SqlReference::top_writers(const std::string& channel) {
  auto rows = query(
      "SELECT owner, SUM(len), COUNT(*) FROM msgs WHERE channel = ? GROUP BY owner "
      "HAVING COUNT(*) >= 10",
      {channel});
  struct R {
    UserRef user;
    std::int64_t len, n;
  };
  std::vector<R> v;
  for (const auto& r : rows) v.push_back({ref(r.s(0)), r.i(1), r.i(2)});
  std::sort(v.begin(), v.end(), [](const R& a, const R& b) {
    if (less_fraction(b.len, b.n, a.len, a.n)) return true;
    if (less_fraction(a.len, a.n, b.len, b.n)) return false;
    if (a.n != b.n) return a.n > b.n;
    return a.user.username < b.user.username;
  });
  std::vector<TopWriter> out;
  std::int64_t rank = 0;
  for (const R& x : v) out.push_back({++rank, x.user, Tenths{round_div(x.len * 10, x.n)}, x.n});
  return out;
}

ActiveChatters SqlReference::active_chatters(const std::string& channel, TimestampMs now) {
  ActiveChatters a;
  auto rows = query(
      "SELECT m.owner, COUNT(*) AS c FROM msgs m JOIN users u ON u.owner = m.owner "
      "WHERE m.channel = ? AND m.ts > ? GROUP BY m.owner ORDER BY c DESC, u.login",
      {channel, now - 5 * kMinuteMs});
  for (const auto& r : rows) {
    a.chatters.push_back({ref(r.s(0)), r.i(1), rank_in(channel, r.s(0), "1=1")});
  }
  a.count = static_cast<std::int64_t>(a.chatters.size());
  a.total_users =
      query("SELECT COUNT(DISTINCT owner) FROM msgs WHERE channel = ?", {channel})[0].i(0);
  return a;
}

namespace {
void peak(HourlyActivity& a) {
  for (int h = 0; h < 24; ++h) {
    if (a.activity[h] > a.peak_count) {
      a.peak_count = a.activity[h];
      a.peak_hour = h;
    }
  }
}
}  // namespace

HourlyActivity SqlReference::chat_activity(const std::string& channel, TimestampMs now) {
  HourlyActivity a;
  for (const auto& r :
       query("SELECT hour, COUNT(*) FROM msgs WHERE channel = ? AND ts > ? GROUP BY hour",
             {channel, now - kDayMs})) {
    a.activity[r.i(0)] = r.i(1);
    a.total += r.i(1);
  }
  peak(a);
  return a;
}

HourlyActivity SqlReference::overall_activity(const std::string& channel) {
  HourlyActivity a;
  for (const auto& r :
       query("SELECT hour, COUNT(*) FROM msgs WHERE channel = ? GROUP BY hour", {channel})) {
    a.activity[r.i(0)] = r.i(1);
    a.total += r.i(1);
  }
  peak(a);
  return a;
}

HourlyActivity SqlReference::unique_chatters(const std::string& channel, TimestampMs now) {
  HourlyActivity a;
  for (const auto& r : query("SELECT hour, COUNT(DISTINCT owner) FROM msgs WHERE channel = ? AND "
                             "ts > ? GROUP BY hour",
                             {channel, now - kDayMs})) {
    a.activity[r.i(0)] = r.i(1);
  }
  a.total = query("SELECT COUNT(DISTINCT owner) FROM msgs WHERE channel = ? AND ts > ?",
                  {channel, now - kDayMs})[0]
                .i(0);
  peak(a);
  return a;
}

TopEmotes SqlReference::top_emotes(const std::string& channel, TimestampMs now) {
  TopEmotes t;
  const std::string from =
      " FROM emotes e JOIN msgs m ON m.seq = e.seq WHERE m.channel = ? AND m.ts > ?";
  for (const auto& r : query("SELECT e.name, e.id, e.provider, COUNT(*) AS c" + from +
                                 " GROUP BY e.name, e.id ORDER BY c DESC, e.name, e.id LIMIT 10",
                             {channel, now - 30 * kDayMs})) {
    t.emotes.push_back({r.s(0), r.s(1), r.i(3), r.s(2), ""});
  }
  t.total_emote_uses = query("SELECT COUNT(*)" + from, {channel, now - 30 * kDayMs})[0].i(0);
  return t;
}

std::vector<SearchHit> SqlReference::search(const std::string& channel, const std::string& q) {
  auto rows = query(
      "SELECT m.owner, COUNT(*) AS c FROM msgs m JOIN users u ON u.owner = m.owner "
      "WHERE m.channel = ? AND m.owner IN (SELECT owner FROM names WHERE "
      "substr(lower(name), 1, length(?)) = lower(?)) "
      "GROUP BY m.owner ORDER BY c DESC, u.login LIMIT 10",
      {channel, q, q});
  std::vector<SearchHit> out;
  for (const auto& r : rows) out.push_back({ref(r.s(0)), r.i(1)});
  return out;
}

std::optional<UserStats> SqlReference::user_stats(const std::string& channel,
                                                  const std::string& login, Period period,
                                                  TimestampMs now) {
  auto owner_opt = lookup(login);
  if (!owner_opt) return std::nullopt;
  const std::string owner = *owner_opt;
  const std::string w = window(period, now, false);
  auto head =
      query("SELECT COUNT(*), MIN(ts), MAX(ts) FROM msgs WHERE channel = ? AND owner = ? AND " + w,
            {channel, owner});
  if (head[0].i(0) == 0) return std::nullopt;
  UserStats s;
  s.user = ref(owner);
  s.period = period;
  s.total_messages = head[0].i(0);
  s.first_message_date = head[0].i(1);
  s.last_message_date = head[0].i(2);
  for (const auto& r :
       query("SELECT hour, COUNT(*) FROM msgs WHERE channel = ? AND owner = ? AND " + w +
                 " GROUP BY hour",
             {channel, owner})) {
    s.hourly_activity[r.i(0)] = r.i(1);
  }
  for (const auto& r :
       query("SELECT text, ts FROM msgs f WHERE channel = ? AND owner = ? AND NOT EXISTS ("
             " SELECT 1 FROM moderation d WHERE d.channel = f.channel AND ("
             "  (d.kind = 'ban' AND d.target = f.owner AND f.ts <= d.ts) OR"
             "  (d.kind = 'timeout' AND d.target = f.owner AND f.ts > d.ts - 600000 AND f.ts <= "
             "d.ts) OR"
             "  (d.kind = 'delete' AND d.msg_id = f.msg_id)))"
             " ORDER BY ts DESC, seq DESC LIMIT 10",
             {channel, owner})) {
    s.recent_messages.push_back({r.s(0), r.i(1)});
  }
  auto pct =
      query("WITH t AS (SELECT owner, COUNT(*) AS c FROM msgs WHERE channel = ? AND " + w +
                " GROUP BY owner) SELECT (SELECT COUNT(*) FROM t WHERE c < ?), COUNT(*) FROM t",
            {channel, s.total_messages});
  s.percentile = Tenths{round_div(1000 * pct[0].i(0), pct[0].i(1))};
  const auto& hv = s.hourly_activity;
  std::int64_t best = -1;
  for (int h = 0; h < 24; ++h) {
    std::int64_t sum = hv[h] + hv[(h + 1) % 24] + hv[(h + 2) % 24];
    if (sum > best) {
      best = sum;
      s.peak_hours = {h, (h + 1) % 24, (h + 2) % 24};
    }
  }
  int fav = 0;
  for (int h = 0; h < 24; ++h) {
    if (hv[h] > hv[fav]) fav = h;
  }
  s.favorite_hour = FavoriteHour{fav, hv[fav], Tenths{round_div(1000 * hv[fav], s.total_messages)}};
  // Rival: cosine over all other users' hourly vectors in the period.
  std::map<std::string, HourlyCounts> vectors;
  std::map<std::string, std::int64_t> totals;
  for (const auto& r : query("SELECT owner, hour, COUNT(*) FROM msgs WHERE channel = ? AND " + w +
                                 " GROUP BY owner, hour",
                             {channel})) {
    vectors[r.s(0)][r.i(1)] = r.i(2);
    totals[r.s(0)] += r.i(2);
  }
  std::optional<std::string> rival;
  __int128 rdot = 0, rnorm = 1;
  __int128 mine_norm = 0;
  for (int h = 0; h < 24; ++h) mine_norm += static_cast<__int128>(hv[h]) * hv[h];
  for (const auto& [o, vec] : vectors) {
    if (o == owner) continue;
    __int128 dot = 0, norm = 0;
    for (int h = 0; h < 24; ++h) {
      dot += static_cast<__int128>(hv[h]) * vec[h];
      norm += static_cast<__int128>(vec[h]) * vec[h];
    }
    bool better = false;
    if (!rival) {
      better = true;
    } else {
      __int128 l = dot * dot * rnorm, r = rdot * rdot * norm;
      if (l != r) {
        better = l > r;
      } else if (totals[o] != totals[*rival]) {
        better = totals[o] > totals[*rival];
      } else {
        better = ref(o).username < ref(*rival).username;
      }
    }
    if (better) {
      rival = o;
      rdot = dot;
      rnorm = norm;
    }
  }
  if (rival) {
    // 1000 * dot / sqrt(A * B), rounded half away from zero; exact when A * B is a square.
    const __int128 ab = mine_norm * rnorm;
    const auto root = static_cast<__int128>(std::llround(std::sqrt(static_cast<long double>(ab))));
    std::int64_t t;
    if (root * root == ab) {
      t = static_cast<std::int64_t>((2000 * rdot + root) / (2 * root));
    } else {
      long double x =
          1000.0L * static_cast<long double>(rdot) / std::sqrt(static_cast<long double>(ab));
      t = static_cast<std::int64_t>(std::floor(x + 0.5L));
    }
    s.rival = Rival{ref(*rival), Tenths{t}};
  }
  // Top replies: targets resolved now, like a lookup.
  std::map<std::string, std::int64_t> replies;
  for (const auto& r :
       query("SELECT r.target, COUNT(*) FROM replies r JOIN msgs m ON m.seq = r.seq "
             "WHERE m.channel = ? AND m.owner = ? AND " +
                 w + " GROUP BY r.target",
             {channel, owner})) {
    auto target = lookup(r.s(0));
    if (!target || *target == owner) continue;
    replies[*target] += r.i(1);
  }
  for (const auto& [o, n] : replies) s.top_replies.push_back({ref(o), n});
  std::sort(s.top_replies.begin(), s.top_replies.end(), [](const auto& a, const auto& b) {
    return a.reply_count != b.reply_count ? a.reply_count > b.reply_count
                                          : a.user.username < b.user.username;
  });
  if (s.top_replies.size() > 5) s.top_replies.resize(5);
  // Rankings.
  s.rankings.top_rank = rank_in(channel, owner, w);
  const std::string ws = window(period, now, true);
  if (query("SELECT COUNT(*) FROM msgs WHERE channel = ? AND owner = ? AND " + ws,
            {channel, owner})[0]
          .i(0) > 0) {
    s.rankings.top_rank_change = rank_in(channel, owner, ws) - s.rankings.top_rank;
  }
  auto rising = rising_stars(channel, now);
  for (const auto& r : rising) {
    if (r.user == s.user) s.rankings.rising_rank = r.rank;
  }
  for (const auto& r : top_writers(channel)) {
    if (r.user == s.user) s.rankings.writers_rank = r.rank;
  }
  for (const auto& l : hour_leaders(channel)) {
    if (l.user == s.user) s.rankings.hours_dominated.push_back(l.hour);
  }
  for (const auto& r :
       query("SELECT e.name, e.id, e.provider, COUNT(*) AS c FROM emotes e JOIN msgs m "
             "ON m.seq = e.seq WHERE m.channel = ? AND m.owner = ? AND m.ts > ? "
             "GROUP BY e.name, e.id ORDER BY c DESC, e.name, e.id LIMIT 10",
             {channel, owner, now - 30 * kDayMs})) {
    s.top_emotes.push_back({r.s(0), r.s(1), r.i(3), r.s(2), ""});
  }
  return s;
}

}  // namespace pererecos::stats::testing
