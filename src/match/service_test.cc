// The matching service on both backends: a pair batch from the store, the
// per-worker and per-posting lists with reasons, scope, and outcomes.
#include "match/service.h"

#include <cstdio>
#include <fstream>

#include "match/service_test_fixture.h"

namespace xiezuo {
namespace {

using testing::MatchServiceTest;

TEST_P(MatchServiceTest, ResolvesAPairByName) {
  auto scope = svc_->ResolveScope("天等县:江门市");
  ASSERT_TRUE(scope.ok()) << scope.status().ToString();
  EXPECT_EQ(scope->worker_region, "451425");
  EXPECT_EQ(scope->posting_city, "440700");
  EXPECT_EQ(scope->label, "pair:451425:440700");
  auto province = svc_->ResolveScope("53");
  ASSERT_TRUE(province.ok()) << province.status().ToString();
  EXPECT_EQ(province->label, "province:530000");
}

TEST_P(MatchServiceTest, PairBatchRecommendsThePublishedPostingWithReasons) {
  auto scope = svc_->ResolveScope("天等县:江门市");
  ASSERT_TRUE(scope.ok());
  auto rep = svc_->RunBatch(tiandeng_, *scope, match::Policy::Default());
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  EXPECT_EQ(rep->workers, 2);
  EXPECT_EQ(rep->postings, 1);  // the draft is not loaded
  EXPECT_EQ(rep->quality.recommendations, 1);
  auto recs = svc_->ForWorker(tiandeng_, welder_);
  ASSERT_TRUE(recs.ok()) << recs.status().ToString();
  ASSERT_EQ(recs->size(), 1u);
  EXPECT_EQ((*recs)[0].posting_id, published_);
  EXPECT_EQ((*recs)[0].rank, 1);
  EXPECT_EQ((*recs)[0].reasons_zh.rfind("月薪5,500元 ≥ 期望4,500元；包住，4人间；包吃；焊工对口；江门为意向地区", 0), 0u)
      << (*recs)[0].reasons_zh;
  auto cands = svc_->ForPosting(tiandeng_, published_);
  ASSERT_TRUE(cands.ok());
  ASSERT_EQ(cands->size(), 1u);
  EXPECT_EQ((*cands)[0].worker_id, welder_);
  // The batch is stored with its policy version and quality figures.
  int64_t n = 0;
  Status s = db().WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(n, c.QueryInt("SELECT COUNT(*) FROM match_batches WHERE policy_version = 1"
                                   " AND quality LIKE '%coverage%'"));
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(n, 1);
}

TEST_P(MatchServiceTest, AnotherCountySeesNothing) {
  auto scope = svc_->ResolveScope("天等县:江门市");
  ASSERT_TRUE(svc_->RunBatch(tiandeng_, *scope, match::Policy::Default()).ok());
  auto recs = svc_->ForWorker(qiaojia_, welder_);
  ASSERT_TRUE(recs.ok());
  EXPECT_TRUE(recs->empty());
  auto cands = svc_->ForPosting(qiaojia_, published_);
  ASSERT_TRUE(cands.ok());
  EXPECT_TRUE(cands->empty());
  // And a batch run by 巧家 loads none of 天等's workers.
  auto rep = svc_->RunBatch(qiaojia_, *scope, match::Policy::Default());
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->workers, 0);
}

TEST_P(MatchServiceTest, OutcomesAreStoredAndDeclinedNeedsAReason) {
  auto scope = svc_->ResolveScope("天等县:江门市");
  ASSERT_TRUE(svc_->RunBatch(tiandeng_, *scope, match::Policy::Default()).ok());
  auto recs = svc_->ForWorker(tiandeng_, welder_);
  ASSERT_TRUE(recs.ok());
  ASSERT_EQ(recs->size(), 1u);
  int64_t id = (*recs)[0].id;
  Status bad = svc_->SetOutcome(tiandeng_, id, "declined", "");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.fields()[0].field, "reason");
  EXPECT_FALSE(svc_->SetOutcome(tiandeng_, id, "married", "").ok());
  EXPECT_EQ(svc_->SetOutcome(qiaojia_, id, "contacted", "").code(), StatusCode::kNotFound);
  ASSERT_TRUE(svc_->SetOutcome(tiandeng_, id, "declined", "离家太远").ok());
  recs = svc_->ForWorker(tiandeng_, welder_);
  EXPECT_EQ((*recs)[0].outcome, "declined");
  EXPECT_EQ((*recs)[0].outcome_reason, "离家太远");
}

TEST_P(MatchServiceTest, PolicyVersionsAreSavedByAdminsOnly) {
  match::Policy p;
  p.weights.pay = 40;
  EXPECT_EQ(svc_->SavePolicy(tiandeng_, p).status().code(), StatusCode::kPermissionDenied);
  auto saved = svc_->SavePolicy(auth::SystemPrincipal(), p);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->version, 2);
  auto cur = svc_->CurrentPolicy();
  ASSERT_TRUE(cur.ok());
  EXPECT_EQ(cur->weights.pay, 40);
  p.weights.pay = 500;
  auto refused = svc_->SavePolicy(auth::SystemPrincipal(), p);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().fields()[0].field, "weights.pay");
}

TEST_P(MatchServiceTest, ExportWritesAnXlsxWithEscapedCells) {
  auto scope = svc_->ResolveScope("天等县:江门市");
  auto rep = svc_->RunBatch(tiandeng_, *scope, match::Policy::Default());
  ASSERT_TRUE(rep.ok());
  std::string path = ::testing::TempDir() + "match_export_test.xlsx";
  auto n = svc_->ExportXlsx(tiandeng_, rep->batch_id, path);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 1);
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {};
  in.read(magic, 2);
  EXPECT_EQ(std::string(magic, 2), "PK");  // a zip container
  std::remove(path.c_str());
  EXPECT_EQ(match::SpreadsheetSafe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
  EXPECT_EQ(match::SpreadsheetSafe("-1"), "'-1");
  EXPECT_EQ(match::SpreadsheetSafe("焊工"), "焊工");
}

XIEZUO_INSTANTIATE_STORE_TESTS(MatchServiceTest);

}  // namespace
}  // namespace xiezuo
