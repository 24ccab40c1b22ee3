// StaticFiles and /static/*: content types, and no escape from the web root by "..",
// encoded "..", backslashes, NUL or symlinks.
#include "http/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace pererecos::http::testing {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("pererecos_http_static_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    fs::create_directories(base_ / "web" / "css");
    write(base_ / "web" / "index.html", "<h1>index</h1>");
    write(base_ / "web" / "css" / "app.css", "body{}");
    write(base_ / "web" / "app.js", "export {}");
    write(base_ / "web" / "a b.txt", "spaced");
    write(base_ / "secret.txt", "SECRET");
    fs::create_directories(base_ / "outside");
    write(base_ / "outside" / "x.txt", "OUTSIDE");
    fs::create_symlink(base_ / "secret.txt", base_ / "web" / "link.txt");
    fs::create_directory_symlink(base_ / "outside", base_ / "web" / "linkdir");
    fs::create_symlink(base_ / "web" / "app.js", base_ / "web" / "inside-link.js");
  }
  void TearDown() override { fs::remove_all(base_); }
  static void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
  }
  fs::path base_;
};

TEST_F(StaticFilesTest, ServesFilesWithContentTypes) {
  StaticFiles files(base_ / "web");
  auto css = files.load("css/app.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->body, "body{}");
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  auto js = files.load("app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  auto spaced = files.load("a%20b.txt");
  ASSERT_TRUE(spaced);
  EXPECT_EQ(spaced->body, "spaced");
  // A symlink that stays inside the root is fine.
  ASSERT_TRUE(files.load("inside-link.js"));
  EXPECT_EQ(content_type_for("x.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("x.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("x.unknown"), "application/octet-stream");
  EXPECT_FALSE(files.load("missing.css"));
  EXPECT_FALSE(files.load("css"));  // a directory
}

TEST_F(StaticFilesTest, RefusesEveryEscape) {
  StaticFiles files(base_ / "web");
  for (const std::string attempt :
       {"../secret.txt", "css/../../secret.txt", "%2e%2e/secret.txt", "%2E%2E%2Fsecret.txt",
        "css/%2e%2e/%2e%2e/secret.txt", "..%2fsecret.txt", "..%5csecret.txt",
        "css\\..\\..\\secret.txt", "link.txt", "linkdir/x.txt", "/etc/passwd", "%2fetc%2fpasswd",
        "index.html%00.css", "./index.html", "css//app.css", ""}) {
    EXPECT_FALSE(files.load(attempt)) << attempt;
  }
}

TEST_F(StaticFilesTest, StaticRouteThroughTheHandler) {
  ApiOptions options = HandlerFixture::default_options();
  options.web_root = (base_ / "web").string();
  HandlerFixture f(options);
  Response ok = f.handler.handle_request(get("/static/css/app.css"));
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "body{}");
  Response index = f.handler.handle_request(get("/"));
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<h1>index</h1>");
  for (const std::string attempt : {"/static/../secret.txt", "/static/%2e%2e/secret.txt",
                                    "/static/css/%2E%2E/%2E%2E/secret.txt", "/static/link.txt",
                                    "/static/linkdir/x.txt", "/static/%2Fetc%2Fpasswd"}) {
    Response r = f.handler.handle_request(get(attempt));
    EXPECT_EQ(r.status, 404) << attempt;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos);
    EXPECT_EQ(r.body.find("OUTSIDE"), std::string::npos);
  }
  // No openapi.json in this root: 404, and the docs page says so.
  EXPECT_EQ(f.handler.handle_request(get("/api/openapi.json")).status, 404);
  EXPECT_EQ(f.handler.handle_request(get("/api/docs")).status, 200);
}

}  // namespace
}  // namespace pererecos::http::testing
