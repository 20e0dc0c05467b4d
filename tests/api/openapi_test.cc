// docs/openapi.json describes exactly the routes the server registers: no
// undocumented route, no documented route that does not exist.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "http/api/api.h"
#include "match/service.h"
#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

class OpenApiTest : public testing::ServicesTest {};

TEST_P(OpenApiTest, DocumentMatchesRegisteredRoutes) {
  http::Router router;
  http::ApiContext ctx{db(), testing::SharedCodebook(), *auth_, *workers_, *postings_, *audit_,
                       clock_};
  imports::WorkerImporter worker_importer(db(), *workers_, testing::SharedCodebook(), *cipher_);
  imports::PostingImporter posting_importer(db(), *postings_, testing::SharedCodebook(), clock_);
  postings::VerificationService verification(db(), *audit_, clock_);
  lists::ListService lists(db(), testing::SharedCodebook(), *audit_, clock_);
  ctx.worker_importer = &worker_importer;
  ctx.posting_importer = &posting_importer;
  ctx.verification = &verification;
  ctx.lists = &lists;
  postings::PhotoService photos(db(), *postings_, *audit_, clock_);
  postings::MinWageService min_wages(db(), testing::SharedCodebook(), *audit_, clock_);
  ctx.photos = &photos;
  ctx.min_wages = &min_wages;
  match::MatchService match(db(), testing::SharedCodebook(), *audit_, clock_);
  ctx.match = &match;
  notify::Outbox outbox(db(), *cipher_, clock_);
  notify::NotifyService notify(db(), *cipher_, *keys_, *audit_, clock_, outbox);
  ctx.notify = &notify;
  imports::ImportJobStore import_jobs(db(), clock_, "test");
  imports::ImportJobRunner import_runner(import_jobs, {});
  ctx.import_jobs = &import_jobs;
  ctx.import_runner = &import_runner;
  http::RegisterApi(router, ctx);
  std::set<std::string> registered;
  for (const auto& r : router.Routes()) registered.insert(r.method + " " + r.pattern);

  std::ifstream in("docs/openapi.json");
  ASSERT_TRUE(in) << "docs/openapi.json missing";
  auto doc = nlohmann::json::parse(in);
  std::set<std::string> documented;
  for (auto& [path, ops] : doc["paths"].items()) {
    for (auto& [method, op] : ops.items()) {
      std::string m = method;
      for (auto& ch : m) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      documented.insert(m + " " + path);
      EXPECT_TRUE(op.contains("responses")) << m << " " << path;
    }
  }
  for (const auto& r : registered) EXPECT_TRUE(documented.count(r)) << "undocumented: " << r;
  for (const auto& d : documented) EXPECT_TRUE(registered.count(d)) << "not registered: " << d;
  EXPECT_GE(registered.size(), 25u);
}

// The document's schemas are all reachable: every $ref names a schema.
TEST_P(OpenApiTest, EveryRefResolves) {
  std::ifstream in("docs/openapi.json");
  auto doc = nlohmann::json::parse(in);
  const auto& schemas = doc["components"]["schemas"];
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
    if (j.is_object()) {
      if (j.contains("$ref")) {
        std::string ref = j["$ref"];
        std::string name = ref.substr(ref.rfind('/') + 1);
        EXPECT_TRUE(schemas.contains(name)) << ref;
      }
      for (const auto& [k, v] : j.items()) walk(v);
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v);
    }
  };
  walk(doc);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, OpenApiTest, ::testing::Values(store::Dialect::kSqlite),
                         testing::BackendName);

}  // namespace
}  // namespace xiezuo
