// Health, readiness, the audit log and the OpenAPI description.
#include <fstream>
#include <sstream>

#include "http/api/api.h"
#include "http/api/views.h"
#include "http/json_util.h"

namespace xiezuo::http {

using nlohmann::json;

void RegisterSystemRoutes(Router& router, ApiContext& ctx) {
  // Liveness: the process answers.
  router.Add("GET", "/healthz", [](Request&) -> Response {
    return JsonResponse(200, {{"status", "ok"}});
  });
  // Readiness: the database answers.
  router.Add("GET", "/readyz", [&ctx](Request&) -> Response {
    Status s = ctx.db.Ping();
    if (!s.ok()) {
      return ErrorResponse(Unavailable("数据库暂不可用", "Database unavailable"));
    }
    return JsonResponse(200, {{"status", "ready"},
                              {"database", store::DialectName(ctx.db.dialect())}});
  });

  router.Add("GET", "/api/v1/audit",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               if (!s.principal.is_admin()) {
                 return ErrorResponse(PermissionDenied("仅管理员可查看审计日志",
                                                       "Only administrators read the audit log"));
               }
               auto page = ParsePage(req);
               if (!page.ok()) return ErrorResponse(page.status());
               auto rows = ctx.audit.List(page->offset(), page->page_size);
               if (!rows.ok()) return ErrorResponse(rows.status());
               json items = json::array();
               for (const auto& r : rows->rows) {
                 items.push_back({{"id", r.id},
                                  {"at", r.at},
                                  {"user_id", r.user_id},
                                  {"username", r.username},
                                  {"action", r.action},
                                  {"object", r.object},
                                  {"result", r.result},
                                  {"detail", r.detail}});
               }
               return JsonResponse(200, ListJson(items, rows->total, page->page, page->page_size));
             }));
}

}  // namespace xiezuo::http
