#include "postings/rules.h"

#include <gtest/gtest.h>

namespace xiezuo::postings {
namespace {

MinWageTable Yunnan() {
  MinWageTable t;
  t.Add({"530000", 1, 1990, 19, "2025-10-01"});
  t.Add({"530000", 2, 1840, 18, "2025-10-01"});
  t.Add({"530000", 3, 1690, 17, "2025-10-01"});
  t.SetTier("530100", 1);  // a city row applies to its counties
  return t;
}

PostingInput Job() {
  PostingInput in;
  in.enterprise_id = 1;
  in.title = "普工";
  in.occupation_code = "6-05-01-03";
  in.region_code = "530622";
  in.openings = 10;
  in.wage_min = 3000;
  in.wage_max = 5000;
  return in;
}

std::vector<std::string> Rules(const std::vector<RuleViolation>& v, bool blocking_only = true) {
  std::vector<std::string> out;
  for (const auto& r : v)
    if (r.blocking || !blocking_only) out.push_back(r.rule);
  return out;
}

TEST(MinWage, TierOfCityAppliesElseTheProvincesLowestTier) {
  auto t = Yunnan();
  EXPECT_EQ(t.For("530102")->monthly, 1990);
  EXPECT_EQ(t.For("530622")->monthly, 1690);
  EXPECT_EQ(t.For("530622102")->hourly, 17);
  EXPECT_FALSE(t.For("440703").has_value());
}

TEST(Rules, AGoodPostingPasses) {
  auto t = Yunnan();
  EXPECT_TRUE(Rules(CheckPosting(Job(), "", {t, false, "2025-03-01"})).empty());
}

TEST(Rules, MonthlyPayBelowTheMinimumWageIsRejectedWithTheFigure) {
  auto t = Yunnan();
  auto in = Job();
  in.wage_min = 1600;
  auto v = CheckPosting(in, "", {t, false, "2025-03-01"});
  ASSERT_EQ(Rules(v), std::vector<std::string>{"min_wage"});
  EXPECT_NE(v[0].zh.find("1690"), std::string::npos) << v[0].zh;
}

TEST(Rules, HourlyPayBelowTheHourlyMinimumIsRejected) {
  auto t = Yunnan();
  auto in = Job();
  in.region_code = "530102";  // tier 1: 19 an hour
  in.pay_type = "hourly";
  in.wage_min = 18;
  in.wage_max = 25;
  auto v = CheckPosting(in, "", {t, false, "2025-03-01"});
  ASSERT_EQ(Rules(v), std::vector<std::string>{"min_wage"});
  EXPECT_NE(v[0].zh.find("19"), std::string::npos);
  in.wage_min = 19;
  EXPECT_TRUE(Rules(CheckPosting(in, "", {t, false, "2025-03-01"})).empty());
}

TEST(Rules, ProvinceWithoutATableGivesAWarningNotARejection) {
  auto t = Yunnan();
  auto in = Job();
  in.region_code = "440703";
  auto v = CheckPosting(in, "", {t, false, "2025-03-01"});
  EXPECT_TRUE(Rules(v).empty());
  EXPECT_EQ(Rules(v, false), std::vector<std::string>{"min_wage"});
}

TEST(Rules, DemandingASexIsRejected) {
  auto t = Yunnan();
  auto in = Job();
  in.description = "限男性，身体健康";
  auto v = CheckPosting(in, "", {t, false, "2025-03-01"});
  ASSERT_EQ(Rules(v), std::vector<std::string>{"discrimination"});
  EXPECT_NE(v[0].zh.find("性别"), std::string::npos);
}

TEST(Rules, AllowedExceptionLiftsTheSexRule) {
  auto t = Yunnan();
  auto in = Job();
  in.description = "矿山井下作业，限男";
  EXPECT_TRUE(Rules(CheckPosting(in, "female_prohibited_work", {t, false, "2025-03-01"})).empty());
  EXPECT_FALSE(Rules(CheckPosting(in, "because", {t, false, "2025-03-01"})).empty());
}

TEST(Rules, EthnicityAndOriginRequirementsAreRejected) {
  auto t = Yunnan();
  auto in = Job();
  in.description = "仅限汉族";
  EXPECT_EQ(Rules(CheckPosting(in, "", {t, false, ""})), std::vector<std::string>{"discrimination"});
  in.description = "不招河南籍";
  EXPECT_EQ(Rules(CheckPosting(in, "", {t, false, ""})), std::vector<std::string>{"discrimination"});
  in.description = "不要四川人";
  EXPECT_EQ(Rules(CheckPosting(in, "", {t, false, ""})), std::vector<std::string>{"discrimination"});
  in.description = "不要求经验，包吃住，招聘10人，不招童工";
  EXPECT_TRUE(Rules(CheckPosting(in, "", {t, false, ""})).empty());
}

TEST(Rules, OpeningsMustBePositive) {
  auto t = Yunnan();
  auto in = Job();
  in.openings = 0;
  EXPECT_EQ(Rules(CheckPosting(in, "", {t, false, ""})), std::vector<std::string>{"openings"});
}

TEST(Rules, DatesMustBeCoherent) {
  auto t = Yunnan();
  auto in = Job();
  in.valid_until = "2025-02-01";
  EXPECT_EQ(Rules(CheckPosting(in, "", {t, false, "2025-03-01"})), std::vector<std::string>{"dates"});
  in.valid_until = "";
  in.age_min = 40;
  in.age_max = 30;
  EXPECT_EQ(Rules(CheckPosting(in, "", {t, false, ""})), std::vector<std::string>{"dates"});
}

TEST(Rules, BlacklistedEnterpriseCannotPublish) {
  auto t = Yunnan();
  RuleContext ctx{t, true, "2025-03-01", true};
  auto v = CheckPosting(Job(), "", ctx);
  ASSERT_EQ(Rules(v), std::vector<std::string>{"blacklist"});
  EXPECT_NE(v[0].zh.find("黑名单"), std::string::npos);
  ctx.publishing = false;
  EXPECT_TRUE(Rules(CheckPosting(Job(), "", ctx)).empty());
}

}  // namespace
}  // namespace xiezuo::postings
