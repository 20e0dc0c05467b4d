// /api/v1 routes of posting verification (issue 3): the life-cycle steps
// (submit, verify, reject, publish, close), their history, the rule check,
// the inspection outline and its versions, visit photos, the wage-arrears
// blacklist and the minimum-wage tables.
//
// Photos are uploaded one per request as the raw body
// (POST /postings/{id}/photos?name=宿舍.jpg); the server allows these
// requests a larger body (kPhotoUploadBodyBytes, see app.cc) so that the
// service can refuse files over 5 MB by name.
#include "http/api/api.h"
#include "http/api/views.h"
#include "http/json_util.h"
#include "postings/photos.h"

namespace xiezuo::http {

using nlohmann::json;

namespace {

std::map<std::string, postings::Answer> ReadAnswers(const json& body) {
  std::map<std::string, postings::Answer> out;
  if (!body.contains("answers") || !body["answers"].is_object()) return out;
  for (auto it = body["answers"].begin(); it != body["answers"].end(); ++it) {
    if (!it.value().is_object()) continue;
    out[it.key()] = {it.value().value("result", ""), it.value().value("note", "")};
  }
  return out;
}

std::vector<std::string> Strings(const json& body, const char* key) {
  std::vector<std::string> out;
  if (body.contains(key) && body[key].is_array())
    for (const auto& e : body[key])
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

json PhotoJson(const postings::Photo& p) {
  return {{"id", p.id},
          {"posting_id", p.posting_id},
          {"review_id", p.review_id ? json(p.review_id) : json(nullptr)},
          {"sha256", p.sha256},
          {"filename", p.filename},
          {"content_type", p.content_type},
          {"size", p.size},
          {"uploaded_by", p.uploaded_by},
          {"uploaded_at", p.uploaded_at},
          {"url", "/api/v1/photos/" + std::to_string(p.id)}};
}

json ReviewJson(const postings::Review& r) {
  return {{"id", r.id},
          {"action", r.action},
          {"from_status", r.from_status},
          {"to_status", r.to_status},
          {"outline_version", r.outline_version ? json(*r.outline_version) : json(nullptr)},
          {"answers", r.answers},
          {"reasons", r.reasons},
          {"photos", r.photos},
          {"actor", r.actor},
          {"actor_name", r.actor_name},
          {"created_at", r.created_at}};
}

json OutlineJson(const postings::Outline& o) {
  json j = o.body;
  j["version"] = o.version;
  return j;
}

}  // namespace

bool IsPhotoUpload(std::string_view method, std::string_view target) {
  if (method != "POST") return false;
  std::string_view path = target.substr(0, target.find('?'));
  constexpr std::string_view kPrefix = "/api/v1/postings/", kSuffix = "/photos";
  return path.size() > kPrefix.size() + kSuffix.size() && path.substr(0, kPrefix.size()) == kPrefix &&
         path.substr(path.size() - kSuffix.size()) == kSuffix;
}

void RegisterVerificationRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/inspection/outline",
             Authed(ctx, [&ctx](Request& req, const auth::Session&) -> Response {
               std::string v = req.Query("version");
               if (!v.empty()) {
                 int version = std::atoi(v.c_str());
                 if (version <= 0) {
                   return ErrorResponse(FieldInvalid("version", "版本号须为正整数",
                                                     "version must be a positive integer"));
                 }
                 auto o = ctx.verification->OutlineVersion(version);
                 if (!o.ok()) return ErrorResponse(o.status());
                 return JsonResponse(200, OutlineJson(*o));
               }
               auto o = ctx.verification->CurrentOutline();
               if (!o.ok()) return ErrorResponse(o.status());
               return JsonResponse(200, OutlineJson(*o));
             }));
  router.Add("PUT", "/api/v1/inspection/outline",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               json outline = *body;
               outline.erase("version");
               auto v = ctx.verification->SaveOutline(s.principal, outline);
               if (!v.ok()) return ErrorResponse(v.status());
               return JsonResponse(200, {{"version", *v}});
             }));


  auto step = [&](const char* name, auto fn) {
    router.Add("POST", std::string("/api/v1/postings/{id}/") + name,
               Authed(ctx, [&ctx, fn](Request& req, const auth::Session& s) -> Response {
                 auto id = PathId(req);
                 if (!id.ok()) return ErrorResponse(id.status());
                 json body = json::object();
                 if (!req.body.empty()) {
                   auto b = ParseJsonBody(req);
                   if (!b.ok()) return ErrorResponse(b.status());
                   body = *b;
                 }
                 Status st = fn(ctx, s.principal, *id, body);
                 if (!st.ok()) return ErrorResponse(st);
                 return JsonResponse(200, {{"ok", true}});
               }));
  };
  step("submit", [](ApiContext& c, const auth::Principal& p, int64_t id, const json&) {
    return c.verification->Submit(p, id);
  });
  step("verify", [](ApiContext& c, const auth::Principal& p, int64_t id, const json& b) {
    return c.verification->Verify(p, id, ReadAnswers(b), Strings(b, "photos"),
                                  b.value("requirement_exception", ""));
  });
  step("reject", [](ApiContext& c, const auth::Principal& p, int64_t id, const json& b) {
    return c.verification->Reject(p, id, Strings(b, "reasons"), ReadAnswers(b));
  });
  step("publish", [](ApiContext& c, const auth::Principal& p, int64_t id, const json&) {
    return c.verification->Publish(p, id);
  });
  step("close", [](ApiContext& c, const auth::Principal& p, int64_t id, const json& b) {
    return c.verification->Close(p, id, b.value("status", ""));
  });

  router.Add("GET", "/api/v1/postings/{id}/rules",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               // Scope: the caller must see the posting.
               auto visible = ctx.postings.GetPosting(s.principal, *id);
               if (!visible.ok()) return ErrorResponse(visible.status());
               auto v = ctx.verification->CheckRules(*id, req.Query("publishing") == "1");
               if (!v.ok()) return ErrorResponse(v.status());
               json items = json::array();
               for (const auto& r : *v)
                 items.push_back({{"rule", r.rule}, {"field", r.field}, {"blocking", r.blocking},
                                  {"message", r.zh}, {"message_en", r.en}});
               return JsonResponse(200, {{"items", items}});
             }));

  router.Add("POST", "/api/v1/enterprises/{id}/blacklist",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               Status st = ctx.verification->SetBlacklisted(
                   s.principal, *id, body->value("blacklisted", true), body->value("reason", ""));
               if (!st.ok()) return ErrorResponse(st);
               return JsonResponse(200, {{"ok", true}});
             }));

  router.Add("GET", "/api/v1/postings/{id}/reviews",
             Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto visible = ctx.postings.GetPosting(s.principal, *id);
               if (!visible.ok()) return ErrorResponse(visible.status());
               auto rs = ctx.verification->Reviews(*id);
               if (!rs.ok()) return ErrorResponse(rs.status());
               json items = json::array();
               for (const auto& r : *rs) items.push_back(ReviewJson(r));
               return JsonResponse(200, {{"items", items}});
             }));

  if (ctx.photos != nullptr) {
    router.Add("POST", "/api/v1/postings/{id}/photos",
               Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
                 auto id = PathId(req);
                 if (!id.ok()) return ErrorResponse(id.status());
                 auto ph = ctx.photos->Upload(s.principal, *id, req.Query("name"), req.body);
                 if (!ph.ok()) return ErrorResponse(ph.status());
                 return JsonResponse(201, PhotoJson(*ph));
               }));
    router.Add("GET", "/api/v1/postings/{id}/photos",
               Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
                 auto id = PathId(req);
                 if (!id.ok()) return ErrorResponse(id.status());
                 auto list = ctx.photos->List(s.principal, *id);
                 if (!list.ok()) return ErrorResponse(list.status());
                 json items = json::array();
                 for (const auto& p : *list) items.push_back(PhotoJson(p));
                 return JsonResponse(200, {{"items", items}});
               }));
    router.Add("GET", "/api/v1/photos/{id}",
               Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
                 auto id = PathId(req);
                 if (!id.ok()) return ErrorResponse(id.status());
                 auto d = ctx.photos->Get(s.principal, *id);
                 if (!d.ok()) return ErrorResponse(d.status());
                 Response res;
                 res.content_type = d->content_type;
                 // Personal pages: the browser may keep it, shared caches may not.
                 res.headers.emplace_back("Cache-Control", "private, max-age=3600");
                 res.headers.emplace_back("X-Content-Type-Options", "nosniff");
                 res.headers.emplace_back("ETag", "\"" + d->sha256 + "\"");
                 res.body = std::move(d->bytes);
                 return res;
               }));
    router.Add("DELETE", "/api/v1/photos/{id}",
               Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
                 auto id = PathId(req);
                 if (!id.ok()) return ErrorResponse(id.status());
                 Status st = ctx.photos->Remove(s.principal, *id);
                 if (!st.ok()) return ErrorResponse(st);
                 return JsonResponse(200, {{"ok", true}});
               }));
  }

  if (ctx.min_wages != nullptr) {
    router.Add("GET", "/api/v1/min-wages",
               Authed(ctx, [&ctx](Request&, const auth::Session&) -> Response {
                 auto all = ctx.min_wages->List();
                 if (!all.ok()) return ErrorResponse(all.status());
                 json items = json::array();
                 for (const auto& t : *all) {
                   json j = postings::ToJson(t);
                   j["province_name"] = ctx.codebook.divisions->FullName(t.province_code);
                   for (auto& r : j["regions"])
                     r["name"] = ctx.codebook.divisions->FullName(r["code"].get<std::string>());
                   items.push_back(std::move(j));
                 }
                 return JsonResponse(200, {{"items", items}});
               }));
    router.Add("PUT", "/api/v1/min-wages/{province}",
               Authed(ctx, [&ctx](Request& req, const auth::Session& s) -> Response {
                 auto body = ParseJsonBody(req);
                 if (!body.ok()) return ErrorResponse(body.status());
                 postings::ProvinceMinWages t = postings::MinWagesFromJson(*body);
                 t.province_code = req.path_params["province"];
                 auto v = ctx.min_wages->Save(s.principal, t);
                 if (!v.ok()) return ErrorResponse(v.status());
                 return JsonResponse(200, {{"version", *v}});
               }));
    router.Add("GET", "/api/v1/min-wages/{province}/versions",
               Authed(ctx, [&ctx](Request& req, const auth::Session&) -> Response {
                 auto vs = ctx.min_wages->Versions(req.path_params["province"]);
                 if (!vs.ok()) return ErrorResponse(vs.status());
                 json items = json::array();
                 for (const auto& t : *vs) items.push_back(postings::ToJson(t));
                 return JsonResponse(200, {{"items", items}});
               }));
  }
}

}  // namespace xiezuo::http
