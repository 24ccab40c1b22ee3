// PgConnection: one libpq connection with errors as values, binary COPY in both
// directions, and reconnection with backoff. Internal to src/storage/postgres/.
//
// Timeouts: connecting gives up after `connect_timeout` (10 s unless the connection
// string sets its own); TCP keepalives (idle 10 s, 5 s x 3 probes) notice a peer that
// vanished mid-query, so no call waits forever on a dead server.
//
// Not thread safe: the owner serialises calls (PgStore holds a mutex).
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pererecos::storage {

// `url` with the password (URI userinfo or a password=... parameter) replaced by "***",
// for error messages and logs.
std::string redact_connection_string(const std::string& url);

// A query result; owns the PGresult.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* r) : r_(r, &PQclear) {}
  PGresult* get() const { return r_.get(); }
  int rows() const { return PQntuples(r_.get()); }
  bool is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  // Text-format values.
  std::string text(int row, int col) const;
  std::int64_t int64(int row, int col) const;
  // Binary-format values (query_binary's results): raw bytes, and a big-endian int8/int4.
  std::string_view bytes(int row, int col) const {
    return {PQgetvalue(r_.get(), row, col),
            static_cast<std::size_t>(PQgetlength(r_.get(), row, col))};
  }
  std::int64_t bin_int64(int row, int col) const;
  // Rows affected by an INSERT/UPDATE/DELETE.
  std::uint64_t affected() const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> r_{nullptr, &PQclear};
};

class PgConnection {
 public:
  // Connects (blocking, bounded by connect_timeout). The error names the redacted URL.
  static Result<std::unique_ptr<PgConnection>> connect(const std::string& url);

  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // True while the connection is usable (libpq's CONNECTION_OK).
  bool is_ok() const;

  // Re-establishes a broken connection, at most once per backoff delay (100 ms doubling to
  // 5 s; reset to 100 ms by a success). Returns ok when connected (then `reconnected` is
  // set, and the caller recreates its session state); an error when the server is still
  // unreachable or the backoff delay has not passed.
  Status ensure_connected(bool& reconnected);

  // Runs one or more statements without parameters (simple protocol).
  Status exec(const std::string& sql);
  // Runs one statement with text parameters (binary results when `binary_results`).
  // Parameters are views: any bytes but NUL; bytea values go through exec_binary.
  Result<PgResult> query(const std::string& sql, const std::vector<std::string>& params = {},
                         bool binary_results = false);
  // One statement with binary parameters (each an exact byte string, e.g. bytea or
  // big-endian int8) and binary results (read with PgResult::bytes / bin_int64).
  struct BinaryParam {
    std::string_view bytes;
    Oid type = 0;  // 17 = bytea, 20 = int8, 25 = text
  };
  static constexpr Oid kBytea = 17, kInt8 = 20, kText = 25;
  Result<PgResult> query_binary(const std::string& sql, const std::vector<BinaryParam>& params);

  // COPY ... FROM STDIN: sends `data` (already in COPY's binary format) as one stream.
  Status copy_in(const std::string& copy_sql, std::string_view data);
  // COPY ... TO STDOUT (FORMAT binary): calls `on_chunk` with each chunk libpq hands out
  // (one row per chunk for COPY OUT), in order; `on_chunk` returns false to stop early
  // (the rest of the stream is then drained and discarded). Memory: one chunk at a time.
  Status copy_out(const std::string& copy_sql,
                  const std::function<Status(std::string_view chunk, bool& stop)>& on_chunk);

  // An error message "<url>: <what>: <libpq's message>".
  Status error(const std::string& what, const PGresult* r = nullptr) const;
  const std::string& redacted_url() const { return redacted_; }

 private:
  PgConnection(std::string url, PGconn* conn);
  static PGconn* open_raw(const std::string& url);
  Result<PgResult> check(PGresult* r, const std::string& what);

  std::string url_;
  std::string redacted_;
  PGconn* conn_ = nullptr;
  std::chrono::steady_clock::time_point next_attempt_{};
  std::chrono::milliseconds backoff_{100};
};

}  // namespace pererecos::storage
