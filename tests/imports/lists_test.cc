// The monthly list exchange on both backends: the published summary equals
// what the database holds, rows match, personal data is masked, and past
// months stay downloadable.
#include <fstream>

#include "imports/table_reader.h"
#include "lists/lists.h"
#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

using testing::ServicesTest;

class ListsTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    admin_ = AddUser("admin", "admin", AddOrg(orgs::OrgType::kPlatform, "平台", ""));
    tiandeng_ = AddUser("tiandeng", "county_officer",
                        AddOrg(orgs::OrgType::kCountyBureau, "天等县人社局", "451425"));
    qiaojia_ = AddQiaojiaOfficer();
    lists_ = std::make_unique<lists::ListService>(db(), testing::SharedCodebook(), *audit_, clock_);
    for (int i = 0; i < 4; ++i) {
      auto in = Worker(i % 2 ? "李四妹" : "张三", "451425", "10" + std::to_string(i));
      if (i == 3) in.status = "placed";
      ASSERT_TRUE(workers_->Create(tiandeng_, in).ok());
    }
    ASSERT_TRUE(workers_->Create(qiaojia_, Worker("王五", "530622", "200")).ok());
    int64_t e1 = Enterprise("江门某服装有限公司", "MA51AAAA1", "440703");
    int64_t e2 = Enterprise("江门某电子有限公司", "MA51BBBB2", "440703");
    int64_t e3 = Enterprise("佛山某厂", "MA51CCCC3", "440604");
    PostingIn(e1, "车位工", "440703", 50, "published");
    PostingIn(e1, "剪线工", "440703", 20, "published");
    PostingIn(e2, "装配工", "440705", 30, "published");
    PostingIn(e2, "质检员", "440703", 5, "draft");       // not published
    PostingIn(e3, "普工", "440604", 100, "published");   // another city
  }

  int64_t Enterprise(const std::string& name, const std::string& org9, const std::string& region) {
    postings::EnterpriseInput e;
    e.name = name;
    e.credit_code = testing::MakeCreditCode(region, org9);
    e.region_code = region;
    auto id = postings_->CreateEnterprise(admin_, e);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  void PostingIn(int64_t ent, const std::string& title, const std::string& region, int64_t n,
                 const std::string& status) {
    postings::PostingInput in;
    in.enterprise_id = ent;
    in.title = title;
    in.occupation_code = "6-05-01-03";
    in.region_code = region;
    in.openings = n;
    in.wage_min = 4000;
    in.wage_max = 6000;
    in.status = status;
    auto id = postings_->CreatePosting(admin_, in);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
  }
  static std::vector<imports::Row> Rows(const std::string& xlsx) {
    std::string path = ::testing::TempDir() + "list.xlsx";
    std::ofstream(path, std::ios::binary) << xlsx;
    std::vector<imports::Row> out;
    auto r = imports::OpenTable(path, {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return out;
    imports::Row row;
    while (*(*r)->Next(&row)) out.push_back(row);
    return out;
  }

  auth::Principal admin_, tiandeng_, qiaojia_;
  std::unique_ptr<lists::ListService> lists_;
};

TEST_P(ListsTest, SummaryEqualsDatabaseCounts) {
  auto pub = lists_->Publish(tiandeng_, "天等县:江门市", "2025-03");
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  const std::string in_city =
      " FROM postings WHERE status = 'published' AND city_code = '440700'";
  EXPECT_EQ(pub->supply.postings, CountOf("SELECT COUNT(*)" + in_city));
  EXPECT_EQ(pub->supply.openings, CountOf("SELECT SUM(openings)" + in_city));
  EXPECT_EQ(pub->supply.enterprises, CountOf("SELECT COUNT(DISTINCT enterprise_id)" + in_city));
  EXPECT_EQ(pub->demand.workers,
            CountOf("SELECT COUNT(*) FROM workers WHERE county_code = '451425' AND status = 'available'"));
  EXPECT_EQ(pub->supply.postings, 3);
  EXPECT_EQ(pub->supply.openings, 100);
  EXPECT_EQ(pub->supply.enterprises, 2);
  EXPECT_EQ(pub->demand.workers, 3);
}

TEST_P(ListsTest, WorkbooksHaveTitleDateSummaryAndOneRowPerItem) {
  auto pub = lists_->Publish(admin_, "天等县:江门市", "2025-03");
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  auto supply = Rows(pub->supply_xlsx);
  ASSERT_EQ(supply.size(), 4u + 3u);
  EXPECT_EQ(supply[0].cells[0].text, "江门市2025年3月岗位供给清单（面向天等县）");
  EXPECT_NE(supply[1].cells[0].text.find("发布日期"), std::string::npos);
  EXPECT_EQ(supply[2].cells[0].text, "汇总：企业 2 家，岗位 3 个，招聘 100 人");
  auto demand = Rows(pub->demand_xlsx);
  ASSERT_EQ(demand.size(), 4u + 3u);
  EXPECT_NE(demand[2].cells[0].text.find("求职人员 3 人"), std::string::npos);
  // Masked: the name keeps its first character, the phone its ends; no ID.
  EXPECT_EQ(demand[4].cells[1].text, "张*");
  EXPECT_EQ(demand[4].cells[10].text.find("****"), 3u);
  for (const auto& row : demand)
    for (const auto& c : row.cells) EXPECT_EQ(c.text.find("45142519900101"), std::string::npos);
}

TEST_P(ListsTest, PastMonthsStayDownloadable) {
  ASSERT_TRUE(lists_->Publish(admin_, "天等县:江门市", "2025-02").ok());
  auto march = lists_->Publish(admin_, "天等县:江门市", "2025-03");
  ASSERT_TRUE(march.ok());
  auto hist = lists_->History(tiandeng_);
  ASSERT_TRUE(hist.ok());
  EXPECT_EQ(hist->size(), 4u);
  lists::ListSummary meta;
  int64_t feb_id = 0;
  for (const auto& h : *hist)
    if (h.month == "2025-02" && h.kind == "supply") feb_id = h.id;
  auto bytes = lists_->Download(tiandeng_, feb_id, &meta);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(meta.month, "2025-02");
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  // Another county sees nothing of this pair.
  EXPECT_TRUE(lists_->History(qiaojia_)->empty());
  EXPECT_EQ(lists_->Download(qiaojia_, feb_id, nullptr).status().code(), StatusCode::kNotFound);
}

TEST_P(ListsTest, BadPairAndMonthAreNamed) {
  EXPECT_EQ(lists_->Publish(admin_, "天等县", "2025-03").status().fields()[0].field, "pair");
  EXPECT_EQ(lists_->Publish(admin_, "天等县:江门市", "2025-13").status().fields()[0].field, "month");
  EXPECT_EQ(lists_->Publish(qiaojia_, "天等县:江门市", "2025-03").status().code(),
            StatusCode::kPermissionDenied);
}

XIEZUO_INSTANTIATE_STORE_TESTS(ListsTest);

}  // namespace
}  // namespace xiezuo
