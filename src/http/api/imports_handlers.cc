// /api/v1/imports/{workers,postings}: bulk import from an uploaded .csv or
// .xlsx (the raw file as the request body, X-File-Name its URL-encoded
// name); with async=1 as a background job (imports/jobs.h) whose progress
// and report are read from /api/v1/imports/jobs/...; the blank templates.
// The posting verification steps, the outline and the blacklist are in
// verification_handlers.cc.
//
// Uploads: the server streams import bodies into a file (Request::body_file,
// limit ServerOptions::max_upload_bytes, 64 MiB by default); other routes
// keep the 1 MiB body limit.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>

#include "http/api/api.h"
#include "http/api/views.h"
#include "http/json_util.h"
#include "imports/jobs.h"
#include "imports/report.h"

namespace xiezuo::http {

using nlohmann::json;

namespace {

// The uploaded bytes in a private temporary file, removed on destruction.
class TempUpload {
 public:
  explicit TempUpload(const std::string& bytes) {
    const char* tmp = std::getenv("TMPDIR");
    path_ = (tmp && *tmp ? std::string(tmp) : std::string("/tmp")) + "/xiezuo-upload-XXXXXX";
    int fd = mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
      return;
    }
    size_t off = 0;
    while (off < bytes.size()) {
      ssize_t n = write(fd, bytes.data() + off, bytes.size() - off);
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
    close(fd);
  }
  ~TempUpload() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

StatusOr<imports::ImportOptions> ReadOptions(const Request& req) {
  imports::ImportOptions o;
  std::string mode = req.Query("mode", "valid_rows_only");
  if (mode == "all_or_nothing") o.mode = imports::Mode::kAllOrNothing;
  else if (mode != "valid_rows_only")
    return FieldInvalid("mode", "导入方式须为 valid_rows_only 或 all_or_nothing",
                        "mode must be valid_rows_only or all_or_nothing");
  std::string dry = req.Query("dry_run", "0");
  o.dry_run = dry == "1" || dry == "true";
  return o;
}

constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// An xlsx download; `ascii` is the fallback name, `utf8` percent-encoded.
Response XlsxResponse(std::string bytes, const std::string& ascii, const std::string& utf8) {
  Response res;
  res.content_type = kXlsxType;
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + ascii +
                                                      "\"; filename*=UTF-8''" + utf8);
  res.body = std::move(bytes);
  return res;
}

Response ReportResponse(const Request& req, const imports::ImportReport& r) {
  if (req.Query("report") == "xlsx") {
    auto x = imports::ReportToXlsx(r);
    if (!x.ok()) return ErrorResponse(x.status());
    return XlsxResponse(std::move(*x), "import-report.xlsx",
                        "%E5%AF%BC%E5%85%A5%E7%BB%93%E6%9E%9C.xlsx");
  }
  return JsonResponse(200, r.ToJson());
}

// The uploaded file's name from X-File-Name (URL-encoded), for the job list.
std::string UploadName(const Request& req) {
  std::string name;
  if (!PercentDecode(req.Header("x-file-name"), false, &name)) return "";
  // Only the last path element, without control characters, at most 200 bytes.
  if (auto slash = name.find_last_of("/\\"); slash != std::string::npos) name.erase(0, slash + 1);
  std::string out;
  for (unsigned char c : name)
    if (c >= 0x20 && c != 0x7f) out += static_cast<char>(c);
  if (out.size() > 200) out.resize(200);
  return out;
}

}  // namespace

void RegisterImportRoutes(Router& router, ApiContext& ctx) {
  auto import_route = [&](const char* kind) {
    router.Add("POST", std::string("/api/v1/imports/") + kind,
               Authed(ctx, [&ctx, kind = std::string(kind)](Request& req,
                                                            const auth::Session& s) -> Response {
                 auto o = ReadOptions(req);
                 if (!o.ok()) return ErrorResponse(o.status());
                 if (req.body.empty() && req.body_file.empty()) {
                   return ErrorResponse(FieldInvalid("file", "请上传 .xlsx 或 .csv 文件",
                                                     "Upload a .xlsx or .csv file as the body"));
                 }
                 // Small bodies (or a server without upload streaming) arrive in
                 // memory: the importers read files.
                 std::optional<TempUpload> up;
                 if (req.body_file.empty()) {
                   up.emplace(req.body);
                   if (up->path().empty()) return ErrorResponse(Internal("cannot store upload"));
                 }
                 const std::string& path = up ? up->path() : req.body_file;
                 if (req.Query("async") == "1") {
                   if (!ctx.import_runner)
                     return ErrorResponse(NotFound("未启用后台导入", "Import jobs are disabled"));
                   auto job = ctx.import_runner->Submit(s.principal, kind, path, UploadName(req), *o);
                   if (!job.ok()) return ErrorResponse(job.status());
                   return JsonResponse(202, job->ToJson());
                 }
                 StatusOr<imports::ImportReport> r =
                     kind == "workers"
                         ? ctx.worker_importer->ImportFile(s.principal, path, *o)
                         : ctx.posting_importer->ImportFile(s.principal, path, *o);
                 if (!r.ok()) return ErrorResponse(r.status());
                 return ReportResponse(req, *r);
               }));
    router.Add("GET", std::string("/api/v1/imports/") + kind + "/template.xlsx",
               Authed(ctx, [kind = std::string(kind)](Request&, const auth::Session& s) -> Response {
                 if (Status st = imports::CheckMayImport(s.principal, kind); !st.ok())
                   return ErrorResponse(st);
                 auto x = imports::ImportTemplateXlsx(kind);
                 if (!x.ok()) return ErrorResponse(x.status());
                 return kind == "workers"
                            ? XlsxResponse(std::move(*x), "workers-template.xlsx",
                                           "%E6%B1%82%E8%81%8C%E4%BA%BA%E5%91%98%E5%90%8D%E5%8D%95"
                                           "%E6%A8%A1%E6%9D%BF.xlsx")
                            : XlsxResponse(std::move(*x), "postings-template.xlsx",
                                           "%E5%B2%97%E4%BD%8D%E4%BE%9B%E7%BB%99%E6%B8%85%E5%8D%95"
                                           "%E6%A8%A1%E6%9D%BF.xlsx");
               }));
  };
  if (ctx.worker_importer) import_route("workers");
  if (ctx.posting_importer) import_route("postings");

  if (ctx.import_jobs) {
    router.Add("GET", "/api/v1/imports/jobs",
               Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
                 std::string kind = req.Query("kind");
                 if (!kind.empty() && kind != "workers" && kind != "postings")
                   return ErrorResponse(FieldInvalid("kind", "kind 须为 workers 或 postings",
                                                     "kind must be workers or postings"));
                 int limit = std::atoi(req.Query("limit", "20").c_str());
                 auto jobs = ctx.import_jobs->List(s.principal, kind, limit);
                 if (!jobs.ok()) return ErrorResponse(jobs.status());
                 json items = json::array();
                 for (const auto& j : *jobs) items.push_back(j.ToJson());
                 return JsonResponse(200, {{"items", items}});
               }));
    router.Add("GET", "/api/v1/imports/jobs/{id}",
               Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
                 auto id = PathId(req);
                 if (!id.ok()) return ErrorResponse(id.status());
                 auto job = ctx.import_jobs->Get(s.principal, *id, /*with_report=*/true);
                 if (!job.ok()) return ErrorResponse(job.status());
                 return JsonResponse(200, job->ToJson());
               }));
    router.Add("GET", "/api/v1/imports/jobs/{id}/report.xlsx",
               Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
                 auto id = PathId(req);
                 if (!id.ok()) return ErrorResponse(id.status());
                 auto x = ctx.import_jobs->ReportXlsx(s.principal, *id);
                 if (!x.ok()) return ErrorResponse(x.status());
                 return XlsxResponse(std::move(*x), "import-report-" + std::to_string(*id) + ".xlsx",
                                     "%E5%AF%BC%E5%85%A5%E7%BB%93%E6%9E%9C-" +
                                         std::to_string(*id) + ".xlsx");
               }));
  }
}

}  // namespace xiezuo::http
