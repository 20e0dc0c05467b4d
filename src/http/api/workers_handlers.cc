// /api/v1/workers: list, detail, create, update, reveal, export, summary.
#include "http/api/api.h"
#include "http/api/views.h"
#include "http/json_util.h"

namespace xiezuo::http {

using nlohmann::json;

namespace {

const std::set<std::string> kWorkerFields = {
    "name",        "id_number",    "phone",      "region_code", "category",
    "status",      "occupations",  "wanted_regions", "local_only", "wage_floor",
    "family_needs", "skills",      "training_wanted", "leave_date", "notes", "version"};

// for_update: id_number and phone may be left out to keep the stored ones
// (the console holds only masked values); "phone": "" clears the phone.
StatusOr<workers::WorkerInput> ReadWorker(const json& body, bool for_update) {
  JsonReader r(body, kWorkerFields);
  workers::WorkerInput in;
  in.name = r.String("name", true, 60).value_or("");
  bool has_id = body.contains("id_number") && !body["id_number"].is_null();
  in.id_number = r.String("id_number", !for_update, 40).value_or("");
  in.keep_id_number = for_update && !has_id;
  bool has_phone = body.contains("phone") && !body["phone"].is_null();
  in.phone = r.String("phone", false, 40);
  in.keep_phone = for_update && !has_phone;
  in.region_code = r.String("region_code", true, 12).value_or("");
  in.category = r.String("category", false, 40).value_or("general");
  in.status = r.String("status", false, 40).value_or("available");
  in.occupations = r.StringArray("occupations", false, 10, 20).value_or(std::vector<std::string>{});
  in.wanted_regions =
      r.StringArray("wanted_regions", false, 20, 12).value_or(std::vector<std::string>{});
  in.local_only = r.Bool("local_only", false).value_or(false);
  in.wage_floor = r.Int("wage_floor", false, 0, 100000);
  in.skills = r.StringArray("skills", false, 10, 40).value_or(std::vector<std::string>{});
  in.training_wanted = r.String("training_wanted", false, 100).value_or("");
  in.leave_date = r.String("leave_date", false, 10).value_or("");
  in.notes = r.String("notes", false, 500).value_or("");
  in.version = r.Int("version", false, 1, INT64_MAX);
  Status st = r.status();
  if (body.contains("family_needs") && !body["family_needs"].is_null()) {
    const json& f = body["family_needs"];
    bool ok = f.is_object();
    if (ok) {
      for (auto it = f.begin(); it != f.end(); ++it) {
        if (!it.value().is_boolean()) ok = false;
      }
    }
    if (!ok) {
      Status e = st.ok() ? InvalidArgument("提交的数据有误，请按提示修改",
                                           "The submitted data is invalid; see the field errors")
                         : st;
      e.AddField("family_needs", "家庭需求应为是/否选项", "family_needs must be an object of booleans");
      return e;
    }
    in.family_needs.children = f.value("children", false);
    in.family_needs.elderly = f.value("elderly", false);
    in.family_needs.disability = f.value("disability", false);
    in.family_needs.couple = f.value("couple", false);
    in.family_needs.work_from_home = f.value("work_from_home", false);
  }
  if (!st.ok()) return st;
  return in;
}

workers::WorkerFilter ReadFilter(const Request& req) {
  return {req.Query("q"), req.Query("region"), req.Query("category"), req.Query("status")};
}

}  // namespace

void RegisterWorkerRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/workers",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto page = ParsePage(req);
               if (!page.ok()) return ErrorResponse(page.status());
               int64_t total = 0;
               auto rows = ctx.workers.List(s.principal, ReadFilter(req), page->offset(),
                                            page->page_size, &total);
               if (!rows.ok()) return ErrorResponse(rows.status());
               json items = json::array();
               for (const auto& w : *rows) items.push_back(WorkerListJson(ctx, w));
               return JsonResponse(200, ListJson(items, total, page->page, page->page_size));
             }));

  router.Add("GET", "/api/v1/workers/export",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto csv = ctx.workers.ExportCsv(s.principal, ReadFilter(req));
               if (!csv.ok()) return ErrorResponse(csv.status());
               Response res;
               res.content_type = "text/csv; charset=utf-8";
               res.headers.emplace_back(
                   "Content-Disposition",
                   "attachment; filename=\"workers.csv\"; filename*=UTF-8''%E6%B1%82%E8%81%8C%E6%B8%85%E5%8D%95.csv");
               res.body = std::move(*csv);
               return res;
             }));

  router.Add("GET", "/api/v1/workers/{id}",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto w = ctx.workers.Get(s.principal, *id);
               if (!w.ok()) return ErrorResponse(w.status());
               return JsonResponse(200, WorkerDetailJson(ctx, *w));
             }));

  router.Add("POST", "/api/v1/workers",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               auto in = ReadWorker(*body, false);
               if (!in.ok()) return ErrorResponse(in.status());
               auto id = ctx.workers.Create(s.principal, *in);
               if (!id.ok()) return ErrorResponse(id.status());
               auto w = ctx.workers.Get(s.principal, *id);
               if (!w.ok()) return ErrorResponse(w.status());
               return JsonResponse(201, WorkerDetailJson(ctx, *w));
             }));

  router.Add("PUT", "/api/v1/workers/{id}",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               auto in = ReadWorker(*body, true);
               if (!in.ok()) return ErrorResponse(in.status());
               Status st = ctx.workers.Update(s.principal, *id, *in);
               if (!st.ok()) return ErrorResponse(st);
               auto w = ctx.workers.Get(s.principal, *id);
               if (!w.ok()) return ErrorResponse(w.status());
               return JsonResponse(200, WorkerDetailJson(ctx, *w));
             }));

  router.Add("POST", "/api/v1/workers/{id}/reveal",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"reason"});
               auto reason = r.String("reason", true, 200);
               if (!r.status().ok()) return ErrorResponse(r.status());
               auto rev = ctx.workers.Reveal(s.principal, *id, *reason);
               if (!rev.ok()) return ErrorResponse(rev.status());
               return JsonResponse(200, {{"id_number", rev->id_number},
                                         {"phone", rev->phone ? json(*rev->phone) : json(nullptr)}});
             }));

  router.Add("GET", "/api/v1/stats/summary",
             Authed(ctx, [&ctx](Request&, const auth::Session& s) -> Response {
               auto sum = ctx.workers.Summarize(s.principal);
               if (!sum.ok()) return ErrorResponse(sum.status());
               auto counts = ctx.postings.Count(s.principal);
               if (!counts.ok()) return ErrorResponse(counts.status());
               return JsonResponse(
                   200, {{"workers_total", sum->workers_total},
                         {"workers_by_category",
                          {{"poverty_alleviated", sum->by_category[0]},
                           {"relocated", sum->by_category[1]},
                           {"disabled", sum->by_category[2]},
                           {"general", sum->by_category[3]}}},
                         {"workers_by_status",
                          {{"available", sum->by_status[0]},
                           {"placed", sum->by_status[1]},
                           {"not_seeking", sum->by_status[2]}}},
                         {"enterprises_total", counts->enterprises},
                         {"postings_total", counts->postings},
                         {"openings_total", counts->openings},
                         {"placements_total", sum->placements_total}});
             }));
}

}  // namespace xiezuo::http
