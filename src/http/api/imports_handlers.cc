// /api/v1/imports/{workers,postings}: bulk import from an uploaded .csv or
// .xlsx (the raw file as the request body). The posting verification steps,
// the outline and the blacklist are in verification_handlers.cc.
//
// Uploads go through the server's body limit (ServerOptions::max_body_bytes,
// 1 MiB: about 8,000 worker rows of CSV); larger lists use the command line
// `xiezuo import`.
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "http/api/api.h"
#include "http/api/views.h"
#include "http/json_util.h"
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

Response ReportResponse(const Request& req, const imports::ImportReport& r) {
  if (req.Query("report") == "xlsx") {
    auto x = imports::ReportToXlsx(r);
    if (!x.ok()) return ErrorResponse(x.status());
    Response res;
    res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    res.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"import-report.xlsx\"; filename*=UTF-8''%E5%AF%BC%E5%85%A5%E7%BB%93%E6%9E%9C.xlsx");
    res.body = std::move(*x);
    return res;
  }
  return JsonResponse(200, r.ToJson());
}

}  // namespace

void RegisterImportRoutes(Router& router, ApiContext& ctx) {
  auto import_route = [&](const char* kind) {
    router.Add("POST", std::string("/api/v1/imports/") + kind,
               Authed(ctx, [&ctx, kind = std::string(kind)](Request& req,
                                                            const auth::Session& s) -> Response {
                 auto o = ReadOptions(req);
                 if (!o.ok()) return ErrorResponse(o.status());
                 if (req.body.empty()) {
                   return ErrorResponse(FieldInvalid("file", "请上传 .xlsx 或 .csv 文件",
                                                     "Upload a .xlsx or .csv file as the body"));
                 }
                 TempUpload up(req.body);
                 if (up.path().empty()) return ErrorResponse(Internal("cannot store upload"));
                 StatusOr<imports::ImportReport> r =
                     kind == "workers"
                         ? (ctx.worker_importer
                                ? ctx.worker_importer->ImportFile(s.principal, up.path(), *o)
                                : StatusOr<imports::ImportReport>(NotFound("未启用", "disabled")))
                         : (ctx.posting_importer
                                ? ctx.posting_importer->ImportFile(s.principal, up.path(), *o)
                                : StatusOr<imports::ImportReport>(NotFound("未启用", "disabled")));
                 if (!r.ok()) return ErrorResponse(r.status());
                 return ReportResponse(req, *r);
               }));
  };
  if (ctx.worker_importer) import_route("workers");
  if (ctx.posting_importer) import_route("postings");
}

}  // namespace xiezuo::http
