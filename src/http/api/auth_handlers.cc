// /api/v1/auth: sign-in, sign-out, who am I.
#include "http/api/api.h"
#include "http/api/views.h"
#include "http/json_util.h"

namespace xiezuo::http {

namespace {

std::string SessionCookie(const std::string& value, int64_t max_age, bool secure) {
  std::string c = std::string(kSessionCookie) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
}

}  // namespace

void RegisterAuthRoutes(Router& router, ApiContext& ctx) {
  router.Add("POST", "/api/v1/auth/login", [&ctx](Request& req) -> Response {
    auto body = ParseJsonBody(req);
    if (!body.ok()) return ErrorResponse(body.status());
    JsonReader r(*body, {"username", "password"});
    auto username = r.String("username", true, 64);
    auto password = r.String("password", true, 256);
    if (!r.status().ok()) return ErrorResponse(r.status());
    auto login = ctx.auth.Login(*username, *password, req.remote_addr);
    if (!login.ok()) return ErrorResponse(login.status());
    req.log_user = std::to_string(login->session.principal.user_id);
    Response res = JsonResponse(200, {{"user", PrincipalJson(ctx, login->session.principal)},
                                      {"csrf_token", login->session.csrf_token}});
    res.headers.emplace_back(
        "Set-Cookie", SessionCookie(login->token, ctx.auth.options().absolute_timeout_seconds,
                                    req.secure || ctx.always_secure_cookies));
    return res;
  });

  router.Add("POST", "/api/v1/auth/logout",
             Authed(ctx, [&ctx](Request& req, const auth::Session&) -> Response {
               Status s = ctx.auth.Logout(req.Cookie(kSessionCookie));
               if (!s.ok()) return ErrorResponse(s);
               Response res = JsonResponse(200, {{"ok", true}});
               res.headers.emplace_back(
                   "Set-Cookie", SessionCookie("", 0, req.secure || ctx.always_secure_cookies));
               return res;
             }));

  router.Add("GET", "/api/v1/auth/me",
             Authed(ctx, [&ctx](Request&, const auth::Session& s) -> Response {
               return JsonResponse(200, {{"user", PrincipalJson(ctx, s.principal)},
                                         {"csrf_token", s.csrf_token}});
             }));
}

}  // namespace xiezuo::http
