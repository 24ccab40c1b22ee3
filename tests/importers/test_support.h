// Helpers shared by the importers tests: a sink that keeps everything, a small in-memory
// Store, and temporary files.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fakes/null_store.h"
#include "core/message_identity.h"
#include "importers/record_sink.h"
#include "storage/store.h"

namespace pererecos::importers::testing {

struct Skipped {
  RecordPosition where;
  std::string reason;
};

// Keeps every event a reader emits.
class CollectingSink final : public RecordSink {
 public:
  void on_message(ChatMessage&& message, const RecordPosition& where) override {
    messages.push_back(std::move(message));
    message_positions.push_back(where);
  }
  void on_moderation(ModerationEvent&& event, const RecordPosition&) override {
    moderation.push_back(std::move(event));
  }
  void on_not_chat(const RecordPosition& where) override { not_chat.push_back(where); }
  void on_skipped(const RecordPosition& where, std::string reason) override {
    skipped.push_back({where, std::move(reason)});
  }
  void on_consumed(std::uint64_t bytes) override {
    if (bytes < last_consumed) consumed_went_back = true;
    last_consumed = bytes;
  }

  // Line numbers of the skipped records, for compact assertions.
  std::vector<std::uint64_t> skipped_lines() const {
    std::vector<std::uint64_t> lines;
    for (const auto& s : skipped) lines.push_back(s.where.line);
    return lines;
  }

  std::vector<ChatMessage> messages;
  std::vector<RecordPosition> message_positions;
  std::vector<ModerationEvent> moderation;
  std::vector<RecordPosition> not_chat;
  std::vector<Skipped> skipped;
  std::uint64_t last_consumed = 0;
  bool consumed_went_back = false;
};

// An in-memory Store deduplicating by message_identity(), for tests that do not need
// SQLite (and to make a write fail on demand).
class FakeStore final : public pererecos::testing::NullStore {
 public:
  Result<WriteCounts> write(const std::vector<ChatMessage>& messages,
                            const std::vector<ModerationEvent>& moderation) override {
    ++writes;
    if (fail_after_writes >= 0 && writes > fail_after_writes) {
      return Result<WriteCounts>::failure("disk full (fake)");
    }
    WriteCounts counts;
    for (const ChatMessage& m : messages) {
      if (ids.insert(message_identity(m)).second) {
        ++counts.messages_stored;
        stored.push_back(m);
      } else {
        ++counts.messages_duplicate;
      }
    }
    counts.moderation_stored = moderation.size();
    return counts;
  }
  Result<std::uint64_t> count_messages() override { return std::uint64_t{stored.size()}; }

  int writes = 0;
  int fail_after_writes = -1;  // >= 0: every write after this many fails
  std::set<std::string> ids;
  std::vector<ChatMessage> stored;
};

// A directory under the system temp dir, removed with everything in it at destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "pererecos-importers-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) ? pattern : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

  // Writes `content` to a file named `name` in the directory; returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    const std::string file = path_ + "/" + name;
    std::ofstream out(file, std::ios::binary);
    out << content;
    return file;
  }

 private:
  std::string path_;
};

}  // namespace pererecos::importers::testing
