// The non-statistics endpoints of ApiHandler: health, feedback, static files, API docs.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "http/api_handler.h"
#include "http/health_details.h"
#include "http/json_answers.h"
#include "http/token_check.h"
#include "http/validation.h"

namespace pererecos::http {

Response ApiHandler::handle_health(const Request& request) const {
  HealthSnapshot snapshot;
  if (health_) {
    snapshot = health_();
  } else {
    snapshot.database_connected = true;
  }
  bool channels_up = !snapshot.channels.empty();
  for (const auto& channel : snapshot.channels) channels_up = channels_up && channel.connected;
  const bool bot_connected = snapshot.chat_enabled && channels_up;
  // Degraded: the store fails, or a configured channel is not joined past its grace period.
  const std::vector<std::string> problems = degraded_reasons(snapshot);
  const bool healthy = problems.empty();

  bool full = true;
  if (options_.health_check_token && !options_.health_check_token->empty()) {
    const std::string* given = request.headers.find("X-Health-Token");
    full = given != nullptr && constant_time_equals(*given, *options_.health_check_token);
    if (given != nullptr && !full) {
      security_log_.report(SecurityEvent::kBadToken, client_of(request).text,
                           "wrong X-Health-Token on /health");
    }
  }

  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  if (!full) {
    w.Key("status");
    w.String("ok");
    w.Key("bot_connected");
    w.Bool(bot_connected);
    w.Key("database_connected");
    w.Bool(true);
  } else {
    w.Key("status");
    w.String(healthy ? "healthy" : "degraded");
    w.Key("bot_connected");
    w.Bool(bot_connected);
    w.Key("database_connected");
    w.Bool(snapshot.database_connected);
    w.Key("chat_enabled");
    w.Bool(snapshot.chat_enabled);
    w.Key("channels");
    w.StartArray();
    for (const auto& channel : snapshot.channels) {
      w.StartObject();
      w.Key("channel");
      w.String(channel.channel.c_str(), static_cast<rapidjson::SizeType>(channel.channel.size()));
      w.Key("connected");
      w.Bool(channel.connected);
      w.Key("last_message_age_seconds");
      if (channel.last_message_age_ms) {
        w.Int64(*channel.last_message_age_ms / 1000);
      } else {
        w.Null();
      }
      if (!channel.state.empty()) {
        w.Key("state");
        w.String(channel.state.c_str(), static_cast<rapidjson::SizeType>(channel.state.size()));
        w.Key("last_error");
        w.String(channel.last_error.c_str(),
                 static_cast<rapidjson::SizeType>(channel.last_error.size()));
        w.Key("messages_received");
        w.Uint64(channel.messages_received);
      }
      write_channel_details(w, channel);
      w.EndObject();
    }
    w.EndArray();
    if (snapshot.auth) {
      const AuthHealth& a = *snapshot.auth;
      auto string = [&w](const char* key, const std::string& value) {
        w.Key(key);
        w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
      };
      w.Key("auth");
      w.StartObject();
      string("state", a.state);
      string("login", a.login);
      string("token", a.token);
      string("source", a.source);
      w.Key("refresh_configured");
      w.Bool(a.refresh_configured);
      string("error", a.error);
      w.Key("validations");
      w.Uint64(a.validations);
      w.Key("refreshes");
      w.Uint64(a.refreshes);
      w.Key("refresh_failures");
      w.Uint64(a.refresh_failures);
      w.EndObject();
    }
    w.Key("messages_stored");
    if (snapshot.messages_stored) {
      w.Uint64(*snapshot.messages_stored);
    } else {
      w.Null();
    }
    write_ingest_details(w, snapshot, problems);
    w.Key("uptime_seconds");
    w.Int64(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                             started_)
                .count());
    w.Key("version");
    w.String(options_.version.c_str(), static_cast<rapidjson::SizeType>(options_.version.size()));
  }
  w.EndObject();
  Response response = json_response(200, std::string(buffer.GetString(), buffer.GetSize()));
  response.headers.set("X-API-Version", options_.api_version);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

Response ApiHandler::handle_feedback(const Request& request) const {
  auto input = validate_feedback_body(request.body);
  if (!input) return error_response(422, input.error());
  if (feedback_ == nullptr) return error_response(503, "Feedback is not available");
  FeedbackEntry entry;
  entry.type = std::move(input->type);
  entry.message = std::move(input->message);
  entry.created_ms = clock_.now_ms();
  const Result<std::int64_t> id = feedback_->submit(entry);
  if (!id) return error_response(500, "Could not store the feedback");
  return json_response(200, feedback_ok_json(id.value()));
}

Response ApiHandler::handle_static(std::string_view relative_path) const {
  std::optional<StaticFile> file = static_files_.load(relative_path);
  if (!file) return error_response(404, "Not Found");
  Response response;
  response.status = 200;
  response.headers.set("Content-Type", std::move(file->content_type));
  response.headers.set("Cache-Control", "no-cache");
  response.body = std::move(file->body);
  return response;
}

Response ApiHandler::handle_openapi() const {
  if (openapi_json_.empty()) return error_response(404, "Not Found");
  return json_response(200, openapi_json_);
}

Response ApiHandler::handle_docs() const {
  Response response;
  response.status = 200;
  response.headers.set("Content-Type", "text/html; charset=utf-8");
  response.body = docs_html_;
  return response;
}

}  // namespace pererecos::http
