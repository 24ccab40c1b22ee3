// A light JSON tokenizer that finds the byte span of each value without building it,
// so that large files can be walked record by record and each record parsed on its own
// (bounded memory, and one bad record does not sink the file). It checks brackets and
// strings only; the records it delimits are validated by simdjson afterwards.
// Internal to the importers module.
#pragma once

#include <cstdint>
#include <string_view>

#include "importers/record_sink.h"

namespace pererecos::importers::internal {

class JsonScanner {
 public:
  // `first_line` is the line number of bytes[0].
  explicit JsonScanner(std::string_view bytes, std::uint64_t first_line = 1)
      : bytes_(bytes), line_(first_line) {}

  std::size_t pos() const { return pos_; }
  // 1-based line number of the current position.
  std::uint64_t line() const { return line_; }
  bool at_end() const { return pos_ >= bytes_.size(); }
  // The byte at the current position; '\0' at the end.
  char peek() const { return at_end() ? '\0' : bytes_[pos_]; }
  // Consumes one byte (which must not be a newline).
  void advance() { ++pos_; }

  // Skips a UTF-8 byte order mark at the very start, if any.
  void skip_bom();
  // Skips spaces, tabs, CR and LF.
  void skip_whitespace();

  // Skips one value starting at the current position (no leading whitespace), leaving
  // the position just after it. Containers end at their matching bracket, strings at
  // their closing quote, scalars before the next ',', ']', '}' or whitespace. Returns
  // false when the input ends first (a truncated value).
  bool skip_value();

  // REQUIRES: peek() == '"'. Reads a string token; *raw receives its contents without
  // the quotes, escapes left as they are. Returns false when the input ends first.
  bool read_raw_string(std::string_view* raw);

 private:
  bool skip_string();
  bool skip_container();

  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::uint64_t line_ = 1;
};

// How many records pass between two RecordSink::on_consumed calls.
inline constexpr std::uint64_t kConsumedEveryRecords = 2048;

// How an array walk ended: at its ']', at the end of the input, or at bytes that are
// not a ',' or ']' after an element.
enum class ArrayEnd { kClosed, kTruncated, kMalformed };

// REQUIRES: scanner.peek() == '['; `bytes` is the scanner's input, which starts at
// `base_offset` of the whole input. Calls fn(element_json, position) for each element.
template <typename Fn>
ArrayEnd for_each_element(JsonScanner& scanner, std::string_view bytes, std::size_t base_offset,
                          RecordSink& sink, std::uint64_t* records, Fn&& fn) {
  scanner.advance();  // '['
  scanner.skip_whitespace();
  if (scanner.peek() == ']') {
    scanner.advance();
    return ArrayEnd::kClosed;
  }
  while (!sink.stopped()) {
    scanner.skip_whitespace();
    const RecordPosition where{*records + 1, scanner.line()};
    const std::size_t start = scanner.pos();
    if (!scanner.skip_value()) {
      if (scanner.at_end()) {
        ++*records;
        sink.on_skipped(where, "truncated JSON: the input ends inside this record");
        return ArrayEnd::kTruncated;
      }
      return ArrayEnd::kMalformed;
    }
    ++*records;
    fn(bytes.substr(start, scanner.pos() - start), where);
    if (*records % kConsumedEveryRecords == 0) sink.on_consumed(base_offset + scanner.pos());
    scanner.skip_whitespace();
    const char c = scanner.peek();
    if (c == ',') {
      scanner.advance();
      continue;
    }
    if (c == ']') {
      scanner.advance();
      return ArrayEnd::kClosed;
    }
    if (scanner.at_end()) {
      sink.on_skipped({*records + 1, scanner.line()},
                      "truncated JSON: the input ends inside the array");
      return ArrayEnd::kTruncated;
    }
    return ArrayEnd::kMalformed;
  }
  return ArrayEnd::kClosed;
}

}  // namespace pererecos::importers::internal
