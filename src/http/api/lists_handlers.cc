// /api/v1/lists: publish a month's supply and demand lists for a pair, the
// history of publications, and their xlsx downloads.
#include "codes/divisions.h"
#include "http/api/api.h"
#include "http/api/views.h"
#include "http/client.h"
#include "http/json_util.h"

namespace xiezuo::http {

using nlohmann::json;

namespace {
json SummaryJson(const lists::ListSummary& s) {
  return {{"id", s.id},
          {"kind", s.kind},
          {"exporting_code", s.exporting_code},
          {"receiving_code", s.receiving_code},
          {"month", s.month},
          {"enterprises", s.enterprises},
          {"postings", s.postings},
          {"openings", s.openings},
          {"workers", s.workers},
          {"published_at", s.published_at}};
}
}  // namespace

void RegisterListRoutes(Router& router, ApiContext& ctx) {
  router.Add("POST", "/api/v1/lists/publish",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               auto pub = ctx.lists->Publish(s.principal, body->value("pair", ""),
                                             body->value("month", ""));
               if (!pub.ok()) return ErrorResponse(pub.status());
               return JsonResponse(200, {{"supply", SummaryJson(pub->supply)},
                                         {"demand", SummaryJson(pub->demand)}});
             }));
  router.Add("GET", "/api/v1/lists",
             Authed(ctx, [&ctx](Request&, const auth::Session& s) -> Response {
               auto h = ctx.lists->History(s.principal);
               if (!h.ok()) return ErrorResponse(h.status());
               json items = json::array();
               for (const auto& x : *h) items.push_back(SummaryJson(x));
               return JsonResponse(200, {{"items", items}});
             }));
  router.Add("GET", "/api/v1/lists/{id}/download",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               lists::ListSummary meta;
               auto bytes = ctx.lists->Download(s.principal, *id, &meta);
               if (!bytes.ok()) return ErrorResponse(bytes.status());
               Response res;
               res.content_type =
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
               // ASCII for old clients; the Chinese name officials file under
               // (岗位供给清单-天等县-江门市-2025-03.xlsx) for browsers.
               const auto& div = *ctx.codebook.divisions;
               auto place = [&](const std::string& code) {
                 const codes::Division* d = div.Find(code);
                 return d ? std::string(d->name()) : code;
               };
               std::string zh = std::string(meta.kind == "supply" ? "岗位供给清单" : "求职清单") +
                                "-" + place(meta.exporting_code) + "-" +
                                place(meta.receiving_code) + "-" + meta.month + ".xlsx";
               res.headers.emplace_back(
                   "Content-Disposition",
                   "attachment; filename=\"" + meta.kind + "-" + meta.exporting_code + "-" +
                       meta.receiving_code + "-" + meta.month + ".xlsx\"; filename*=UTF-8''" +
                       UrlEncode(zh));
               res.body = std::move(*bytes);
               return res;
             }));
}

}  // namespace xiezuo::http
