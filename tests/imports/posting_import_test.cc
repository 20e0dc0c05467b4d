// Posting list import on both backends: a GB18030 list with a title row;
// each rule rejection is reported on its row and column with its reason.
#include "imports/posting_import.h"
#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

using imports::ImportOptions;
using imports::ImportReport;
using testing::ServicesTest;

class PostingImportTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    admin_ = AddUser("admin", "admin", AddOrg(orgs::OrgType::kPlatform, "平台", ""));
    importer_ = std::make_unique<imports::PostingImporter>(db(), *postings_,
                                                           testing::SharedCodebook(), clock_);
  }
  ImportReport Import(ImportOptions o = {}) {
    auto r = importer_->ImportFile(admin_, "tests/fixtures/imports/postings_gb18030.csv", o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ImportReport{};
  }
  int64_t Count(const std::string& table) { return CountOf("SELECT COUNT(*) FROM " + table); }
  static const imports::Issue* Find(const ImportReport& r, int64_t row, const std::string& col,
                                    bool error = true) {
    for (const auto& i : r.issues)
      if (i.row == row && i.column == col && i.error == error) return &i;
    return nullptr;
  }
  auth::Principal admin_;
  std::unique_ptr<imports::PostingImporter> importer_;
};

TEST_P(PostingImportTest, ValidRowsAreImportedAsDraftsAndEachRejectionHasItsReason) {
  auto r = Import();
  EXPECT_EQ(r.encoding, "GB18030");
  EXPECT_EQ(r.header_row, 2);
  EXPECT_EQ(r.rows_total, 5);
  EXPECT_EQ(r.inserted, 2) << r.ToJson().dump(2);
  EXPECT_EQ(r.rows_rejected, 3);
  const auto* wage = Find(r, 4, "月薪下限");
  ASSERT_NE(wage, nullptr) << r.ToJson().dump(2);
  EXPECT_NE(wage->zh.find("最低月工资标准 1990"), std::string::npos) << wage->zh;
  const auto* sex = Find(r, 5, "岗位要求");
  ASSERT_NE(sex, nullptr);
  EXPECT_NE(sex->zh.find("性别"), std::string::npos);
  EXPECT_NE(Find(r, 6, "统一社会信用代码"), nullptr);
  EXPECT_NE(Find(r, 6, "招聘人数"), nullptr);
  // Guangdong has no wage table yet: a warning, not a rejection.
  EXPECT_NE(Find(r, 7, "月薪下限", false), nullptr);
  EXPECT_EQ(Count("postings"), 2);
  EXPECT_EQ(Count("enterprises"), 2);
}

TEST_P(PostingImportTest, ReimportIsIdempotent) {
  Import();
  auto r = Import();
  EXPECT_EQ(r.inserted, 0);
  EXPECT_EQ(r.unchanged, 2);
  EXPECT_EQ(Count("postings"), 2);
  EXPECT_EQ(Count("enterprises"), 2);
}

TEST_P(PostingImportTest, AllOrNothingWritesNothing) {
  ImportOptions o;
  o.mode = imports::Mode::kAllOrNothing;
  auto r = Import(o);
  EXPECT_FALSE(r.committed);
  EXPECT_EQ(Count("postings"), 0);
  EXPECT_EQ(Count("enterprises"), 0);
}

TEST_P(PostingImportTest, DryRunWritesNothing) {
  ImportOptions o;
  o.dry_run = true;
  auto r = Import(o);
  EXPECT_EQ(r.inserted, 2);
  EXPECT_EQ(Count("postings"), 0);
}

XIEZUO_INSTANTIATE_STORE_TESTS(PostingImportTest);

}  // namespace
}  // namespace xiezuo
