// /api/v1/enterprises and /api/v1/postings.
#include "http/api/api.h"
#include "http/api/views.h"
#include "common/strings.h"
#include "http/json_util.h"

namespace xiezuo::http {

using nlohmann::json;

void RegisterPostingRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/enterprises",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto page = ParsePage(req);
               if (!page.ok()) return ErrorResponse(page.status());
               int64_t total = 0;
               auto rows = ctx.postings.ListEnterprises(
                   s.principal, {req.Query("q"), req.Query("region")}, page->offset(),
                   page->page_size, &total);
               if (!rows.ok()) return ErrorResponse(rows.status());
               json items = json::array();
               for (const auto& e : *rows) items.push_back(EnterpriseJson(ctx, e));
               return JsonResponse(200, ListJson(items, total, page->page, page->page_size));
             }));

  router.Add("GET", "/api/v1/enterprises/{id}",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto e = ctx.postings.GetEnterprise(s.principal, *id);
               if (!e.ok()) return ErrorResponse(e.status());
               return JsonResponse(200, EnterpriseJson(ctx, *e));
             }));

  router.Add("POST", "/api/v1/enterprises",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"name", "credit_code", "credit_code_override_reason",
                                    "region_code", "industry_code", "contact_name",
                                    "contact_phone"});
               postings::EnterpriseInput in;
               in.name = r.String("name", true, 200).value_or("");
               in.credit_code = r.String("credit_code", true, 40).value_or("");
               in.credit_code_override_reason =
                   r.String("credit_code_override_reason", false, 200).value_or("");
               in.region_code = r.String("region_code", true, 12).value_or("");
               in.industry_code = r.String("industry_code", false, 4).value_or("");
               in.contact_name = r.String("contact_name", false, 40).value_or("");
               in.contact_phone = r.String("contact_phone", false, 40);
               if (!r.status().ok()) return ErrorResponse(r.status());
               auto id = ctx.postings.CreateEnterprise(s.principal, in);
               if (!id.ok()) return ErrorResponse(id.status());
               auto e = ctx.postings.GetEnterprise(s.principal, *id);
               if (!e.ok()) return ErrorResponse(e.status());
               return JsonResponse(201, EnterpriseJson(ctx, *e));
             }));

  router.Add("GET", "/api/v1/postings",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto page = ParsePage(req);
               if (!page.ok()) return ErrorResponse(page.status());
               int64_t total = 0;
               auto rows = ctx.postings.ListPostings(
                   s.principal,
                   {req.Query("q"), req.Query("region"), req.Query("occupation"),
                    req.Query("status"), ParseInt64(req.Query("wage_min")),
                    req.Query("lodging") == "1", req.Query("board") == "1"},
                   page->offset(), page->page_size, &total);
               if (!rows.ok()) return ErrorResponse(rows.status());
               json items = json::array();
               for (const auto& p : *rows) items.push_back(PostingJson(ctx, p));
               return JsonResponse(200, ListJson(items, total, page->page, page->page_size));
             }));

  router.Add("GET", "/api/v1/postings/{id}",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto p = ctx.postings.GetPosting(s.principal, *id);
               if (!p.ok()) return ErrorResponse(p.status());
               return JsonResponse(200, PostingJson(ctx, *p));
             }));

  router.Add("POST", "/api/v1/postings",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"enterprise_id", "title", "occupation_code", "region_code",
                                    "openings", "wage_min", "wage_max", "pay_type", "board",
                                    "lodging", "dorm_size", "age_min", "age_max", "hours",
                                    "social_insurance", "description", "valid_until"});
               postings::PostingInput in;
               in.enterprise_id = r.Int("enterprise_id", true, 1, INT64_MAX).value_or(0);
               in.title = r.String("title", true, 60).value_or("");
               in.occupation_code = r.String("occupation_code", true, 20).value_or("");
               in.region_code = r.String("region_code", true, 12).value_or("");
               in.openings = r.Int("openings", true, 1, 100000).value_or(0);
               in.wage_min = r.Int("wage_min", true, 1, 1000000).value_or(0);
               in.wage_max = r.Int("wage_max", true, 1, 1000000).value_or(0);
               in.pay_type = r.String("pay_type", false, 10).value_or("monthly");
               in.board = r.Bool("board", false).value_or(false);
               in.lodging = r.Bool("lodging", false).value_or(false);
               in.dorm_size = r.Int("dorm_size", false, 1, 20);
               in.age_min = r.Int("age_min", false, 16, 70);
               in.age_max = r.Int("age_max", false, 16, 70);
               in.hours = r.String("hours", false, 60).value_or("");
               in.social_insurance = r.Bool("social_insurance", false).value_or(false);
               in.description = r.String("description", false, 2000).value_or("");
               in.valid_until = r.String("valid_until", false, 10).value_or("");
               if (!r.status().ok()) return ErrorResponse(r.status());
               in.status = "draft";  // verification and publishing follow the inspection
               auto id = ctx.postings.CreatePosting(s.principal, in);
               if (!id.ok()) return ErrorResponse(id.status());
               auto p = ctx.postings.GetPosting(s.principal, *id);
               if (!p.ok()) return ErrorResponse(p.status());
               return JsonResponse(201, PostingJson(ctx, *p));
             }));
}

}  // namespace xiezuo::http
