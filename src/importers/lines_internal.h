// Line splitting shared by the line-based readers. Internal to the importers module.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "importers/record_sink.h"

namespace pererecos::importers::internal {

// How many lines pass between two RecordSink::on_consumed calls.
inline constexpr std::uint64_t kConsumedEveryLines = 4096;

// Calls fn(line, line_number) for every line of `bytes` ('\n' separated; a trailing
// '\r' is removed; a final line without '\n' counts), with 1-based line numbers, and
// reports progress to `sink` every kConsumedEveryLines lines and once at the end.
template <typename Fn>
void for_each_line(std::string_view bytes, RecordSink& sink, Fn&& fn) {
  const char* const begin = bytes.data();
  const char* const end = begin + bytes.size();
  const char* p = begin;
  std::uint64_t line_number = 0;
  while (p < end && !sink.stopped()) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    const char* line_end = nl ? static_cast<const char*>(nl) : end;
    std::string_view line(p, static_cast<std::size_t>(line_end - p));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_number;
    fn(line, line_number);
    p = nl ? line_end + 1 : end;
    if (line_number % kConsumedEveryLines == 0) {
      sink.on_consumed(static_cast<std::uint64_t>(p - begin));
    }
  }
  sink.on_consumed(bytes.size());
}

// True when the line holds only spaces and tabs.
inline bool is_blank_line(std::string_view line) {
  for (const char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

}  // namespace pererecos::importers::internal
