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
#include "notify/notify_service.h"
#include "imports/jobs.h"
#include "imports/posting_import.h"
#include "imports/worker_import.h"
#include "lists/lists.h"
#include "postings/postings.h"
#include "postings/min_wages.h"
#include "postings/photos.h"
#include "postings/verification.h"
#include "store/database.h"
#include "workers/worker.h"

namespace xiezuo::match {
class MatchService;
}  // namespace xiezuo::match

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
  // SMS (templates, campaigns, Kannel callbacks, worker SMS sign-in); the
  // routes are registered only when set. The callback token authenticates
  // Kannel's delivery-report and inbound-message calls.
  notify::NotifyService* notify = nullptr;
  std::string sms_callback_token;
  // Bulk import, posting verification and the monthly lists (the lists
  // issue); each group of routes is registered only when its service is set.
  imports::WorkerImporter* worker_importer = nullptr;
  imports::PostingImporter* posting_importer = nullptr;
  postings::VerificationService* verification = nullptr;
  // Background import jobs (async=1) and their progress; registered only
  // when set.
  imports::ImportJobStore* import_jobs = nullptr;
  imports::ImportJobRunner* import_runner = nullptr;
  lists::ListService* lists = nullptr;
  // Matching (issue 4): recommendations, candidates, batches, outcomes;
  // registered only when set.
  match::MatchService* match = nullptr;
  // Visit photos and the minimum-wage tables (verification in the console);
  // registered with the verification routes, each only when set.
  postings::PhotoService* photos = nullptr;
  postings::MinWageService* min_wages = nullptr;
};

void RegisterApi(Router& router, ApiContext& ctx);

// Per-resource registration (one file each).
void RegisterAuthRoutes(Router& router, ApiContext& ctx);
void RegisterCodeRoutes(Router& router, ApiContext& ctx);
void RegisterOrgRoutes(Router& router, ApiContext& ctx);
void RegisterWorkerRoutes(Router& router, ApiContext& ctx);
void RegisterPostingRoutes(Router& router, ApiContext& ctx);
void RegisterSystemRoutes(Router& router, ApiContext& ctx);
void RegisterNotifyRoutes(Router& router, ApiContext& ctx);
void RegisterImportRoutes(Router& router, ApiContext& ctx);
void RegisterListRoutes(Router& router, ApiContext& ctx);
void RegisterMatchRoutes(Router& router, ApiContext& ctx);
void RegisterVerificationRoutes(Router& router, ApiContext& ctx);

// Photo uploads (POST /api/v1/postings/{id}/photos) get a larger body limit
// than other requests (ServerOptions::is_upload, upload_body_bytes).
bool IsPhotoUpload(std::string_view method, std::string_view target);
inline constexpr size_t kPhotoUploadBodyBytes = 6 << 20;

// A handler that runs only for a signed-in caller; state-changing methods
// also need a matching CSRF token.
using AuthedHandler = std::function<Response(Request&, const auth::Session&)>;
Handler Authed(ApiContext& ctx, AuthedHandler fn);

inline constexpr const char* kSessionCookie = "xz_session";

}  // namespace xiezuo::http

#endif  // XIEZUO_HTTP_API_API_H_
