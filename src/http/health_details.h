// The details of the full /health body that describe chat ingest: per channel the join
// grace, messages stored today and the last back-fill; the ingest queue; and why the
// status is degraded. Written into handle_health's JSON writer (service_endpoints.cpp).
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <vector>

#include "http/health.h"

namespace pererecos::http {

using HealthWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Whether the channel counts as up for `status`: joined, or not joined for less than the
// grace period.
inline bool channel_ok(const ChannelHealth& channel) {
  return channel.connected || channel.within_join_grace;
}

// Why the full body says "degraded" (empty when healthy): "store: ...", "#chan: not
// joined for N s (state)". `chat_enabled` as in the snapshot.
std::vector<std::string> degraded_reasons(const HealthSnapshot& snapshot);

// Keys added inside one channel's object: joined, not_joined_seconds,
// messages_stored_today, backfill.
void write_channel_details(HealthWriter& w, const ChannelHealth& channel);

// Top-level keys: ingest (when known) and problems.
void write_ingest_details(HealthWriter& w, const HealthSnapshot& snapshot,
                          const std::vector<std::string>& problems);

}  // namespace pererecos::http
