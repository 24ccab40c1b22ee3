#include "app/serve_health.h"

#include "core/time_format.h"

namespace pererecos::app {

http::HealthSnapshot serve_health(bool reads_ok, const Ingest& ingest, const ChatWiring* chat,
                                  const stats::StatsEngine& engine) {
  http::HealthSnapshot health;
  const IngestHealth in = ingest.health();
  health.database_connected = reads_ok && in.store_ok;
  http::IngestHealth& out = health.ingest.emplace();
  out.state = in.state;
  out.store_ok = in.store_ok;
  out.reading_paused = in.queue.blocked_producers > 0;
  out.buffered_bytes = in.queue.buffered_bytes;
  out.max_buffered_bytes = in.queue.max_buffered_bytes;
  out.queued = in.queue.queued;
  out.committed = in.queue.committed;
  out.failed_attempts = in.queue.failed_attempts;
  out.dropped = in.queue.dropped;
  out.last_error = in.last_error;

  health.chat_enabled = false;
  if (chat) chat->fill_health(health);
  for (http::ChannelHealth& c : health.channels) {
    c.messages_stored_today = engine.chat_activity(c.channel).total;
    for (const recent_messages::BackfillStatus& b : in.backfill) {
      if (b.channel != c.channel) continue;
      http::ChannelHealth::Backfill& f = c.backfill.emplace();
      f.running = b.running;
      if (b.last_attempt_ms > 0) f.last_run = format_iso8601_ms(b.last_attempt_ms);
      if (b.last_success_ms > 0) f.last_success = format_iso8601_ms(b.last_success_ms);
      f.attempts = b.attempts;
      f.failures = b.failures;
      f.fetched = b.messages_received;
      f.stored = b.messages_new;
      f.skipped = b.lines_skipped;
      f.error = b.last_error.empty() ? b.service_error : b.last_error;
    }
  }
  health.messages_stored = static_cast<std::uint64_t>(engine.messages_applied());
  return health;
}

}  // namespace pererecos::app
