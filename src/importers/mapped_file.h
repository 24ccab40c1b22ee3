// A read-only view of a whole file, memory-mapped (or empty for an empty file).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pererecos::importers {

class MappedFile {
 public:
  // Maps `path` read-only and advises the kernel that it will be read sequentially.
  // Errors name the file and the reason (missing, a directory, unreadable...).
  static Result<std::unique_ptr<MappedFile>> open(const std::string& path);

  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // The file's bytes; valid while this object lives.
  std::string_view bytes() const { return {data_, size_}; }

 private:
  MappedFile(const char* data, std::size_t size) : data_(data), size_(size) {}
  const char* data_;
  std::size_t size_;
};

}  // namespace pererecos::importers
