// The full /health body's ingest parts: the join grace, the store, problems, back-fill.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "http/health_details.h"

namespace pererecos::http::testing {
namespace {

ChannelHealth channel(const std::string& name, bool joined, bool in_grace) {
  ChannelHealth c;
  c.channel = name;
  c.connected = joined;
  c.within_join_grace = in_grace;
  c.state = joined ? "joined" : "reconnecting";
  if (!joined) c.not_joined_seconds = in_grace ? 5 : 75;
  return c;
}

TEST(HealthDetails, AChannelNotJoinedWithinItsGraceIsNoProblem) {
  HealthSnapshot s;
  s.database_connected = true;
  s.chat_enabled = true;
  s.channels = {channel("a", true, false), channel("b", false, true)};
  EXPECT_TRUE(degraded_reasons(s).empty());
  s.channels[1] = channel("b", false, false);
  s.channels[1].last_error = "cannot connect: Connection refused";
  const auto reasons = degraded_reasons(s);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0], "#b: not joined for 75 s (reconnecting): cannot connect: Connection refused");
}

TEST(HealthDetails, AStalledStoreIsAProblemWithItsState) {
  HealthSnapshot s;
  s.database_connected = false;
  s.ingest = IngestHealth{};
  s.ingest->store_ok = false;
  s.ingest->state = "store stalled (database or disk is full), 10 bytes buffered";
  const auto reasons = degraded_reasons(s);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0], "store: store stalled (database or disk is full), 10 bytes buffered");
  s.ingest->store_ok = true;  // the follower's reads failed instead
  EXPECT_EQ(degraded_reasons(s)[0], "store: reading the database failed");
  s.database_connected = true;
  EXPECT_TRUE(degraded_reasons(s).empty()) << "chat disabled counts as up";
}

TEST(HealthDetails, ChannelAndIngestFieldsAreWritten) {
  ChannelHealth c = channel("a", false, true);
  c.messages_stored_today = 12;
  c.backfill.emplace();
  c.backfill->last_run = "2026-01-01T00:00:00.000+00:00";
  c.backfill->fetched = 800;
  c.backfill->stored = 3;
  c.backfill->attempts = 2;
  c.backfill->failures = 1;
  c.backfill->error = "HTTP 500";
  HealthSnapshot s;
  s.ingest = IngestHealth{};
  s.ingest->state = "ok";
  s.ingest->buffered_bytes = 7;
  s.ingest->reading_paused = true;
  rapidjson::StringBuffer buffer;
  HealthWriter w(buffer);
  w.StartObject();
  write_channel_details(w, c);
  write_ingest_details(w, s, {"x"});
  w.EndObject();
  rapidjson::Document doc;
  doc.Parse(buffer.GetString());
  ASSERT_FALSE(doc.HasParseError()) << buffer.GetString();
  EXPECT_FALSE(doc["joined"].GetBool());
  EXPECT_EQ(doc["not_joined_seconds"].GetInt64(), 5);
  EXPECT_EQ(doc["messages_stored_today"].GetInt64(), 12);
  EXPECT_STREQ(doc["backfill"]["last_run"].GetString(), "2026-01-01T00:00:00.000+00:00");
  EXPECT_TRUE(doc["backfill"]["last_success"].IsNull());
  EXPECT_EQ(doc["backfill"]["fetched"].GetUint64(), 800u);
  EXPECT_EQ(doc["backfill"]["stored"].GetUint64(), 3u);
  EXPECT_STREQ(doc["backfill"]["error"].GetString(), "HTTP 500");
  EXPECT_TRUE(doc["ingest"]["reading_paused"].GetBool());
  EXPECT_EQ(doc["ingest"]["buffered_bytes"].GetUint64(), 7u);
  EXPECT_TRUE(doc["ingest"]["last_error"].IsNull());
  EXPECT_STREQ(doc["problems"][0].GetString(), "x");
}

}  // namespace
}  // namespace pererecos::http::testing
