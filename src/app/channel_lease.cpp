#include "app/channel_lease.h"

#include "storage/postgres/pg_channel_lease.h"
#include "storage/store_url.h"

namespace pererecos::app {
namespace {

class AlwaysOwner final : public ChannelLease {
 public:
  Result<std::set<std::string>> refresh(const std::vector<std::string>& wanted) override {
    return std::set<std::string>(wanted.begin(), wanted.end());
  }
  void release_all() override {}
  bool always_owner() const override { return true; }
};

class PgLease final : public ChannelLease {
 public:
  explicit PgLease(std::unique_ptr<storage::PgChannelLocks> locks) : locks_(std::move(locks)) {}
  Result<std::set<std::string>> refresh(const std::vector<std::string>& wanted) override {
    return locks_->refresh(wanted);
  }
  void release_all() override { locks_->release_all(); }

 private:
  std::unique_ptr<storage::PgChannelLocks> locks_;
};

bool is_postgres_url(const std::string& url) {
  auto where = storage::parse_store_url(url);
  return where && where->backend == storage::StoreLocation::Backend::kPostgres;
}

}  // namespace

std::unique_ptr<ChannelLease> always_owner_lease() { return std::make_unique<AlwaysOwner>(); }

Result<std::unique_ptr<ChannelLease>> make_channel_lease(const std::string& database_url) {
  if (!is_postgres_url(database_url)) return always_owner_lease();
  auto locks = storage::PgChannelLocks::connect(database_url);
  if (!locks) return Status::error("channel leases: " + locks.error());
  return std::unique_ptr<ChannelLease>(std::make_unique<PgLease>(std::move(*locks)));
}

}  // namespace pererecos::app
