// Import jobs: a list uploaded through the console is imported in the
// background while the official watches its progress.
//
//   ImportJobStore jobs(db, clock, "host:8080");
//   ImportJobRunner runner(jobs, {{"workers", import_workers}}, "var/uploads");
//   runner.Start();                       // fails this node's interrupted jobs
//   ASSIGN_OR_RETURN(ImportJob j, runner.Submit(principal, "workers",
//                                               "/tmp/upload-123", "名单.xlsx", {}));
//   ... GET jobs.Get(principal, j.id, /*with_report=*/true) until done ...
//   runner.Stop();
//
// The job row (table import_jobs) holds everything a server needs to answer
// about the job: state, rows done, an estimated total, the report JSON and
// the marked xlsx report (base64). The uploaded file stays on the disk of
// the server that received it (spool_dir) until its job ends; a job whose
// server stopped is marked failed ("please upload again"), which is safe
// because imports are idempotent.
//
// Scope: an admin sees every job; anyone else the jobs of their own
// organisation. Others' jobs are "not found", never "forbidden".
// Thread-safety: ImportJobStore is stateless over the database and may be
// shared. ImportJobRunner runs one job at a time on its own thread;
// Submit/Stop may be called from any thread.
#ifndef XIEZUO_IMPORTS_JOBS_H_
#define XIEZUO_IMPORTS_JOBS_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/principal.h"
#include "common/clock.h"
#include "imports/report.h"
#include "imports/worker_import.h"
#include "store/database.h"

namespace xiezuo::imports {

enum class JobState { kQueued, kRunning, kDone, kFailed };
const char* JobStateName(JobState s);

struct ImportJob {
  int64_t id = 0;
  std::string kind;  // "workers" | "postings"
  std::string file_name;
  int64_t file_bytes = 0;
  Mode mode = Mode::kValidRowsOnly;
  bool dry_run = false;
  JobState state = JobState::kQueued;
  int64_t rows_done = 0;
  // Rows counted before the import (title and header rows make it an
  // estimate); 0 while unknown.
  int64_t rows_estimate = 0;
  // The report's counts (rows_total, rows_valid, ...) once done.
  nlohmann::json summary = nlohmann::json::object();
  // The whole report JSON once done (Get with with_report only).
  std::string report;
  bool has_report_xlsx = false;
  std::string error_zh, error_en;  // state kFailed
  int64_t user_id = 0, org_id = 0;
  std::string username;
  int64_t created_at = 0, started_at = 0, finished_at = 0;

  // 0..100; while running at most 99 (the total is an estimate).
  int Percent() const;
  nlohmann::json ToJson() const;
};

// Who may import what (the console offers the same): workers by admins and
// county and village officers (in their scope, checked row by row by the
// service), postings by admins and station officers.
Status CheckMayImport(const auth::Principal& p, const std::string& kind);

class ImportJobStore {
 public:
  // node: names this server process's spool (host and port).
  ImportJobStore(store::Database& db, const Clock& clock, std::string node)
      : db_(db), clock_(clock), node_(std::move(node)) {}

  StatusOr<ImportJob> Create(const auth::Principal& p, const std::string& kind,
                             const std::string& file_name, int64_t file_bytes,
                             const ImportOptions& o);
  Status MarkRunning(int64_t id, int64_t rows_estimate);
  // Also the heartbeat.
  Status SetProgress(int64_t id, int64_t rows_done);
  Status Finish(int64_t id, const ImportReport& r, const std::string& xlsx);
  Status Fail(int64_t id, const Status& why);

  // Marks failed this node's queued or running jobs (its spool is gone after
  // a restart) and any node's whose heartbeat is older than stale_seconds.
  // Returns how many.
  StatusOr<int64_t> FailInterrupted(int64_t stale_seconds);

  StatusOr<ImportJob> Get(const auth::Principal& p, int64_t id, bool with_report);
  // The state alone, without a scope check (the runner's own bookkeeping).
  StatusOr<JobState> StateOf(int64_t id);
  // Newest first; kind "" = both.
  StatusOr<std::vector<ImportJob>> List(const auth::Principal& p, const std::string& kind,
                                        int limit);
  // The marked xlsx report; not found while the job runs.
  StatusOr<std::string> ReportXlsx(const auth::Principal& p, int64_t id);

  const std::string& node() const { return node_; }

  // Progress kept in this process while the import's own transaction is
  // open (dry run, all or nothing): on SQLite no other connection may write
  // then, so Get and List show it from here. Cleared when the job ends.
  void SetLiveProgress(int64_t id, int64_t rows_done);
  void ClearLiveProgress(int64_t id);
  // Whether the job's row may be written while an import's transaction is
  // open on another connection: on PostgreSQL yes (so a long dry run or
  // all-or-nothing import keeps its heartbeat and is not taken for dead by
  // another server's sweep); on SQLite no (one writer; and one node).
  bool RowWritableDuringImport() const;

 private:
  void ApplyLive(ImportJob& job) const;

  store::Database& db_;
  const Clock& clock_;
  const std::string node_;
  mutable std::mutex live_mu_;
  std::map<int64_t, int64_t> live_;  // job id -> rows done
};

// Runs one import: the importer for a kind.
using ImportFn = std::function<StatusOr<ImportReport>(
    const auth::Principal&, const std::string& path, const ImportOptions&)>;

struct RunnerOptions {
  // Where uploads wait for their job (created if missing).
  std::string spool_dir = "var/uploads";
  // Another node's job without a heartbeat for this long is failed. The
  // importer reports every 10,000 rows; default 10 minutes.
  int64_t stale_seconds = 600;
};

class ImportJobRunner {
 public:
  ImportJobRunner(ImportJobStore& store, std::map<std::string, ImportFn> importers,
                  RunnerOptions options = {});
  ~ImportJobRunner();  // Stop()s
  ImportJobRunner(const ImportJobRunner&) = delete;
  ImportJobRunner& operator=(const ImportJobRunner&) = delete;

  // Fails interrupted jobs, creates the spool directory, starts the thread.
  Status Start();
  // Waits for the running job to finish (an import cannot be cut in half
  // safely); queued jobs are marked failed.
  void Stop();

  // Records the job and queues it. The file at `path` is moved into the
  // spool (copied if on another file system); the caller's copy may go.
  StatusOr<ImportJob> Submit(const auth::Principal& p, const std::string& kind,
                             const std::string& path, const std::string& file_name,
                             const ImportOptions& o);

 private:
  struct Pending {
    int64_t id;
    auth::Principal principal;
    std::string kind, path;
    ImportOptions options;
  };
  void Loop();
  void Run(Pending& job);

  ImportJobStore& store_;
  const std::map<std::string, ImportFn> importers_;
  const RunnerOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;      // GUARDED_BY(mu_)
  std::thread thread_;
};

// Rows in the file (every non-blank row, title and header included), by
// reading it once without importing; the base of the progress estimate.
StatusOr<int64_t> CountRows(const std::string& path, const ReaderLimits& limits);

// A blank template for officials: one header row with every column the
// importer reads, required ones starred and red, a comment on each.
StatusOr<std::string> ImportTemplateXlsx(const std::string& kind);

}  // namespace xiezuo::imports

#endif  // XIEZUO_IMPORTS_JOBS_H_
