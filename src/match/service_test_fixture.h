// The matching service test fixture, shared by service_test.cc and
// service_console_test.cc: two county officers (天等, 巧家), one 江门
// enterprise with a published and a draft welder posting, and two 天等
// workers (a welder who wants 江门 and a labourer). Runs on both backends.
#ifndef XIEZUO_MATCH_SERVICE_TEST_FIXTURE_H_
#define XIEZUO_MATCH_SERVICE_TEST_FIXTURE_H_

#include <memory>

#include "match/service.h"
#include "tests/services/services_fixture.h"

namespace xiezuo::testing {

class MatchServiceTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    svc_ = std::make_unique<match::MatchService>(db(), testing::SharedCodebook(), *audit_, clock_);
    tiandeng_ = AddUser("tiandeng", "county_officer",
                        AddOrg(orgs::OrgType::kCountyBureau, "天等县人社局", "451425"));
    qiaojia_ = AddUser("qiaojia", "county_officer",
                       AddOrg(orgs::OrgType::kCountyBureau, "巧家县人社局", "530622"));
    // An enterprise in 江门市蓬江区 with one published welder posting and one
    // draft; written directly (the verification workflow is not under test).
    Status s = db().Transact([&](store::Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto e, c.Query("INSERT INTO enterprises (name, credit_code, region_code,"
                                       " created_at, updated_at) VALUES (?, ?, ?, 0, 0) RETURNING id",
                                       {std::string("江门市某五金有限公司"),
                                        testing::MakeCreditCode("440703", "MA0000001"),
                                        std::string("440703")}));
      enterprise_ = e.Int(0, 0);
      for (const char* status : {"published", "draft"}) {
        ASSIGN_OR_RETURN(auto p, c.Query(
            "INSERT INTO postings (enterprise_id, title, occupation_code, region_code, city_code,"
            " openings, wage_min, wage_max, pay_type, board, lodging, dorm_size, age_min, age_max,"
            " status, valid_until, created_at, updated_at)"
            " VALUES (?, '焊工', '6-18-02-04', '440703', '440700', 2, 5500, 5500, 'monthly', 1, 1, 4,"
            " 18, 45, ?, '2027-06-30', 0, 0) RETURNING id",
            {enterprise_, std::string(status)}));
        (status == std::string("published") ? published_ : draft_) = p.Int(0, 0);
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    auto in = Worker("农小梅", "451425", "101");
    in.occupations = {"6-18-02-04"};
    in.wanted_regions = {"440700"};
    in.wage_floor = 4500;
    auto id = workers_->Create(tiandeng_, in);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    welder_ = *id;
    auto other = Worker("黄大山", "451425", "102");
    other.occupations = {"6-29-01-01"};
    other.wanted_regions = {"440700"};
    id = workers_->Create(tiandeng_, other);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
  }

  std::unique_ptr<match::MatchService> svc_;
  auth::Principal tiandeng_, qiaojia_;
  int64_t enterprise_ = 0, published_ = 0, draft_ = 0, welder_ = 0;
};

}  // namespace xiezuo::testing

#endif  // XIEZUO_MATCH_SERVICE_TEST_FIXTURE_H_
