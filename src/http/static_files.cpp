#include "http/static_files.h"

#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

#include "http/query_string.h"

namespace pererecos::http {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// True when `path` is `root` itself or lies under it (component-wise, both resolved).
bool is_within(const std::filesystem::path& root, const std::filesystem::path& path) {
  auto r = root.begin();
  auto p = path.begin();
  for (; r != root.end(); ++r, ++p) {
    if (p == path.end() || *r != *p) return false;
  }
  return true;
}

}  // namespace

std::string_view content_type_for(std::string_view filename) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (ends_with(filename, ext)) return type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::filesystem::path root, std::size_t max_file_bytes)
    : root_(std::move(root)), max_file_bytes_(max_file_bytes) {}

std::optional<StaticFile> StaticFiles::load(std::string_view relative_path) const {
  const std::string decoded = percent_decode(relative_path, false);
  if (decoded.empty()) return std::nullopt;
  std::filesystem::path candidate;
  std::string_view rest = decoded;
  while (true) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment.empty() || segment == "." || segment == ".." ||
        segment.find('\0') != std::string_view::npos ||
        segment.find('\\') != std::string_view::npos) {
      return std::nullopt;
    }
    candidate /= std::string(segment);
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }

  std::error_code ec;
  const std::filesystem::path root = std::filesystem::canonical(root_, ec);
  if (ec) return std::nullopt;
  const std::filesystem::path resolved = std::filesystem::canonical(root / candidate, ec);
  if (ec || !is_within(root, resolved)) return std::nullopt;
  if (!std::filesystem::is_regular_file(resolved, ec) || ec) return std::nullopt;
  const auto size = std::filesystem::file_size(resolved, ec);
  if (ec || size > max_file_bytes_) return std::nullopt;

  std::ifstream in(resolved, std::ios::binary);
  if (!in) return std::nullopt;
  StaticFile file;
  file.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  file.content_type = std::string(content_type_for(resolved.filename().string()));
  return file;
}

}  // namespace pererecos::http
