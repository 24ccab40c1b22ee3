#include <filesystem>
#include <system_error>

#include "storage/postgres/pg_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/store.h"
#include "storage/store_url.h"

namespace pererecos {
namespace storage {
namespace {

// libpq's key=value form ("host=db dbname=stats user=app"): starts with a keyword
// (letters and underscores) followed by '=', optionally after spaces.
bool is_libpq_keyword_value(const std::string& url) {
  std::size_t i = url.find_first_not_of(' ');
  if (i == std::string::npos) return false;
  const std::size_t start = i;
  while (i < url.size() && ((url[i] >= 'a' && url[i] <= 'z') || url[i] == '_')) ++i;
  if (i == start) return false;
  while (i < url.size() && url[i] == ' ') ++i;
  return i < url.size() && url[i] == '=';
}

}  // namespace

Result<StoreLocation> parse_store_url(const std::string& url) {
  using R = Result<StoreLocation>;
  auto starts_with = [&](std::string_view prefix) { return url.rfind(prefix, 0) == 0; };
  if (starts_with("postgresql://") || starts_with("postgres://")) {
    return StoreLocation{StoreLocation::Backend::kPostgres, url};
  }
  if (is_libpq_keyword_value(url)) return StoreLocation{StoreLocation::Backend::kPostgres, url};
  if (url == "sqlite::memory:") return StoreLocation{StoreLocation::Backend::kSqlite, ":memory:"};
  constexpr std::string_view kSqlite = "sqlite://";
  if (!starts_with(kSqlite)) {
    return R::failure("unsupported DATABASE_URL \"" + url +
                      "\": expected sqlite://PATH (e.g. sqlite://./pererecos.db, "
                      "sqlite:///var/lib/pererecos.db, sqlite://:memory:), "
                      "postgresql://USER:PASSWORD@HOST:PORT/DB"
                      " or libpq parameters (host=... dbname=...)");
  }
  std::string path = url.substr(kSqlite.size());
  if (path.empty()) return R::failure("DATABASE_URL \"" + url + "\" names no database file");
  if (path.find('?') != std::string::npos) {
    return R::failure("DATABASE_URL \"" + url + "\": query parameters are not supported");
  }
  return StoreLocation{StoreLocation::Backend::kSqlite, path};
}

}  // namespace storage

Result<std::unique_ptr<Store>> open_store(const std::string& url) {
  using R = Result<std::unique_ptr<Store>>;
  auto location = storage::parse_store_url(url);
  if (!location) return location.status();
  if (location->backend == storage::StoreLocation::Backend::kPostgres) {
    auto store = storage::PgStore::open(location->target);
    if (!store) return store.status();
    return std::unique_ptr<Store>(std::move(*store));
  }
  const std::string& path = location->target;
  if (path != ":memory:") {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        return R::failure("cannot create directory " + parent.string() + " for DATABASE_URL " +
                          url + ": " + ec.message());
      }
    }
  }
  auto store = storage::SqliteStore::open(path);
  if (!store) return store.status();
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace pererecos
