// What the console needs from the matching service, on both backends:
// policy history and strict parsing, batches listed and run within scope,
// the policy version each batch used, and a posting's candidates for a
// station (its home county's people, postings in its city only).
#include <gtest/gtest.h>

#include "match/service_test_fixture.h"

namespace xiezuo {
namespace {

// Its own suite name: the fixture's own tests are instantiated in
// service_test.cc.
class MatchConsoleTest : public testing::MatchServiceTest {
 protected:
  auth::Principal Station(const std::string& username, const std::string& city,
                          const std::string& home) {
    return AddUser(username, "station_officer",
                   AddOrg(orgs::OrgType::kStation, username + " 工作站", city, home));
  }
  int64_t RunPairBatch() {
    auto scope = svc_->ResolveScope("天等县:江门市");
    EXPECT_TRUE(scope.ok());
    auto rep = svc_->RunBatch(tiandeng_, *scope, *svc_->CurrentPolicy());
    EXPECT_TRUE(rep.ok()) << rep.status().ToString();
    return rep.ok() ? rep->batch_id : 0;
  }
};

TEST_P(MatchConsoleTest, HistoryStartsWithTheBuiltInDefault) {
  auto h = svc_->PolicyHistory();
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  ASSERT_EQ(h->size(), 1u);
  EXPECT_EQ((*h)[0].policy.version, 1);
  EXPECT_EQ((*h)[0].policy.weights.pay, match::Policy::Default().weights.pay);
}

TEST_P(MatchConsoleTest, EachSaveAddsAVersionNewestFirst) {
  match::Policy p;
  p.weights.pay = 40;
  ASSERT_TRUE(svc_->SavePolicy(auth::SystemPrincipal(), p).ok());
  p.alpha = 2;
  auto second = svc_->SavePolicy(auth::SystemPrincipal(), p);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->version, 3);
  auto h = svc_->PolicyHistory();
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->size(), 3u);  // 3, 2 and the built-in 1
  EXPECT_EQ((*h)[0].policy.version, 3);
  EXPECT_EQ((*h)[0].policy.alpha, 2);
  EXPECT_EQ((*h)[1].policy.version, 2);
  EXPECT_EQ((*h)[1].policy.alpha, 3);
  EXPECT_EQ((*h)[2].policy.version, 1);
}

TEST_P(MatchConsoleTest, ARefusedPolicyStoresNothing) {
  match::Policy p;
  p.k = 0;
  ASSERT_FALSE(svc_->SavePolicy(auth::SystemPrincipal(), p).ok());
  auto h = svc_->PolicyHistory();
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->size(), 1u);
}

TEST_P(MatchConsoleTest, BatchRecordsThePolicyVersionItRanWith) {
  match::Policy p;
  p.weights.place = 40;
  ASSERT_TRUE(svc_->SavePolicy(auth::SystemPrincipal(), p).ok());
  int64_t id = RunPairBatch();
  auto b = svc_->GetBatch(tiandeng_, id);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->policy_version, 2);
  EXPECT_EQ(b->scope, "pair:451425:440700");
  EXPECT_NE(b->quality_json.find("\"coverage\""), std::string::npos);
  auto per = svc_->RecsPerOpening(id);
  ASSERT_TRUE(per.ok());
  ASSERT_EQ(per->size(), 1u);      // one posting recommended once
  EXPECT_DOUBLE_EQ((*per)[0], 0.5);  // to 1 worker, with 2 openings
}

TEST_P(MatchConsoleTest, AnotherCountyNeitherSeesNorRunsTheBatch) {
  int64_t id = RunPairBatch();
  EXPECT_EQ(svc_->GetBatch(qiaojia_, id).status().code(), StatusCode::kNotFound);
  auto listed = svc_->ListBatches(qiaojia_, 10);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  listed = svc_->ListBatches(tiandeng_, 10);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  auto scope = svc_->ResolveScope("天等县:江门市");
  EXPECT_EQ(svc_->CheckBatchScope(qiaojia_, *scope).code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(svc_->CheckBatchScope(tiandeng_, *scope).ok());
  auto province = svc_->ResolveScope("45");
  EXPECT_EQ(svc_->CheckBatchScope(tiandeng_, *province).code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(svc_->CheckBatchScope(auth::SystemPrincipal(), *province).ok());
}

TEST_P(MatchConsoleTest, StationSeesCandidatesForPostingsInItsCityOnly) {
  RunPairBatch();
  auth::Principal jm = Station("station_td_jm", "440700", "451425");
  auth::Principal wz = Station("station_td_wz", "330300", "451425");
  auth::Principal other = Station("station_qj_jm", "440700", "530622");
  auto cands = svc_->Candidates(jm, published_);
  ASSERT_TRUE(cands.ok()) << cands.status().ToString();
  ASSERT_EQ(cands->size(), 1u);
  EXPECT_EQ((*cands)[0].rec.worker_id, welder_);
  EXPECT_EQ((*cands)[0].id_masked.find("451425"), 0u);
  EXPECT_NE((*cands)[0].id_masked.find("****"), std::string::npos);
  // A station in another city: the posting is not its business.
  EXPECT_EQ(svc_->Candidates(wz, published_).status().code(), StatusCode::kNotFound);
  // A 巧家 station in 江门: 天等's people are not its business.
  cands = svc_->Candidates(other, published_);
  ASSERT_TRUE(cands.ok());
  EXPECT_TRUE(cands->empty());
  // The 江门 station marks an outcome on the candidate it sees; 巧家's cannot.
  auto recs = svc_->ForWorker(tiandeng_, welder_);
  ASSERT_EQ(recs->size(), 1u);
  EXPECT_TRUE(svc_->SetOutcome(jm, (*recs)[0].id, "contacted", "").ok());
  EXPECT_EQ(svc_->SetOutcome(other, (*recs)[0].id, "contacted", "").code(), StatusCode::kNotFound);
  auto mine = svc_->CheckBatchScope(jm, *svc_->ResolveScope("天等县:江门市"));
  EXPECT_TRUE(mine.ok());
  EXPECT_FALSE(svc_->CheckBatchScope(jm, *svc_->ResolveScope("天等县")).ok());
}

TEST_P(MatchConsoleTest, CandidatesComeFromEachWorkersLatestBatchOnly) {
  int64_t first = RunPairBatch();
  int64_t second = RunPairBatch();
  ASSERT_GT(second, first);
  auto cands = svc_->Candidates(tiandeng_, published_);
  ASSERT_TRUE(cands.ok());
  ASSERT_EQ(cands->size(), 1u);  // not once per batch
  EXPECT_EQ((*cands)[0].rec.batch_id, second);
}

XIEZUO_INSTANTIATE_STORE_TESTS(MatchConsoleTest);

}  // namespace
}  // namespace xiezuo
