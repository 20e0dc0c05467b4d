// /api/v1 matching routes (issue 4): a worker's recommendations, a
// posting's candidates (both with reasons, within the caller's scope), a
// batch run, and the outcome officials mark on a recommendation.
#include "http/api/api.h"
#include "http/api/views.h"
#include "http/json_util.h"
#include "match/service.h"

namespace xiezuo::http {

using nlohmann::json;

namespace {

json RecommendationJson(const match::Recommendation& r) {
  return {{"id", r.id},
          {"batch_id", r.batch_id},
          {"worker_id", r.worker_id},
          {"worker_name", r.worker_name},
          {"posting_id", r.posting_id},
          {"posting_title", r.posting_title},
          {"enterprise_name", r.enterprise_name},
          {"rank", r.rank},
          {"score", r.score},
          {"reasons", {{"zh", r.reasons_zh}, {"en", r.reasons_en}}},
          {"outcome", r.outcome},
          {"outcome_reason", r.outcome_reason}};
}

Response RecommendationList(const StatusOr<std::vector<match::Recommendation>>& rows) {
  if (!rows.ok()) return ErrorResponse(rows.status());
  json items = json::array();
  for (const auto& r : *rows) items.push_back(RecommendationJson(r));
  return JsonResponse(200, {{"items", items}, {"total", items.size()}});
}

}  // namespace

void RegisterMatchRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/workers/{id}/recommendations",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               return RecommendationList(ctx.match->ForWorker(s.principal, *id));
             }));

  router.Add("GET", "/api/v1/postings/{id}/candidates",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               return RecommendationList(ctx.match->ForPosting(s.principal, *id));
             }));

  router.Add("POST", "/api/v1/match/batches",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"scope"});
               std::string scope_text = r.String("scope", true, 100).value_or("");
               if (!r.status().ok()) return ErrorResponse(r.status());
               if (s.principal.role != auth::Role::kAdmin &&
                   s.principal.role != auth::Role::kCountyOfficer &&
                   s.principal.role != auth::Role::kStationOfficer) {
                 return ErrorResponse(PermissionDenied("只有县人社局、劳务协作站和管理员可以运行匹配",
                                                       "only county bureaus, stations and admins run batches"));
               }
               auto scope = ctx.match->ResolveScope(scope_text);
               if (!scope.ok()) return ErrorResponse(scope.status());
               auto policy = ctx.match->CurrentPolicy();
               if (!policy.ok()) return ErrorResponse(policy.status());
               auto rep = ctx.match->RunBatch(s.principal, *scope, *policy);
               if (!rep.ok()) return ErrorResponse(rep.status());
               return JsonResponse(201, {{"id", rep->batch_id},
                                         {"scope", scope->label},
                                         {"policy_version", rep->policy_version},
                                         {"workers", rep->workers},
                                         {"postings", rep->postings},
                                         {"skipped", rep->skipped},
                                         {"seconds", rep->seconds},
                                         {"quality", json::parse(match::QualityToJson(rep->quality))}});
             }));

  router.Add("PUT", "/api/v1/recommendations/{id}",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"outcome", "reason"});
               std::string outcome = r.String("outcome", true, 20).value_or("");
               std::string reason = r.String("reason", false, 500).value_or("");
               if (!r.status().ok()) return ErrorResponse(r.status());
               Status st = ctx.match->SetOutcome(s.principal, *id, outcome, reason);
               if (!st.ok()) return ErrorResponse(st);
               auto rec = ctx.match->Get(s.principal, *id);
               if (!rec.ok()) return ErrorResponse(rec.status());
               return JsonResponse(200, RecommendationJson(*rec));
             }));
}

}  // namespace xiezuo::http
