// PostgreSQL's binary COPY format (https://www.postgresql.org/docs/15/sql-copy.html,
// "Binary Format"): a reader for the rows of COPY ... TO STDOUT; binary array
// parameters (array_send's format); the tagged byte form of message ids. Internal to
// src/storage/postgres/.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace pererecos::storage {

// Reads the fields of one binary COPY row. libpq hands out one row per chunk, the first
// chunk prefixed by the 19-byte header; the trailer (field count -1) is its own chunk.
class PgCopyRow {
 public:
  // Starts reading `chunk`: skips the stream header if `need_header` (and clears it).
  // Returns kRow for a row, kNone for the trailer or a header-only chunk, kBad otherwise.
  enum Kind { kRow, kNone, kBad };
  Kind start(std::string_view chunk, bool& need_header) {
    data_ = chunk;
    ok_ = true;
    if (need_header) {
      if (data_.size() < 19 || std::memcmp(data_.data(), "PGCOPY\n\377\r\n\0", 11) != 0) {
        return kBad;
      }
      const std::uint32_t ext = get32(15);
      if (data_.size() < 19 + static_cast<std::size_t>(ext)) return kBad;
      data_.remove_prefix(19 + ext);
      need_header = false;
      if (data_.empty()) return kNone;
    }
    if (data_.size() < 2) return kBad;
    const std::uint16_t n = static_cast<std::uint16_t>(get16(0));
    data_.remove_prefix(2);
    if (n == 0xffff) return kNone;  // trailer
    fields_ = n;
    return kRow;
  }
  int fields() const { return fields_; }
  bool ok() const { return ok_; }
  // The next field's bytes (NULL reads as empty).
  std::string_view bytes() {
    if (data_.size() < 4) return fail();
    const std::int32_t len = static_cast<std::int32_t>(get32(0));
    data_.remove_prefix(4);
    if (len < 0) return {};
    if (data_.size() < static_cast<std::size_t>(len)) return fail();
    std::string_view v = data_.substr(0, static_cast<std::size_t>(len));
    data_.remove_prefix(static_cast<std::size_t>(len));
    return v;
  }
  std::int64_t int64() {
    const std::string_view v = bytes();
    if (v.size() == 8) {
      std::uint64_t x = 0;
      for (char c : v) x = (x << 8) | static_cast<unsigned char>(c);
      return static_cast<std::int64_t>(x);
    }
    if (v.size() == 4) {
      std::uint32_t x = 0;
      for (char c : v) x = (x << 8) | static_cast<unsigned char>(c);
      return static_cast<std::int32_t>(x);
    }
    ok_ = false;
    return 0;
  }

 private:
  std::string_view fail() {
    ok_ = false;
    data_ = {};
    return {};
  }
  std::uint32_t get16(std::size_t at) const {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(data_[at])) << 8) |
           static_cast<unsigned char>(data_[at + 1]);
  }
  std::uint32_t get32(std::size_t at) const { return (get16(at) << 16) | get16(at + 2); }
  std::string_view data_;
  int fields_ = 0;
  bool ok_ = true;
};

// A one-dimensional array parameter in PostgreSQL's binary format (array_send): used as
// $n::bytea[] (element Oid 17), ::int8[] (20) or ::int4[] (23) with unnest().
class PgArrayWriter {
 public:
  explicit PgArrayWriter(unsigned elem_oid) : elem_oid_(elem_oid) {}
  void bytes(std::string_view v) {
    put32(body_, static_cast<std::uint32_t>(v.size()));
    body_.append(v.data(), v.size());
    ++count_;
  }
  void int64(std::int64_t v) {
    put32(body_, 8);
    put32(body_, static_cast<std::uint32_t>(static_cast<std::uint64_t>(v) >> 32));
    put32(body_, static_cast<std::uint32_t>(v));
    ++count_;
  }
  void int32(std::int32_t v) {
    put32(body_, 4);
    put32(body_, static_cast<std::uint32_t>(v));
    ++count_;
  }
  // The encoded array (valid until the next call).
  std::string_view finish() {
    out_.clear();
    put32(out_, 1);  // dimensions
    put32(out_, 0);  // no NULLs
    put32(out_, elem_oid_);
    put32(out_, static_cast<std::uint32_t>(count_));
    put32(out_, 1);  // lower bound
    out_ += body_;
    return out_;
  }

 private:
  static void put32(std::string& s, std::uint32_t v) {
    const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
    s.append(b, 4);
  }
  unsigned elem_oid_;
  std::string body_, out_;
  std::size_t count_ = 0;
};

// The rows of a COPY ... FROM STDIN (FORMAT binary) stream: row(n) then n fields.
class PgCopyWriter {
 public:
  PgCopyWriter() { clear(); }
  void clear() {
    out_.assign("PGCOPY\n\377\r\n\0", 11);
    put32(0);  // flags
    put32(0);  // header extension length
    finished_ = false;
  }
  void reserve(std::size_t bytes) { out_.reserve(bytes); }
  void row(std::uint16_t fields) {
    const char b[2] = {static_cast<char>(fields >> 8), static_cast<char>(fields)};
    out_.append(b, 2);
  }
  void bytes(std::string_view v) {
    put32(static_cast<std::uint32_t>(v.size()));
    out_.append(v.data(), v.size());
  }
  void int64(std::int64_t v) {
    put32(8);
    put32(static_cast<std::uint32_t>(static_cast<std::uint64_t>(v) >> 32));
    put32(static_cast<std::uint32_t>(v));
  }
  void int32(std::int32_t v) {
    put32(4);
    put32(static_cast<std::uint32_t>(v));
  }
  // The stream with its trailer (valid until the next call).
  std::string_view finish() {
    if (!finished_) out_.append("\xff\xff", 2);
    finished_ = true;
    return out_;
  }

 private:
  void put32(std::uint32_t v) {
    const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
    out_.append(b, 4);
  }
  std::string out_;
  bool finished_ = false;
};

// Message ids in PostgreSQL are bytea with a one-byte tag: 0x01 + 16 bytes for a canonical
// UUID, 0x02 + 8 bytes for a derived identity, 0x00 + the text for anything else (see
// storage/sqlite/id_codec.h). Equal ids give equal bytes, so uniqueness works on them.
void encode_pg_id(std::string_view id, std::string& out);
void decode_pg_id(std::string_view stored, std::string& out);

}  // namespace pererecos::storage
