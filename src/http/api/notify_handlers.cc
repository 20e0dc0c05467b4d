// /api/v1/sms: templates, campaigns, per-worker history, Kannel's callbacks
// (delivery reports and inbound messages), and /api/v1/self: SMS sign-in
// for workers. Business rules live in notify::NotifyService.
#include <spdlog/spdlog.h>

#include "common/strings.h"
#include "http/api/api.h"
#include "http/api/views.h"
#include "http/json_util.h"
#include "security/tokens.h"

namespace xiezuo::http {

using nlohmann::json;

namespace {

inline constexpr const char* kWorkerCookie = "xz_worker";

json TemplateJson(const notify::Template& t) {
  return {{"id", t.id},
          {"org_id", t.org_id},
          {"name", t.name},
          {"body", t.body},
          {"variables", t.variables},
          {"status", t.status},
          {"created_by", t.created_by},
          {"approved_by", t.approved_by ? json(*t.approved_by) : json(nullptr)},
          {"created_at", t.created_at},
          {"review_reason", t.review_reason},
          {"org_name", t.org_name}};
}

json CountsJson(const notify::StateCounts& s) {
  return {{"queued", s.queued},       {"sending", s.sending}, {"sent", s.sent},
          {"delivered", s.delivered}, {"failed", s.failed},   {"total", s.total()}};
}

json CampaignJson(const notify::Campaign& c) {
  return {{"id", c.id},
          {"org_id", c.org_id},
          {"name", c.name},
          {"template_id", c.template_id},
          {"status", c.status},
          {"recipients", c.recipients},
          {"skipped", c.skipped},
          {"created_by", c.created_by},
          {"created_at", c.created_at},
          {"sent_at", c.sent_at ? json(*c.sent_at) : json(nullptr)},
          {"audience", json::parse(c.audience_json)},
          {"posting_title", c.posting_title},
          {"variables", c.variables}};
}

json MessageJson(const notify::OutboxMessage& m) {
  return {{"id", m.id},
          {"campaign_id", m.campaign_id ? json(*m.campaign_id) : json(nullptr)},
          {"worker_id", m.worker_id ? json(*m.worker_id) : json(nullptr)},
          {"phone_masked", m.phone_masked},
          {"body", m.body},
          {"parts", m.parts},
          {"priority", m.priority},
          {"state", m.state},
          {"reason", m.reason},
          {"attempts", m.attempts},
          {"not_before", m.not_before},
          {"created_at", m.created_at},
          {"sent_at", m.sent_at ? json(*m.sent_at) : json(nullptr)},
          {"delivered_at", m.delivered_at ? json(*m.delivered_at) : json(nullptr)}};
}

json LengthJson(const notify::SmsLength& l) {
  return {{"encoding", notify::EncodingName(l.encoding)}, {"units", l.units}, {"parts", l.parts}};
}

// "21:00"–"08:00", whether now is inside, and when a message made now goes.
json QuietHoursJson(const notify::Preview& pv) {
  auto hhmm = [](int s) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", s / 3600, s / 60 % 60);
    return std::string(buf);
  };
  return {{"start", hhmm(pv.quiet_hours.start)},
          {"end", hhmm(pv.quiet_hours.end)},
          {"now", pv.in_quiet_hours},
          {"not_before", pv.not_before}};
}

// Kannel's callbacks carry the shared token in the query.
bool CallbackAuthorized(const ApiContext& ctx, const Request& req) {
  return !ctx.sms_callback_token.empty() &&
         security::ConstantTimeEquals(req.Query("token"), ctx.sms_callback_token);
}

Response PlainText(int status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

}  // namespace

void RegisterNotifyRoutes(Router& router, ApiContext& ctx) {
  notify::NotifyService& svc = *ctx.notify;

  // ---- length / preview of free text
  router.Add("POST", "/api/v1/sms/length",
             Authed(ctx, [&svc](Request& req, const auth::Session&) -> Response {
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"text", "opt_out_line"});
               auto text = r.String("text", true, 2000);
               bool opt = r.Bool("opt_out_line", false).value_or(true);
               if (!r.status().ok()) return ErrorResponse(r.status());
               std::string full = notify::ComposeSms(svc.options().signature, *text, opt);
               json j = LengthJson(notify::CountSms(full));
               j["text"] = full;
               j["max_parts"] = svc.options().max_parts;
               return JsonResponse(200, j);
             }));

  // ---- templates
  router.Add("GET", "/api/v1/sms/templates",
             Authed(ctx, [&svc](Request&, const auth::Session& s) -> Response {
               auto list = svc.ListTemplates(s.principal);
               if (!list.ok()) return ErrorResponse(list.status());
               json items = json::array();
               for (const auto& t : *list) items.push_back(TemplateJson(t));
               return JsonResponse(200, {{"items", items}});
             }));
  router.Add("POST", "/api/v1/sms/templates",
             Authed(ctx, [&svc](Request& req, const auth::Session& s) -> Response {
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"name", "body"});
               notify::TemplateInput in;
               in.name = r.String("name", true, 50).value_or("");
               in.body = r.String("body", true, 500).value_or("");
               if (!r.status().ok()) return ErrorResponse(r.status());
               auto id = svc.CreateTemplate(s.principal, in);
               if (!id.ok()) return ErrorResponse(id.status());
               auto t = svc.GetTemplate(s.principal, *id);
               if (!t.ok()) return ErrorResponse(t.status());
               return JsonResponse(201, TemplateJson(*t));
             }));
  router.Add("GET", "/api/v1/sms/templates/{id}",
             Authed(ctx, [&svc](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto t = svc.GetTemplate(s.principal, *id);
               if (!t.ok()) return ErrorResponse(t.status());
               return JsonResponse(200, TemplateJson(*t));
             }));
  router.Add("POST", "/api/v1/sms/templates/{id}/review",
             Authed(ctx, [&svc](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"approve", "reason"});
               auto approve = r.Bool("approve", true);
               std::string reason = r.String("reason", false, 200).value_or("");
               if (!r.status().ok()) return ErrorResponse(r.status());
               Status st = svc.ApproveTemplate(s.principal, *id, *approve, reason);
               if (!st.ok()) return ErrorResponse(st);
               auto t = svc.GetTemplate(s.principal, *id);
               if (!t.ok()) return ErrorResponse(t.status());
               return JsonResponse(200, TemplateJson(*t));
             }));

  // ---- campaigns
  router.Add("GET", "/api/v1/sms/campaigns",
             Authed(ctx, [&svc](Request&, const auth::Session& s) -> Response {
               auto list = svc.ListCampaigns(s.principal);
               if (!list.ok()) return ErrorResponse(list.status());
               json items = json::array();
               for (const auto& c : *list) items.push_back(CampaignJson(c));
               return JsonResponse(200, {{"items", items}});
             }));
  router.Add("POST", "/api/v1/sms/campaigns",
             Authed(ctx, [&svc](Request& req, const auth::Session& s) -> Response {
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"name", "template_id", "audience", "variables"});
               notify::CampaignInput in;
               in.name = r.String("name", true, 100).value_or("");
               in.template_id = r.Int("template_id", true, 1, INT64_MAX).value_or(0);
               Status st = r.status();
               Status bad = st.ok() ? InvalidArgument("提交的数据有误，请按提示修改",
                                                      "The submitted data is invalid; see the "
                                                      "field errors")
                                    : st;
               const json& aud = body->value("audience", json());
               if (!aud.is_object()) {
                 bad.AddField("audience", "请给出人员范围：posting、filter 或 worker_ids",
                              "audience must be an object with posting, filter or worker_ids");
               } else if (aud.contains("posting")) {
                 const json& pa = aud["posting"];
                 const json pid = pa.is_object() ? pa.value("posting_id", json()) : json();
                 const json top = pa.is_object() ? pa.value("top", json(0)) : json();
                 notify::PostingAudience ap;
                 if (!pid.is_number_integer() || pid.get<int64_t>() <= 0) {
                   bad.AddField("audience.posting_id", "请选择一个已发布的岗位",
                                "posting_id must be a posting's id");
                 } else {
                   ap.posting_id = pid.get<int64_t>();
                 }
                 if (!top.is_number_integer() || top.get<int64_t>() < 0 ||
                     top.get<int64_t>() > notify::kMaxPostingTop) {
                   bad.AddField("audience.top",
                                "人数上限应为 0（全部）到 " + std::to_string(notify::kMaxPostingTop),
                                "top must be 0 (all) to " + std::to_string(notify::kMaxPostingTop));
                 } else {
                   ap.top = static_cast<int>(top.get<int64_t>());
                 }
                 in.posting = ap;
               } else if (aud.contains("filter") && aud["filter"].is_object()) {
                 const json& f = aud["filter"];
                 notify::AudienceFilter af;
                 auto str = [&](const char* k) {
                   return f.contains(k) && f[k].is_string() ? f[k].get<std::string>() : "";
                 };
                 af.region_code = str("region_code");
                 af.category = str("category");
                 af.status = str("status");
                 af.occupation = str("occupation");
                 af.wanted_region = str("wanted_region");
                 in.filter = af;
               } else if (aud.contains("worker_ids") && aud["worker_ids"].is_array()) {
                 for (const auto& v : aud["worker_ids"]) {
                   if (!v.is_number_integer() || v.get<int64_t>() <= 0) {
                     bad.AddField("audience.worker_ids", "人员编号应为正整数",
                                  "worker_ids must be positive integers");
                     break;
                   }
                   in.worker_ids.push_back(v.get<int64_t>());
                 }
                 if (in.worker_ids.empty()) {
                   bad.AddField("audience.worker_ids", "名单为空", "worker_ids is empty");
                 }
               } else {
                 bad.AddField("audience", "请给出人员范围：posting、filter 或 worker_ids",
                              "audience must have posting, filter or worker_ids");
               }
               if (body->contains("variables")) {
                 const json& v = (*body)["variables"];
                 if (!v.is_object()) {
                   bad.AddField("variables", "变量应为对象", "variables must be an object");
                 } else {
                   for (auto it = v.begin(); it != v.end(); ++it) {
                     if (!it.value().is_string()) {
                       bad.AddField("variables." + it.key(), "变量取值应为文字",
                                    "Variable values must be strings");
                     } else {
                       in.variables[it.key()] = it.value().get<std::string>();
                     }
                   }
                 }
               }
               if (!bad.fields().empty()) return ErrorResponse(bad);
               auto id = svc.CreateCampaign(s.principal, in);
               if (!id.ok()) return ErrorResponse(id.status());
               auto c = svc.GetCampaign(s.principal, *id);
               if (!c.ok()) return ErrorResponse(c.status());
               return JsonResponse(201, CampaignJson(*c));
             }));
  router.Add("GET", "/api/v1/sms/campaigns/{id}",
             Authed(ctx, [&svc](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto c = svc.GetCampaign(s.principal, *id);
               if (!c.ok()) return ErrorResponse(c.status());
               auto p = svc.Progress(s.principal, *id);
               if (!p.ok()) return ErrorResponse(p.status());
               json j = CampaignJson(*c);
               j["progress"] = CountsJson(*p);
               return JsonResponse(200, j);
             }));
  router.Add("GET", "/api/v1/sms/campaigns/{id}/preview",
             Authed(ctx, [&svc](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto pv = svc.PreviewCampaign(s.principal, *id);
               if (!pv.ok()) return ErrorResponse(pv.status());
               json j = LengthJson(pv->length);
               j["text"] = pv->text;
               j["recipients"] = pv->recipients;
               j["without_phone"] = pv->without_phone;
               j["opted_out"] = pv->opted_out;
               j["invalid_phone"] = pv->invalid_phone;
               j["already_notified"] = pv->already_notified;
               j["excluded"] = pv->without_phone + pv->invalid_phone + pv->opted_out +
                               pv->already_notified;
               j["parts_total"] = pv->parts_total;
               j["sample"] = pv->sample_worker_id
                                 ? json{{"worker_id", *pv->sample_worker_id},
                                        {"phone_masked", pv->sample_phone_masked}}
                                 : json(nullptr);
               j["quiet_hours"] = QuietHoursJson(*pv);
               return JsonResponse(200, j);
             }));
  router.Add("POST", "/api/v1/sms/campaigns/{id}/send",
             Authed(ctx, [&svc](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto rep = svc.SendCampaign(s.principal, *id);
               if (!rep.ok()) return ErrorResponse(rep.status());
               return JsonResponse(200, {{"queued", rep->queued},
                                         {"skipped", rep->skipped},
                                         {"not_before", rep->not_before}});
             }));
  router.Add("GET", "/api/v1/sms/campaigns/{id}/messages",
             Authed(ctx, [&svc](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto page = ParsePage(req, 50, 500);
               if (!page.ok()) return ErrorResponse(page.status());
               auto list = svc.CampaignMessages(s.principal, *id, req.Query("state"),
                                                page->offset(), page->page_size);
               if (!list.ok()) return ErrorResponse(list.status());
               json items = json::array();
               for (const auto& m : *list) items.push_back(MessageJson(m));
               return JsonResponse(200, {{"items", items},
                                         {"page", page->page},
                                         {"page_size", page->page_size}});
             }));
  router.Add("POST", "/api/v1/sms/campaigns/{id}/retry",
             Authed(ctx, [&svc](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto n = svc.RetryFailed(s.principal, *id);
               if (!n.ok()) return ErrorResponse(n.status());
               return JsonResponse(200, {{"requeued", *n}});
             }));
  router.Add("GET", "/api/v1/workers/{id}/sms",
             Authed(ctx, [&svc](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto list = svc.WorkerHistory(s.principal, *id);
               if (!list.ok()) return ErrorResponse(list.status());
               auto opted = svc.WorkerOptedOut(s.principal, *id);
               if (!opted.ok()) return ErrorResponse(opted.status());
               json items = json::array();
               for (const auto& m : *list) items.push_back(MessageJson(m));
               return JsonResponse(200, {{"items", items},
                                         {"opted_out", *opted ? json(**opted) : json(nullptr)}});
             }));
  // An opt-out (or its end) the worker asked for in person or by telephone.
  router.Add("PUT", "/api/v1/workers/{id}/sms-optout",
             Authed(ctx, [&svc](Request& req, const auth::Session& s) -> Response {
               auto id = PathId(req);
               if (!id.ok()) return ErrorResponse(id.status());
               auto body = ParseJsonBody(req);
               if (!body.ok()) return ErrorResponse(body.status());
               JsonReader r(*body, {"opted_out"});
               auto opted = r.Bool("opted_out", true);
               if (!r.status().ok()) return ErrorResponse(r.status());
               Status st = svc.SetWorkerOptOut(s.principal, *id, *opted);
               if (!st.ok()) return ErrorResponse(st);
               return JsonResponse(200, {{"opted_out", *opted}});
             }));
  router.Add("GET", "/api/v1/sms/status",
             Authed(ctx, [&svc](Request&, const auth::Session& s) -> Response {
               // Officers who send campaigns see the gateway's state too (the
               // campaign page's banner); the figures hold no personal data.
               if (!s.principal.is_admin() && !notify::MayRunCampaigns(s.principal)) {
                 return ErrorResponse(PermissionDenied("只有管理员可以查看短信队列",
                                                       "Only admins see the SMS queue"));
               }
               auto c = svc.outbox().CountAll();
               if (!c.ok()) return ErrorResponse(c.status());
               auto g = svc.outbox().GetGatewayStatus("kannel");
               if (!g.ok()) return ErrorResponse(g.status());
               json gateway = {{"state", g->state},
                               {"since", g->since > 0 ? json(g->since) : json(nullptr)},
                               {"last_error", g->last_error},
                               {"checked_at", g->updated_at > 0 ? json(g->updated_at) : json(nullptr)},
                               {"waiting", g->waiting},
                               {"next_retry_at", g->next_retry_at ? json(*g->next_retry_at)
                                                                  : json(nullptr)}};
               return JsonResponse(200, {{"outbox", CountsJson(*c)}, {"gateway", gateway}});
             }));

  // ---- Kannel callbacks: plain text answers, rejections logged without
  // the phone number or the text.
  router.Add("GET", "/api/v1/sms/dlr", [&ctx, &svc](Request& req) -> Response {
    if (!CallbackAuthorized(ctx, req)) {
      spdlog::warn("sms dlr rejected: bad token from {}", req.remote_addr);
      return ErrorResponse(Unauthenticated("回调令牌错误", "Bad callback token"));
    }
    auto id = ParseInt64(req.Query("id"));
    auto status = ParseInt64(req.Query("status"));
    if (!id || !status) {
      spdlog::warn("sms dlr rejected: malformed (id or status missing or not a number)");
      return ErrorResponse(InvalidArgument("状态报告参数有误", "Malformed delivery report"));
    }
    Status st = svc.DeliveryReport(*id, static_cast<int>(*status), req.Query("answer"));
    if (!st.ok()) {
      spdlog::warn("sms dlr rejected: message {} status {}: {}", *id, *status, st.message());
      return ErrorResponse(st);
    }
    return PlainText(200, "ok");
  });
  router.Add("GET", "/api/v1/sms/mo", [&ctx, &svc](Request& req) -> Response {
    if (!CallbackAuthorized(ctx, req)) {
      spdlog::warn("sms mo rejected: bad token from {}", req.remote_addr);
      return ErrorResponse(Unauthenticated("回调令牌错误", "Bad callback token"));
    }
    auto kind = svc.Inbound(req.Query("from"), req.Query("text"));
    if (!kind.ok()) {
      spdlog::warn("sms mo rejected: {}", kind.status().message());
      return ErrorResponse(kind.status());
    }
    // smsbox sends this answer back to the sender unless it is empty.
    switch (*kind) {
      case notify::InboundKind::kOptOut:
        return PlainText(200, "【" + svc.options().signature + "】您已退订，回复恢复可重新订阅。");
      case notify::InboundKind::kOptIn:
        return PlainText(200, "【" + svc.options().signature + "】您已恢复订阅。回复TD退订");
      default:
        // Kept in sms_inbound for an officer to read; the log says only that.
        spdlog::info("sms mo: text not recognised as TD/T/退订/恢复 ({} bytes), kept for review",
                     req.Query("text").size());
        return PlainText(200, "");
    }
  });

  // ---- workers' SMS sign-in (self-service pages)
  router.Add("POST", "/api/v1/self/sms-code", [&svc](Request& req) -> Response {
    auto body = ParseJsonBody(req);
    if (!body.ok()) return ErrorResponse(body.status());
    JsonReader r(*body, {"phone"});
    auto phone = r.String("phone", true, 40);
    if (!r.status().ok()) return ErrorResponse(r.status());
    Status st = svc.RequestCode(*phone, req.remote_addr);
    if (!st.ok()) return ErrorResponse(st);
    return JsonResponse(200, {{"sent", true},
                              {"expires_in", svc.options().code_ttl_seconds}});
  });
  router.Add("POST", "/api/v1/self/login", [&ctx, &svc](Request& req) -> Response {
    auto body = ParseJsonBody(req);
    if (!body.ok()) return ErrorResponse(body.status());
    JsonReader r(*body, {"phone", "code"});
    auto phone = r.String("phone", true, 40);
    auto code = r.String("code", true, 10);
    if (!r.status().ok()) return ErrorResponse(r.status());
    auto session = svc.VerifyCode(*phone, *code, req.remote_addr);
    if (!session.ok()) return ErrorResponse(session.status());
    req.log_user = "worker:" + std::to_string(session->worker_id);
    Response res = JsonResponse(200, {{"worker_id", session->worker_id},
                                      {"expires_at", session->expires_at}});
    std::string cookie = std::string(kWorkerCookie) + "=" + session->token +
                         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                         std::to_string(svc.options().worker_session_seconds);
    if (req.secure || ctx.always_secure_cookies) cookie += "; Secure";
    res.headers.emplace_back("Set-Cookie", cookie);
    return res;
  });
  router.Add("GET", "/api/v1/self/messages", [&svc](Request& req) -> Response {
    auto worker = svc.WorkerForToken(req.Cookie(kWorkerCookie));
    if (!worker.ok()) return ErrorResponse(worker.status());
    req.log_user = "worker:" + std::to_string(*worker);
    auto list = svc.outbox().ListForWorker(*worker, 50);
    if (!list.ok()) return ErrorResponse(list.status());
    json items = json::array();
    for (const auto& m : *list) {
      json j = MessageJson(m);
      if (m.priority == notify::kPriorityLogin) j["body"] = "（验证码短信）";
      items.push_back(j);
    }
    return JsonResponse(200, {{"worker_id", *worker}, {"items", items}});
  });
}

}  // namespace xiezuo::http
