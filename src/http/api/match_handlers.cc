// /api/v1 matching routes (issue 4):
//   GET  /workers/{id}/recommendations   a worker's recommendations with reasons
//                                        and each posting's key facts (404 out of scope)
//   GET  /postings/{id}/candidates       a posting's candidates in the caller's scope
//                                        (masked ID numbers, reasons, outcomes)
//   PUT  /recommendations/{id}           the outcome an official marks
//   GET  /match/policy, /match/policies  the policy in force and its history
//   PUT  /match/policy                   a new policy version (admin only: one
//                                        policy serves every county and pair, and
//                                        no role below the platform spans them)
//   POST /match/batches                  run a batch for a pair, county or province in scope
//   GET  /match/scopes                   the pairs, counties, provinces the caller may batch
//   GET  /match/batches[/{id}[/xlsx]]    batches in scope, one with its histogram,
//                                        its recommendations as .xlsx
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "http/api/api.h"
#include "http/api/views.h"
#include "http/json_util.h"
#include "match/service.h"
#include "orgs/org.h"

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

json PolicyJson(const match::Policy& p) { return json::parse(match::PolicyToJson(p)); }

json PolicyVersionJson(const match::PolicyVersion& v) {
  json j = PolicyJson(v.policy);
  j["created_by_name"] = v.created_by_name;
  j["created_at"] = v.created_at;
  j["max_score"] = v.policy.MaxScore();
  return j;
}

json ScopeJson(const ApiContext& ctx, const std::string& label) {
  // "pair:451425:440700" → kind pair, region 451425, city 440700, with names.
  json j = {{"label", label}};
  std::vector<std::string> parts;
  std::stringstream ss(label);
  for (std::string part; std::getline(ss, part, ':');) parts.push_back(part);
  auto name = [&ctx](const std::string& code) {
    const auto* d = ctx.codebook.divisions->Find(code);
    return d ? std::string(d->name()) : code;
  };
  j["kind"] = parts.empty() ? "" : parts[0];
  j["region_code"] = parts.size() > 1 ? parts[1] : "";
  j["region_name"] = parts.size() > 1 ? name(parts[1]) : "";
  j["city_code"] = parts.size() > 2 ? parts[2] : "";
  j["city_name"] = parts.size() > 2 ? name(parts[2]) : "";
  return j;
}

json BatchJson(const ApiContext& ctx, const match::BatchInfo& b) {
  json quality = json::parse(b.quality_json, nullptr, false);
  json skipped = json::parse(b.skipped_json, nullptr, false);
  return {{"id", b.id},
          {"scope", ScopeJson(ctx, b.scope)},
          {"policy_version", b.policy_version},
          {"workers", b.workers},
          {"postings", b.postings},
          {"skipped", skipped.is_object() ? skipped : json::object()},
          {"quality", quality.is_object() ? quality : json::object()},
          {"created_by_name", b.created_by_name},
          {"created_at", b.created_at}};
}

// The recommendation with the posting's key facts, when the caller may see
// the posting (every official may; the posting could have been withdrawn).
json WithPosting(ApiContext& ctx, const auth::Principal& p, const match::Recommendation& r) {
  json j = RecommendationJson(r);
  auto posting = ctx.postings.GetPosting(p, r.posting_id);
  j["posting"] = posting.ok() ? PostingJson(ctx, *posting) : json(nullptr);
  return j;
}

json CandidateJson(const ApiContext& ctx, const match::Candidate& c) {
  json j = RecommendationJson(c.rec);
  const auto* county = ctx.codebook.divisions->Find(c.county_code);
  j["worker"] = {{"id_number_masked", c.id_masked},
                 {"sex", c.sex},
                 {"birth_date", c.birth_date},
                 {"county_code", c.county_code},
                 {"county_name", county ? std::string(county->name()) : c.county_code},
                 {"category", c.category},
                 {"wage_floor", c.wage_floor ? json(*c.wage_floor) : json(nullptr)}};
  return j;
}

// A fresh path under the temporary directory for one export.
std::filesystem::path TempXlsxPath() {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  return std::filesystem::temp_directory_path() /
         ("xiezuo-match-" + std::to_string(rng()) + ".xlsx");
}

}  // namespace

void RegisterMatchRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/workers/{id}/recommendations",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               // Out of scope is "not found", like the worker itself.
               auto worker = ctx.workers.Get(s.principal, *id);
               if (!worker.ok()) return ErrorResponse(worker.status());
               auto rows = ctx.match->ForWorker(s.principal, *id);
               if (!rows.ok()) return ErrorResponse(rows.status());
               json items = json::array();
               for (const auto& r : *rows) items.push_back(WithPosting(ctx, s.principal, r));
               return JsonResponse(200, {{"items", items}, {"total", items.size()}});
             }));

  router.Add("GET", "/api/v1/postings/{id}/candidates",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto posting = ctx.postings.GetPosting(s.principal, *id);
               if (!posting.ok()) return ErrorResponse(posting.status());
               auto rows = ctx.match->Candidates(s.principal, *id);
               if (!rows.ok()) return ErrorResponse(rows.status());
               json items = json::array();
               for (const auto& c : *rows) items.push_back(CandidateJson(ctx, c));
               return JsonResponse(200, {{"items", items},
                                         {"total", items.size()},
                                         {"openings", posting->openings}});
             }));

  router.Add("GET", "/api/v1/match/policy",
             Authed(ctx, [&ctx](Request&, const auth::Session&) -> Response {
               auto history = ctx.match->PolicyHistory();
               if (!history.ok()) return ErrorResponse(history.status());
               return JsonResponse(200, PolicyVersionJson(history->front()));
             }));

  router.Add("GET", "/api/v1/match/policies",
             Authed(ctx, [&ctx](Request&, const auth::Session&) -> Response {
               auto history = ctx.match->PolicyHistory();
               if (!history.ok()) return ErrorResponse(history.status());
               json items = json::array();
               for (const auto& v : *history) items.push_back(PolicyVersionJson(v));
               return JsonResponse(200, {{"items", items}});
             }));

  router.Add("PUT", "/api/v1/match/policy",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               if (!s.principal.is_admin()) {
                 return ErrorResponse(PermissionDenied("只有系统管理员可以修改匹配策略",
                                                       "only an administrator may edit the policy"));
               }
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               auto policy = match::PolicyFromJsonStrict(body->dump());
               if (!policy.ok()) return ErrorResponse(policy.status());
               auto saved = ctx.match->SavePolicy(s.principal, *policy);
               if (!saved.ok()) return ErrorResponse(saved.status());
               auto history = ctx.match->PolicyHistory();
               if (!history.ok()) return ErrorResponse(history.status());
               return JsonResponse(200, PolicyVersionJson(history->front()));
             }));

  router.Add("GET", "/api/v1/match/batches",
             Authed(ctx, [&ctx](Request&, const auth::Session& s) -> Response {
               auto rows = ctx.match->ListBatches(s.principal, 200);
               if (!rows.ok()) return ErrorResponse(rows.status());
               json items = json::array();
               for (const auto& b : *rows) items.push_back(BatchJson(ctx, b));
               return JsonResponse(200, {{"items", items}, {"total", items.size()}});
             }));

  router.Add("GET", "/api/v1/match/batches/{id}",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto b = ctx.match->GetBatch(s.principal, *id);
               if (!b.ok()) return ErrorResponse(b.status());
               auto per_opening = ctx.match->RecsPerOpening(*id);
               if (!per_opening.ok()) return ErrorResponse(per_opening.status());
               json j = BatchJson(ctx, *b);
               j["recs_per_opening"] = *per_opening;
               return JsonResponse(200, j);
             }));

  router.Add("GET", "/api/v1/match/batches/{id}/xlsx",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto b = ctx.match->GetBatch(s.principal, *id);
               if (!b.ok()) return ErrorResponse(b.status());
               std::filesystem::path path = TempXlsxPath();
               auto rows = ctx.match->ExportXlsx(s.principal, *id, path.string());
               Response res;
               if (rows.ok()) {
                 std::ifstream in(path, std::ios::binary);
                 res.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
               }
               std::error_code ec;
               std::filesystem::remove(path, ec);
               if (!rows.ok()) return ErrorResponse(rows.status());
               res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
               res.headers.emplace_back("Content-Disposition",
                                        "attachment; filename=\"match-batch-" + std::to_string(*id) +
                                            ".xlsx\"; filename*=UTF-8''%E5%8C%B9%E9%85%8D%E6%8E%A8%E8%8D%90-" +
                                            std::to_string(*id) + ".xlsx");
               return res;
             }));

  router.Add("GET", "/api/v1/match/scopes",
             Authed(ctx, [&ctx](Request&, const auth::Session& s) -> Response {
               // What the caller may run a batch over: the pairs (and, for a
               // county officer, the county; for the admin, also each
               // exporting county and province) that CheckBatchScope allows.
               std::vector<std::string> texts;
               Status st = ctx.db.WithConnection([&](store::Connection& c) -> Status {
                 ASSIGN_OR_RETURN(auto pairs, orgs::ListPairs(c));
                 std::set<std::string> counties, provinces;
                 for (const auto& p : pairs) {
                   texts.push_back(p.exporting_region_code + ":" + p.receiving_region_code);
                   counties.insert(p.exporting_region_code);
                   provinces.insert(p.exporting_region_code.substr(0, 2) + "0000");
                 }
                 texts.insert(texts.end(), counties.begin(), counties.end());
                 texts.insert(texts.end(), provinces.begin(), provinces.end());
                 return Status::Ok();
               });
               if (!st.ok()) return ErrorResponse(st);
               json items = json::array();
               for (const auto& text : texts) {
                 auto scope = ctx.match->ResolveScope(text);
                 if (!scope.ok() || !ctx.match->CheckBatchScope(s.principal, *scope).ok()) continue;
                 json j = ScopeJson(ctx, scope->label);
                 j["scope"] = text;
                 items.push_back(j);
               }
               return JsonResponse(200, {{"items", items}});
             }));

  router.Add("POST", "/api/v1/match/batches",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"scope"});
               std::string scope_text = r.String("scope", true, 100).value_or("");
               if (!r.status().ok()) return ErrorResponse(r.status());
               auto scope = ctx.match->ResolveScope(scope_text);
               if (!scope.ok()) return ErrorResponse(scope.status());
               Status allowed = ctx.match->CheckBatchScope(s.principal, *scope);
               if (!allowed.ok()) return ErrorResponse(allowed);
               auto policy = ctx.match->CurrentPolicy();
               if (!policy.ok()) return ErrorResponse(policy.status());
               auto rep = ctx.match->RunBatch(s.principal, *scope, *policy);
               if (!rep.ok()) return ErrorResponse(rep.status());
               auto b = ctx.match->GetBatch(s.principal, rep->batch_id);
               if (!b.ok()) return ErrorResponse(b.status());
               json j = BatchJson(ctx, *b);
               j["skipped_total"] = rep->skipped;
               j["seconds"] = rep->seconds;
               return JsonResponse(201, j);
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
