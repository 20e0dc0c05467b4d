// Import jobs on both backends: the job row's life (queued, running with
// progress, done with its report, failed), scope, restart recovery, and the
// runner end to end with the real worker importer.
#include "imports/jobs.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

using imports::ImportJob;
using imports::ImportJobStore;
using imports::JobState;

class ImportJobsTest : public testing::ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    qiaojia_org_ = AddOrg(orgs::OrgType::kCountyBureau, "巧家县人社局", "530622");
    qiaojia_ = AddUser("qiaojia", "county_officer", qiaojia_org_);
    other_ = AddUser("tiandeng", "county_officer",
                     AddOrg(orgs::OrgType::kCountyBureau, "天等县人社局", "451425"));
    admin_ = AddUser("admin", "admin", AddOrg(orgs::OrgType::kPlatform, "平台", ""));
    store_ = std::make_unique<ImportJobStore>(db(), clock_, "node-a:8080");
  }
  ImportJob Create(const auth::Principal& p, const std::string& kind = "workers") {
    auto j = store_->Create(p, kind, "名单.xlsx", 1234, {});
    EXPECT_TRUE(j.ok()) << j.status().ToString();
    return j.ok() ? *j : ImportJob{};
  }
  ImportJob Get(int64_t id, const auth::Principal* p = nullptr) {
    auto j = store_->Get(p ? *p : admin_, id, true);
    EXPECT_TRUE(j.ok()) << j.status().ToString();
    return j.ok() ? *j : ImportJob{};
  }

  // Polls the job's row until it is done or failed (30 s at most).
  ImportJob WaitUntilEnded(int64_t id) {
    ImportJob r;
    for (int i = 0; i < 600; ++i) {
      r = Get(id);
      if (r.state == JobState::kDone || r.state == JobState::kFailed) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return r;
  }

  int64_t qiaojia_org_ = 0;
  auth::Principal qiaojia_, other_, admin_;
  std::unique_ptr<ImportJobStore> store_;
};

TEST_P(ImportJobsTest, ANewJobIsQueuedWithItsFileAndOptions) {
  ImportJob j = Create(qiaojia_);
  EXPECT_GT(j.id, 0);
  EXPECT_EQ(j.state, JobState::kQueued);
  EXPECT_EQ(j.file_name, "名单.xlsx");
  EXPECT_EQ(j.file_bytes, 1234);
  EXPECT_EQ(j.org_id, qiaojia_org_);
  EXPECT_EQ(j.username, "qiaojia");
  EXPECT_EQ(j.created_at, clock_.NowSeconds());
  EXPECT_EQ(j.Percent(), 0);
}

TEST_P(ImportJobsTest, ProgressIsWrittenToTheRowAndPercentStaysBelowHundredWhileRunning) {
  ImportJob j = Create(qiaojia_);
  ASSERT_TRUE(store_->MarkRunning(j.id, 30000).ok());
  ASSERT_TRUE(store_->SetProgress(j.id, 10000).ok());
  ImportJob r = Get(j.id);
  EXPECT_EQ(r.state, JobState::kRunning);
  EXPECT_EQ(r.rows_done, 10000);
  EXPECT_EQ(r.rows_estimate, 30000);
  EXPECT_EQ(r.Percent(), 33);
  // The estimate was low: never 100 % before the end.
  ASSERT_TRUE(store_->SetProgress(j.id, 40000).ok());
  EXPECT_EQ(Get(j.id).Percent(), 99);
}

TEST_P(ImportJobsTest, AFinishedJobKeepsItsReportAndTheXlsxBytesExactly) {
  ImportJob j = Create(qiaojia_);
  imports::ImportReport rep;
  rep.kind = "workers";
  rep.rows_total = 3;
  rep.rows_valid = 2;
  rep.rows_rejected = 1;
  rep.inserted = 2;
  rep.AddIssue({4, "身份证号", 1, true, "身份证号有误", "Bad ID number"});
  const char kBytes[] = "PK\x03\x04\0\xff\x80 binary";  // a NUL and high bytes inside
  std::string xlsx(kBytes, sizeof kBytes - 1);
  ASSERT_TRUE(store_->Finish(j.id, rep, xlsx).ok());
  ImportJob r = Get(j.id);
  EXPECT_EQ(r.state, JobState::kDone);
  EXPECT_EQ(r.Percent(), 100);
  EXPECT_EQ(r.summary.value("inserted", -1), 2);
  EXPECT_EQ(r.summary.value("rows_rejected", -1), 1);
  EXPECT_TRUE(r.has_report_xlsx);
  auto json = r.ToJson();
  ASSERT_TRUE(json.contains("report"));
  EXPECT_EQ(json["report"]["issues"][0]["message"], "身份证号有误");
  auto bytes = store_->ReportXlsx(qiaojia_, j.id);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(*bytes, xlsx);
}

TEST_P(ImportJobsTest, AFailedJobSaysWhyInBothLanguages) {
  ImportJob j = Create(qiaojia_);
  ASSERT_TRUE(store_->Fail(j.id, InvalidArgument("缺少必填列：身份证号", "Missing column")).ok());
  ImportJob r = Get(j.id);
  EXPECT_EQ(r.state, JobState::kFailed);
  EXPECT_EQ(r.error_zh, "缺少必填列：身份证号");
  EXPECT_EQ(r.error_en, "Missing column");
  EXPECT_FALSE(store_->ReportXlsx(qiaojia_, j.id).ok());
}

TEST_P(ImportJobsTest, AnotherCountySeesNeitherTheJobNorItsReport) {
  ImportJob mine = Create(qiaojia_);
  Create(other_);
  EXPECT_EQ(store_->Get(other_, mine.id, false).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->ReportXlsx(other_, mine.id).status().code(), StatusCode::kNotFound);
  auto theirs = store_->List(other_, "", 20);
  ASSERT_TRUE(theirs.ok());
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_NE((*theirs)[0].id, mine.id);
  auto all = store_->List(admin_, "workers", 20);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  EXPECT_EQ(store_->List(admin_, "postings", 20)->size(), 0u);
}

TEST_P(ImportJobsTest, ACountySeesItsVillagesJobsButNotAnotherCountysOrAStations) {
  auto village = AddUser("shaba", "village_officer",
                         AddOrg(orgs::OrgType::kVillage, "沙坝社区", "530622001001"));
  auto other_village = AddUser("tiandeng_v", "village_officer",
                               AddOrg(orgs::OrgType::kVillage, "进远村", "451425100201"));
  // A station of 巧家县 sits in its receiving city, not in the county.
  auto station = AddUser("station", "station_officer",
                         AddOrg(orgs::OrgType::kStation, "巧家县驻江门工作站", "440700", "530622"));
  ImportJob from_village = Create(village);
  ImportJob from_other_village = Create(other_village);
  ImportJob from_county = Create(qiaojia_);
  auto seen = store_->List(qiaojia_, "", 20);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  std::vector<int64_t> ids;
  for (const auto& j : *seen) ids.push_back(j.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<int64_t>{from_village.id, from_county.id}));
  EXPECT_TRUE(store_->Get(qiaojia_, from_village.id, true).ok());
  EXPECT_EQ(store_->Get(qiaojia_, from_other_village.id, false).status().code(),
            StatusCode::kNotFound);
  // The village officer still sees only the village's own job.
  auto village_seen = store_->List(village, "", 20);
  ASSERT_TRUE(village_seen.ok());
  ASSERT_EQ(village_seen->size(), 1u);
  EXPECT_EQ((*village_seen)[0].id, from_village.id);
  ImportJob from_station = Create(station, "postings");
  EXPECT_EQ(store_->Get(qiaojia_, from_station.id, false).status().code(), StatusCode::kNotFound);
}

TEST_P(ImportJobsTest, ARestartFailsThisNodesUnfinishedJobsAndStaleOnesElsewhere) {
  ImportJob running = Create(qiaojia_);
  ASSERT_TRUE(store_->MarkRunning(running.id, 10).ok());
  ImportJob done = Create(qiaojia_);
  ASSERT_TRUE(store_->Finish(done.id, imports::ImportReport{}, "").ok());
  ImportJobStore other_node(db(), clock_, "node-b:8080");
  auto elsewhere = other_node.Create(qiaojia_, "workers", "b.csv", 1, {});
  ASSERT_TRUE(elsewhere.ok());
  auto stale = other_node.Create(qiaojia_, "workers", "c.csv", 1, {});
  ASSERT_TRUE(stale.ok());
  clock_.Advance(std::chrono::seconds(700));
  ASSERT_TRUE(other_node.SetProgress(elsewhere->id, 5).ok());  // alive

  auto n = store_->FailInterrupted(600);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 2);
  ImportJob r = Get(running.id);
  EXPECT_EQ(r.state, JobState::kFailed);
  EXPECT_NE(r.error_zh.find("请重新上传"), std::string::npos) << r.error_zh;
  EXPECT_EQ(Get(stale->id).state, JobState::kFailed);
  EXPECT_EQ(Get(elsewhere->id).state, JobState::kQueued);
  EXPECT_EQ(Get(done.id).state, JobState::kDone);
}

TEST_P(ImportJobsTest, OnlyTheRolesThatImportMayStartAJob) {
  EXPECT_TRUE(imports::CheckMayImport(qiaojia_, "workers").ok());
  EXPECT_EQ(imports::CheckMayImport(qiaojia_, "postings").code(), StatusCode::kPermissionDenied);
  auto station = AddUser("station", "station_officer",
                         AddOrg(orgs::OrgType::kStation, "驻江门工作站", "440700", "451425"));
  EXPECT_TRUE(imports::CheckMayImport(station, "postings").ok());
  EXPECT_EQ(imports::CheckMayImport(station, "workers").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(imports::CheckMayImport(admin_, "cats").code(), StatusCode::kInvalidArgument);
}

TEST_P(ImportJobsTest, TheRunnerImportsTheUploadAndRecordsTheReport) {
  imports::WorkerImporter importer(db(), *workers_, testing::SharedCodebook(), *cipher_);
  auto spool = std::filesystem::temp_directory_path() /
               ("xiezuo_jobs_" + std::to_string(::getpid()) + "_" +
                std::to_string(reinterpret_cast<uintptr_t>(this)));
  imports::RunnerOptions ro;
  ro.spool_dir = spool.string();
  imports::ImportJobRunner runner(
      *store_,
      {{"workers",
        [&](const auth::Principal& p, const std::string& path, const imports::ImportOptions& o) {
          return importer.ImportFile(p, path, o);
        }}},
      ro);
  ASSERT_TRUE(runner.Start().ok());
  // The caller's copy of the upload: the runner moves it into its spool.
  std::string upload = (spool / "upload.csv").string();
  std::filesystem::copy_file("tests/fixtures/imports/workers_utf8.csv", upload);
  auto job = runner.Submit(qiaojia_, "workers", upload, "workers_utf8.csv", {});
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_FALSE(std::filesystem::exists(upload));
  ImportJob r = WaitUntilEnded(job->id);
  runner.Stop();
  ASSERT_EQ(r.state, JobState::kDone) << r.error_en;
  auto report = nlohmann::json::parse(r.report);
  EXPECT_GT(report["rows_total"].get<int64_t>(), 0);
  EXPECT_EQ(r.rows_done, report["rows_total"].get<int64_t>());
  // Pre-counted: the data rows (the header row is subtracted).
  EXPECT_EQ(r.rows_estimate, report["rows_total"].get<int64_t>());
  EXPECT_TRUE(r.has_report_xlsx);
  // The spooled upload is gone once the job ended.
  EXPECT_FALSE(std::filesystem::exists(spool / ("job-" + std::to_string(job->id))));
  std::filesystem::remove_all(spool);
}

// A dry run is one transaction that may outlast the stale-job sweep's 10
// minutes: its progress inside the transaction is visible at once, and on
// PostgreSQL it also renews the heartbeat, so another server's sweep leaves
// it alone.
TEST_P(ImportJobsTest, AOneTransactionImportShowsProgressAndStaysAliveWhereTheDatabaseAllows) {
  auto spool = std::filesystem::temp_directory_path() /
               ("xiezuo_jobs_tx_" + std::to_string(::getpid()) + "_" +
                std::to_string(reinterpret_cast<uintptr_t>(this)));
  imports::RunnerOptions ro;
  ro.spool_dir = spool.string();
  ImportJobStore other_node(db(), clock_, "node-b:8080");
  int64_t seen_rows = -1, swept = -1;
  JobState state_after_sweep = JobState::kQueued;
  imports::ImportJobRunner runner(
      *store_,
      {{"workers",
        [&](const auth::Principal&, const std::string&, const imports::ImportOptions& o)
            -> StatusOr<imports::ImportReport> {
          auto running = store_->List(admin_, "workers", 1);
          if (!running.ok() || running->empty()) return Internal("no job");
          int64_t id = (*running)[0].id;
          clock_.Advance(std::chrono::seconds(700));
          RETURN_IF_ERROR(db().Transact([&](store::Connection& c) -> Status {
            RETURN_IF_ERROR(c.Execute("SELECT 1").status());
            o.progress(7);
            return Status::Ok();
          }));
          auto now = store_->Get(admin_, id, false);
          if (now.ok()) seen_rows = now->rows_done;
          if (GetParam() == store::Dialect::kPostgres) {
            auto n = other_node.FailInterrupted(600);
            swept = n.ok() ? *n : -2;
            auto after = store_->Get(admin_, id, false);
            if (after.ok()) state_after_sweep = after->state;
          }
          return imports::ImportReport{};
        }}},
      ro);
  ASSERT_TRUE(runner.Start().ok());
  std::filesystem::create_directories(spool);
  std::string upload = (spool / "upload.csv").string();
  std::filesystem::copy_file("tests/fixtures/imports/workers_utf8.csv", upload);
  imports::ImportOptions opts;
  opts.dry_run = true;
  auto job = runner.Submit(qiaojia_, "workers", upload, "workers_utf8.csv", opts);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  ImportJob r = WaitUntilEnded(job->id);
  runner.Stop();
  std::filesystem::remove_all(spool);
  ASSERT_EQ(r.state, JobState::kDone) << r.error_en;
  EXPECT_EQ(seen_rows, 7);
  if (GetParam() == store::Dialect::kPostgres) {
    EXPECT_EQ(swept, 0);
    EXPECT_EQ(state_after_sweep, JobState::kRunning);
  }
}

TEST(ImportTemplateTest, TemplatesStarTheRequiredColumnsAndImportAsTheyAre) {
  auto w = imports::ImportTemplateXlsx("workers");
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->substr(0, 2), "PK");
  EXPECT_TRUE(imports::ImportTemplateXlsx("postings").ok());
  EXPECT_EQ(imports::ImportTemplateXlsx("cats").status().code(), StatusCode::kInvalidArgument);
  // Written out and read back, the header names every worker field.
  auto path = std::filesystem::temp_directory_path() / ("xiezuo_tpl_" + std::to_string(::getpid()) + ".xlsx");
  std::ofstream(path, std::ios::binary) << *w;
  auto reader = imports::OpenTable(path.string(), {});
  ASSERT_TRUE(reader.ok());
  imports::Row row;
  auto more = (*reader)->Next(&row);
  ASSERT_TRUE(more.ok() && *more);
  ASSERT_EQ(row.cells.size(), imports::WorkerFields().size());
  for (size_t i = 0; i < row.cells.size(); ++i) {
    const auto& f = imports::WorkerFields()[i];
    EXPECT_EQ(row.cells[i].text, (f.required ? "*" : "") + f.label);
  }
  std::filesystem::remove(path);
}

XIEZUO_INSTANTIATE_STORE_TESTS(ImportJobsTest);

}  // namespace
}  // namespace xiezuo
