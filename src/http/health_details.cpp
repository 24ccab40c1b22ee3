#include "http/health_details.h"

namespace pererecos::http {
namespace {

void put(HealthWriter& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void put_or_null(HealthWriter& w, const char* key, const std::string& value) {
  w.Key(key);
  if (value.empty()) {
    w.Null();
  } else {
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  }
}

}  // namespace

std::vector<std::string> degraded_reasons(const HealthSnapshot& snapshot) {
  std::vector<std::string> out;
  if (!snapshot.database_connected) {
    std::string why = "store: ";
    if (snapshot.ingest && !snapshot.ingest->store_ok) {
      why += snapshot.ingest->state;
    } else {
      why += "reading the database failed";
    }
    out.push_back(std::move(why));
  }
  if (!snapshot.chat_enabled) return out;
  if (snapshot.channels.empty()) out.push_back("chat: no channel");
  for (const ChannelHealth& c : snapshot.channels) {
    if (channel_ok(c)) continue;
    std::string why = "#" + c.channel + ": not joined";
    if (c.not_joined_seconds) why += " for " + std::to_string(*c.not_joined_seconds) + " s";
    if (!c.state.empty()) why += " (" + c.state + ")";
    if (!c.last_error.empty()) why += ": " + c.last_error;
    out.push_back(std::move(why));
  }
  return out;
}

void write_channel_details(HealthWriter& w, const ChannelHealth& c) {
  w.Key("joined");
  w.Bool(c.connected);
  w.Key("not_joined_seconds");
  if (c.not_joined_seconds) {
    w.Int64(*c.not_joined_seconds);
  } else {
    w.Null();
  }
  w.Key("messages_stored_today");
  if (c.messages_stored_today) {
    w.Int64(*c.messages_stored_today);
  } else {
    w.Null();
  }
  w.Key("backfill");
  if (!c.backfill) {
    w.Null();
    return;
  }
  const ChannelHealth::Backfill& b = *c.backfill;
  w.StartObject();
  w.Key("running");
  w.Bool(b.running);
  put_or_null(w, "last_run", b.last_run);
  put_or_null(w, "last_success", b.last_success);
  w.Key("attempts");
  w.Uint64(b.attempts);
  w.Key("failures");
  w.Uint64(b.failures);
  w.Key("fetched");
  w.Uint64(b.fetched);
  w.Key("stored");
  w.Uint64(b.stored);
  w.Key("skipped");
  w.Uint64(b.skipped);
  put_or_null(w, "error", b.error);
  w.EndObject();
}

void write_ingest_details(HealthWriter& w, const HealthSnapshot& snapshot,
                          const std::vector<std::string>& problems) {
  if (snapshot.ingest) {
    const IngestHealth& i = *snapshot.ingest;
    w.Key("ingest");
    w.StartObject();
    put(w, "state", i.state);
    w.Key("store_ok");
    w.Bool(i.store_ok);
    w.Key("reading_paused");
    w.Bool(i.reading_paused);
    w.Key("buffered_bytes");
    w.Uint64(i.buffered_bytes);
    w.Key("max_buffered_bytes");
    w.Uint64(i.max_buffered_bytes);
    w.Key("queued");
    w.Uint64(i.queued);
    w.Key("committed");
    w.Uint64(i.committed);
    w.Key("failed_attempts");
    w.Uint64(i.failed_attempts);
    w.Key("dropped");
    w.Uint64(i.dropped);
    put_or_null(w, "last_error", i.last_error);
    w.EndObject();
  }
  w.Key("problems");
  w.StartArray();
  for (const std::string& p : problems) {
    w.String(p.c_str(), static_cast<rapidjson::SizeType>(p.size()));
  }
  w.EndArray();
}

}  // namespace pererecos::http
