#include "app/backfill_wiring.h"

#include <spdlog/spdlog.h>

#include <utility>

#include "emotes/curl_http_getter.h"

namespace pererecos::app {

recent_messages::EventSink ingest_sink(storage::BatchedWriter& writer) {
  return [&writer](std::vector<ChatMessage> messages, std::vector<ModerationEvent> moderation,
                   std::function<void(const Result<recent_messages::StoredCounts>&)> done) {
    storage::EventBatch batch;
    batch.messages = std::move(messages);
    batch.moderation = std::move(moderation);
    return writer.submit_batch(batch, [done = std::move(done)](const Result<WriteCounts>& r) {
      if (!r.is_ok()) return done(r.status());
      recent_messages::StoredCounts counts;
      counts.messages_new = r->messages_stored;
      counts.moderation_new = r->moderation_stored;
      done(counts);
    });
  };
}

recent_messages::HttpFetch curl_fetch(std::chrono::milliseconds timeout,
                                      const std::string& ca_file) {
  emotes::CurlOptions options;
  options.total_timeout = timeout;
  options.connect_timeout = std::min(timeout, std::chrono::milliseconds(5000));
  options.ca_info = ca_file;
  options.max_body_bytes = 16u << 20;
  auto getter = std::make_shared<emotes::CurlHttpGetter>(options);
  return [getter](const std::string& url) -> Result<recent_messages::HttpAnswer> {
    Result<emotes::HttpResponse> r = getter->get(url);
    if (!r.is_ok()) return r.status();
    return recent_messages::HttpAnswer{r->status, std::move(r->body)};
  };
}

std::unique_ptr<recent_messages::Backfiller> make_backfiller(const std::string& url,
                                                             std::chrono::milliseconds timeout,
                                                             storage::BatchedWriter& writer) {
  recent_messages::BackfillOptions options;
  options.base_url = url;
  return std::make_unique<recent_messages::Backfiller>(
      options, curl_fetch(timeout), ingest_sink(writer),
      [](const std::string& line) { spdlog::warn("{}", line); });
}

}  // namespace pererecos::app
