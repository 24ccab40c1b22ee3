// Helpers shared by the storage tests: a temporary directory and message factories.
#pragma once

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/chat_event.h"
#include "storage/store.h"

namespace pererecos::storage::testing {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "pererecos-storage-XXXXXX");
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// A UUID-shaped id unique per n.
inline std::string uuid_for(std::uint64_t n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-0000-4000-8000-%012llx",
                static_cast<unsigned long long>(n >> 20), static_cast<unsigned long long>(n));
  return buf;
}

// A plain message: channel "chan", user "u<user>", id uuid_for(n).
inline ChatMessage make_message(std::uint64_t n, TimestampMs ts, int user = 1) {
  ChatMessage m;
  m.id = uuid_for(n);
  m.channel = "chan";
  m.room_id = "1000";
  // (snprintf avoids a GCC 12 -Wrestrict false positive on strings built from to_string.)
  char buf[64];
  std::snprintf(buf, sizeof buf, "%d", 5000 + user);
  m.user_id = buf;
  std::snprintf(buf, sizeof buf, "u%d", user);
  m.login = buf;
  std::snprintf(buf, sizeof buf, "U%d", user);
  m.display_name = buf;
  std::snprintf(buf, sizeof buf, "message %llu", static_cast<unsigned long long>(n));
  m.text = buf;
  m.timestamp_ms = ts;
  return m;
}

// Every stored message, in scan order.
inline std::vector<StoredMessage> scan_all(Store& store, TimestampMs from = INT64_MIN) {
  std::vector<StoredMessage> out;
  auto s = store.scan_messages(from, [&](const StoredMessage& m) {
    out.push_back(m);
    return true;
  });
  if (!s) out.clear();
  return out;
}

}  // namespace pererecos::storage::testing
