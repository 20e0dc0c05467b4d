// The posting life cycle and its rules on both backends: only verified
// postings are published; a posting below the minimum wage, one that
// demands a sex and one from a blacklisted enterprise are each refused with
// their reason.
#include "postings/verification.h"
#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

using postings::Answer;
using testing::ServicesTest;

class VerificationTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    admin_ = AddUser("admin", "admin", AddOrg(orgs::OrgType::kPlatform, "平台", ""));
    station_ = AddUser("station_km", "station_officer",
                       AddOrg(orgs::OrgType::kStation, "巧家县驻昆明劳务协作站", "530100", "530622"));
    county_ = AddQiaojiaOfficer();
    verify_ = std::make_unique<postings::VerificationService>(db(), *audit_, clock_);
    ASSERT_TRUE(verify_->SeedOutline("data/inspection/outline_v1.json").ok());
    postings::EnterpriseInput e;
    e.name = "昆明某电子有限公司";
    e.credit_code = testing::MakeCreditCode("530102", "MA6K12345");
    e.region_code = "530102";
    auto id = postings_->CreateEnterprise(admin_, e);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    enterprise_ = *id;
  }

  int64_t Posting(int64_t wage_min = 3000, const std::string& description = "") {
    postings::PostingInput in;
    in.enterprise_id = enterprise_;
    in.title = "电子装配工";
    in.occupation_code = "6-05-01-03";
    in.region_code = "530102";
    in.openings = 20;
    in.wage_min = wage_min;
    in.wage_max = wage_min + 2000;
    in.description = description;
    auto id = postings_->CreatePosting(admin_, in);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  std::map<std::string, Answer> AllOk() {
    std::map<std::string, Answer> a;
    auto o = verify_->CurrentOutline();
    EXPECT_TRUE(o.ok());
    for (const auto& id : o->item_ids()) a[id] = {"ok", ""};
    return a;
  }

  std::string Status(int64_t id) {
    auto p = postings_->GetPosting(admin_, id);
    return p.ok() ? p->status : "?";
  }

  static std::string FirstReason(const xiezuo::Status& s) {
    return s.fields().empty() ? s.zh() : s.fields()[0].zh;
  }

  auth::Principal admin_, station_, county_;
  std::unique_ptr<postings::VerificationService> verify_;
  int64_t enterprise_ = 0;
};

TEST_P(VerificationTest, OutlineHasEightCategoriesAndEightyEightItems) {
  auto o = verify_->CurrentOutline();
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->version, 1);
  EXPECT_EQ(o->body["categories"].size(), 8u);
  EXPECT_EQ(o->item_ids().size(), 88u);
}

TEST_P(VerificationTest, DraftToSubmittedToVerifiedToPublishedToFilled) {
  int64_t id = Posting();
  ASSERT_TRUE(verify_->Submit(station_, id).ok());
  EXPECT_EQ(Status(id), "submitted");
  auto s = verify_->Verify(station_, id, AllOk(), {"photo:dorm.jpg"});
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Status(id), "verified");
  ASSERT_TRUE(verify_->Publish(station_, id).ok());
  EXPECT_EQ(Status(id), "published");
  ASSERT_TRUE(verify_->Close(station_, id, "filled").ok());
  EXPECT_EQ(Status(id), "filled");
}

TEST_P(VerificationTest, OnlyVerifiedPostingsArePublished) {
  int64_t id = Posting();
  auto s = verify_->Publish(station_, id);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.zh().find("核查通过"), std::string::npos);
  ASSERT_TRUE(verify_->Submit(station_, id).ok());
  EXPECT_FALSE(verify_->Publish(station_, id).ok());
  EXPECT_EQ(Status(id), "submitted");
}

TEST_P(VerificationTest, IncompleteOutlineIsRefused) {
  int64_t id = Posting();
  ASSERT_TRUE(verify_->Submit(station_, id).ok());
  auto a = AllOk();
  a.erase("housing.02");
  auto s = verify_->Verify(station_, id, a, {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.fields().size(), 1u);
  EXPECT_EQ(s.fields()[0].field, "answers.housing.02");
}

TEST_P(VerificationTest, FailedItemMeansRejectWithReasons) {
  int64_t id = Posting();
  ASSERT_TRUE(verify_->Submit(station_, id).ok());
  auto a = AllOk();
  a["housing.02"] = {"fail", "12 人一间"};
  EXPECT_FALSE(verify_->Verify(station_, id, a, {}).ok());
  EXPECT_EQ(verify_->Reject(station_, id, {}, a).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(verify_->Reject(station_, id, {"宿舍 12 人一间，超过 8 人"}, a).ok());
  EXPECT_EQ(Status(id), "rejected");
  // After revision it can be submitted again.
  ASSERT_TRUE(verify_->Submit(station_, id).ok());
}

TEST_P(VerificationTest, PayBelowMinimumWageIsRefusedWithItsReason) {
  int64_t id = Posting(1800);  // Kunming: 云南 lowest tier is 1,690 unless a tier row says 1
  ASSERT_TRUE(db().Transact([](store::Connection& c) {
                    return c.Execute("INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530100', 1)")
                        .status();
                  }).ok());
  auto s = verify_->Submit(station_, id);
  ASSERT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.fields()[0].field, "wage_min");
  EXPECT_NE(FirstReason(s).find("1990"), std::string::npos) << FirstReason(s);
  EXPECT_EQ(Status(id), "draft");
}

TEST_P(VerificationTest, DemandingASexIsRefusedWithItsReason) {
  int64_t id = Posting(3000, "限男性，能吃苦耐劳");
  auto s = verify_->Submit(station_, id);
  ASSERT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(FirstReason(s).find("性别"), std::string::npos);
}

TEST_P(VerificationTest, BlacklistedEnterpriseCannotPublish) {
  int64_t id = Posting();
  ASSERT_TRUE(verify_->Submit(station_, id).ok());
  ASSERT_TRUE(verify_->Verify(station_, id, AllOk(), {}).ok());
  ASSERT_TRUE(verify_->SetBlacklisted(admin_, enterprise_, true, "拖欠工资 36 人").ok());
  auto s = verify_->Publish(station_, id);
  ASSERT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(FirstReason(s).find("黑名单"), std::string::npos);
  EXPECT_EQ(Status(id), "verified");
}

TEST_P(VerificationTest, CountyOfficerCannotVerify) {
  int64_t id = Posting();
  EXPECT_EQ(verify_->Submit(county_, id).code(), StatusCode::kPermissionDenied);
}

TEST_P(VerificationTest, PublishedPostingsPastTheirDateExpire) {
  int64_t id = Posting();
  ASSERT_TRUE(verify_->Submit(station_, id).ok());
  ASSERT_TRUE(verify_->Verify(station_, id, AllOk(), {}).ok());
  ASSERT_TRUE(verify_->Publish(station_, id).ok());
  ASSERT_TRUE(db().Transact([&](store::Connection& c) {
                    return c.Execute("UPDATE postings SET valid_until = '2020-01-01' WHERE id = ?", {id})
                        .status();
                  }).ok());
  auto n = verify_->ExpireDue();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(Status(id), "expired");
}

TEST_P(VerificationTest, AdminSavesANewOutlineVersion) {
  auto o = verify_->CurrentOutline();
  ASSERT_TRUE(o.ok());
  auto body = o->body;
  body["categories"][0]["items"].push_back({{"id", "pay.12"}, {"text", "新增核查项"}});
  auto v = verify_->SaveOutline(admin_, body);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 2);
  EXPECT_EQ(verify_->CurrentOutline()->item_ids().size(), 89u);
  EXPECT_EQ(verify_->SaveOutline(station_, body).status().code(), StatusCode::kPermissionDenied);
}

XIEZUO_INSTANTIATE_STORE_TESTS(VerificationTest);

}  // namespace
}  // namespace xiezuo
