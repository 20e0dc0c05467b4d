#include "http/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "http/router.h"

namespace xiezuo::http {
namespace {

namespace fs = std::filesystem;

void WriteFile(const fs::path& p, std::string_view content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

std::string HeaderValue(const Response& res, std::string_view name) {
  for (const auto& [k, v] : res.headers) {
    if (k == name) return v;
  }
  return "";
}

// A fake dist/ with a secret file beside it (outside the root).
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() /
            ("xiezuo_static_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    root_ = base_ / "dist";
    WriteFile(root_ / "index.html", "<html>index</html>");
    WriteFile(root_ / "assets" / "app.abc123.js", "console.log(1)");
    WriteFile(root_ / "favicon.ico", "ico");
    WriteFile(root_ / ".env", "SECRET=1");
    WriteFile(base_ / "secret.txt", "top secret");
    fs::create_symlink(base_ / "secret.txt", root_ / "escape.txt");
    auto files = StaticFiles::Open(root_.string());
    ASSERT_TRUE(files.ok()) << files.status().ToString();
    files_ = std::move(files).value();
  }
  void TearDown() override { fs::remove_all(base_); }

  Response Get(std::string target, std::string method = "GET") {
    Request req;
    req.method = std::move(method);
    req.target = target;
    // Tests bypass ParseTarget for the traversal cases on purpose.
    if (!ParseTarget(target, &req)) req.path = target;
    return files_->Serve(req);
  }

  fs::path base_, root_;
  std::unique_ptr<StaticFiles> files_;
};

TEST(ContentTypeTest, KnownExtensions) {
  EXPECT_EQ(ContentTypeForPath("a/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("app.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("logo.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeForPath("logo.png"), "image/png");
  EXPECT_EQ(ContentTypeForPath("favicon.ico"), "image/x-icon");
  EXPECT_EQ(ContentTypeForPath("f.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeForPath("zh-CN.json"),
            "application/json; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("app.js.map"),
            "application/json; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("README"), "");
  EXPECT_EQ(ContentTypeForPath(".bashrc"), "");
}

TEST_F(StaticFilesTest, OpenFailsForMissingDirectory) {
  EXPECT_FALSE(StaticFiles::Open((base_ / "nope").string()).ok());
}

TEST_F(StaticFilesTest, AssetIsServedImmutable) {
  Response res = Get("/assets/app.abc123.js");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(fs::path(res.file_path),
            fs::canonical(root_ / "assets" / "app.abc123.js"));
  EXPECT_EQ(res.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderValue(res, "Cache-Control"),
            "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, RootServesIndexNoCache) {
  Response res = Get("/");
  EXPECT_EQ(fs::path(res.file_path), fs::canonical(root_ / "index.html"));
  EXPECT_EQ(res.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderValue(res, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, NonAssetFileIsNoCache) {
  Response res = Get("/favicon.ico");
  EXPECT_EQ(res.content_type, "image/x-icon");
  EXPECT_EQ(HeaderValue(res, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, ClientRouteFallsBackToIndex) {
  Response res = Get("/workers/42/edit?tab=2");
  EXPECT_EQ(fs::path(res.file_path), fs::canonical(root_ / "index.html"));
  EXPECT_EQ(HeaderValue(res, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, MissingAssetIs404NotIndex) {
  EXPECT_EQ(Get("/assets/gone.js").status, 404);
  EXPECT_EQ(Get("/assets/gone").status, 404);
  EXPECT_EQ(Get("/logo.png").status, 404);
  EXPECT_TRUE(Get("/logo.png").file_path.empty());
}

TEST_F(StaticFilesTest, DotDotIsRefusedEvenIfItReachesServe) {
  for (std::string t : {"/../secret.txt", "/assets/../../secret.txt"}) {
    Response res = Get(t);
    EXPECT_EQ(res.status, 404) << t;
    EXPECT_TRUE(res.file_path.empty()) << t;
  }
}

TEST_F(StaticFilesTest, SymlinkOutOfRootIsRefused) {
  Response res = Get("/escape.txt");
  EXPECT_EQ(res.status, 404);
  EXPECT_TRUE(res.file_path.empty());
}

TEST_F(StaticFilesTest, HiddenFilesAreRefused) {
  Response res = Get("/.env");
  EXPECT_EQ(res.status, 404);
  EXPECT_TRUE(res.file_path.empty());
}

TEST_F(StaticFilesTest, PostIs405) {
  Response res = Get("/", "POST");
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(HeaderValue(res, "Allow"), "GET, HEAD");
}

}  // namespace
}  // namespace xiezuo::http
