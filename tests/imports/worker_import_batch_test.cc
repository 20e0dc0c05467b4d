// The batched, two-thread worker import at its batch boundaries, on both
// backends: duplicates inside one batch and across batches, an error in the
// last row of a batch in all-or-nothing mode, a re-import of 2,500 rows,
// progress after every batch and one audit record per import.
#include <fmt/format.h>

#include <fstream>
#include <set>

#include "tests/imports/worker_import_fixture.h"

namespace xiezuo {
namespace {

using imports::ImportOptions;
using imports::ImportReport;
using imports::Mode;
using testing::MakeIdNumber;

// Row i of a generated list: a distinct person of 巧家县 born in 1990.
struct ListRow {
  std::string name = "张伟";
  std::string id;
  std::string phone;
  std::string region = "云南省昭通市巧家县";
  int wage = 4000;
};

ListRow MakeRow(int i) {
  ListRow r;
  int day = i / 900;  // 900 sequence numbers a birth date
  r.id = MakeIdNumber("530622", fmt::format("1990{:02d}{:02d}", 1 + day / 28, 1 + day % 28),
                      fmt::format("{:03d}", 100 + i % 900));
  r.phone = fmt::format("139{:08d}", i);
  return r;
}

class WorkerImportBatchTest : public testing::WorkerImportTest {
 protected:
  // Writes the rows as a UTF-8 CSV (data rows start at line 2).
  std::string Write(const std::vector<ListRow>& rows, const std::string& name) {
    std::string path = ::testing::TempDir() + name + ".csv";
    std::ofstream f(path, std::ios::binary);
    f << "姓名,身份证号,手机号,户籍地,期望月薪\r\n";
    for (const auto& r : rows)
      f << r.name << "," << r.id << "," << r.phone << "," << r.region << "," << r.wage << "\r\n";
    return path;
  }
  int64_t Count() { return CountOf("SELECT COUNT(*) FROM workers"); }
};

std::vector<ListRow> Rows(int n) {
  std::vector<ListRow> v;
  for (int i = 0; i < n; ++i) v.push_back(MakeRow(i));
  return v;
}

TEST_P(WorkerImportBatchTest, DuplicateIdInsideOneBatchRejectsTheLaterRow) {
  auto rows = Rows(8);
  rows[5].id = rows[2].id;  // lines 7 and 4, both in the one batch of 10
  ImportOptions o;
  o.batch_rows = 10;
  auto r = Import(Write(rows, "dup_inside"), o);
  EXPECT_EQ(r.rows_rejected, 1);
  EXPECT_EQ(r.inserted, 7);
  EXPECT_EQ(ErrorRows(r), std::set<int64_t>{7});
  ASSERT_FALSE(r.issues.empty());
  EXPECT_NE(r.issues[0].zh.find("第 4 行"), std::string::npos) << r.issues[0].zh;
  EXPECT_EQ(Count(), 7);
}

TEST_P(WorkerImportBatchTest, DuplicateIdAcrossBatchesRejectsTheLaterRow) {
  auto rows = Rows(9);
  rows[8].id = rows[0].id;  // line 10 in the fifth batch of 2 repeats line 2 in the first
  ImportOptions o;
  o.batch_rows = 2;
  auto r = Import(Write(rows, "dup_across"), o);
  EXPECT_EQ(r.rows_rejected, 1);
  EXPECT_EQ(r.inserted, 8);
  EXPECT_EQ(ErrorRows(r), std::set<int64_t>{10});
  ASSERT_FALSE(r.issues.empty());
  EXPECT_NE(r.issues[0].en.find("row 2"), std::string::npos) << r.issues[0].en;
  EXPECT_EQ(Count(), 8);
}

TEST_P(WorkerImportBatchTest, AllOrNothingBadLastRowOfABatchWritesNothing) {
  auto rows = Rows(10);
  rows[4].phone = "1234";  // line 6: the last row of the first batch of 5
  ImportOptions o;
  o.mode = Mode::kAllOrNothing;
  o.batch_rows = 5;
  auto r = Import(Write(rows, "aon_parse"), o);
  EXPECT_FALSE(r.committed);
  EXPECT_EQ(r.rows_rejected, 1);
  EXPECT_EQ(ErrorRows(r), std::set<int64_t>{6});
  EXPECT_EQ(r.inserted, 0);
  EXPECT_EQ(Count(), 0);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM audit_log WHERE action = 'worker.import'"), 0);
}

TEST_P(WorkerImportBatchTest, AllOrNothingRefusedLastRowOfABatchWritesNothing) {
  // Valid, but registered in another county: refused only when written,
  // after the first batch's other rows are already in the transaction.
  auto rows = Rows(10);
  rows[4].region = "广西壮族自治区崇左市天等县";
  ImportOptions o;
  o.mode = Mode::kAllOrNothing;
  o.batch_rows = 5;
  auto r = Import(Write(rows, "aon_scope"), o);
  EXPECT_FALSE(r.committed);
  EXPECT_EQ(r.rows_rejected, 1);
  EXPECT_EQ(ErrorRows(r), std::set<int64_t>{6});
  EXPECT_EQ(Count(), 0);
}

TEST_P(WorkerImportBatchTest, ValidRowsOnlyRefusedRowDoesNotHoldBackItsBatch) {
  auto rows = Rows(10);
  rows[4].region = "广西壮族自治区崇左市天等县";
  ImportOptions o;
  o.batch_rows = 5;
  auto r = Import(Write(rows, "valid_scope"), o);
  EXPECT_TRUE(r.committed);
  EXPECT_EQ(r.rows_rejected, 1);
  EXPECT_EQ(r.inserted, 9);
  EXPECT_EQ(r.rows_valid, 9);
  EXPECT_EQ(ErrorRows(r), std::set<int64_t>{6});
  ASSERT_EQ(r.rejected_rows.size(), 1u);
  EXPECT_EQ(r.rejected_rows[0].number, 6);
  EXPECT_EQ(Count(), 9);
}

// A write that fails inside a batch (here: a unique index the importer does
// not look up, so the multi-row INSERT itself fails) is rolled back to the
// batch's savepoint and redone row by row; the other batches of the same
// transaction stay.
TEST_P(WorkerImportBatchTest, ValidRowsOnlyFailedBatchIsRedoneRowByRow) {
  ASSERT_TRUE(db().Transact([](store::Connection& c) {
                    return c.ExecScript("CREATE UNIQUE INDEX test_one_phone ON workers(phone_hash)");
                  }).ok());
  auto rows = Rows(12);
  rows[7].phone = rows[6].phone;  // lines 8 and 9, in the second batch of 5
  ImportOptions o;
  o.batch_rows = 5;
  auto r = Import(Write(rows, "redo"), o);
  EXPECT_TRUE(r.committed);
  EXPECT_EQ(r.inserted, 11);
  EXPECT_EQ(r.rows_valid, 11);
  EXPECT_EQ(r.rows_rejected, 1);
  EXPECT_EQ(ErrorRows(r), std::set<int64_t>{9});
  EXPECT_EQ(Count(), 11);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM audit_log WHERE action = 'worker.import'"), 1);
}

TEST_P(WorkerImportBatchTest, AllOrNothingFailedInsertWritesNothing) {
  ASSERT_TRUE(db().Transact([](store::Connection& c) {
                    return c.ExecScript("CREATE UNIQUE INDEX test_one_phone ON workers(phone_hash)");
                  }).ok());
  auto rows = Rows(12);
  rows[9].phone = rows[8].phone;  // lines 10 and 11
  ImportOptions o;
  o.mode = Mode::kAllOrNothing;
  o.batch_rows = 5;
  auto r = Import(Write(rows, "aon_insert"), o);
  EXPECT_FALSE(r.committed);
  EXPECT_EQ(r.rows_rejected, 1);
  EXPECT_EQ(Count(), 0);
}

TEST_P(WorkerImportBatchTest, ReimportOf2500RowsReportsUpdatesExactly) {
  auto rows = Rows(2500);
  auto first = Import(Write(rows, "reimport_a"), {});
  ASSERT_EQ(first.inserted, 2500);
  std::set<int64_t> changed_lines;
  for (int i = 0; i < 2500; i += 7) {
    rows[i].wage += 100;
    changed_lines.insert(i + 2);
  }
  auto r = Import(Write(rows, "reimport_b"), {});
  EXPECT_EQ(r.inserted, 0);
  EXPECT_EQ(r.updated, static_cast<int64_t>(changed_lines.size()));
  EXPECT_EQ(r.unchanged, 2500 - static_cast<int64_t>(changed_lines.size()));
  EXPECT_EQ(r.rows_rejected, 0);
  std::set<int64_t> reported;
  for (const auto& c : r.changes) {
    if (c.action != "updated") continue;
    reported.insert(c.row);
    EXPECT_EQ(c.changed, std::vector<std::string>{"wage_floor"}) << "row " << c.row;
    EXPECT_GT(c.id, 0);
  }
  EXPECT_EQ(reported, changed_lines);
  EXPECT_EQ(Count(), 2500);
  // Each update keeps its history entry; unchanged rows write nothing.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM worker_history"),
            static_cast<int64_t>(changed_lines.size()));
}

TEST_P(WorkerImportBatchTest, InsertedRowsReportTheirOwnIds) {
  auto rows = Rows(150);  // one statement of 64 rows, then 64, 16, 4, 1, 1
  auto r = Import(Write(rows, "ids"), {});
  ASSERT_EQ(r.changes.size(), 150u);
  std::set<int64_t> ids;
  for (const auto& c : r.changes) ids.insert(c.id);
  EXPECT_EQ(ids.size(), 150u);
  EXPECT_EQ(ids.count(0), 0u);
  // The change for line 2 names the record stored from line 2.
  std::string hash = cipher_->BlindIndex(rows[0].id, security::pii_context::kIdNumber);
  EXPECT_EQ(CountOf(fmt::format("SELECT id FROM workers WHERE id_hash = '{}'", hash)),
            r.changes[0].id);
  EXPECT_EQ(r.changes[0].row, 2);
}

TEST_P(WorkerImportBatchTest, OneAuditRecordPerImportNamesTheFileAndCounts) {
  auto r = Import(Write(Rows(30), "audit"), {});
  ASSERT_EQ(r.inserted, 30);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM audit_log WHERE action = 'worker.create'"), 0);
  ASSERT_EQ(CountOf("SELECT COUNT(*) FROM audit_log WHERE action = 'worker.import'"), 1);
  std::string detail;
  ASSERT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT detail, user_id FROM audit_log"
                                                      " WHERE action = 'worker.import'"));
                    detail = rs.Text(0, 0);
                    EXPECT_EQ(rs.Int(0, 1), officer_.user_id);
                    return Status::Ok();
                  }).ok());
  EXPECT_NE(detail.find("file_sha256="), std::string::npos) << detail;
  EXPECT_EQ(detail.find("file_sha256=-"), std::string::npos) << detail;
  EXPECT_NE(detail.find("inserted=30"), std::string::npos) << detail;
  auto chain = audit_->Verify();
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  EXPECT_TRUE(chain->ok) << chain->problem;
}

TEST_P(WorkerImportBatchTest, ProgressIsReportedAfterEveryBatch) {
  std::vector<int64_t> seen;
  ImportOptions o;
  o.batch_rows = 100;
  o.commit_rows = 100;
  o.progress = [&](int64_t n) { seen.push_back(n); };
  auto r = Import(Write(Rows(250), "progress"), o);
  EXPECT_EQ(r.inserted, 250);
  EXPECT_EQ(seen, (std::vector<int64_t>{100, 200, 250}));
}

// The import jobs write their progress from the callback through another
// connection: on SQLite that only works between the import's transactions.
TEST_P(WorkerImportBatchTest, ProgressCallbackMayWriteToTheDatabase) {
  ASSERT_TRUE(db().WithConnection([](store::Connection& c) -> Status {
                    return c.Execute("CREATE TABLE progress_probe (rows_done BIGINT NOT NULL)")
                        .status();
                  }).ok());
  std::vector<Status> writes;
  ImportOptions o;
  o.batch_rows = 100;
  o.commit_rows = 100;
  o.progress = [&](int64_t n) {
    writes.push_back(db().Transact([n](store::Connection& c) -> Status {
      return c.Execute("INSERT INTO progress_probe (rows_done) VALUES (?)", {n}).status();
    }));
  };
  auto r = Import(Write(Rows(250), "progress-writes"), o);
  EXPECT_EQ(r.inserted, 250);
  ASSERT_EQ(writes.size(), 3u);
  for (const Status& st : writes) EXPECT_TRUE(st.ok()) << st.ToString();
}

XIEZUO_INSTANTIATE_STORE_TESTS(WorkerImportBatchTest);

}  // namespace
}  // namespace xiezuo
