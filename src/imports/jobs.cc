#include "imports/jobs.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "auth/scope.h"
#include "imports/posting_import.h"
#include "imports/table_reader.h"
#include "imports/xlsx_writer.h"
#include "orgs/org.h"

namespace xiezuo::imports {

using nlohmann::json;

namespace {

constexpr const char* kColumns =
    "id, kind, file_name, file_bytes, mode, dry_run, state, rows_done, rows_estimate, summary, "
    "error, error_en, user_id, username, org_id, created_at, started_at, finished_at, "
    "report_xlsx <> ''";

std::optional<JobState> ParseState(const std::string& s) {
  if (s == "queued") return JobState::kQueued;
  if (s == "running") return JobState::kRunning;
  if (s == "done") return JobState::kDone;
  if (s == "failed") return JobState::kFailed;
  return std::nullopt;
}

const char* ModeName(Mode m) {
  return m == Mode::kAllOrNothing ? "all_or_nothing" : "valid_rows_only";
}

ImportJob FromRow(const store::ResultSet& rs, size_t i) {
  ImportJob j;
  j.id = rs.Int(i, 0);
  j.kind = rs.Text(i, 1);
  j.file_name = rs.Text(i, 2);
  j.file_bytes = rs.Int(i, 3);
  j.mode = rs.Text(i, 4) == "all_or_nothing" ? Mode::kAllOrNothing : Mode::kValidRowsOnly;
  j.dry_run = rs.Int(i, 5) != 0;
  j.state = ParseState(rs.Text(i, 6)).value_or(JobState::kFailed);
  j.rows_done = rs.Int(i, 7);
  j.rows_estimate = rs.Int(i, 8);
  j.summary = json::parse(rs.Text(i, 9), nullptr, /*allow_exceptions=*/false);
  if (!j.summary.is_object()) j.summary = json::object();
  j.error_zh = rs.Text(i, 10);
  j.error_en = rs.Text(i, 11);
  j.user_id = rs.Int(i, 12);
  j.username = rs.Text(i, 13);
  j.org_id = rs.Int(i, 14);
  j.created_at = rs.Int(i, 15);
  j.started_at = rs.Int(i, 16);
  j.finished_at = rs.Int(i, 17);
  // SQLite prints a boolean as 1/0, PostgreSQL as t/f.
  const std::string& x = rs.Text(i, 18);
  j.has_report_xlsx = x == "1" || x == "t" || x == "true";
  return j;
}

// The scope filter: admins see all; a county officer their bureau's jobs
// and those of the village (and township) organisations in the county, who
// collect the lists the bureau answers for; others their organisation's.
std::string ScopeSql(const auth::Principal& p, store::Params* params) {
  if (p.is_admin()) return "1 = 1";
  params->push_back(p.org.id);
  if (p.role == auth::Role::kCountyOfficer && p.org.region_code.size() == 6) {
    params->push_back(std::string(orgs::OrgTypeName(orgs::OrgType::kVillage)));
    params->push_back(auth::RegionPrefix(p.org.region_code) + "%");
    return "(org_id = ? OR org_id IN (SELECT id FROM orgs WHERE type = ? AND region_code LIKE ?))";
  }
  return "org_id = ?";
}

// The xlsx report is kept in a TEXT column (one schema for both backends).
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(const std::string& bin) {
  std::string out;
  out.reserve((bin.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bin.size(); i += 3) {
    uint32_t v = static_cast<uint8_t>(bin[i]) << 16;
    if (i + 1 < bin.size()) v |= static_cast<uint8_t>(bin[i + 1]) << 8;
    if (i + 2 < bin.size()) v |= static_cast<uint8_t>(bin[i + 2]);
    out += kB64[(v >> 18) & 63];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < bin.size() ? kB64[(v >> 6) & 63] : '=';
    out += i + 2 < bin.size() ? kB64[v & 63] : '=';
  }
  return out;
}

StatusOr<std::string> Unbase64(const std::string& b64) {
  std::string out;
  out.reserve(b64.size() / 4 * 3);
  uint32_t v = 0;
  int bits = 0;
  for (char ch : b64) {
    if (ch == '=') break;
    const char* at = std::strchr(kB64, ch);
    if (!at || ch == '\0') return Internal("stored import report is not valid base64");
    v = (v << 6) | static_cast<uint32_t>(at - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((v >> bits) & 0xff);
    }
  }
  return out;
}

Status NotFoundJob() { return NotFound("找不到该导入任务", "Import job not found"); }

}  // namespace

const char* JobStateName(JobState s) {
  switch (s) {
    case JobState::kQueued: return "queued";
    case JobState::kRunning: return "running";
    case JobState::kDone: return "done";
    case JobState::kFailed: return "failed";
  }
  return "failed";
}

int ImportJob::Percent() const {
  if (state == JobState::kDone) return 100;
  if (rows_estimate <= 0) return 0;
  return static_cast<int>(std::min<int64_t>(99, rows_done * 100 / rows_estimate));
}

json ImportJob::ToJson() const {
  json j = {{"id", id},
            {"kind", kind},
            {"file_name", file_name},
            {"file_bytes", file_bytes},
            {"mode", ModeName(mode)},
            {"dry_run", dry_run},
            {"state", JobStateName(state)},
            {"rows_done", rows_done},
            {"rows_estimate", rows_estimate},
            // The total is counted before the import and includes title
            // and header rows: the console says "约".
            {"estimate_exact", false},
            {"percent", Percent()},
            {"summary", summary},
            {"has_report_xlsx", has_report_xlsx},
            {"created_by", username},
            {"created_at", created_at},
            {"started_at", started_at},
            {"finished_at", finished_at}};
  if (state == JobState::kFailed) j["error"] = {{"message", error_zh}, {"message_en", error_en}};
  if (!report.empty()) {
    json r = json::parse(report, nullptr, /*allow_exceptions=*/false);
    if (!r.is_discarded()) j["report"] = std::move(r);
  }
  return j;
}

Status CheckMayImport(const auth::Principal& p, const std::string& kind) {
  using auth::Role;
  if (kind == "workers") {
    if (p.role == Role::kAdmin || p.role == Role::kCountyOfficer ||
        p.role == Role::kVillageOfficer)
      return Status::Ok();
    return PermissionDenied("只有县、村经办人员和管理员可以导入求职人员名单",
                            "Only county and village officers and admins may import job seekers");
  }
  if (kind == "postings") {
    if (p.role == Role::kAdmin || p.role == Role::kStationOfficer) return Status::Ok();
    return PermissionDenied("只有劳务工作站人员和管理员可以导入岗位清单",
                            "Only station officers and admins may import postings");
  }
  return FieldInvalid("kind", "只能导入 workers（求职人员）或 postings（岗位）",
                      "Import kind must be workers or postings");
}

// ---- ImportJobStore

StatusOr<ImportJob> ImportJobStore::Create(const auth::Principal& p, const std::string& kind,
                                           const std::string& file_name, int64_t file_bytes,
                                           const ImportOptions& o) {
  int64_t now = clock_.NowSeconds();
  int64_t id = 0;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(
        id, c.QueryInt("INSERT INTO import_jobs (kind, file_name, file_bytes, mode, dry_run, "
                       "state, node, user_id, username, org_id, created_at, heartbeat_at) "
                       "VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?) RETURNING id",
                       {kind, file_name, file_bytes, std::string(ModeName(o.mode)),
                        int64_t{o.dry_run ? 1 : 0}, node_, p.user_id, p.username, p.org.id, now,
                        now}));
    return Status::Ok();
  }));
  return Get(p, id, false);
}

Status ImportJobStore::MarkRunning(int64_t id, int64_t rows_estimate) {
  int64_t now = clock_.NowSeconds();
  return db_.WithConnection([&](store::Connection& c) -> Status {
    return c
        .Execute("UPDATE import_jobs SET state = 'running', rows_estimate = ?, started_at = ?, "
                 "heartbeat_at = ? WHERE id = ?",
                 {rows_estimate, now, now, id})
        .status();
  });
}

bool ImportJobStore::RowWritableDuringImport() const {
  return db_.dialect() == store::Dialect::kPostgres;
}

Status ImportJobStore::SetProgress(int64_t id, int64_t rows_done) {
  return db_.WithConnection([&](store::Connection& c) -> Status {
    return c
        .Execute("UPDATE import_jobs SET rows_done = ?, heartbeat_at = ? WHERE id = ?",
                 {rows_done, clock_.NowSeconds(), id})
        .status();
  });
}

Status ImportJobStore::Finish(int64_t id, const ImportReport& r, const std::string& xlsx) {
  json full = r.ToJson();
  json summary = json::object();
  for (const char* k : {"format", "encoding", "header_row", "committed", "rows_total",
                        "rows_valid", "rows_rejected", "inserted", "updated", "unchanged"})
    summary[k] = full[k];
  int64_t now = clock_.NowSeconds();
  return db_.WithConnection([&](store::Connection& c) -> Status {
    return c
        .Execute("UPDATE import_jobs SET state = 'done', rows_done = ?, summary = ?, report = ?, "
                 "report_xlsx = ?, finished_at = ?, heartbeat_at = ? WHERE id = ?",
                 {r.rows_total, summary.dump(), full.dump(), Base64(xlsx), now, now, id})
        .status();
  });
}

Status ImportJobStore::Fail(int64_t id, const Status& why) {
  int64_t now = clock_.NowSeconds();
  return db_.WithConnection([&](store::Connection& c) -> Status {
    return c
        .Execute("UPDATE import_jobs SET state = 'failed', error = ?, error_en = ?, "
                 "finished_at = ?, heartbeat_at = ? WHERE id = ?",
                 {why.zh(), why.en(), now, now, id})
        .status();
  });
}

StatusOr<int64_t> ImportJobStore::FailInterrupted(int64_t stale_seconds) {
  int64_t now = clock_.NowSeconds();
  int64_t n = 0;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(
        n, c.Execute("UPDATE import_jobs SET state = 'failed', error = ?, error_en = ?, "
                     "finished_at = ? WHERE state IN ('queued', 'running') AND "
                     "(node = ? OR heartbeat_at < ?)",
                     {std::string("导入因服务器重启而中断，请重新上传该文件（重复导入不会产生重复记录）"),
                      std::string("The import was interrupted by a server restart; please upload "
                                  "the file again (re-importing creates no duplicates)"),
                      now, node_, now - stale_seconds}));
    return Status::Ok();
  }));
  return n;
}

StatusOr<ImportJob> ImportJobStore::Get(const auth::Principal& p, int64_t id, bool with_report) {
  ImportJob job;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    store::Params params{id};
    std::string where = ScopeSql(p, &params);
    ASSIGN_OR_RETURN(auto rs,
                     c.Query(std::string("SELECT ") + kColumns + (with_report ? ", report" : "") +
                                 " FROM import_jobs WHERE id = ? AND " + where,
                             params));
    if (rs.empty()) return NotFoundJob();
    job = FromRow(rs, 0);
    if (with_report) job.report = rs.Text(0, 19);
    return Status::Ok();
  }));
  ApplyLive(job);
  return job;
}

void ImportJobStore::SetLiveProgress(int64_t id, int64_t rows_done) {
  std::lock_guard lock(live_mu_);
  live_[id] = rows_done;
}

void ImportJobStore::ClearLiveProgress(int64_t id) {
  std::lock_guard lock(live_mu_);
  live_.erase(id);
}

void ImportJobStore::ApplyLive(ImportJob& job) const {
  std::lock_guard lock(live_mu_);
  auto it = live_.find(job.id);
  if (it != live_.end() && job.state == JobState::kRunning)
    job.rows_done = std::max(job.rows_done, it->second);
}

StatusOr<JobState> ImportJobStore::StateOf(int64_t id) {
  std::string state;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT state FROM import_jobs WHERE id = ?", {id}));
    if (rs.empty()) return NotFoundJob();
    state = rs.Text(0, 0);
    return Status::Ok();
  }));
  return ParseState(state).value_or(JobState::kFailed);
}

StatusOr<std::vector<ImportJob>> ImportJobStore::List(const auth::Principal& p,
                                                      const std::string& kind, int limit) {
  std::vector<ImportJob> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    store::Params params;
    std::string where = ScopeSql(p, &params);
    if (!kind.empty()) {
      where += " AND kind = ?";
      params.push_back(kind);
    }
    params.push_back(int64_t{std::clamp(limit, 1, 200)});
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string("SELECT ") + kColumns +
                                          " FROM import_jobs WHERE " + where +
                                          " ORDER BY id DESC LIMIT ?",
                                      params));
    for (size_t i = 0; i < rs.size(); ++i) out.push_back(FromRow(rs, i));
    return Status::Ok();
  }));
  for (ImportJob& j : out) ApplyLive(j);
  return out;
}

StatusOr<std::string> ImportJobStore::ReportXlsx(const auth::Principal& p, int64_t id) {
  std::string b64;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    store::Params params{id};
    std::string where = ScopeSql(p, &params);
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT report_xlsx FROM import_jobs WHERE id = ? AND " +
                                          where,
                                      params));
    if (rs.empty()) return NotFoundJob();
    b64 = rs.Text(0, 0);
    return Status::Ok();
  }));
  if (b64.empty()) {
    return NotFound("导入尚未完成，暂无结果文件", "The import has no report yet");
  }
  return Unbase64(b64);
}

// ---- ImportJobRunner

ImportJobRunner::ImportJobRunner(ImportJobStore& store, std::map<std::string, ImportFn> importers,
                                 RunnerOptions options)
    : store_(store), importers_(std::move(importers)), options_(std::move(options)) {}

ImportJobRunner::~ImportJobRunner() { Stop(); }

Status ImportJobRunner::Start() {
  std::error_code ec;
  std::filesystem::create_directories(options_.spool_dir, ec);
  if (ec) {
    return Unavailable("无法创建上传目录 " + options_.spool_dir,
                       "Cannot create the upload directory " + options_.spool_dir + ": " +
                           ec.message());
  }
  ASSIGN_OR_RETURN(int64_t failed, store_.FailInterrupted(options_.stale_seconds));
  if (failed > 0) spdlog::warn("import jobs: {} interrupted jobs marked failed", failed);
  // Uploads of ended jobs (this node's interrupted ones are failed now);
  // another server sharing the directory keeps its queued and running ones.
  for (const auto& e : std::filesystem::directory_iterator(options_.spool_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("job-", 0) != 0) continue;
    auto state = store_.StateOf(std::atoll(name.c_str() + 4));
    if (!state.ok() || *state == JobState::kDone || *state == JobState::kFailed)
      std::filesystem::remove(e.path(), ec);
  }
  std::lock_guard<std::mutex> lock(mu_);
  stopping_ = false;
  if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
  return Status::Ok();
}

void ImportJobRunner::Stop() {
  std::deque<Pending> left;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    left.swap(queue_);
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (Pending& p : left) {
    (void)store_.Fail(p.id, Unavailable("服务器停止，导入未开始，请重新上传",
                                        "The server stopped before the import began; please "
                                        "upload again"));
    std::error_code ec;
    std::filesystem::remove(p.path, ec);
  }
}

StatusOr<ImportJob> ImportJobRunner::Submit(const auth::Principal& p, const std::string& kind,
                                            const std::string& path,
                                            const std::string& file_name,
                                            const ImportOptions& o) {
  RETURN_IF_ERROR(CheckMayImport(p, kind));
  if (!importers_.count(kind)) return NotFound("未启用该导入", "This import is not enabled");
  std::error_code ec;
  int64_t bytes = static_cast<int64_t>(std::filesystem::file_size(path, ec));
  if (ec) return Internal("upload missing: " + ec.message());
  ASSIGN_OR_RETURN(ImportJob job, store_.Create(p, kind, file_name, bytes, o));
  std::string spooled =
      (std::filesystem::path(options_.spool_dir) / ("job-" + std::to_string(job.id))).string();
  std::filesystem::rename(path, spooled, ec);
  if (ec) {  // another file system: copy
    ec.clear();
    std::filesystem::copy_file(path, spooled, std::filesystem::copy_options::overwrite_existing,
                               ec);
  }
  if (ec) {
    Status st = Unavailable("无法保存上传的文件，请稍后重试",
                            "Cannot store the upload: " + ec.message());
    (void)store_.Fail(job.id, st);
    return st;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      Status st = Unavailable("服务器正在停止，请稍后重新上传", "The server is stopping");
      (void)store_.Fail(job.id, st);
      std::filesystem::remove(spooled, ec);
      return st;
    }
    queue_.push_back(Pending{job.id, p, kind, spooled, o});
  }
  cv_.notify_one();
  return job;
}

void ImportJobRunner::Loop() {
  for (;;) {
    Pending job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      bool woke = cv_.wait_for(lock, std::chrono::seconds(60),
                               [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      if (!woke) {
        lock.unlock();
        // Other servers' jobs whose server died.
        (void)store_.FailInterrupted(options_.stale_seconds);
        continue;
      }
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    Run(job);
    std::error_code ec;
    std::filesystem::remove(job.path, ec);
  }
}

void ImportJobRunner::Run(Pending& job) {
  auto estimate = CountRows(job.path, job.options.limits);
  // Minus the header row; a title row above it keeps this an estimate.
  Status st = store_.MarkRunning(job.id, estimate.ok() ? std::max<int64_t>(0, *estimate - 1) : 0);
  if (!st.ok()) spdlog::warn("import job {}: {}", job.id, st.message());
  ImportOptions o = job.options;
  // A dry run or an all-or-nothing import is one transaction: on SQLite the
  // job's row cannot be written until it ends, so its progress is kept in
  // memory; on PostgreSQL it goes to the row (the heartbeat too) through
  // another connection. Otherwise each batch commits on its own, which keeps
  // the write lock short for everyone else using the server, and the
  // progress goes to the row between batches.
  const bool one_transaction = o.dry_run || o.mode == Mode::kAllOrNothing;
  if (!one_transaction) o.commit_rows = o.batch_rows;
  const bool write_row = !one_transaction || store_.RowWritableDuringImport();
  o.progress = [this, id = job.id, write_row](int64_t rows) {
    store_.SetLiveProgress(id, rows);
    if (!write_row) return;
    if (Status s = store_.SetProgress(id, rows); !s.ok())
      spdlog::warn("import job {} progress: {}", id, s.message());
  };
  struct ClearLive {
    ImportJobStore& store;
    int64_t id;
    ~ClearLive() { store.ClearLiveProgress(id); }
  } clear_live{store_, job.id};
  StatusOr<ImportReport> r = Internal("no importer");
  try {
    r = importers_.at(job.kind)(job.principal, job.path, o);
  } catch (const std::exception& e) {
    r = Internal(std::string("import threw: ") + e.what());
  }
  if (!r.ok()) {
    if (Status s = store_.Fail(job.id, r.status()); !s.ok())
      spdlog::error("import job {}: cannot record failure: {}", job.id, s.message());
    return;
  }
  auto xlsx = ReportToXlsx(*r);
  st = store_.Finish(job.id, *r, xlsx.ok() ? *xlsx : std::string());
  if (!st.ok()) {
    spdlog::error("import job {}: cannot record the report: {}", job.id, st.message());
    (void)store_.Fail(job.id, st);
  }
}

StatusOr<int64_t> CountRows(const std::string& path, const ReaderLimits& limits) {
  ASSIGN_OR_RETURN(auto reader, OpenTable(path, limits));
  Row row;
  int64_t n = 0;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) break;
    if (!row.Blank()) ++n;
  }
  return n;
}

StatusOr<std::string> ImportTemplateXlsx(const std::string& kind) {
  const std::vector<FieldSpec>* fields = nullptr;
  if (kind == "workers") fields = &WorkerFields();
  else if (kind == "postings") fields = &PostingFields();
  else
    return FieldInvalid("kind", "只能导入 workers（求职人员）或 postings（岗位）",
                        "Import kind must be workers or postings");
  XlsxWriter x;
  auto* ws = x.AddSheet(kind == "workers" ? "求职人员名单" : "岗位供给清单");
  int col = 0;
  for (const FieldSpec& f : *fields) {
    // The header matcher ignores the star, so the template imports as is.
    x.Text(ws, 0, col, f.required ? "*" + f.label : f.label, f.required ? x.bad() : x.header());
    x.Comment(ws, 0, col, f.required ? "必填（required）" : "选填（optional）");
    worksheet_set_column(ws, static_cast<lxw_col_t>(col), static_cast<lxw_col_t>(col),
                         std::max<double>(12, static_cast<double>(f.label.size())), nullptr);
    ++col;
  }
  worksheet_freeze_panes(ws, 1, 0);
  return x.Finish();
}

}  // namespace xiezuo::imports
