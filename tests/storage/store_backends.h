// The store backends the contract tests run against: SQLite (a file in a temporary
// directory) and PostgreSQL (a fresh database on the test cluster that CTest's
// "postgres" fixture starts, tests/storage/postgres_cluster.sh).
//
// The cluster's admin URL is read from the file named by PERERECOS_TEST_POSTGRES_URL_FILE
// (CTest sets it). Without that variable (a test binary run by hand) the PostgreSQL
// variants skip; with it but no cluster they fail.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/test_util.h"

namespace pererecos::storage::testing {

// The admin URL of the test cluster, "" when none is configured, or an error.
inline Result<std::string> postgres_admin_url() {
  const char* file = std::getenv("PERERECOS_TEST_POSTGRES_URL_FILE");
  if (file == nullptr || *file == '\0') return std::string();
  std::ifstream in(file);
  std::string url;
  if (!(in >> url)) {
    return Result<std::string>::failure(std::string("no PostgreSQL test cluster: cannot read ") +
                                        file +
                                        " (the CTest fixture postgres_cluster_start writes it)");
  }
  return url;
}

// Replaces the database name (the path after the last '/') of a postgresql:// URL.
inline std::string with_database(const std::string& url, const std::string& db) {
  return url.substr(0, url.rfind('/') + 1) + db;
}

// A fresh, empty database on the test cluster, dropped (with its connections) at the end.
class TestDatabase {
 public:
  // `admin` is postgres_admin_url()'s value. ok() says whether it was created.
  explicit TestDatabase(const std::string& admin) : admin_url_(admin) {
    static std::atomic<int> counter{0};
    name_ = "pererecos_t" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    auto conn = PgConnection::connect(admin_url_);
    if (!conn) {
      status_ = conn.status();
      return;
    }
    status_ = (*conn)->exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    if (status_) status_ = (*conn)->exec("CREATE DATABASE " + name_);
    created_ = static_cast<bool>(status_);
  }
  ~TestDatabase() {
    if (!created_) return;
    if (auto conn = PgConnection::connect(admin_url_)) {
      (void)(*conn)->exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    }
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const Status& status() const { return status_; }
  std::string url() const { return with_database(admin_url_, name_); }
  const std::string& admin_url() const { return admin_url_; }
  const std::string& name() const { return name_; }

 private:
  std::string admin_url_;
  std::string name_;
  Status status_;
  bool created_ = false;
};

// One store location; open() opens (again) the same store, as a restart or a second
// instance would.
class StoreBackend {
 public:
  virtual ~StoreBackend() = default;
  virtual Result<std::unique_ptr<Store>> open() = 0;
};

class SqliteBackend final : public StoreBackend {
 public:
  Result<std::unique_ptr<Store>> open() override {
    auto s = SqliteStore::open(dir_.file("contract.db"));
    if (!s) return s.status();
    return std::unique_ptr<Store>(std::move(*s));
  }

 private:
  TempDir dir_;
};

class PostgresBackend final : public StoreBackend {
 public:
  explicit PostgresBackend(const std::string& admin) : db_(admin) {}
  const TestDatabase& database() const { return db_; }
  Result<std::unique_ptr<Store>> open() override {
    if (!db_.status()) return db_.status();
    auto s = PgStore::open(db_.url());
    if (!s) return s.status();
    return std::unique_ptr<Store>(std::move(*s));
  }

 private:
  TestDatabase db_;
};

}  // namespace pererecos::storage::testing
