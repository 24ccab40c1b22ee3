// The dashboard's endpoints of ApiHandler: the page itself (/, /u/{login},
// /compare/{a}/{b}), GET /api/v1/channels and GET /api/v1/events (accepting the stream;
// the streaming is event_stream.cpp).
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "http/api_handler.h"
#include "http/dashboard_page.h"
#include "http/query_string.h"

namespace pererecos::http {

Response ApiHandler::handle_dashboard_page() const {
  std::optional<StaticFile> file = static_files_.load("index.html");
  if (!file) return error_response(404, "Not Found");
  DashboardSettings settings;
  settings.root_path = options_.root_path;
  settings.title = options_.dashboard_title;
  settings.emote_images = options_.emote_images;
  settings.time_zone = stats_.time_zone();
  settings.default_channel = stats_.resolve_channel(std::nullopt).value_or("");
  Response response;
  response.status = 200;
  response.headers.set("Content-Type", "text/html; charset=utf-8");
  response.headers.set("Cache-Control", "no-cache");
  response.body = render_dashboard_page(file->body, settings);
  return response;
}

Response ApiHandler::handle_channels() const {
  const std::vector<std::string> channels = stats_.channels();
  const std::optional<std::string> fallback = stats_.resolve_channel(std::nullopt);
  const std::string zone = stats_.time_zone();
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("default_channel");
  if (fallback) {
    w.String(fallback->c_str(), static_cast<rapidjson::SizeType>(fallback->size()));
  } else {
    w.Null();
  }
  w.Key("channels");
  w.StartArray();
  for (const std::string& channel : channels) {
    w.String(channel.c_str(), static_cast<rapidjson::SizeType>(channel.size()));
  }
  w.EndArray();
  w.Key("time_zone");
  w.String(zone.c_str(), static_cast<rapidjson::SizeType>(zone.size()));
  w.Key("title");
  w.String(options_.dashboard_title.c_str(),
           static_cast<rapidjson::SizeType>(options_.dashboard_title.size()));
  w.Key("emote_images");
  w.Bool(options_.emote_images);
  w.EndObject();
  Response response = json_response(200, std::string(buffer.GetString(), buffer.GetSize()));
  response.headers.set("Cache-Control", "no-cache");
  return response;
}

Response ApiHandler::handle_events(const QueryParams& query) const {
  const std::optional<std::string_view> requested = query.get("channel");
  const std::optional<std::string> channel = stats_.resolve_channel(requested);
  if (!channel) {
    if (!requested) return error_response(404, "No channel available");
    if (requested->empty()) return error_response(404, "Channel not found");
    return error_response(404, "Channel '" + std::string(requested->substr(0, 64)) +
                                   "' not found");
  }
  std::shared_ptr<EventSubscription> subscription = events_.subscribe(*channel);
  if (!subscription) {
    Response busy = error_response(
        503, "Too many event-stream clients (" + std::to_string(options_.events.max_clients) +
                 "); poll the statistics endpoints or retry later");
    busy.headers.set("Retry-After", "30");
    return busy;
  }
  Response response;
  response.status = 200;
  response.headers.set("Content-Type", "text/event-stream; charset=utf-8");
  response.headers.set("Cache-Control", "no-store");
  response.headers.set("X-Accel-Buffering", "no");
  response.event_stream = std::move(subscription);
  return response;
}

}  // namespace pererecos::http
