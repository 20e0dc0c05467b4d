#include "http/api/api.h"

#include "http/json_util.h"
#include "security/tokens.h"

namespace xiezuo::http {

Handler Authed(ApiContext& ctx, AuthedHandler fn) {
  return [&ctx, fn = std::move(fn)](Request& req) -> Response {
    auto session = ctx.auth.Authenticate(req.Cookie(kSessionCookie));
    if (!session.ok()) return ErrorResponse(session.status());
    req.log_user = std::to_string(session->principal.user_id);
    bool changes = req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS";
    if (changes && !security::ConstantTimeEquals(req.Header("x-csrf-token"), session->csrf_token)) {
      return ErrorResponse(PermissionDenied("页面已过期，请刷新后重试（CSRF 校验失败）",
                                            "Missing or wrong CSRF token; reload the page"));
    }
    return fn(req, *session);
  };
}

void RegisterApi(Router& router, ApiContext& ctx) {
  RegisterSystemRoutes(router, ctx);
  RegisterAuthRoutes(router, ctx);
  RegisterCodeRoutes(router, ctx);
  RegisterOrgRoutes(router, ctx);
  RegisterWorkerRoutes(router, ctx);
  RegisterPostingRoutes(router, ctx);
  if (ctx.notify != nullptr) RegisterNotifyRoutes(router, ctx);
  if (ctx.worker_importer != nullptr || ctx.posting_importer != nullptr ||
      ctx.verification != nullptr) {
    RegisterImportRoutes(router, ctx);
  }
  if (ctx.verification != nullptr) RegisterVerificationRoutes(router, ctx);
  if (ctx.lists != nullptr) RegisterListRoutes(router, ctx);
  if (ctx.match != nullptr) RegisterMatchRoutes(router, ctx);
}

}  // namespace xiezuo::http
