// A posting list as Excel/WPS write it (tests/fixtures/imports/postings_wps.xlsx,
// made by make_postings_xlsx.py): merged title row and a filled-in-by row
// above the header, numbers typed into text cells, a piece-rate posting.
#include "imports/posting_import.h"
#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

class PostingWpsXlsxTest : public testing::ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    admin_ = AddUser("admin", "admin", AddOrg(orgs::OrgType::kPlatform, "平台", ""));
    importer_ = std::make_unique<imports::PostingImporter>(db(), *postings_,
                                                           testing::SharedCodebook(), clock_);
  }
  imports::ImportReport Import() {
    auto r = importer_->ImportFile(admin_, "tests/fixtures/imports/postings_wps.xlsx", {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : imports::ImportReport{};
  }
  auth::Principal admin_;
  std::unique_ptr<imports::PostingImporter> importer_;
};

TEST_P(PostingWpsXlsxTest, TitleRowsAreSkippedAndTextNumbersRead) {
  auto r = Import();
  EXPECT_EQ(r.format, "xlsx");
  EXPECT_EQ(r.header_row, 3);
  EXPECT_EQ(r.rows_total, 3);
  EXPECT_EQ(r.rows_rejected, 0) << r.ToJson().dump(2);
  EXPECT_EQ(r.inserted, 3);
  EXPECT_TRUE(r.unknown_columns.empty());
  // Numbers stored as text come out as the numbers typed.
  store::ResultSet rs;
  ASSERT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                    ASSIGN_OR_RETURN(rs, c.Query("SELECT title, pay_type, openings, wage_min, "
                                                 "wage_max FROM postings ORDER BY title"));
                    return Status::Ok();
                  }).ok());
  ASSERT_EQ(rs.size(), 3u);
  std::map<std::string, std::vector<std::string>> by_title;
  for (size_t i = 0; i < rs.size(); ++i)
    by_title[rs.Text(i, 0)] = {rs.Text(i, 1), rs.Text(i, 2), rs.Text(i, 3), rs.Text(i, 4)};
  EXPECT_EQ(by_title["车位工"], (std::vector<std::string>{"piece", "50", "4500", "9000"}));
  EXPECT_EQ(by_title["包装工"], (std::vector<std::string>{"monthly", "20", "4200", "5200"}));
  EXPECT_EQ(by_title["焊工"], (std::vector<std::string>{"monthly", "12", "6000", "9000"}));
}

TEST_P(PostingWpsXlsxTest, ReimportingTheSameSheetChangesNothing) {
  Import();
  auto r = Import();
  EXPECT_EQ(r.inserted, 0);
  EXPECT_EQ(r.unchanged, 3) << r.ToJson().dump(2);
}

XIEZUO_INSTANTIATE_STORE_TESTS(PostingWpsXlsxTest);

}  // namespace
}  // namespace xiezuo
