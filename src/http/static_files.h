// StaticFiles: serves the dashboard's files from one directory, safely.
//
// A request path is percent-decoded, split on '/', and refused when any segment is "..",
// ".", empty in the middle, or holds a NUL or backslash; the file found is then resolved
// through every symlink and must still lie under the (resolved) root and be a regular
// file. Files are read on every request (no cache), so edits show at once.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace pererecos::http {

struct StaticFile {
  std::string body;
  std::string content_type;  // e.g. "text/html; charset=utf-8"
};

// The Content-Type for a file name by its extension; "application/octet-stream" when
// unknown.
std::string_view content_type_for(std::string_view filename);

class StaticFiles {
 public:
  // `root` need not exist yet; every lookup then finds nothing.
  explicit StaticFiles(std::filesystem::path root, std::size_t max_file_bytes = 16u << 20);

  // The file at `relative_path` (still percent-encoded, no leading '/', e.g.
  // "css/app.css"), or nullopt when it is absent, unsafe, not a regular file or larger
  // than max_file_bytes.
  std::optional<StaticFile> load(std::string_view relative_path) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
  std::size_t max_file_bytes_;
};

}  // namespace pererecos::http
