// open_store(url) and parse_store_url: the DATABASE_URL forms and their errors.
#include <gtest/gtest.h>

#include <filesystem>

#include "storage/store.h"
#include "storage/store_url.h"
#include "storage/test_util.h"

namespace pererecos::storage {
namespace {

using testing::TempDir;

TEST(StoreUrl, ParsesSqlitePaths) {
  EXPECT_EQ(parse_store_url("sqlite://./rel/path.db")->target, "./rel/path.db");
  EXPECT_EQ(parse_store_url("sqlite:///abs/path.db")->target, "/abs/path.db");
  EXPECT_EQ(parse_store_url("sqlite://plain.db")->target, "plain.db");
  EXPECT_EQ(parse_store_url("sqlite://:memory:")->target, ":memory:");
  EXPECT_EQ(parse_store_url("sqlite::memory:")->target, ":memory:");
  EXPECT_EQ(parse_store_url("sqlite:///abs.db")->backend, StoreLocation::Backend::kSqlite);
  EXPECT_EQ(parse_store_url("postgresql://u@h/db")->backend, StoreLocation::Backend::kPostgres);
  EXPECT_EQ(parse_store_url("postgres://u@h/db")->backend, StoreLocation::Backend::kPostgres);
}

TEST(StoreUrl, RejectsOtherUrlsNamingThem) {
  for (const std::string url :
       {"mysql://x/y", "", "sqlite:/x.db", "sqlite://", "./x.db", "sqlite://x.db?mode=ro"}) {
    auto r = parse_store_url(url);
    ASSERT_FALSE(r.is_ok()) << url;
    EXPECT_NE(r.error().find("\"" + url + "\""), std::string::npos) << r.error();
  }
}

TEST(OpenStore, PostgresUnreachableIsAClearError) {
  // Nothing listens on port 1. (Opening a real one: store_backends_test.)
  auto r = open_store("postgresql://user:pw@127.0.0.1:1/stats");
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.error().find("cannot connect to PostgreSQL"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("postgresql://user:***@127.0.0.1:1/stats"), std::string::npos)
      << r.error();
}

TEST(OpenStore, UnknownSchemeNamesTheUrl) {
  auto r = open_store("mongodb://localhost/chat");
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.error().find("mongodb://localhost/chat"), std::string::npos);
}

TEST(OpenStore, MemoryStoresArePrivate) {
  auto a = open_store("sqlite://:memory:");
  auto b = open_store("sqlite::memory:");
  ASSERT_TRUE(a && b);
  ASSERT_TRUE((*a)->write({testing::make_message(1, 10)}, {}));
  EXPECT_EQ(*(*a)->count_messages(), 1u);
  EXPECT_EQ(*(*b)->count_messages(), 0u);
}

TEST(OpenStore, CreatesTheFileAndMissingDirectoriesThenReopens) {
  TempDir dir;
  const std::filesystem::path file = dir.path() / "a" / "b" / "stats.db";
  {
    auto store = open_store("sqlite://" + file.string());  // absolute: sqlite:///tmp/...
    ASSERT_TRUE(store.is_ok()) << store.error();
    ASSERT_TRUE((*store)->write({testing::make_message(1, 10)}, {}));
  }
  EXPECT_TRUE(std::filesystem::exists(file));
  auto again = open_store("sqlite://" + file.string());
  ASSERT_TRUE(again.is_ok()) << again.error();
  EXPECT_EQ(*(*again)->count_messages(), 1u);
}

TEST(OpenStore, RelativePathIsRelativeToTheWorkingDirectory) {
  TempDir dir;
  const auto old_cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  {
    auto store = open_store("sqlite://./rel/here.db");
    EXPECT_TRUE(store.is_ok()) << store.error();
  }
  std::filesystem::current_path(old_cwd);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "rel" / "here.db"));
}

}  // namespace
}  // namespace pererecos::storage
