// The JSON API under /api/v1: one handler file per resource, all registered
// on one Router by RegisterApi. Handlers translate HTTP to service calls and
// back; business rules, scope and audit live in the services.
//
//   ApiContext ctx{...services...};
//   Router router;
//   RegisterApi(router, ctx);
//
// Authentication: an HttpOnly session cookie (xz_session) plus, on every
// state-changing request, the X-CSRF-Token header that sign-in returned.
#ifndef XIEZUO_HTTP_API_API_H_
#define XIEZUO_HTTP_API_API_H_

#include <functional>
#include <string>

#include "audit/audit_log.h"
#include "auth/auth_service.h"
#include "codes/codebook.h"
#include "http/router.h"
#include "postings/postings.h"
#include "store/database.h"
#include "workers/worker.h"

namespace xiezuo::http {

struct ApiContext {
  store::Database& db;
  const codes::Codebook& codebook;
  auth::AuthService& auth;
  workers::WorkerService& workers;
  postings::PostingService& postings;
  audit::AuditLog& audit;
  const Clock& clock;
  // Adds "Secure" to cookies even when the request did not come through a
  // TLS-terminating proxy (XIEZUO_SECURE_COOKIES=1).
  bool always_secure_cookies = false;
};

void RegisterApi(Router& router, ApiContext& ctx);

// Per-resource registration (one file each).
void RegisterAuthRoutes(Router& router, ApiContext& ctx);
void RegisterCodeRoutes(Router& router, ApiContext& ctx);
void RegisterOrgRoutes(Router& router, ApiContext& ctx);
void RegisterWorkerRoutes(Router& router, ApiContext& ctx);
void RegisterPostingRoutes(Router& router, ApiContext& ctx);
void RegisterSystemRoutes(Router& router, ApiContext& ctx);

// A handler that runs only for a signed-in caller; state-changing methods
// also need a matching CSRF token.
using AuthedHandler = std::function<Response(Request&, const auth::Session&)>;
Handler Authed(ApiContext& ctx, AuthedHandler fn);

inline constexpr const char* kSessionCookie = "xz_session";

}  // namespace xiezuo::http

#endif  // XIEZUO_HTTP_API_API_H_
