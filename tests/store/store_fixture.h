// The conformance fixture: every store test is written once and runs
// against each backend. SQLite always; PostgreSQL when XIEZUO_TEST_PG_URL
// names a server (make test starts a private one and sets it, together with
// XIEZUO_REQUIRE_PG=1 so that a missing server fails instead of skipping).
#ifndef XIEZUO_TESTS_STORE_STORE_FIXTURE_H_
#define XIEZUO_TESTS_STORE_STORE_FIXTURE_H_

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

#include "store/database.h"
#include "store/migrations.h"

namespace xiezuo::testing {

inline std::string BackendName(const ::testing::TestParamInfo<store::Dialect>& info) {
  return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
}

// Opens a fresh, migrated database of the parameter's dialect.
class StoreTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == store::Dialect::kSqlite) {
      dir_ = std::filesystem::temp_directory_path() /
             ("xiezuo_store_test_" + std::to_string(::getpid()) + "_" +
              std::to_string(counter_++));
      std::filesystem::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "test.db").string();
    } else {
      const char* pg = std::getenv("XIEZUO_TEST_PG_URL");
      if (!pg || !*pg) {
        const char* req = std::getenv("XIEZUO_REQUIRE_PG");
        if (req && std::string(req) == "1") {
          FAIL() << "XIEZUO_REQUIRE_PG=1 but XIEZUO_TEST_PG_URL is not set";
        }
        GTEST_SKIP() << "PostgreSQL not configured (set XIEZUO_TEST_PG_URL)";
      }
      // A schema of its own per test, so that ctest may run cases in
      // parallel against one server.
      schema_ = "xz_t" + std::to_string(::getpid()) + "_" + std::to_string(counter_++);
      auto admin = store::OpenDatabase(pg, {.pool_size = 1});
      ASSERT_TRUE(admin.ok()) << admin.status().ToString();
      admin_ = std::move(admin).value();
      ASSERT_TRUE(admin_
                      ->WithConnection([&](store::Connection& c) {
                        return c.ExecScript("DROP SCHEMA IF EXISTS " + schema_ +
                                            " CASCADE; CREATE SCHEMA " + schema_);
                      })
                      .ok());
      std::string base = pg;
      url_ = base + (base.find('?') == std::string::npos ? "?" : "&") +
             "options=-csearch_path%3D" + schema_;
    }
    auto db = store::OpenDatabase(url_, {.pool_size = 4});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto applied = store::Migrate(*db_);
    ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  }

  void TearDown() override {
    db_.reset();
    if (admin_) {
      (void)admin_->WithConnection([&](store::Connection& c) {
        return c.ExecScript("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
      });
      admin_.reset();
    }
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  store::Database& db() { return *db_; }
  const std::string& url() const { return url_; }

  std::unique_ptr<store::Database> db_;

 private:
  std::filesystem::path dir_;
  std::string url_;
  std::string schema_;
  std::unique_ptr<store::Database> admin_;
  static inline int counter_ = 0;
};

#define XIEZUO_INSTANTIATE_STORE_TESTS(Suite)                                         \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                          \
                           ::testing::Values(::xiezuo::store::Dialect::kSqlite,       \
                                             ::xiezuo::store::Dialect::kPostgres),    \
                           ::xiezuo::testing::BackendName)

}  // namespace xiezuo::testing

#endif  // XIEZUO_TESTS_STORE_STORE_FIXTURE_H_
