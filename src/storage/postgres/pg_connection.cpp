#include "storage/postgres/pg_connection.h"

#include <algorithm>
#include <cstdlib>

namespace pererecos::storage {
namespace {

constexpr std::chrono::milliseconds kMinBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5000};

std::string trim_message(const char* m) {
  std::string s = m != nullptr ? m : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Replaces the value after every "password=" (key=value form or URI query) with ***.
void redact_password_params(std::string& s) {
  for (std::size_t at = 0; (at = s.find("password=", at)) != std::string::npos;) {
    const std::size_t begin = at + 9;
    std::size_t end = begin;
    if (end < s.size() && s[end] == '\'') {  // quoted: up to the closing unescaped quote
      for (++end; end < s.size() && s[end] != '\''; ++end) {
        if (s[end] == '\\') ++end;
      }
      if (end < s.size()) ++end;
    } else {
      while (end < s.size() && s[end] != ' ' && s[end] != '&') ++end;
    }
    s.replace(begin, std::min(end, s.size()) - begin, "***");
    at = begin + 3;
  }
}

}  // namespace

std::string redact_connection_string(const std::string& url) {
  std::string s = url;
  const std::size_t scheme = s.find("://");
  if (scheme != std::string::npos) {
    const std::size_t auth_begin = scheme + 3;
    const std::size_t auth_end = s.find_first_of("/?", auth_begin);
    const std::size_t at = s.rfind('@', auth_end == std::string::npos ? s.size() : auth_end);
    if (at != std::string::npos && at >= auth_begin) {
      const std::size_t colon = s.find(':', auth_begin);
      if (colon != std::string::npos && colon < at) s.replace(colon + 1, at - colon - 1, "***");
    }
  }
  redact_password_params(s);
  return s;
}

std::string PgResult::text(int row, int col) const {
  return std::string(PQgetvalue(r_.get(), row, col),
                     static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
}

std::int64_t PgResult::int64(int row, int col) const {
  return std::strtoll(PQgetvalue(r_.get(), row, col), nullptr, 10);
}

std::int64_t PgResult::bin_int64(int row, int col) const {
  const std::string_view v = bytes(row, col);
  std::uint64_t x = 0;
  for (char c : v) x = (x << 8) | static_cast<unsigned char>(c);
  if (v.size() == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(x));
  return static_cast<std::int64_t>(x);
}

std::uint64_t PgResult::affected() const {
  return std::strtoull(PQcmdTuples(r_.get()), nullptr, 10);
}

PGconn* PgConnection::open_raw(const std::string& url) {
  // Defaults first: with expand_dbname the connection string's own settings, which come
  // later, override them.
  const char* keys[] = {
      "connect_timeout",  "keepalives",       "keepalives_idle", "keepalives_interval",
      "keepalives_count", "application_name", "dbname",          nullptr};
  const char* values[] = {"10", "1", "10", "5", "3", "pererecos-stats", url.c_str(), nullptr};
  return PQconnectdbParams(keys, values, /*expand_dbname=*/1);
}

Result<std::unique_ptr<PgConnection>> PgConnection::connect(const std::string& url) {
  PGconn* conn = open_raw(url);
  if (conn == nullptr) {
    return Result<std::unique_ptr<PgConnection>>::failure(redact_connection_string(url) +
                                                          ": out of memory");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = redact_connection_string(url) +
                          ": cannot connect to PostgreSQL: " + trim_message(PQerrorMessage(conn));
    PQfinish(conn);
    return Result<std::unique_ptr<PgConnection>>::failure(message);
  }
  return std::unique_ptr<PgConnection>(new PgConnection(url, conn));
}

PgConnection::PgConnection(std::string url, PGconn* conn)
    : url_(std::move(url)), redacted_(redact_connection_string(url_)), conn_(conn) {
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);  // NOTICEs are not errors
}

PgConnection::~PgConnection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

bool PgConnection::is_ok() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

Status PgConnection::ensure_connected(bool& reconnected) {
  reconnected = false;
  if (is_ok()) return Status::ok();
  const auto now = std::chrono::steady_clock::now();
  if (now < next_attempt_) {
    return Status::error(
        redacted_ + ": connection to PostgreSQL lost; next reconnection attempt in " +
        std::to_string(
            std::chrono::duration_cast<std::chrono::milliseconds>(next_attempt_ - now).count()) +
        " ms");
  }
  PGconn* fresh = open_raw(url_);
  if (fresh == nullptr || PQstatus(fresh) != CONNECTION_OK) {
    std::string why = fresh != nullptr ? trim_message(PQerrorMessage(fresh)) : "out of memory";
    if (fresh != nullptr) PQfinish(fresh);
    next_attempt_ = now + backoff_;
    backoff_ = std::min(backoff_ * 2, kMaxBackoff);
    return Status::error(redacted_ +
                         ": connection to PostgreSQL lost, reconnecting failed: " + why);
  }
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = fresh;
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  backoff_ = kMinBackoff;
  next_attempt_ = {};
  reconnected = true;
  return Status::ok();
}

Status PgConnection::error(const std::string& what, const PGresult* r) const {
  std::string detail;
  if (r != nullptr) detail = trim_message(PQresultErrorMessage(r));
  if (detail.empty()) detail = trim_message(PQerrorMessage(conn_));
  if (!is_ok()) detail += " (connection lost)";
  return Status::error(redacted_ + ": " + what + ": " + detail);
}

Result<PgResult> PgConnection::check(PGresult* raw, const std::string& what) {
  PgResult r(raw);
  const ExecStatusType st = raw != nullptr ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return error(what, raw);
  return r;
}

Status PgConnection::exec(const std::string& sql) {
  auto r = check(PQexec(conn_, sql.c_str()), sql.substr(0, 60));
  return r ? Status::ok() : r.status();
}

Result<PgResult> PgConnection::query(const std::string& sql, const std::vector<std::string>& params,
                                     bool binary_results) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& p : params) values.push_back(p.c_str());
  return check(PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                            values.data(), nullptr, nullptr, binary_results ? 1 : 0),
               sql.substr(0, 60));
}

Result<PgResult> PgConnection::query_binary(const std::string& sql,
                                            const std::vector<BinaryParam>& params) {
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  std::vector<Oid> types;
  for (const BinaryParam& p : params) {
    values.push_back(p.bytes.data());
    lengths.push_back(static_cast<int>(p.bytes.size()));
    formats.push_back(1);
    types.push_back(p.type);
  }
  return check(PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), types.data(),
                            values.data(), lengths.data(), formats.data(), 1),
               sql.substr(0, 60));
}

Status PgConnection::copy_in(const std::string& copy_sql, std::string_view data) {
  PgResult start(PQexec(conn_, copy_sql.c_str()));
  if (PQresultStatus(start.get()) != PGRES_COPY_IN) return error("start " + copy_sql, start.get());
  constexpr std::size_t kChunk = 1 << 20;
  for (std::size_t at = 0; at < data.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, data.size() - at);
    if (PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) != 1) {
      return error("send COPY data");
    }
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) return error("end COPY");
  Status status;
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult r(raw);
    if (PQresultStatus(raw) != PGRES_COMMAND_OK && status) status = error(copy_sql, raw);
  }
  return status;
}

Status PgConnection::copy_out(
    const std::string& copy_sql,
    const std::function<Status(std::string_view chunk, bool& stop)>& on_chunk) {
  PgResult start(PQexec(conn_, copy_sql.c_str()));
  if (PQresultStatus(start.get()) != PGRES_COPY_OUT) return error("start COPY", start.get());
  Status status;
  bool stop = false;
  while (true) {
    char* buf = nullptr;
    const int n = PQgetCopyData(conn_, &buf, /*async=*/0);
    if (n == -1) break;  // done
    if (n == -2) {
      status = error("read COPY data");
      break;
    }
    if (status && !stop)
      status = on_chunk(std::string_view(buf, static_cast<std::size_t>(n)), stop);
    PQfreemem(buf);
    // After stop or an error, the rest is drained: libpq has no cheaper way to end a COPY
    // OUT without cancelling, and the caller's transaction is rolled back anyway.
    if (!status || stop) {
      if (PGcancel* cancel = PQgetCancel(conn_)) {
        char err[256];
        PQcancel(cancel, err, sizeof err);
        PQfreeCancel(cancel);
      }
      while (true) {
        char* rest = nullptr;
        const int m = PQgetCopyData(conn_, &rest, 0);
        if (m < 0) break;
        PQfreemem(rest);
      }
      break;
    }
  }
  bool cancelled = !status || stop;
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult r(raw);
    if (PQresultStatus(raw) != PGRES_COMMAND_OK && status && !cancelled) {
      status = error(copy_sql.substr(0, 60), raw);
    }
  }
  return status;
}

}  // namespace pererecos::storage
