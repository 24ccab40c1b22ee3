#include "app/demo_dataset.h"

#include <chrono>
#include <filesystem>

#include "storage/store.h"
#include "storage/store_url.h"

namespace pererecos::app {
namespace {

// Bump when the generator's output changes, so old demo files are rebuilt.
constexpr const char* kDatasetVersion = "community-v1";

std::string describe(TimestampMs end_ms) {
  return std::string(kDatasetVersion) + " end=" + std::to_string(end_ms);
}

// The end recorded in a demo setting value, or -1 when it is not this version's.
TimestampMs recorded_end(const std::string& value) {
  const std::string prefix = std::string(kDatasetVersion) + " end=";
  if (!value.starts_with(prefix)) return -1;
  try {
    return std::stoll(value.substr(prefix.size()));
  } catch (const std::exception&) {
    return -1;
  }
}

Status remove_database_files(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path + suffix, ec);
    if (ec) return Status::error("cannot remove " + path + suffix + ": " + ec.message());
  }
  return Status::ok();
}

}  // namespace

Result<DemoDataset> ensure_demo_dataset(const std::string& database_url, TimestampMs now_ms,
                                        TimestampMs max_age_ms) {
  const auto started = std::chrono::steady_clock::now();
  const auto location = storage::parse_store_url(database_url);
  if (!location) return location.status();
  {
    auto existing = open_store(database_url);
    if (!existing) return existing.status();
    auto setting = (*existing)->get_setting(kDemoSettingKey);
    if (!setting) return setting.status();
    auto count = (*existing)->count_messages();
    if (!count) return count.status();
    if (!*setting && *count > 0) {
      return Status::error(database_url +
                           " holds messages that are not the demo dataset; the demo will not "
                           "overwrite it (choose another file with --db)");
    }
    if (*setting) {
      const TimestampMs end = recorded_end(**setting);
      if (end >= 0 && end <= now_ms && now_ms - end <= max_age_ms) {
        DemoDataset reused;
        reused.reused = true;
        reused.end_ms = end;
        reused.summary.messages = *count;
        return reused;
      }
    }
  }
  if (location->backend != storage::StoreLocation::Backend::kSqlite) {
    return Status::error("the demo runs on an SQLite file; " + database_url + " is not one");
  }
  if (location->target != ":memory:") {
    if (Status s = remove_database_files(location->target); !s) return s;
  }

  auto store = open_store(database_url);
  if (!store) return store.status();
  demo::CommunityOptions options;
  options.end_ms = now_ms;
  auto summary = demo::generate_community_chunks(
      options, 20'000,
      [&](const std::vector<ChatMessage>& messages, const std::vector<ModerationEvent>& moderation) {
        auto written = (*store)->write(messages, moderation);
        return written ? Status::ok() : written.status();
      });
  if (!summary) return summary.status();
  if (Status s = (*store)->put_setting(kDemoSettingKey, describe(now_ms)); !s) return s;

  DemoDataset built;
  built.summary = *summary;
  built.end_ms = now_ms;
  built.build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return built;
}

}  // namespace pererecos::app
