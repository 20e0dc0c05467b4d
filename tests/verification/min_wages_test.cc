// Minimum-wage tables on both backends: Yunnan's preloaded tiers, an
// admin's edit is versioned and audited, and the rule checker uses it.
#include "postings/min_wages.h"

#include "postings/rules.h"
#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

using testing::ServicesTest;

class MinWagesTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    admin_ = AddUser("admin", "admin", AddOrg(orgs::OrgType::kPlatform, "平台", ""));
    receiving_ = AddUser("jiangmen_rs", "receiving_officer",
                         AddOrg(orgs::OrgType::kReceivingBureau, "江门市人社局", "440700"));
    wages_ = std::make_unique<postings::MinWageService>(db(), testing::SharedCodebook(), *audit_,
                                                        clock_);
  }

  int64_t MonthlyAt(const std::string& region) {
    int64_t out = -1;
    EXPECT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                      ASSIGN_OR_RETURN(auto t, postings::MinWageTable::Load(c));
                      auto w = t.For(region);
                      out = w ? w->monthly : 0;
                      return Status::Ok();
                    }).ok());
    return out;
  }

  std::vector<postings::RuleViolation> Check(const std::string& region, int64_t wage_min) {
    std::vector<postings::RuleViolation> out;
    EXPECT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                      ASSIGN_OR_RETURN(auto t, postings::MinWageTable::Load(c));
                      postings::PostingInput in;
                      in.region_code = region;
                      in.openings = 1;
                      in.wage_min = wage_min;
                      in.wage_max = wage_min;
                      in.pay_type = "monthly";
                      postings::RuleContext ctx{t, false, "2025-11-01", false};
                      out = postings::CheckPosting(in, "", ctx);
                      return Status::Ok();
                    }).ok());
    return out;
  }

  static postings::ProvinceMinWages Guangdong() {
    postings::ProvinceMinWages t;
    t.province_code = "440000";
    t.effective_from = "2025-03-01";
    t.source = "测试用数据";
    t.tiers = {{1, 2500, 24}, {2, 2000, 19}};
    t.regions = {{"440700", 2}, {"440703", 1}};
    return t;
  }

  auth::Principal admin_, receiving_;
  std::unique_ptr<postings::MinWageService> wages_;
};

TEST_P(MinWagesTest, YunnanCountiesArePreloadedInTheirTiers) {
  EXPECT_EQ(MonthlyAt("530102"), 1990);  // 五华区: tier 1
  EXPECT_EQ(MonthlyAt("530602"), 1840);  // 昭阳区: a district of another prefecture, tier 2
  EXPECT_EQ(MonthlyAt("533422"), 1840);  // 德钦县: named in tier 2
  EXPECT_EQ(MonthlyAt("530622"), 1690);  // 巧家县: other counties, tier 3
  auto y = wages_->Get("530000");
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  EXPECT_EQ(y->tiers.size(), 3u);
  EXPECT_EQ(y->version, 1);
  EXPECT_EQ(y->regions.size(), 8u + 35u);
}

TEST_P(MinWagesTest, AdminEditAppliesToTheRuleCheckAndIsVersioned) {
  EXPECT_EQ(MonthlyAt("440703"), 0);  // no table for Guangdong yet
  auto v = wages_->Save(admin_, Guangdong());
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, 1);
  EXPECT_EQ(MonthlyAt("440703"), 2500);  // the county row wins over its city's
  EXPECT_EQ(MonthlyAt("440704"), 2000);  // the city's tier
  auto below = Check("440703", 2400);
  ASSERT_FALSE(below.empty());
  EXPECT_EQ(below[0].rule, "min_wage");
  EXPECT_NE(below[0].zh.find("2500"), std::string::npos) << below[0].zh;
  EXPECT_TRUE(Check("440703", 2500).empty());

  auto t = Guangdong();
  t.tiers[0].monthly = 2600;
  t.effective_from = "2026-01-01";
  ASSERT_EQ(*wages_->Save(admin_, t), 2);
  EXPECT_FALSE(Check("440703", 2500).empty());
  auto versions = wages_->Versions("440000");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].version, 2);
  EXPECT_EQ((*versions)[0].tiers[0].monthly, 2600);
  EXPECT_EQ((*versions)[1].tiers[0].monthly, 2500);
  EXPECT_EQ((*versions)[0].changed_by, admin_.user_id);
  int64_t audited = 0;
  ASSERT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                    ASSIGN_OR_RETURN(audited, c.QueryInt("SELECT COUNT(*) FROM audit_log"
                                                         " WHERE action = 'min_wage.save'"));
                    return Status::Ok();
                  }).ok());
  EXPECT_EQ(audited, 2);
}

TEST_P(MinWagesTest, OnlyAdminsEdit) {
  EXPECT_EQ(wages_->Save(receiving_, Guangdong()).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(MonthlyAt("440703"), 0);
}

TEST_P(MinWagesTest, BadTableNamesEachFieldAndChangesNothing) {
  auto t = Guangdong();
  t.tiers[1].monthly = 2600;         // above tier 1
  t.tiers[1].hourly = 0;
  t.regions.push_back({"530622", 1});  // a Yunnan county
  t.effective_from = "2025/03/01";
  auto v = wages_->Save(admin_, t);
  ASSERT_EQ(v.status().code(), StatusCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const auto& f : v.status().fields()) fields.insert(f.field);
  EXPECT_TRUE(fields.count("tiers[1].monthly"));
  EXPECT_TRUE(fields.count("tiers[1].hourly"));
  EXPECT_TRUE(fields.count("regions[2].code"));
  EXPECT_TRUE(fields.count("effective_from"));
  EXPECT_EQ(MonthlyAt("440703"), 0);
  EXPECT_TRUE(wages_->Versions("440000")->empty());
}

XIEZUO_INSTANTIATE_STORE_TESTS(MinWagesTest);

}  // namespace
}  // namespace xiezuo
