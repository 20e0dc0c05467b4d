// The valid-rows import writes each transaction without savepoints and, when
// a write fails, rolls that transaction back and writes its rows again one
// savepoint a batch (a row when needed). These tests check that the replay
// loses nothing, writes nothing twice and names the right row, and that the
// duplicate check still spans transactions. Both backends.
#include <fmt/format.h>

#include <fstream>
#include <set>

#include "tests/imports/worker_import_fixture.h"

namespace xiezuo {
namespace {

using imports::ImportOptions;
using imports::ImportReport;
using testing::MakeIdNumber;

struct Line {
  std::string id, phone;
  int wage = 4000;
};

Line MakeLine(int i) {
  int day = i / 900;
  return {MakeIdNumber("530622", fmt::format("1991{:02d}{:02d}", 1 + day / 28, 1 + day % 28),
                       fmt::format("{:03d}", 100 + i % 900)),
          fmt::format("138{:08d}", i)};
}

std::vector<Line> Lines(int n) {
  std::vector<Line> v;
  for (int i = 0; i < n; ++i) v.push_back(MakeLine(i));
  return v;
}

class WorkerImportReplayTest : public testing::WorkerImportTest {
 protected:
  std::string Csv(const std::vector<Line>& lines, const std::string& name) {
    std::string path = ::testing::TempDir() + "replay_" + name + ".csv";
    std::ofstream f(path, std::ios::binary);
    f << "姓名,身份证号,手机号,户籍地,期望月薪\r\n";
    for (const auto& l : lines)
      f << "李娜," << l.id << "," << l.phone << ",530622," << l.wage << "\r\n";
    return path;
  }

  // A unique index the importer does not look up: the multi-row INSERT
  // holding the second of two equal phones fails in the database.
  void UniquePhones() {
    ASSERT_TRUE(db().Transact([](store::Connection& c) {
                      return c.ExecScript(
                          "CREATE UNIQUE INDEX test_replay_phone ON workers(phone_hash)");
                    }).ok());
  }
};

// Transactions of 20 rows in batches of 5: the failure is in the third batch
// of the second transaction, after its first two batches were written on the
// fast path. Those are written again by the replay, once.
TEST_P(WorkerImportReplayTest, FailureLateInATransactionIsReplayedAndNamesItsRow) {
  UniquePhones();
  auto lines = Lines(50);
  lines[32].phone = lines[21].phone;  // line 34 repeats line 23's phone
  ImportOptions o;
  o.batch_rows = 5;
  o.commit_rows = 20;
  auto r = Import(Csv(lines, "late"), o);
  EXPECT_TRUE(r.committed);
  EXPECT_EQ(r.rows_total, 50);
  EXPECT_EQ(r.inserted, 49);
  EXPECT_EQ(r.rows_valid, 49);
  EXPECT_EQ(r.rows_rejected, 1);
  EXPECT_EQ(ErrorRows(r), std::set<int64_t>{34});
  ASSERT_EQ(r.rejected_rows.size(), 1u);
  EXPECT_EQ(r.rejected_rows[0].number, 34);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM workers"), 49);
  // Each inserted line reported once, with its own stored id.
  std::set<int64_t> rows, ids;
  for (const auto& c : r.changes) {
    EXPECT_EQ(c.action, "inserted");
    rows.insert(c.row);
    ids.insert(c.id);
  }
  EXPECT_EQ(rows.size(), 49u);
  EXPECT_EQ(rows.count(34), 0u);
  EXPECT_EQ(ids.size(), 49u);
  EXPECT_EQ(ids.count(0), 0u);
  // The audit record commits with the replayed transaction and counts it once.
  ASSERT_EQ(CountOf("SELECT COUNT(*) FROM audit_log WHERE action = 'worker.import'"), 1);
  std::string detail;
  ASSERT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT detail FROM audit_log"
                                                      " WHERE action = 'worker.import'"));
                    detail = rs.Text(0, 0);
                    return Status::Ok();
                  }).ok());
  EXPECT_NE(detail.find("inserted=49 updated=0 unchanged=0 rejected=1"), std::string::npos)
      << detail;
}

// A re-import whose transaction is replayed: the updates written on the fast
// path are rolled back with it and written once more, so each person has
// one history entry and the report counts each update once.
TEST_P(WorkerImportReplayTest, ReplayedUpdatesKeepOneHistoryEntryEach) {
  UniquePhones();
  auto lines = Lines(30);
  auto first = Import(Csv(lines, "upd_a"), {});
  ASSERT_EQ(first.inserted, 30);
  for (auto& l : lines) l.wage += 100;
  auto extra = Lines(32);
  Line clash = extra[31];
  clash.phone = lines[3].phone;  // a new person with a stored phone: fails on INSERT
  lines.push_back(extra[30]);
  lines.push_back(clash);
  ImportOptions o;
  o.batch_rows = 8;
  o.commit_rows = 1000;  // one transaction
  auto r = Import(Csv(lines, "upd_b"), o);
  EXPECT_EQ(r.updated, 30);
  EXPECT_EQ(r.inserted, 1);
  EXPECT_EQ(r.rows_rejected, 1);
  EXPECT_EQ(ErrorRows(r), std::set<int64_t>{33});
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM workers"), 31);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM worker_history"), 30);
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM workers WHERE wage_floor = 4100"), 30);
  // The updates' audit rows written on the fast path went with its rollback:
  // the chain written by the replay still verifies.
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM audit_log WHERE action = 'worker.update'"), 30);
  auto chain = audit_->Verify();
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  EXPECT_TRUE(chain->ok) << chain->problem;
}

// Transactions of 10 rows: the same ID number 35 lines later, in another
// transaction, is still a duplicate within the file (not an update of the
// row this import just wrote).
TEST_P(WorkerImportReplayTest, DuplicateAcrossTransactionsIsADuplicateWithinTheFile) {
  auto lines = Lines(40);
  lines[37].id = lines[2].id;  // line 39 repeats line 4
  ImportOptions o;
  o.batch_rows = 5;
  o.commit_rows = 10;
  auto r = Import(Csv(lines, "dup_tx"), o);
  EXPECT_EQ(r.inserted, 39);
  EXPECT_EQ(r.updated + r.unchanged, 0);
  EXPECT_EQ(ErrorRows(r), std::set<int64_t>{39});
  ASSERT_FALSE(r.issues.empty());
  EXPECT_NE(r.issues[0].zh.find("第 4 行"), std::string::npos) << r.issues[0].zh;
  EXPECT_EQ(CountOf("SELECT COUNT(*) FROM workers"), 39);
}

XIEZUO_INSTANTIATE_STORE_TESTS(WorkerImportReplayTest);

}  // namespace
}  // namespace xiezuo
