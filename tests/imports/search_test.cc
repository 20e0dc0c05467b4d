// Search on both backends: workers by name in characters, pinyin and
// initials; postings by enterprise, place, pay and accommodation.
#include "tests/services/services_fixture.h"
#include "workers/name_search.h"

namespace xiezuo {
namespace {

using testing::QiaojiaTest;

TEST(NameSearch, PinyinAndInitials) {
  EXPECT_EQ(workers::NameSearchKey("张三"), "zhangsan zs.");
  EXPECT_EQ(workers::NameSearchKey("欧阳娜娜"), "ouyangnana oynn.");
  std::string q;
  EXPECT_TRUE(workers::PinyinQuery("Zhang San", &q));
  EXPECT_EQ(q, "zhangsan");
  EXPECT_FALSE(workers::PinyinQuery("张", &q));
}

class SearchTest : public QiaojiaTest {
 protected:
  void SetUp() override {
    QiaojiaTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    ASSERT_TRUE(workers_->Create(officer_, Worker("张三", "530622", "011")).ok());
    ASSERT_TRUE(workers_->Create(officer_, Worker("李四", "530622", "022")).ok());
    ASSERT_TRUE(workers_->Create(officer_, Worker("赵珊珊", "530622", "033")).ok());
  }
};

TEST_P(SearchTest, WorkersByNamePinyinAndInitials) {
  EXPECT_EQ(NamesFound("张三"), std::vector<std::string>{"张三"});
  EXPECT_EQ(NamesFound("zhangsan"), std::vector<std::string>{"张三"});
  EXPECT_EQ(NamesFound("zhang san"), std::vector<std::string>{"张三"});
  EXPECT_EQ(NamesFound("zs"), std::vector<std::string>{"张三"});
  EXPECT_EQ(NamesFound("ZS"), std::vector<std::string>{"张三"});
  EXPECT_EQ(NamesFound("zss"), std::vector<std::string>{"赵珊珊"});
  EXPECT_EQ(NamesFound("li"), std::vector<std::string>{"李四"});
}

TEST_P(SearchTest, RowsWrittenBeforeTheColumnAreBackfilled) {
  ASSERT_TRUE(db().Transact([](store::Connection& c) {
                    return c.Execute("UPDATE workers SET name_search = ''").status();
                  }).ok());
  EXPECT_TRUE(NamesFound("zs").empty());
  auto n = workers_->BackfillNameSearch();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 3);
  EXPECT_EQ(NamesFound("zs"), std::vector<std::string>{"张三"});
}

TEST_P(SearchTest, PostingsByEnterprisePlacePayAndAccommodation) {
  auto admin = AddUser("admin", "admin", AddOrg(orgs::OrgType::kPlatform, "平台", ""));
  postings::EnterpriseInput e;
  e.name = "江门某服装有限公司";
  e.credit_code = testing::MakeCreditCode("440703", "MA51AAAA1");
  e.region_code = "440703";
  auto eid = postings_->CreateEnterprise(admin, e);
  ASSERT_TRUE(eid.ok());
  auto add = [&](const std::string& title, const std::string& region, int64_t max, bool lodging) {
    postings::PostingInput in;
    in.enterprise_id = *eid;
    in.title = title;
    in.occupation_code = "6-05-01-03";
    in.region_code = region;
    in.openings = 5;
    in.wage_min = 3000;
    in.wage_max = max;
    in.lodging = lodging;
    ASSERT_TRUE(postings_->CreatePosting(admin, in).ok());
  };
  add("车位工", "440703", 8000, true);
  add("剪线工", "440704", 4000, false);
  auto count = [&](postings::PostingFilter f) {
    int64_t total = 0;
    EXPECT_TRUE(postings_->ListPostings(admin, f, 0, 50, &total).ok());
    return total;
  };
  postings::PostingFilter f;
  f.q = "服装";
  EXPECT_EQ(count(f), 2);
  f = {};
  f.region_code = "440703";
  EXPECT_EQ(count(f), 1);
  f = {};
  f.wage_at_least = 6000;
  EXPECT_EQ(count(f), 1);
  f = {};
  f.lodging = true;
  EXPECT_EQ(count(f), 1);
  f = {};
  f.occupation_code = "6-05";
  EXPECT_EQ(count(f), 2);
}

XIEZUO_INSTANTIATE_STORE_TESTS(SearchTest);

}  // namespace
}  // namespace xiezuo
