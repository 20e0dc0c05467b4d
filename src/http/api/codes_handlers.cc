// /api/v1/divisions, /api/v1/occupations, /api/v1/industries: the official
// code tables, for cascaders and selects. Public data, but only for
// signed-in users (no anonymous scraping of the API).
#include "http/api/api.h"
#include "http/api/views.h"
#include "http/json_util.h"

namespace xiezuo::http {

using nlohmann::json;

namespace {
const char* LevelName(codes::Level l) {
  switch (l) {
    case codes::Level::kProvince: return "province";
    case codes::Level::kCity: return "city";
    case codes::Level::kCounty: return "county";
    case codes::Level::kTownship: return "township";
    case codes::Level::kVillage: return "village";
  }
  return "";
}
json CodeEntryJson(const codes::CodeEntry& e) {
  return {{"code", e.code}, {"name", e.name}, {"level", e.level}, {"parent", e.parent}};
}
}  // namespace

void RegisterCodeRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/divisions",
             Authed(ctx, [&ctx](Request& req, const auth::Session&) -> Response {
               const auto& div = *ctx.codebook.divisions;
               std::string parent = req.Query("parent");
               if (!parent.empty() && !div.Find(parent)) {
                 return ErrorResponse(FieldInvalid("parent", "上级区划代码不存在",
                                                   "Unknown parent division code"));
               }
               json items = json::array();
               for (const auto* d : div.Children(parent)) {
                 items.push_back({{"code", std::string(d->code())},
                                  {"name", std::string(d->name())},
                                  {"level", LevelName(d->level())},
                                  {"leaf", div.Children(*d).empty()}});
               }
               return JsonResponse(200, {{"items", items}});
             }));

  router.Add("GET", "/api/v1/divisions/resolve",
             Authed(ctx, [&ctx](Request& req, const auth::Session&) -> Response {
               std::string q = req.Query("q");
               if (q.empty() || q.size() > 120) {
                 return ErrorResponse(FieldInvalid("q", "请输入地名或区划代码",
                                                   "Enter a place name or code"));
               }
               const auto& div = *ctx.codebook.divisions;
               json items = json::array();
               auto found = div.Resolve(q);
               for (size_t i = 0; i < found.size() && i < 20; ++i) {
                 const auto* d = found[i];
                 items.push_back({{"code", std::string(d->code())},
                                  {"name", std::string(d->name())},
                                  {"full_name", div.FullName(*d)},
                                  {"level", LevelName(d->level())}});
               }
               return JsonResponse(200, {{"items", items}});
             }));

  router.Add("GET", "/api/v1/divisions/{code}",
             Authed(ctx, [&ctx](Request& req, const auth::Session&) -> Response {
               const auto& div = *ctx.codebook.divisions;
               const auto* d = div.Find(req.path_params["code"]);
               if (!d) return ErrorResponse(NotFound("区划代码不存在", "Unknown division code"));
               return JsonResponse(200, {{"code", std::string(d->code())},
                                         {"name", std::string(d->name())},
                                         {"full_name", div.FullName(*d)},
                                         {"level", LevelName(d->level())}});
             }));

  router.Add("GET", "/api/v1/occupations",
             Authed(ctx, [&ctx](Request& req, const auth::Session&) -> Response {
               const auto& occ = *ctx.codebook.occupations;
               json items = json::array();
               std::string q = req.Query("q");
               if (!q.empty()) {
                 for (const auto* e : occ.Search(q, req.Query("level"), 50))
                   items.push_back(CodeEntryJson(*e));
               } else {
                 for (const auto* e : occ.Children(req.Query("parent")))
                   items.push_back(CodeEntryJson(*e));
               }
               return JsonResponse(200, {{"items", items}});
             }));

  router.Add("GET", "/api/v1/industries",
             Authed(ctx, [&ctx](Request&, const auth::Session&) -> Response {
               json items = json::array();
               for (const auto& e : ctx.codebook.industries->entries())
                 items.push_back(CodeEntryJson(e));
               return JsonResponse(200, {{"items", items}});
             }));
}

}  // namespace xiezuo::http
