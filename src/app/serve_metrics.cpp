#include "app/serve_metrics.h"

#include <algorithm>

#include "core/version.h"
#include "metrics/process_metrics.h"

namespace pererecos::app {
namespace {

constexpr std::string_view kStored = "pererecos_messages_stored_total";
constexpr std::string_view kStoredHelp =
    "Messages newly stored since start (by this process or another writer, e.g. an import), "
    "by channel.";

}  // namespace

ServeMetrics::ServeMetrics(const stats::StatsEngine& engine, std::vector<std::string> channels)
    : engine_(engine),
      http_(registry_),
      store_(registry_),
      chat_(registry_),
      imports_(registry_),
      channels_(std::move(channels)) {
  std::sort(channels_.begin(), channels_.end());
  channels_.erase(std::unique(channels_.begin(), channels_.end()), channels_.end());
  metrics::register_process_metrics(registry_, version_info().version, version_info().commit);
  registry_.collector("pererecos_engine_users",
                      "Users with at least one counted message, by channel (engine).",
                      metrics::Kind::kGauge, [this] { return engine_users(); });
  registry_.collector("pererecos_engine_messages",
                      "Messages applied to the statistics engine, ignored senders included.",
                      metrics::Kind::kGauge, [this] {
                        return std::vector<metrics::Sample>{
                            {{}, static_cast<double>(engine_.messages_applied())}};
                      });
  for (const std::string& channel : channels_) {
    registry_.counter(kStored, kStoredHelp, {{"channel", channel}});
  }
}

void ServeMetrics::followed(const FollowProgress& progress) {
  for (const auto& [channel, count] : progress.messages_by_channel) {
    registry_.counter(kStored, kStoredHelp, {{"channel", channel}}).inc(count);
    std::lock_guard lock(channels_mutex_);
    const auto at = std::lower_bound(channels_.begin(), channels_.end(), channel);
    if (at == channels_.end() || *at != channel) channels_.insert(at, channel);
  }
}

void ServeMetrics::add_channels(const std::map<std::string, std::string>& room_ids) {
  std::lock_guard lock(channels_mutex_);
  for (const auto& [channel, room] : room_ids) {
    const auto at = std::lower_bound(channels_.begin(), channels_.end(), channel);
    if (at == channels_.end() || *at != channel) channels_.insert(at, channel);
  }
}

std::vector<metrics::Sample> ServeMetrics::engine_users() const {
  std::vector<std::string> channels;
  {
    std::lock_guard lock(channels_mutex_);
    channels = channels_;
  }
  std::vector<metrics::Sample> out;
  for (const std::string& channel : channels) {
    const stats::Leaderboard board = engine_.leaderboard(channel, stats::Period::kAll, 1);
    out.push_back({{{"channel", channel}}, static_cast<double>(board.total_users)});
  }
  return out;
}

}  // namespace pererecos::app
