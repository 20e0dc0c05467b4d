// /api/v1/orgs, /api/v1/pairs, /api/v1/users.
#include "auth/scope.h"
#include "http/api/api.h"
#include "http/api/views.h"
#include "http/json_util.h"

namespace xiezuo::http {

using nlohmann::json;

namespace {

// Organisations a principal may see: admins all; county officers the
// organisations inside their county and its stations; others their own.
bool OrgVisible(const auth::Principal& p, const orgs::Org& o) {
  if (p.is_admin()) return true;
  if (o.id == p.org.id) return true;
  if (p.role == auth::Role::kCountyOfficer) {
    return auth::RegionWithin(o.region_code, p.org.region_code) ||
           (o.type == orgs::OrgType::kStation &&
            auth::RegionWithin(o.home_region_code, p.org.region_code));
  }
  return false;
}

Status CheckOrgWrite(const auth::Principal& p, orgs::OrgType type, const std::string& region) {
  if (p.is_admin()) return Status::Ok();
  if (p.role == auth::Role::kCountyOfficer &&
      (type == orgs::OrgType::kTownship || type == orgs::OrgType::kVillage) &&
      auth::RegionWithin(region, p.org.region_code)) {
    return Status::Ok();
  }
  return PermissionDenied("您无权创建该机构", "You may not create this organisation");
}

}  // namespace

void RegisterOrgRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/orgs",
             Authed(ctx, [&ctx](Request&, const auth::Session& s) -> Response {
               json items = json::array();
               Status st = ctx.db.WithConnection([&](store::Connection& c) -> Status {
                 ASSIGN_OR_RETURN(auto all, orgs::ListOrgs(c));
                 for (const auto& o : all)
                   if (OrgVisible(s.principal, o)) items.push_back(OrgJson(ctx, o));
                 return Status::Ok();
               });
               if (!st.ok()) return ErrorResponse(st);
               return JsonResponse(200, {{"items", items}});
             }));

  router.Add("GET", "/api/v1/orgs/{id}",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               std::optional<orgs::Org> org;
               Status st = ctx.db.WithConnection([&](store::Connection& c) -> Status {
                 auto o = orgs::GetOrg(c, *id);
                 if (o.ok() && OrgVisible(s.principal, *o)) org = *o;
                 return Status::Ok();
               });
               if (!st.ok()) return ErrorResponse(st);
               if (!org) return ErrorResponse(NotFound("机构不存在", "Organisation not found"));
               return JsonResponse(200, OrgJson(ctx, *org));
             }));

  router.Add("POST", "/api/v1/orgs",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"parent_id", "type", "name", "region_code", "home_region_code"});
               orgs::Org o;
               o.parent_id = r.Int("parent_id", false, 1, INT64_MAX);
               std::string type = r.String("type", true, 30).value_or("");
               o.name = r.String("name", true, 100).value_or("");
               o.region_code = r.String("region_code", true, 12).value_or("");
               o.home_region_code = r.String("home_region_code", false, 12).value_or("");
               Status st = r.status();
               auto t = orgs::ParseOrgType(type);
               if (st.ok() && !t) st = FieldInvalid("type", "机构类型无效", "Unknown organisation type");
               const auto& div = *ctx.codebook.divisions;
               if (st.ok() && !div.Find(o.region_code)) {
                 st = FieldInvalid("region_code", "区划代码不存在", "Unknown region code");
               }
               if (st.ok() && t == orgs::OrgType::kStation &&
                   (o.home_region_code.empty() || !div.Find(o.home_region_code))) {
                 st = FieldInvalid("home_region_code", "协作站须填写所属输出县",
                                   "A station needs the exporting county it belongs to");
               }
               if (!st.ok()) return ErrorResponse(st);
               o.type = *t;
               o.region_code = std::string(div.Find(o.region_code)->code());
               o.created_at = ctx.clock.NowSeconds();
               Status perm = CheckOrgWrite(s.principal, o.type, o.region_code);
               if (!perm.ok()) return ErrorResponse(perm);
               int64_t id = 0;
               st = ctx.db.Transact([&](store::Connection& c) -> Status {
                 if (o.parent_id) RETURN_IF_ERROR(orgs::GetOrg(c, *o.parent_id).status());
                 auto ins = orgs::InsertOrg(c, o);
                 if (!ins.ok()) {
                   if (ins.status().code() == StatusCode::kAlreadyExists) {
                     return FieldInvalid("name", "同一地区已有同名机构",
                                         "An organisation of this name already exists here");
                   }
                   return ins.status();
                 }
                 id = *ins;
                 o.id = id;
                 return ctx.audit.Append(c, {s.principal.user_id, "org.create",
                                             "org:" + std::to_string(id), "ok", ""});
               });
               if (!st.ok()) return ErrorResponse(st);
               return JsonResponse(201, OrgJson(ctx, o));
             }));

  router.Add("GET", "/api/v1/pairs",
             Authed(ctx, [&ctx](Request&, const auth::Session&) -> Response {
               json items = json::array();
               Status st = ctx.db.WithConnection([&](store::Connection& c) -> Status {
                 ASSIGN_OR_RETURN(auto pairs, orgs::ListPairs(c));
                 const auto& div = *ctx.codebook.divisions;
                 for (const auto& p : pairs) {
                   items.push_back({{"id", p.id},
                                    {"exporting_region_code", p.exporting_region_code},
                                    {"exporting_name", div.FullName(p.exporting_region_code)},
                                    {"receiving_region_code", p.receiving_region_code},
                                    {"receiving_name", div.FullName(p.receiving_region_code)}});
                 }
                 return Status::Ok();
               });
               if (!st.ok()) return ErrorResponse(st);
               return JsonResponse(200, {{"items", items}});
             }));

  router.Add("POST", "/api/v1/pairs",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               if (!s.principal.is_admin()) {
                 return ErrorResponse(PermissionDenied("仅管理员可配置协作关系",
                                                       "Only administrators configure pairs"));
               }
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"exporting_region_code", "receiving_region_code"});
               orgs::CoopPair pair;
               pair.exporting_region_code = r.String("exporting_region_code", true, 12).value_or("");
               pair.receiving_region_code = r.String("receiving_region_code", true, 12).value_or("");
               if (!r.status().ok()) return ErrorResponse(r.status());
               const auto& div = *ctx.codebook.divisions;
               const auto* ex = div.Find(pair.exporting_region_code);
               const auto* rc = div.Find(pair.receiving_region_code);
               if (!ex || ex->level() != codes::Level::kCounty) {
                 return ErrorResponse(FieldInvalid("exporting_region_code",
                                                   "输出地须为一个县（区）",
                                                   "The exporting side must be a county"));
               }
               if (!rc || rc->level() > codes::Level::kCounty) {
                 return ErrorResponse(FieldInvalid("receiving_region_code",
                                                   "输入地须为一个市或区",
                                                   "The receiving side must be a city or district"));
               }
               pair.exporting_region_code = std::string(ex->code());
               pair.receiving_region_code = std::string(rc->code());
               int64_t id = 0;
               Status st = ctx.db.Transact([&](store::Connection& c) -> Status {
                 ASSIGN_OR_RETURN(id, orgs::InsertPair(c, pair, ctx.clock.NowSeconds()));
                 return ctx.audit.Append(c, {s.principal.user_id, "pair.create",
                                             "pair:" + std::to_string(id), "ok", ""});
               });
               if (!st.ok()) return ErrorResponse(st);
               return JsonResponse(201, {{"id", id},
                                         {"exporting_region_code", pair.exporting_region_code},
                                         {"exporting_name", div.FullName(*ex)},
                                         {"receiving_region_code", pair.receiving_region_code},
                                         {"receiving_name", div.FullName(*rc)}});
             }));

  router.Add("GET", "/api/v1/users",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto page = ParsePage(req);
               if (!page.ok()) return ErrorResponse(page.status());
               int64_t total = 0;
               auto rows = ctx.auth.ListUsers(s.principal, page->offset(), page->page_size, &total);
               if (!rows.ok()) return ErrorResponse(rows.status());
               json items = json::array();
               for (const auto& u : *rows) {
                 items.push_back({{"id", u.id},
                                  {"username", u.username},
                                  {"display_name", u.display_name},
                                  {"role", u.role},
                                  {"org_id", u.org_id},
                                  {"org_name", u.org_name},
                                  {"locked", u.locked},
                                  {"last_login_at", u.last_login_at}});
               }
               return JsonResponse(200, ListJson(items, total, page->page, page->page_size));
             }));

  router.Add("POST", "/api/v1/users",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"username", "display_name", "role", "org_id", "password"});
               auth::NewUser u;
               u.username = r.String("username", true, 32).value_or("");
               u.display_name = r.String("display_name", true, 40).value_or("");
               u.role = r.String("role", true, 30).value_or("");
               u.org_id = r.Int("org_id", true, 1, INT64_MAX).value_or(0);
               u.password = r.String("password", true, 128).value_or("");
               if (!r.status().ok()) return ErrorResponse(r.status());
               auto id = ctx.auth.CreateUser(s.principal, u);
               if (!id.ok()) return ErrorResponse(id.status());
               return JsonResponse(201, {{"id", *id}, {"username", u.username}});
             }));

  router.Add("POST", "/api/v1/users/{id}/unlock",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               Status st = ctx.auth.Unlock(s.principal, *id);
               if (!st.ok()) return ErrorResponse(st);
               return JsonResponse(200, {{"ok", true}});
             }));
}

}  // namespace xiezuo::http
