// Data scope, on both backends: who sees which workers.
#include "auth/scope.h"
#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

using testing::ServicesTest;

class ScopeTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    auto admin_org = AddOrg(orgs::OrgType::kPlatform, "平台", "");
    admin_ = AddUser("admin", "admin", admin_org);
    qiaojia_org_ = AddOrg(orgs::OrgType::kCountyBureau, "巧家县人社局", "530622");
    tiandeng_org_ = AddOrg(orgs::OrgType::kCountyBureau, "天等县人社局", "451425");
    qiaojia_ = AddUser("qiaojia", "county_officer", qiaojia_org_);
    tiandeng_ = AddUser("tiandeng", "county_officer", tiandeng_org_);
    auto village = AddOrg(orgs::OrgType::kVillage, "沙坝社区", "530622001001");
    village_officer_ = AddUser("qiaojia_v1", "village_officer", village);

    auto a = workers_->Create(qiaojia_, Worker("张三", "530622001001", "001"));
    auto b = workers_->Create(qiaojia_, Worker("李四", "530622001002", "002"));
    auto c = workers_->Create(tiandeng_, Worker("黄五", "451425100001", "003"));
    ASSERT_TRUE(a.ok() && b.ok() && c.ok()) << a.status().ToString() << b.status().ToString()
                                             << c.status().ToString();
    qj_a_ = *a;
    qj_b_ = *b;
    td_c_ = *c;
  }

  std::vector<int64_t> Ids(const auth::Principal& p, const workers::WorkerFilter& f = {}) {
    int64_t total = 0;
    auto rows = workers_->List(p, f, 0, 100, &total);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::vector<int64_t> ids;
    for (const auto& w : *rows) ids.push_back(w.id);
    EXPECT_EQ(total, static_cast<int64_t>(ids.size()));
    return ids;
  }

  int64_t AuditCount(const std::string& action, const std::string& result) {
    int64_t n = 0;
    EXPECT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                      ASSIGN_OR_RETURN(n, c.QueryInt("SELECT COUNT(*) FROM audit_log WHERE"
                                                     " action = ? AND result = ?",
                                                     {action, result}));
                      return Status::Ok();
                    }).ok());
    return n;
  }

  auth::Principal admin_, qiaojia_, tiandeng_, village_officer_;
  int64_t qiaojia_org_ = 0, tiandeng_org_ = 0;
  int64_t qj_a_ = 0, qj_b_ = 0, td_c_ = 0;
};

TEST_P(ScopeTest, CountyOfficerGetsNotFoundForAnotherCountysWorker) {
  auto w = workers_->Get(qiaojia_, td_c_);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), StatusCode::kNotFound);
  // ... and the attempt is in the audit log.
  EXPECT_EQ(AuditCount("worker.read", "denied"), 1);
  EXPECT_TRUE(workers_->Get(tiandeng_, td_c_).ok());
}

TEST_P(ScopeTest, CountyOfficerListsOnlyOwnCounty) {
  EXPECT_EQ(Ids(qiaojia_), (std::vector<int64_t>{qj_b_, qj_a_}));
  EXPECT_EQ(Ids(tiandeng_), (std::vector<int64_t>{td_c_}));
  EXPECT_EQ(Ids(admin_).size(), 3u);
}

TEST_P(ScopeTest, SearchByNameDoesNotCrossCounties) {
  EXPECT_TRUE(Ids(qiaojia_, {.q = "黄五"}).empty());
  EXPECT_EQ(Ids(tiandeng_, {.q = "黄"}), (std::vector<int64_t>{td_c_}));
}

TEST_P(ScopeTest, SearchByIdLastDigitsAndPhoneStaysInScope) {
  std::string id_c = testing::MakeIdNumber("451425", "19900101", "003");
  std::string last4 = id_c.substr(14);
  EXPECT_EQ(Ids(tiandeng_, {.q = last4}), (std::vector<int64_t>{td_c_}));
  EXPECT_TRUE(Ids(qiaojia_, {.q = last4}).empty());
  EXPECT_TRUE(Ids(qiaojia_, {.q = "13900000003"}).empty());
  EXPECT_EQ(Ids(tiandeng_, {.q = "13900000003"}), (std::vector<int64_t>{td_c_}));
}

TEST_P(ScopeTest, ExportContainsOnlyOwnCountyAndMasksNumbers) {
  auto csv = workers_->ExportCsv(qiaojia_, {});
  ASSERT_TRUE(csv.ok());
  EXPECT_NE(csv->find("张三"), std::string::npos);
  EXPECT_EQ(csv->find("黄五"), std::string::npos);
  std::string full = testing::MakeIdNumber("530622", "19900101", "001");
  EXPECT_EQ(csv->find(full), std::string::npos);
  EXPECT_NE(csv->find(codes::MaskIdNumber(full)), std::string::npos);
  EXPECT_NE(csv->find("139****0001"), std::string::npos);
}

TEST_P(ScopeTest, VillageOfficerSeesOnlyTheVillage) {
  EXPECT_EQ(Ids(village_officer_), (std::vector<int64_t>{qj_a_}));
  EXPECT_EQ(workers_->Get(village_officer_, qj_b_).status().code(), StatusCode::kNotFound);
}

TEST_P(ScopeTest, CountyOfficerCannotRegisterWorkerOfAnotherCounty) {
  auto r = workers_->Create(qiaojia_, Worker("赵六", "451425100002", "004"));
  ASSERT_FALSE(r.ok());
  ASSERT_FALSE(r.status().fields().empty());
  EXPECT_EQ(r.status().fields()[0].field, "region_code");
}

TEST_P(ScopeTest, CountyOfficerCannotUpdateOrRevealAnotherCountysWorker) {
  auto in = Worker("黄五", "451425100001", "003");
  in.version = 1;
  EXPECT_EQ(workers_->Update(qiaojia_, td_c_, in).code(), StatusCode::kNotFound);
  EXPECT_EQ(workers_->Reveal(qiaojia_, td_c_, "核实").status().code(), StatusCode::kNotFound);
}

TEST_P(ScopeTest, EnterpriseSeesOnlyItsApplicants) {
  auto station = AddOrg(orgs::OrgType::kStation, "巧家县驻广州劳务协作站", "440100", "530622");
  auto station_officer = AddUser("station_qj_gz", "station_officer", station);
  auto ent_org = AddOrg(orgs::OrgType::kEnterprise, "广州海珠华美服装有限公司", "440105");
  postings::EnterpriseInput e;
  e.name = "广州海珠华美服装有限公司";
  e.credit_code = testing::MakeCreditCode("440105", "MA5ABCDE0");
  e.region_code = "440105";
  e.org_id = ent_org;
  auto eid = postings_->CreateEnterprise(station_officer, e);
  ASSERT_TRUE(eid.ok()) << eid.status().ToString();
  postings::PostingInput p;
  p.enterprise_id = *eid;
  p.title = "缝纫工";
  p.occupation_code = "6-05-01-03";
  p.region_code = "440105";
  p.openings = 10;
  p.wage_min = 5000;
  p.wage_max = 7000;
  p.status = "published";
  auto pid = postings_->CreatePosting(station_officer, p);
  ASSERT_TRUE(pid.ok()) << pid.status().ToString();
  auto hr = AddUser("hr_huamei", "enterprise_hr", ent_org);
  ASSERT_TRUE(hr.enterprise_id.has_value());

  EXPECT_TRUE(Ids(hr).empty());
  EXPECT_TRUE(Ids(station_officer).empty());
  ASSERT_TRUE(db().Transact([&](store::Connection& c) {
                    return c.Execute("INSERT INTO applications (worker_id, posting_id, status,"
                                     " created_at, updated_at) VALUES (?, ?, 'applied', 1, 1)",
                                     {qj_a_, *pid}).status();
                  }).ok());
  EXPECT_EQ(Ids(hr), (std::vector<int64_t>{qj_a_}));
  EXPECT_EQ(workers_->Get(hr, qj_b_).status().code(), StatusCode::kNotFound);
  // The station sees its county's applicant in its city, not other counties'.
  EXPECT_EQ(Ids(station_officer), (std::vector<int64_t>{qj_a_}));
}

XIEZUO_INSTANTIATE_STORE_TESTS(ScopeTest);

}  // namespace
}  // namespace xiezuo
