// Every /api/v1/stats/* endpoint through ApiHandler::handle_request with the fake reader:
// JSON shapes field by field (SPEC §2, §3), validation (422), channel resolution (404).
#include <gtest/gtest.h>

#include "test_support.h"

namespace pererecos::http::testing {
namespace {

using rapidjson::Value;

class StatsEndpoints : public ::testing::Test {
 protected:
  Response call(const std::string& target) { return f.handler.handle_request(get(target)); }
  rapidjson::Document ok_json(const std::string& target) {
    Response r = call(target);
    EXPECT_EQ(r.status, 200) << target << " -> " << r.body;
    EXPECT_EQ(header_of(r, "Content-Type"), "application/json");
    return parse_json(r.body);
  }
  HandlerFixture f;
};

// The raw text of a number as written (to check "12.3" vs 12.30000001).
std::string raw_after(const std::string& body, const std::string& key) {
  const std::size_t at = body.find("\"" + key + "\":");
  if (at == std::string::npos) return "<missing>";
  const std::size_t start = at + key.size() + 3;
  const std::size_t end = body.find_first_of(",}]", start);
  return body.substr(start, end - start);
}

void expect_hourly_24(const Value& array) {
  ASSERT_TRUE(array.IsArray());
  ASSERT_EQ(array.Size(), 24u);
  for (rapidjson::SizeType h = 0; h < 24; ++h) {
    ASSERT_TRUE(array[h].IsObject());
    EXPECT_EQ(array[h].MemberCount(), 2u);
    EXPECT_EQ(array[h]["hour"].GetInt(), static_cast<int>(h));
    EXPECT_TRUE(array[h]["count"].IsInt64());
  }
}

TEST_F(StatsEndpoints, UserStatsHasEveryFieldOfSpec3) {
  Response r = call("/api/v1/stats/user/alice?period=week");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto doc = parse_json(r.body);
  ASSERT_TRUE(doc.IsObject());
  EXPECT_STREQ(doc["username"].GetString(), "alice");
  EXPECT_STREQ(doc["display_name"].GetString(), "Alice");
  EXPECT_STREQ(doc["period"].GetString(), "week");
  EXPECT_EQ(doc["total_messages"].GetInt64(), 42);
  expect_hourly_24(doc["hourly_activity"]);
  EXPECT_EQ(doc["hourly_activity"][17]["count"].GetInt64(), 17);
  const Value& recent = doc["recent_messages"];
  ASSERT_EQ(recent.Size(), 2u);
  EXPECT_STREQ(recent[0]["message"].GetString(), "hello <3 \"quoted\"");
  EXPECT_STREQ(recent[0]["timestamp"].GetString(), "2024-01-06T16:19:44.095+00:00");
  EXPECT_STREQ(recent[1]["timestamp"].GetString(), "2024-01-01T00:00:00.000+00:00");
  EXPECT_STREQ(doc["first_message_date"].GetString(), "2024-01-01T00:00:00.000+00:00");
  EXPECT_STREQ(doc["last_message_date"].GetString(), "2024-01-06T16:19:44.095+00:00");
  EXPECT_DOUBLE_EQ(doc["percentile"].GetDouble(), 87.5);
  EXPECT_EQ(raw_after(r.body, "percentile"), "87.5");
  ASSERT_EQ(doc["peak_hours"].Size(), 3u);
  EXPECT_EQ(doc["peak_hours"][0].GetInt(), 21);
  EXPECT_EQ(doc["peak_hours"][2].GetInt(), 23);
  const Value& fav = doc["favorite_hour"];
  EXPECT_EQ(fav["hour"].GetInt(), 23);
  EXPECT_EQ(fav["count"].GetInt64(), 23);
  EXPECT_EQ(raw_after(r.body, "percentage"), "54.8");
  const Value& rival = doc["rival"];
  EXPECT_STREQ(rival["username"].GetString(), "bob");
  EXPECT_STREQ(rival["display_name"].GetString(), "Bob");
  EXPECT_EQ(raw_after(r.body, "similarity_score"), "100.0");
  ASSERT_EQ(doc["top_replies"].Size(), 1u);
  EXPECT_STREQ(doc["top_replies"][0]["username"].GetString(), "bob");
  EXPECT_STREQ(doc["top_replies"][0]["display_name"].GetString(), "Bob");
  EXPECT_EQ(doc["top_replies"][0]["reply_count"].GetInt64(), 3);
  const Value& rk = doc["rankings"];
  EXPECT_EQ(rk["top_rank"].GetInt64(), 1);
  EXPECT_EQ(rk["top_rank_change"].GetInt64(), -2);
  EXPECT_TRUE(rk["rising_rank"].IsNull());
  EXPECT_EQ(rk["writers_rank"].GetInt64(), 4);
  ASSERT_EQ(rk["hours_dominated"].Size(), 2u);
  EXPECT_EQ(rk["hours_dominated"][1].GetInt(), 23);
  const Value& emotes = doc["top_emotes"];
  ASSERT_EQ(emotes.Size(), 2u);
  EXPECT_STREQ(emotes[0]["emote_name"].GetString(), "Kappa");
  EXPECT_STREQ(emotes[0]["emote_id"].GetString(), "25");
  EXPECT_EQ(emotes[0]["count"].GetInt64(), 7);
  EXPECT_STREQ(emotes[0]["provider"].GetString(), "twitch");
  EXPECT_STREQ(emotes[0]["image_url"].GetString(), "https://static-cdn.jtvnw.net/x");
  EXPECT_FALSE(emotes[1].HasMember("provider"));  // empty extras are omitted
  EXPECT_FALSE(emotes[1].HasMember("image_url"));

  const auto calls = f.reader.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].channel, "chan_a");
  EXPECT_EQ(calls[0].login, "alice");
  EXPECT_EQ(calls[0].period, stats::Period::kWeek);
}

TEST_F(StatsEndpoints, UserStatsNullsAndEmptyListsForAMinimalUser) {
  const auto doc = ok_json("/api/v1/stats/user/bob");
  EXPECT_STREQ(doc["period"].GetString(), "all");  // default period
  EXPECT_TRUE(doc["first_message_date"].IsNull());
  EXPECT_TRUE(doc["last_message_date"].IsNull());
  EXPECT_TRUE(doc["favorite_hour"].IsNull());
  EXPECT_TRUE(doc["rival"].IsNull());
  EXPECT_TRUE(doc["peak_hours"].IsArray());
  EXPECT_EQ(doc["peak_hours"].Size(), 0u);
  EXPECT_EQ(doc["recent_messages"].Size(), 0u);
  EXPECT_EQ(doc["top_replies"].Size(), 0u);
  EXPECT_EQ(doc["top_emotes"].Size(), 0u);
  EXPECT_TRUE(doc["rankings"]["top_rank_change"].IsNull());
  EXPECT_TRUE(doc["rankings"]["writers_rank"].IsNull());
  EXPECT_EQ(doc["percentile"].GetDouble(), 0.0);
  expect_hourly_24(doc["hourly_activity"]);
}

TEST_F(StatsEndpoints, UnknownUserIs404NamingTheUser) {
  Response r = call("/api/v1/stats/user/nobody");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(detail_of(r).find("'nobody'"), std::string::npos) << r.body;
}

TEST_F(StatsEndpoints, UsernameValidation) {
  for (const std::string bad :
       {"_alice", "al-ice", "a%20b", "abcdefghijklmnopqrstuvwxyz", "%C3%A9t%C3%A9", "a%2Fb"}) {
    Response r = call("/api/v1/stats/user/" + bad);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_NE(detail_of(r).find("username"), std::string::npos);
  }
  // 1 and 25 characters, digits first, underscores inside: valid (404 = looked up).
  for (const std::string good : {"a", "abcdefghijklmnopqrstuvwxy", "9_x_", "A1"}) {
    EXPECT_EQ(call("/api/v1/stats/user/" + good).status, 404) << good;
  }
  // Percent-encoded letters decode to a valid login.
  EXPECT_EQ(call("/api/v1/stats/user/%61lice").status, 200);
}

TEST_F(StatsEndpoints, PeriodValidation) {
  for (const std::string bad : {"period=", "period=DAY", "period=year", "period=all%20"}) {
    Response r = call("/api/v1/stats/leaderboard?" + bad);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_NE(detail_of(r).find("period"), std::string::npos);
  }
  for (const std::string good : {"day", "week", "month", "all"}) {
    const auto doc = ok_json("/api/v1/stats/leaderboard?period=" + good);
    EXPECT_EQ(doc["period"].GetString(), good);
  }
}

TEST_F(StatsEndpoints, LimitValidation) {
  struct Case {
    std::string query;
    int status;
    std::size_t limit;
  };
  const Case cases[] = {
      {"", 200, 10},
      {"limit=05", 200, 5},
      {"limit=1", 200, 1},
      {"limit=100", 200, 100},
      {"limit=0000000000000000000007", 200, 7},
      {"limit=+5", 422, 0},
      {"limit=0", 422, 0},
      {"limit=101", 422, 0},
      {"limit=", 422, 0},
      {"limit=-1", 422, 0},
      {"limit=5.0", 422, 0},
      {"limit=%205", 422, 0},
      {"limit=99999999999999999999", 422, 0},
  };
  for (const Case& c : cases) {
    f.reader.clear_calls();
    Response r = call("/api/v1/stats/leaderboard?" + c.query);
    EXPECT_EQ(r.status, c.status) << c.query << " " << r.body;
    if (c.status == 200) {
      const auto calls = f.reader.calls();
      ASSERT_EQ(calls.size(), 1u);
      EXPECT_EQ(calls[0].limit, c.limit) << c.query;
    } else {
      EXPECT_NE(detail_of(r).find("limit"), std::string::npos);
      EXPECT_TRUE(f.reader.calls().empty()) << "validation must come before any lookup";
    }
  }
  // Rising stars and top writers cap at 50.
  EXPECT_EQ(call("/api/v1/stats/rising-stars?limit=50").status, 200);
  EXPECT_EQ(call("/api/v1/stats/rising-stars?limit=51").status, 422);
  EXPECT_EQ(call("/api/v1/stats/top-writers?limit=50").status, 200);
  EXPECT_EQ(call("/api/v1/stats/top-writers?limit=51").status, 422);
  EXPECT_EQ(call("/api/v1/stats/top-writers?limit=0").status, 422);
}

TEST_F(StatsEndpoints, LeaderboardShape) {
  const auto doc = ok_json("/api/v1/stats/leaderboard?period=all&limit=10");
  EXPECT_STREQ(doc["period"].GetString(), "all");
  EXPECT_EQ(doc["total_users"].GetInt64(), 2);
  EXPECT_EQ(doc["total_messages"].GetInt64(), 43);
  const Value& lb = doc["leaderboard"];
  ASSERT_EQ(lb.Size(), 2u);
  EXPECT_EQ(lb[0]["rank"].GetInt64(), 1);
  EXPECT_STREQ(lb[0]["username"].GetString(), "alice");
  EXPECT_STREQ(lb[0]["display_name"].GetString(), "Alice");
  EXPECT_EQ(lb[0]["message_count"].GetInt64(), 42);
  EXPECT_EQ(lb[0].MemberCount(), 4u);
}

TEST_F(StatsEndpoints, RisingStarsShape) {
  Response r = call("/api/v1/stats/rising-stars?limit=10");
  ASSERT_EQ(r.status, 200);
  const auto doc = parse_json(r.body);
  const Value& e = doc["entries"];
  ASSERT_EQ(e.Size(), 2u);
  EXPECT_EQ(e[0]["rank"].GetInt64(), 1);
  EXPECT_STREQ(e[0]["username"].GetString(), "alice");
  EXPECT_STREQ(e[0]["display_name"].GetString(), "Alice");
  EXPECT_EQ(e[0]["current_count"].GetInt64(), 10);
  EXPECT_EQ(e[0]["previous_count"].GetInt64(), 0);
  EXPECT_DOUBLE_EQ(e[0]["growth_percent"].GetDouble(), 100.0);
  EXPECT_DOUBLE_EQ(e[1]["growth_percent"].GetDouble(), -50.0);
  EXPECT_NE(r.body.find("\"growth_percent\":-50.0"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"growth_percent\":100.0"), std::string::npos) << r.body;
}

TEST_F(StatsEndpoints, HourLeadersShape) {
  const auto doc = ok_json("/api/v1/stats/hour-leaders");
  const Value& e = doc["entries"];
  ASSERT_EQ(e.Size(), 2u);
  EXPECT_EQ(e[1]["hour"].GetInt(), 23);
  EXPECT_STREQ(e[1]["username"].GetString(), "bob");
  EXPECT_STREQ(e[1]["display_name"].GetString(), "Bob");
  EXPECT_EQ(e[1]["message_count"].GetInt64(), 1);
}

TEST_F(StatsEndpoints, TopWritersShape) {
  Response r = call("/api/v1/stats/top-writers");
  ASSERT_EQ(r.status, 200);
  const auto doc = parse_json(r.body);
  const Value& e = doc["entries"];
  ASSERT_EQ(e.Size(), 1u);
  EXPECT_EQ(e[0]["rank"].GetInt64(), 1);
  EXPECT_STREQ(e[0]["username"].GetString(), "alice");
  EXPECT_STREQ(e[0]["display_name"].GetString(), "Alice");
  EXPECT_EQ(raw_after(r.body, "avg_length"), "12.3");
  EXPECT_EQ(e[0]["message_count"].GetInt64(), 42);
}

TEST_F(StatsEndpoints, ActiveChattersShape) {
  const auto doc = ok_json("/api/v1/stats/active-chatters");
  EXPECT_EQ(doc["count"].GetInt64(), 1);
  EXPECT_EQ(doc["total_users"].GetInt64(), 2);
  const Value& c = doc["chatters"];
  ASSERT_EQ(c.Size(), 1u);
  EXPECT_STREQ(c[0]["username"].GetString(), "bob");
  EXPECT_STREQ(c[0]["display_name"].GetString(), "Bob");
  EXPECT_EQ(c[0]["message_count"].GetInt64(), 2);
  EXPECT_EQ(c[0]["rank"].GetInt64(), 2);
}

TEST_F(StatsEndpoints, HourlyEndpointsNameTheirTotal) {
  struct Case {
    std::string path;
    std::string total_field;
    int peak_hour;
    std::int64_t peak_count;
  };
  for (const Case& c : {Case{"chat-activity", "total_today", 5, 7},
                        Case{"overall-activity", "total_messages", 6, 9},
                        Case{"unique-chatters", "total_unique", 7, 3}}) {
    const auto doc = ok_json("/api/v1/stats/" + c.path);
    expect_hourly_24(doc["activity"]);
    std::int64_t sum = 0;
    for (const auto& e : doc["activity"].GetArray()) sum += e["count"].GetInt64();
    ASSERT_TRUE(doc.HasMember(c.total_field.c_str())) << c.path;
    EXPECT_EQ(doc[c.total_field.c_str()].GetInt64(), sum) << c.path;
    EXPECT_EQ(doc["peak_hour"].GetInt(), c.peak_hour);
    EXPECT_EQ(doc["peak_count"].GetInt64(), c.peak_count);
    EXPECT_EQ(doc.MemberCount(), 4u);
  }
}

TEST_F(StatsEndpoints, TopEmotesShape) {
  const auto doc = ok_json("/api/v1/stats/top-emotes");
  ASSERT_EQ(doc["emotes"].Size(), 1u);
  EXPECT_STREQ(doc["emotes"][0]["emote_name"].GetString(), "Kappa");
  EXPECT_STREQ(doc["emotes"][0]["emote_id"].GetString(), "25");
  EXPECT_EQ(doc["emotes"][0]["count"].GetInt64(), 7);
  EXPECT_EQ(doc["total_emote_uses"].GetInt64(), 11);
}

TEST_F(StatsEndpoints, SearchShapeAndQValidation) {
  const auto doc = ok_json("/api/v1/stats/search?q=al");
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 1u);
  EXPECT_STREQ(doc[0]["username"].GetString(), "alice");
  EXPECT_STREQ(doc[0]["display_name"].GetString(), "Alice");
  EXPECT_EQ(doc[0]["total_messages"].GetInt64(), 42);

  EXPECT_EQ(call("/api/v1/stats/search").status, 422);
  EXPECT_EQ(call("/api/v1/stats/search?q=").status, 422);
  EXPECT_EQ(call("/api/v1/stats/search?q=a").status, 422);
  EXPECT_EQ(call("/api/v1/stats/search?q=" + std::string(26, 'a')).status, 422);
  EXPECT_EQ(call("/api/v1/stats/search?q=" + std::string(25, 'a')).status, 200);
  EXPECT_EQ(call("/api/v1/stats/search?q=%FF%FE").status, 422);  // not UTF-8
  // 2 code points of 2 bytes each: valid; the query reaches the reader decoded.
  f.reader.clear_calls();
  EXPECT_EQ(call("/api/v1/stats/search?q=%C3%A9t").status, 200);
  EXPECT_EQ(call("/api/v1/stats/search?q=a+b").status, 200);
  const auto calls = f.reader.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].login, "\xC3\xA9t");
  EXPECT_EQ(calls[1].login, "a b");  // '+' is a space in a query string
}

TEST_F(StatsEndpoints, CompareShapeAnd404NamesTheMissingUser) {
  const auto doc = ok_json("/api/v1/stats/compare/alice/bob?period=month");
  EXPECT_STREQ(doc["user1"]["username"].GetString(), "alice");
  EXPECT_STREQ(doc["user2"]["username"].GetString(), "bob");
  EXPECT_STREQ(doc["user1"]["period"].GetString(), "month");
  expect_hourly_24(doc["user2"]["hourly_activity"]);
  EXPECT_TRUE(doc["user2"]["rival"].IsNull());

  Response r = call("/api/v1/stats/compare/alice/ghost2");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(detail_of(r).find("'ghost2'"), std::string::npos);
  r = call("/api/v1/stats/compare/ghost1/bob");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(detail_of(r).find("'ghost1'"), std::string::npos);
  r = call("/api/v1/stats/compare/ghost1/ghost2");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(detail_of(r).find("'ghost1'"), std::string::npos);
  EXPECT_EQ(detail_of(r).find("'ghost2'"), std::string::npos);

  EXPECT_EQ(call("/api/v1/stats/compare/alice/_bad").status, 422);
  EXPECT_EQ(call("/api/v1/stats/compare/_bad/alice").status, 422);
  EXPECT_EQ(call("/api/v1/stats/compare/alice/bob?period=x").status, 422);
  EXPECT_EQ(call("/api/v1/stats/compare/alice").status, 404);
}

TEST_F(StatsEndpoints, ChannelResolution) {
  f.reader.clear_calls();
  EXPECT_EQ(call("/api/v1/stats/top-emotes?channel=CHAN_B").status, 200);
  EXPECT_EQ(call("/api/v1/stats/top-emotes").status, 200);
  auto calls = f.reader.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].channel, "chan_b");
  EXPECT_EQ(calls[1].channel, "chan_a");

  Response r = call("/api/v1/stats/leaderboard?channel=nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(detail_of(r).find("nope"), std::string::npos);
  EXPECT_EQ(call("/api/v1/stats/leaderboard?channel=").status, 404);
  // Validation comes first: a bad limit with an unknown channel is 422.
  EXPECT_EQ(call("/api/v1/stats/leaderboard?channel=nope&limit=0").status, 422);
  EXPECT_EQ(call("/api/v1/stats/user/_x?channel=nope").status, 422);
  // Every stats endpoint honours it.
  for (const std::string path :
       {"user/alice", "leaderboard", "rising-stars", "hour-leaders", "top-writers",
        "active-chatters", "chat-activity", "overall-activity", "unique-chatters", "top-emotes",
        "search?q=al", "compare/alice/bob"}) {
    const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
    EXPECT_EQ(call("/api/v1/stats/" + path + sep + "channel=zzz").status, 404) << path;
  }
}

TEST_F(StatsEndpoints, UrlEncodedParametersAreDecoded) {
  f.reader.clear_calls();
  EXPECT_EQ(call("/api/v1/stats/leaderboard?%70eriod=%64ay&limit=%33&channel=chan%5Fb").status,
            200);
  const auto calls = f.reader.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].period, stats::Period::kDay);
  EXPECT_EQ(calls[0].limit, 3u);
  EXPECT_EQ(calls[0].channel, "chan_b");
}

}  // namespace
}  // namespace pererecos::http::testing
