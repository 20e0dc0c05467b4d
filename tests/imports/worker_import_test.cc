// Worker list import on both backends: the same people from files written
// by different tools, errors by row and column, modes, idempotent re-import.
#include <fstream>
#include <set>

#include "imports/report.h"
#include "imports/worker_import.h"
#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

using imports::ImportOptions;
using imports::ImportReport;
using imports::Mode;

const std::string kDir = "tests/fixtures/imports/";

class WorkerImportTest : public testing::QiaojiaTest {
 protected:
  void SetUp() override {
    QiaojiaTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    importer_ = std::make_unique<imports::WorkerImporter>(db(), *workers_, testing::SharedCodebook(),
                                                          *cipher_);
  }

  ImportReport Import(const std::string& file, ImportOptions o = {},
                      const auth::Principal* who = nullptr) {
    auto r = importer_->ImportFile(who ? *who : officer_, file, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ImportReport{};
  }

  int64_t Count() { return CountOf("SELECT COUNT(*) FROM workers"); }

  // Everything stored about the people, in a comparable form.
  std::vector<std::string> Snapshot() {
    std::vector<std::string> out;
    EXPECT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                      ASSIGN_OR_RETURN(auto rs, c.Query(
                          "SELECT id_hash, name, sex, birth_date, phone_hash, region_code, category,"
                          " occupations, wanted_regions, local_only, wage_floor, skills,"
                          " training_wanted, leave_date, notes FROM workers ORDER BY id_hash"));
                      for (const auto& row : rs.rows) {
                        std::string s;
                        for (const auto& v : row) s += v.value_or("NULL") + "|";
                        out.push_back(s);
                      }
                      return Status::Ok();
                    }).ok());
    return out;
  }

  // (row, column) pairs of the errors.
  static std::set<std::pair<int64_t, std::string>> Errors(const ImportReport& r) {
    std::set<std::pair<int64_t, std::string>> out;
    for (const auto& i : r.issues)
      if (i.error) out.insert({i.row, i.column});
    return out;
  }

  std::unique_ptr<imports::WorkerImporter> importer_;
};

TEST_P(WorkerImportTest, Utf8CsvGb18030CsvAndTitledXlsxGiveTheSamePeople) {
  auto a = Import(kDir + "workers_utf8.csv");
  EXPECT_EQ(a.encoding, "UTF-8 (BOM)");
  EXPECT_EQ(a.inserted, 5);
  EXPECT_EQ(a.rows_rejected, 0) << a.ToJson().dump(2);
  auto first = Snapshot();
  ASSERT_EQ(first.size(), 5u);

  auto b = Import(kDir + "workers_gb18030.csv");
  EXPECT_EQ(b.encoding, "GB18030");
  EXPECT_EQ(b.rows_rejected, 0) << b.ToJson().dump(2);
  EXPECT_EQ(b.inserted, 0);
  EXPECT_EQ(b.unchanged, 5) << b.ToJson().dump(2);
  EXPECT_EQ(Snapshot(), first);

  auto c = Import(kDir + "workers_title.xlsx");
  EXPECT_EQ(c.format, "xlsx");
  EXPECT_EQ(c.header_row, 3);
  EXPECT_EQ(c.rows_rejected, 0) << c.ToJson().dump(2);
  EXPECT_EQ(c.unchanged, 5) << c.ToJson().dump(2);
  EXPECT_EQ(Snapshot(), first);
}

TEST_P(WorkerImportTest, XlsxAloneGivesTheSamePeopleAsTheCsv) {
  auto c = Import(kDir + "workers_title.xlsx");
  EXPECT_EQ(c.inserted, 5) << c.ToJson().dump(2);
  auto from_xlsx = Snapshot();
  ASSERT_TRUE(db().Transact([](store::Connection& c) -> Status {
                    RETURN_IF_ERROR(c.Execute("DELETE FROM worker_history").status());
                    return c.Execute("DELETE FROM workers").status();
                  }).ok());
  auto a = Import(kDir + "workers_utf8.csv");
  EXPECT_EQ(a.inserted, 5);
  EXPECT_EQ(Snapshot(), from_xlsx);
}

TEST_P(WorkerImportTest, UnknownColumnsAreReportedAndIgnored) {
  auto a = Import(kDir + "workers_utf8.csv");
  ASSERT_EQ(a.unknown_columns.size(), 1u);
  EXPECT_NE(a.unknown_columns[0].find("民族"), std::string::npos);
}

TEST_P(WorkerImportTest, EmptyPhoneIsAWarningNotAnError) {
  auto a = Import(kDir + "workers_utf8.csv");
  bool warned = false;
  for (const auto& i : a.issues)
    if (!i.error && i.column == "手机号" && i.row == 4) warned = true;
  EXPECT_TRUE(warned) << a.ToJson().dump(2);
  EXPECT_EQ(a.inserted, 5);
}

TEST_P(WorkerImportTest, EveryErrorNamesItsRowAndColumn) {
  auto r = Import(kDir + "workers_errors.csv");
  EXPECT_EQ(r.rows_total, 5);
  EXPECT_EQ(r.inserted, 1);
  EXPECT_EQ(r.rows_rejected, 4);
  auto e = Errors(r);
  std::set<std::pair<int64_t, std::string>> want = {
      {3, "身份证号"}, {3, "手机号"},     {4, "户籍地"}, {4, "性别"},
      {5, "身份证号"}, {6, "姓名"},       {6, "期望月薪"}, {6, "意向地区"}};
  for (const auto& w : want) EXPECT_TRUE(e.count(w)) << w.first << " " << w.second << "\n"
                                                     << r.ToJson().dump(2);
  for (const auto& i : r.issues) {
    EXPECT_FALSE(i.zh.empty());
    EXPECT_FALSE(i.en.empty());
  }
  // The duplicate names the first row.
  for (const auto& i : r.issues)
    if (i.row == 5 && i.column == "身份证号") {
      EXPECT_NE(i.zh.find("第 2 行"), std::string::npos);
    }
  EXPECT_EQ(Count(), 1);
}

TEST_P(WorkerImportTest, AllOrNothingWritesNothingWhenARowIsBad) {
  ImportOptions o;
  o.mode = Mode::kAllOrNothing;
  auto r = Import(kDir + "workers_errors.csv", o);
  EXPECT_FALSE(r.committed);
  EXPECT_EQ(r.rows_rejected, 4);
  EXPECT_EQ(Count(), 0);
}

TEST_P(WorkerImportTest, AllOrNothingCommitsAGoodFile) {
  ImportOptions o;
  o.mode = Mode::kAllOrNothing;
  auto r = Import(kDir + "workers_utf8.csv", o);
  EXPECT_TRUE(r.committed);
  EXPECT_EQ(Count(), 5);
}

TEST_P(WorkerImportTest, DryRunReportsButWritesNothing) {
  ImportOptions o;
  o.dry_run = true;
  auto r = Import(kDir + "workers_utf8.csv", o);
  EXPECT_EQ(r.inserted, 5);
  EXPECT_FALSE(r.committed);
  EXPECT_EQ(Count(), 0);
}

TEST_P(WorkerImportTest, ReimportUpdatesAndReportsWhatChanged) {
  Import(kDir + "workers_utf8.csv");
  std::ifstream in(kDir + "workers_utf8.csv", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  size_t at = text.find(",5000,");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 6, ",5500,");
  std::string path = ::testing::TempDir() + "changed.csv";
  std::ofstream(path, std::ios::binary) << text;
  auto r = Import(path);
  EXPECT_EQ(r.inserted, 0);
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(r.unchanged, 4);
  EXPECT_EQ(Count(), 5);
  bool found = false;
  for (const auto& c : r.changes)
    if (c.action == "updated") {
      found = true;
      EXPECT_EQ(c.changed, std::vector<std::string>{"wage_floor"});
      EXPECT_EQ(c.row, 2);
    }
  EXPECT_TRUE(found);
}

TEST_P(WorkerImportTest, IdNumberStoredAsExcelNumberIsReported) {
  auto r = Import(kDir + "workers_numeric_id.xlsx");
  EXPECT_EQ(r.rows_rejected, 1);
  ASSERT_FALSE(r.issues.empty());
  EXPECT_EQ(r.issues[0].column, "身份证号");
  EXPECT_NE(r.issues[0].zh.find("文本"), std::string::npos);
}

TEST_P(WorkerImportTest, OfficerOfAnotherCountyCannotImportTheseWorkers) {
  auto other = AddUser("tiandeng", "county_officer",
                       AddOrg(orgs::OrgType::kCountyBureau, "天等县人社局", "451425"));
  auto r = Import(kDir + "workers_utf8.csv", {}, &other);
  EXPECT_EQ(r.rows_rejected, 5);
  EXPECT_EQ(Count(), 0);
  for (const auto& i : r.issues)
    if (i.error) {
      EXPECT_EQ(i.column, "户籍地");
    }
}

TEST_P(WorkerImportTest, MissingRequiredColumnStopsTheFile) {
  std::string path = ::testing::TempDir() + "nophone.csv";
  std::ofstream(path, std::ios::binary) << "姓名,身份证号,户籍地\r\n张三,1,巧家县\r\n";
  auto r = importer_->ImportFile(officer_, path, {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().zh().find("手机号"), std::string::npos);
}

TEST_P(WorkerImportTest, ReportXlsxMarksTheFaultyCells) {
  auto r = Import(kDir + "workers_errors.csv");
  ASSERT_EQ(r.rejected_rows.size(), 4u);
  auto x = imports::ReportToXlsx(r);
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  EXPECT_EQ(x->substr(0, 2), "PK");
  // Readable by an xlsx reader (ours).
  std::string path = ::testing::TempDir() + "report.xlsx";
  std::ofstream(path, std::ios::binary) << *x;
  auto rd = imports::OpenTable(path, {});
  ASSERT_TRUE(rd.ok()) << rd.status().ToString();
}

XIEZUO_INSTANTIATE_STORE_TESTS(WorkerImportTest);

}  // namespace
}  // namespace xiezuo
