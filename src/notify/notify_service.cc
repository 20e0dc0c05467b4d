#include "notify/notify_service.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "auth/scope.h"
#include "codes/validators.h"
#include "common/strings.h"
#include "security/tokens.h"

namespace xiezuo::notify {

using nlohmann::json;

bool MayRunCampaigns(const auth::Principal& p) {
  switch (p.role) {
    case auth::Role::kAdmin:
    case auth::Role::kCountyOfficer:
    case auth::Role::kStationOfficer:
    case auth::Role::kReceivingOfficer:
      return true;
    default:
      return false;
  }
}

namespace {

Status NoCampaignRole() {
  return PermissionDenied("只有管理员、县人社局、劳务协作站和输入地人社局可以发送短信",
                          "Only admins, county bureaus, stations and receiving bureaus send SMS");
}

Status TemplateNotFound() { return NotFound("没有这个短信模板", "No such SMS template"); }
Status CampaignNotFound() { return NotFound("没有这个短信任务", "No such SMS campaign"); }

// A lock key derived from a blind index (first 15 hex digits).
int64_t LockKey(std::string_view prefix, const std::string& hash) {
  int64_t k = 0;
  for (char c : prefix) k = k * 31 + c;
  for (size_t i = 0; i < 15 && i < hash.size(); ++i) {
    char c = hash[i];
    k = (k << 4) ^ (c <= '9' ? c - '0' : c - 'a' + 10);
  }
  return k & 0x7FFFFFFFFFFFFFFF;
}

std::string TemplateColumns() {
  return "id, org_id, name, body, variables, status, created_by, approved_by, created_at, "
         "review_reason, (SELECT o.name FROM orgs o WHERE o.id = sms_templates.org_id)";
}

Template RowToTemplate(const store::ResultSet& rs, size_t i) {
  Template t;
  t.id = rs.Int(i, 0);
  t.org_id = rs.Int(i, 1);
  t.name = rs.Text(i, 2);
  t.body = rs.Text(i, 3);
  t.variables = json::parse(rs.Text(i, 4)).get<std::vector<std::string>>();
  t.status = rs.Text(i, 5);
  t.created_by = rs.Int(i, 6);
  t.approved_by = rs.OptInt(i, 7);
  t.created_at = rs.Int(i, 8);
  t.review_reason = rs.Text(i, 9);
  t.org_name = rs.OptText(i, 10).value_or("");
  return t;
}

std::string CampaignColumns() {
  return "id, org_id, name, template_id, status, recipients, skipped, created_by, created_at, "
         "sent_at, audience, variables";
}

Campaign RowToCampaign(const store::ResultSet& rs, size_t i) {
  Campaign c;
  c.id = rs.Int(i, 0);
  c.org_id = rs.Int(i, 1);
  c.name = rs.Text(i, 2);
  c.template_id = rs.Int(i, 3);
  c.status = rs.Text(i, 4);
  c.recipients = rs.Int(i, 5);
  c.skipped = rs.Int(i, 6);
  c.created_by = rs.Int(i, 7);
  c.created_at = rs.Int(i, 8);
  c.sent_at = rs.OptInt(i, 9);
  c.audience_json = rs.Text(i, 10);
  c.variables = json::parse(rs.Text(i, 11)).get<std::map<std::string, std::string>>();
  return c;
}

// Fills posting_title for campaigns whose audience is a posting's matches:
// one query for all of them.
Status AttachPostingTitles(store::Connection& c, std::vector<Campaign*> campaigns) {
  std::map<int64_t, std::vector<Campaign*>> by_posting;
  for (Campaign* camp : campaigns) {
    auto a = json::parse(camp->audience_json, nullptr, false);
    if (!a.is_object() || !a.contains("posting") || !a["posting"].is_object()) continue;
    const auto& id = a["posting"].value("posting_id", json());
    if (id.is_number_integer()) by_posting[id.get<int64_t>()].push_back(camp);
  }
  if (by_posting.empty()) return Status::Ok();
  std::string sql = "SELECT id, title FROM postings WHERE id IN (";
  store::Params params;
  for (const auto& [id, _] : by_posting) {
    sql += params.empty() ? "?" : ", ?";
    params.emplace_back(id);
  }
  ASSIGN_OR_RETURN(auto rs, c.Query(sql + ")", params));
  for (size_t i = 0; i < rs.size(); ++i)
    for (Campaign* camp : by_posting[rs.Int(i, 0)]) camp->posting_title = rs.Text(i, 1);
  return Status::Ok();
}

// Templates and campaigns belong to the organisation that made them: an
// admin lists all, anyone else their own organisation's, newest first.
template <typename T>
StatusOr<std::vector<T>> ListOwnOrg(store::Database& db, const auth::Principal& p,
                                    const std::string& columns, const char* table,
                                    T (*row)(const store::ResultSet&, size_t)) {
  std::vector<T> out;
  RETURN_IF_ERROR(db.WithConnection([&](store::Connection& c) -> Status {
    std::string sql = "SELECT " + columns + " FROM " + table;
    store::Params params;
    if (!p.is_admin()) {
      sql += " WHERE org_id = ?";
      params.emplace_back(p.org.id);
    }
    sql += " ORDER BY id DESC LIMIT 500";
    ASSIGN_OR_RETURN(auto rs, c.Query(sql, params));
    for (size_t i = 0; i < rs.size(); ++i) out.push_back(row(rs, i));
    return Status::Ok();
  }));
  return out;
}

}  // namespace

NotifyService::NotifyService(store::Database& db, const security::PiiCipher& cipher,
                             const security::KeyRing& keys, audit::AuditLog& audit,
                             const Clock& clock, Outbox& outbox, NotifyOptions options)
    : db_(db),
      cipher_(cipher),
      keys_(keys),
      audit_(audit),
      clock_(clock),
      outbox_(outbox),
      options_(std::move(options)) {}

StatusOr<std::string> NotifyService::Compose(const Template& t,
                                             const std::map<std::string, std::string>& vars,
                                             const std::string& name,
                                             std::string_view field) const {
  std::map<std::string, std::string> values = vars;
  values["name"] = name;
  ASSIGN_OR_RETURN(std::string body, RenderTemplate(t.body, values));
  std::string text = ComposeSms(options_.signature, body, true);
  RETURN_IF_ERROR(CheckParts(text, options_.max_parts, field));
  return text;
}

// ---- templates

StatusOr<int64_t> NotifyService::CreateTemplate(const auth::Principal& p, const TemplateInput& in) {
  if (!MayRunCampaigns(p)) return NoCampaignRole();
  Status bad = InvalidArgument("短信模板有误", "Invalid SMS template");
  std::string name(Trim(in.name));
  if (name.empty() || Utf8Length(name) > 50) {
    bad.AddField("name", "模板名称必填，不超过 50 字", "Name is required, at most 50 characters");
  }
  std::string body(Trim(in.body));
  if (body.empty() || Utf8Length(body) > 500) {
    bad.AddField("body", "模板内容必填，不超过 500 字", "Body is required, at most 500 characters");
  }
  if (!bad.fields().empty()) return bad;
  if (body.find("【") != std::string::npos || body.find("】") != std::string::npos) {
    return FieldInvalid("body", "模板内容不要包含【】签名，系统会自动加上【" + options_.signature + "】",
                        "Leave out the 【signature】; it is added automatically");
  }
  ASSIGN_OR_RETURN(auto vars, ParseTemplate(body, kKnownVariables));
  // The fixed text alone (variables empty) must already fit.
  std::map<std::string, std::string> empty;
  for (const auto& v : vars) empty[v] = "";
  ASSIGN_OR_RETURN(std::string fixed, RenderTemplate(body, empty));
  RETURN_IF_ERROR(CheckParts(ComposeSms(options_.signature, fixed, true), options_.max_parts,
                             "body"));
  int64_t id = 0;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(id, c.QueryInt("INSERT INTO sms_templates (org_id, name, body, variables, "
                                    "status, created_by, created_at) VALUES (?, ?, ?, ?, 'draft', "
                                    "?, ?) RETURNING id",
                                    {p.org.id, name, body, json(vars).dump(), p.user_id,
                                     clock_.NowSeconds()}));
    return audit_.Append(c, {p.user_id, "sms.template.create", "sms_template:" + std::to_string(id),
                             "ok", ""});
  }));
  return id;
}

StatusOr<Template> NotifyService::LoadTemplate(store::Connection& c, const auth::Principal& p,
                                               int64_t id) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + TemplateColumns() +
                                        " FROM sms_templates WHERE id = ?",
                                    {id}));
  if (rs.empty()) return TemplateNotFound();
  Template t = RowToTemplate(rs, 0);
  if (!p.is_admin() && t.org_id != p.org.id) return TemplateNotFound();
  return t;
}

Status NotifyService::ApproveTemplate(const auth::Principal& p, int64_t id, bool approve,
                                      const std::string& reason_in) {
  if (!p.is_admin()) {
    return PermissionDenied("只有管理员可以审核短信模板", "Only an admin approves SMS templates");
  }
  const std::string reason(Trim(reason_in));
  if (!approve && reason.empty()) {
    return FieldInvalid("reason", "驳回时请写明原因，便于修改", "Say why the template is rejected");
  }
  if (Utf8Length(reason) > 200) {
    return FieldInvalid("reason", "原因不超过 200 字", "At most 200 characters");
  }
  return db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Template t, LoadTemplate(c, p, id));
    if (t.status != "draft") {
      return FailedPrecondition("模板已审核过", "The template was already reviewed");
    }
    RETURN_IF_ERROR(c.Execute("UPDATE sms_templates SET status = ?, approved_by = ?, "
                              "approved_at = ?, review_reason = ? WHERE id = ?",
                              {std::string(approve ? "approved" : "rejected"), p.user_id,
                               clock_.NowSeconds(), approve ? std::string() : reason, id})
                        .status());
    return audit_.Append(c, {p.user_id, approve ? "sms.template.approve" : "sms.template.reject",
                             "sms_template:" + std::to_string(id), "ok", ""});
  });
}

StatusOr<Template> NotifyService::GetTemplate(const auth::Principal& p, int64_t id) {
  if (!MayRunCampaigns(p)) return NoCampaignRole();
  Template t;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(t, LoadTemplate(c, p, id));
    return Status::Ok();
  }));
  return t;
}

StatusOr<std::vector<Template>> NotifyService::ListTemplates(const auth::Principal& p) {
  if (!MayRunCampaigns(p)) return NoCampaignRole();
  return ListOwnOrg<Template>(db_, p, TemplateColumns(), "sms_templates", RowToTemplate);
}

// ---- campaigns

StatusOr<int64_t> NotifyService::CreateCampaign(const auth::Principal& p, const CampaignInput& in) {
  if (!MayRunCampaigns(p)) return NoCampaignRole();
  std::string name(Trim(in.name));
  if (name.empty() || Utf8Length(name) > 100) {
    return FieldInvalid("name", "任务名称必填，不超过 100 字", "Name is required, at most 100 characters");
  }
  const int kinds = int{in.posting.has_value()} + int{in.filter.has_value()} +
                    int{!in.worker_ids.empty()};
  if (kinds != 1) {
    return FieldInvalid("audience", "请选择一种推送对象：岗位的匹配人员、筛选条件或人员名单",
                        "Give one audience: a posting's matched workers, a filter or a list of "
                        "worker ids");
  }
  if (in.worker_ids.size() > 100000) {
    return FieldInvalid("audience.worker_ids", "名单最多 100000 人", "At most 100,000 workers");
  }
  int64_t id = 0;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    auto t = LoadTemplate(c, p, in.template_id);
    if (!t.ok()) return FieldInvalid("template_id", "没有这个短信模板", "No such SMS template");
    if (t->status != "approved") {
      return FieldInvalid("template_id", "模板尚未通过管理员审核，不能使用",
                          "The template is not approved by an admin yet");
    }
    for (const auto& [k, v] : in.variables) {
      if (k == "name" ||
          std::find(t->variables.begin(), t->variables.end(), k) == t->variables.end()) {
        return FieldInvalid("variables." + k, "模板中没有变量 {{" + k + "}}",
                            "The template has no variable {{" + k + "}}" +
                                (k == "name" ? " to fill in ({{name}} is each recipient's)" : ""));
      }
      if (Utf8Length(v) > 100) {
        return FieldInvalid("variables." + k, "变量取值不超过 100 字", "At most 100 characters");
      }
    }
    // Every variable has a value; the text fits with a typical name.
    ASSIGN_OR_RETURN(std::string sample, Compose(*t, in.variables, "张三丰", "variables"));
    (void)sample;
    json audience;
    if (in.posting) {
      audience["posting"] = {{"posting_id", in.posting->posting_id}, {"top", in.posting->top}};
    } else if (in.filter) {
      audience["filter"] = {{"region_code", in.filter->region_code},
                            {"category", in.filter->category},
                            {"status", in.filter->status},
                            {"occupation", in.filter->occupation},
                            {"wanted_region", in.filter->wanted_region}};
    } else {
      audience["worker_ids"] = in.worker_ids;
    }
    // An audience the caller may not use (another county's posting, workers
    // out of scope) is refused now rather than at sending.
    RETURN_IF_ERROR(Audience(c, p, audience).status());
    ASSIGN_OR_RETURN(id, c.QueryInt("INSERT INTO sms_campaigns (org_id, name, template_id, "
                                    "audience, variables, status, created_by, created_at) VALUES "
                                    "(?, ?, ?, ?, ?, 'draft', ?, ?) RETURNING id",
                                    {p.org.id, name, in.template_id, audience.dump(),
                                     json(in.variables).dump(), p.user_id, clock_.NowSeconds()}));
    return audit_.Append(c, {p.user_id, "sms.campaign.create", "sms_campaign:" + std::to_string(id),
                             "ok", ""});
  }));
  return id;
}

StatusOr<Campaign> NotifyService::LoadCampaign(store::Connection& c, const auth::Principal& p,
                                               int64_t id) {
  if (!MayRunCampaigns(p)) return NoCampaignRole();
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT " + CampaignColumns() +
                                        " FROM sms_campaigns WHERE id = ?",
                                    {id}));
  if (rs.empty()) return CampaignNotFound();
  Campaign camp = RowToCampaign(rs, 0);
  if (!p.is_admin() && camp.org_id != p.org.id) return CampaignNotFound();
  return camp;
}

StatusOr<Campaign> NotifyService::GetCampaign(const auth::Principal& p, int64_t id) {
  Campaign camp;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(camp, LoadCampaign(c, p, id));
    return AttachPostingTitles(c, {&camp});  // for the reader, not for sending
  }));
  return camp;
}

StatusOr<std::vector<Campaign>> NotifyService::ListCampaigns(const auth::Principal& p) {
  if (!MayRunCampaigns(p)) return NoCampaignRole();
  ASSIGN_OR_RETURN(auto list,
                   ListOwnOrg<Campaign>(db_, p, CampaignColumns(), "sms_campaigns", RowToCampaign));
  std::vector<Campaign*> all;
  for (Campaign& camp : list) all.push_back(&camp);
  RETURN_IF_ERROR(db_.WithConnection(
      [&](store::Connection& c) { return AttachPostingTitles(c, std::move(all)); }));
  return list;
}

namespace {

// Workers' columns a Recipient is read from.
constexpr const char* kRecipientColumns = "w.id, w.name, w.phone_enc, w.phone_hash, w.phone_masked";

std::string PostingKeyPrefix(int64_t posting_id) {
  return "posting:" + std::to_string(posting_id) + ":worker:";
}

std::string IdempotencyKeyPrefix(const Campaign& camp) {
  json audience = json::parse(camp.audience_json);
  if (audience.contains("posting")) {
    return PostingKeyPrefix(audience["posting"].value("posting_id", int64_t{0}));
  }
  return "campaign:" + std::to_string(camp.id) + ":worker:";
}

}  // namespace

StatusOr<std::vector<NotifyService::Recipient>> NotifyService::Audience(store::Connection& c,
                                                                        const auth::Principal& p,
                                                                        const json& audience) {
  auto scope = auth::WorkerScope(p);
  std::string sql = std::string("SELECT ") + kRecipientColumns + " FROM workers w WHERE (" +
                    scope.where + ")";
  store::Params params = scope.params;
  std::vector<int64_t> ids;
  if (audience.contains("posting")) {
    const int64_t posting_id = audience["posting"].value("posting_id", int64_t{0});
    const int64_t top = audience["posting"].value("top", int64_t{0});
    auto pscope = auth::PostingScope(p);
    store::Params pparams{posting_id};
    pparams.insert(pparams.end(), pscope.params.begin(), pscope.params.end());
    ASSIGN_OR_RETURN(auto posting,
                     c.Query("SELECT p.status FROM postings p JOIN enterprises e ON e.id = "
                             "p.enterprise_id WHERE p.id = ? AND (" + pscope.where + ")",
                             pparams));
    if (posting.empty()) {
      return NotFound("没有这个岗位", "No such posting").set_detail("audience.posting_id");
    }
    if (posting.Text(0, 0) != "published") {
      return FieldInvalid("audience.posting_id", "岗位尚未发布或已下架，不能推送",
                          "The posting is not published");
    }
    // The latest batch that recommended this posting to workers in scope:
    // another county's batch later on does not hide this county's.
    store::Params bparams{posting_id};
    bparams.insert(bparams.end(), scope.params.begin(), scope.params.end());
    ASSIGN_OR_RETURN(auto batch,
                     c.Query("SELECT MAX(r.batch_id) FROM match_recommendations r JOIN workers w "
                             "ON w.id = r.worker_id WHERE r.posting_id = ? AND (" + scope.where +
                                 ")",
                             bparams));
    if (batch.empty() || batch.IsNull(0, 0)) {
      return NotFound("该岗位没有您管辖范围内的匹配人员，请先运行人岗匹配",
                      "The posting has no matched workers in your scope; run matching first")
          .set_detail("audience.posting_id");
    }
    sql = std::string("SELECT ") + kRecipientColumns +
          " FROM match_recommendations r JOIN workers w ON w.id = r.worker_id"
          " WHERE r.batch_id = ? AND r.posting_id = ? AND (" + scope.where +
          ") ORDER BY r.score DESC, r.id";
    params = {batch.Int(0, 0), posting_id};
    params.insert(params.end(), scope.params.begin(), scope.params.end());
    if (top > 0) {
      sql += " LIMIT ?";
      params.emplace_back(top);
    }
  } else if (audience.contains("filter")) {
    const auto& f = audience["filter"];
    auto text = [&](const char* k) { return f.value(k, std::string()); };
    if (!text("region_code").empty()) {
      sql += " AND w.region_code LIKE ?";
      params.emplace_back(auth::RegionPrefix(text("region_code")) + "%");
    }
    if (!text("category").empty()) {
      sql += " AND w.category = ?";
      params.emplace_back(text("category"));
    }
    if (!text("status").empty()) {
      sql += " AND w.status = ?";
      params.emplace_back(text("status"));
    }
    // occupations and wanted_regions are JSON arrays of codes: match an
    // element that starts with the code (or the division's prefix).
    if (!text("occupation").empty()) {
      sql += " AND w.occupations LIKE ?";
      params.emplace_back("%\"" + text("occupation") + "%");
    }
    if (!text("wanted_region").empty()) {
      sql += " AND w.wanted_regions LIKE ?";
      params.emplace_back("%\"" + auth::RegionPrefix(text("wanted_region")) + "%");
    }
    sql += " ORDER BY w.id";
  } else {
    ids = audience.value("worker_ids", std::vector<int64_t>{});
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.empty()) return std::vector<Recipient>{};
    // Bounded by ids (integers), so building the list inline is safe.
    std::string list;
    for (int64_t id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
    sql += " AND w.id IN (" + list + ") ORDER BY w.id";
  }
  ASSIGN_OR_RETURN(auto rs, c.Query(sql, params));
  if (!ids.empty() && rs.size() != ids.size()) {
    return FieldInvalid("audience.worker_ids",
                        std::to_string(ids.size() - rs.size()) + " 名人员不存在或不在您的管辖范围内",
                        std::to_string(ids.size() - rs.size()) +
                            " workers do not exist or are outside your scope");
  }
  std::vector<Recipient> out;
  out.reserve(rs.size());
  for (size_t i = 0; i < rs.size(); ++i) {
    out.push_back({rs.Int(i, 0), rs.Text(i, 1), rs.OptText(i, 2), rs.OptText(i, 3),
                   rs.OptText(i, 4).value_or(""), ""});
  }
  return out;
}

StatusOr<NotifyService::Resolved> NotifyService::Resolve(store::Connection& c,
                                                         const auth::Principal& p,
                                                         const Campaign& camp) {
  ASSIGN_OR_RETURN(auto recipients, Audience(c, p, json::parse(camp.audience_json)));
  ASSIGN_OR_RETURN(auto optouts, c.Query("SELECT phone_hash FROM sms_optouts"));
  std::set<std::string> opted;
  for (size_t i = 0; i < optouts.size(); ++i) opted.insert(optouts.Text(i, 0));
  // Workers who already got this posting through another campaign.
  std::set<int64_t> notified;
  const std::string prefix = IdempotencyKeyPrefix(camp);
  if (prefix.starts_with("posting:")) {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT worker_id FROM sms_outbox WHERE idempotency_key "
                                      "LIKE ? AND campaign_id <> ? AND worker_id IS NOT NULL",
                                      {prefix + "%", camp.id}));
    for (size_t i = 0; i < rs.size(); ++i) notified.insert(rs.Int(i, 0));
  }
  Resolved out;
  for (auto& r : recipients) {
    if (!r.phone_enc) {
      ++out.without_phone;
      continue;
    }
    ASSIGN_OR_RETURN(std::string phone,
                     cipher_.Decrypt(*r.phone_enc, security::pii_context::kPhone));
    auto mobile = codes::ValidateMobile(phone);
    if (!mobile.ok()) {
      ++out.invalid_phone;
      continue;
    }
    if (r.phone_hash && opted.count(*r.phone_hash)) {
      ++out.opted_out;
      continue;
    }
    if (notified.count(r.worker_id)) {
      ++out.already_notified;
      continue;
    }
    r.phone = mobile.normalized;
    out.included.push_back(std::move(r));
  }
  return out;
}

StatusOr<Preview> NotifyService::PreviewCampaign(const auth::Principal& p, int64_t id) {
  Preview pv;
  const int64_t now = clock_.NowSeconds();
  pv.quiet_hours = outbox_.options().quiet_hours;
  pv.in_quiet_hours = InQuietHours(now, pv.quiet_hours);
  pv.not_before = NextSendTime(now, pv.quiet_hours);
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Campaign camp, LoadCampaign(c, p, id));
    ASSIGN_OR_RETURN(Template t, LoadTemplate(c, p, camp.template_id));
    ASSIGN_OR_RETURN(Resolved res, Resolve(c, p, camp));
    pv.without_phone = res.without_phone;
    pv.invalid_phone = res.invalid_phone;
    pv.opted_out = res.opted_out;
    pv.already_notified = res.already_notified;
    for (const auto& r : res.included) {
      ASSIGN_OR_RETURN(std::string text,
                       Compose(t, camp.variables, r.name, "worker:" + std::to_string(r.worker_id)));
      SmsLength len = CountSms(text);
      if (!pv.sample_worker_id) {
        pv.text = text;
        pv.length = len;
        pv.sample_worker_id = r.worker_id;
        pv.sample_phone_masked = r.phone_masked;
      }
      ++pv.recipients;
      pv.parts_total += len.parts;
    }
    if (!pv.sample_worker_id) {
      ASSIGN_OR_RETURN(pv.text, Compose(t, camp.variables, "张三", "variables"));
      pv.length = CountSms(pv.text);
    }
    return Status::Ok();
  }));
  return pv;
}

StatusOr<SendReport> NotifyService::SendCampaign(const auth::Principal& p, int64_t id) {
  SendReport rep;
  const int64_t now = clock_.NowSeconds();
  rep.not_before = NextSendTime(now, outbox_.options().quiet_hours);
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    rep.queued = rep.skipped = 0;
    RETURN_IF_ERROR(c.LockForUpdate(LockKey("campaign", std::to_string(id))));
    ASSIGN_OR_RETURN(Campaign camp, LoadCampaign(c, p, id));
    ASSIGN_OR_RETURN(Template t, LoadTemplate(c, p, camp.template_id));
    if (t.status != "approved") {
      return FailedPrecondition("模板未通过审核", "The template is not approved");
    }
    ASSIGN_OR_RETURN(Resolved res, Resolve(c, p, camp));
    rep.skipped = res.excluded();
    const std::string key_prefix = IdempotencyKeyPrefix(camp);
    // Queued in batches of multi-row INSERTs; the text is rendered once per
    // distinct name (the only per-recipient variable).
    constexpr size_t kBatch = 5000;
    std::unordered_map<std::string, std::string> text_for_name;
    std::vector<NewMessage> batch;
    batch.reserve(std::min(res.included.size(), kBatch));
    auto flush = [&]() -> Status {
      ASSIGN_OR_RETURN(auto results, outbox_.EnqueueBatch(c, batch, /*skip_invalid=*/true));
      for (const auto& e : results) {
        if (e.id == 0) ++rep.skipped;  // refused by the outbox's own checks
        if (e.inserted) ++rep.queued;
      }
      batch.clear();
      return Status::Ok();
    };
    for (auto& r : res.included) {
      auto text = text_for_name.find(r.name);
      if (text == text_for_name.end()) {
        if (text_for_name.size() >= 100000) text_for_name.clear();  // bounded memory
        ASSIGN_OR_RETURN(std::string t_text, Compose(t, camp.variables, r.name,
                                                     "worker:" + std::to_string(r.worker_id)));
        text = text_for_name.emplace(r.name, std::move(t_text)).first;
      }
      NewMessage m;
      m.idempotency_key = key_prefix + std::to_string(r.worker_id);
      m.phone = std::move(r.phone);
      m.body = text->second;
      m.priority = kPriorityCampaign;
      m.campaign_id = id;
      m.worker_id = r.worker_id;
      m.not_before = rep.not_before;
      batch.push_back(std::move(m));
      if (batch.size() >= kBatch) RETURN_IF_ERROR(flush());
    }
    if (!batch.empty()) RETURN_IF_ERROR(flush());
    RETURN_IF_ERROR(c.Execute("UPDATE sms_campaigns SET status = 'sending', recipients = "
                              "recipients + ?, skipped = ?, sent_at = COALESCE(sent_at, ?) "
                              "WHERE id = ?",
                              {rep.queued, rep.skipped, now, id})
                        .status());
    return audit_.Append(c, {p.user_id, "sms.campaign.send", "sms_campaign:" + std::to_string(id),
                             "ok", "queued=" + std::to_string(rep.queued)});
  }));
  return rep;
}

StatusOr<StateCounts> NotifyService::Progress(const auth::Principal& p, int64_t id) {
  RETURN_IF_ERROR(GetCampaign(p, id).status());
  return outbox_.CountCampaign(id);
}

StatusOr<std::vector<OutboxMessage>> NotifyService::CampaignMessages(const auth::Principal& p,
                                                                     int64_t id,
                                                                     const std::string& state,
                                                                     int64_t offset, int64_t limit) {
  RETURN_IF_ERROR(GetCampaign(p, id).status());
  static const std::set<std::string> kStates = {"", "queued", "sending", "sent", "delivered",
                                                "failed"};
  if (!kStates.count(state)) {
    return FieldInvalid("state", "状态应为 queued/sending/sent/delivered/failed",
                        "state must be queued, sending, sent, delivered or failed");
  }
  return outbox_.ListCampaign(id, state, offset, limit);
}

StatusOr<int64_t> NotifyService::RetryFailed(const auth::Principal& p, int64_t id) {
  RETURN_IF_ERROR(GetCampaign(p, id).status());
  ASSIGN_OR_RETURN(int64_t n, outbox_.RetryFailed(id));
  RETURN_IF_ERROR(audit_.Append({p.user_id, "sms.campaign.retry",
                                 "sms_campaign:" + std::to_string(id), "ok",
                                 "requeued=" + std::to_string(n)}));
  return n;
}

StatusOr<std::optional<std::string>> NotifyService::VisibleWorkerPhoneHash(
    store::Connection& c, const auth::Principal& p, int64_t worker_id) {
  auto scope = auth::WorkerScope(p);
  store::Params params{worker_id};
  params.insert(params.end(), scope.params.begin(), scope.params.end());
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT w.phone_hash FROM workers w WHERE w.id = ? AND (" +
                                        scope.where + ")",
                                    params));
  if (rs.empty()) return NotFound("没有这名人员", "No such worker");
  return rs.OptText(0, 0);
}

StatusOr<std::vector<OutboxMessage>> NotifyService::WorkerHistory(const auth::Principal& p,
                                                                  int64_t worker_id) {
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    return VisibleWorkerPhoneHash(c, p, worker_id).status();
  }));
  return outbox_.ListForWorker(worker_id, 200);
}

StatusOr<std::optional<bool>> NotifyService::WorkerOptedOut(const auth::Principal& p,
                                                            int64_t worker_id) {
  std::optional<bool> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto hash, VisibleWorkerPhoneHash(c, p, worker_id));
    if (!hash) return Status::Ok();
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT 1 FROM sms_optouts WHERE phone_hash = ?", {*hash}));
    out = !rs.empty();
    return Status::Ok();
  }));
  return out;
}

Status NotifyService::SetWorkerOptOut(const auth::Principal& p, int64_t worker_id,
                                      bool opted_out) {
  if (!MayRunCampaigns(p)) return NoCampaignRole();
  return db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto hash, VisibleWorkerPhoneHash(c, p, worker_id));
    if (!hash) {
      return FieldInvalid("phone", "该人员没有登记手机号", "The worker has no phone on record");
    }
    RETURN_IF_ERROR(outbox_.SetOptOut(c, *hash, opted_out));
    return audit_.Append(c, {p.user_id, opted_out ? "sms.optout" : "sms.optin",
                             "worker:" + std::to_string(worker_id), "ok", ""});
  });
}

// ---- Kannel callbacks

Status NotifyService::DeliveryReport(int64_t id, int status, const std::string& answer) {
  if (id <= 0 || status <= 0 || status > 31) {
    return InvalidArgument("状态报告参数有误", "Malformed delivery report");
  }
  return outbox_.ApplyDeliveryReport(id, status, answer);
}

StatusOr<InboundKind> NotifyService::Inbound(const std::string& from, const std::string& text) {
  auto phone = codes::ValidateMobile(from);
  if (!phone.ok()) return FieldInvalid("from", "上行短信的号码无效", "Inbound sender is not a mobile");
  if (!IsValidUtf8(text) || text.size() > 2000) {
    return FieldInvalid("text", "上行短信内容无效", "Inbound text is not valid UTF-8 or too long");
  }
  std::string hash = cipher_.BlindIndex(phone.normalized, security::pii_context::kPhone);
  InboundKind kind = ClassifyInbound(text);
  const char* kind_name = kind == InboundKind::kOptOut ? "opt_out"
                          : kind == InboundKind::kOptIn ? "opt_in"
                                                        : "other";
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    if (kind != InboundKind::kOther) {
      RETURN_IF_ERROR(outbox_.SetOptOut(c, hash, kind == InboundKind::kOptOut));
    }
    std::string kept = text.substr(0, 400);
    while (!kept.empty() && !IsValidUtf8(kept)) kept.pop_back();
    return c.Execute("INSERT INTO sms_inbound (phone_hash, kind, text, received_at) VALUES (?, ?, "
                     "?, ?)",
                     {hash, std::string(kind_name), kept, clock_.NowSeconds()})
        .status();
  }));
  return kind;
}

// ---- SMS sign-in

Status NotifyService::RequestCode(const std::string& phone_in, const std::string& remote_addr) {
  auto phone = codes::ValidateMobile(phone_in);
  if (!phone.ok()) return FieldInvalid("phone", "请输入有效的手机号码", "Enter a valid mobile number");
  const std::string hash = cipher_.BlindIndex(phone.normalized, security::pii_context::kPhone);
  const std::string addr_hash = security::HashToken(keys_, "sms-addr:" + remote_addr);
  const int64_t now = clock_.NowSeconds();
  return db_.Transact([&](store::Connection& c) -> Status {
    RETURN_IF_ERROR(c.LockForUpdate(LockKey("code", hash)));
    ASSIGN_OR_RETURN(auto last, c.Query("SELECT MAX(created_at), COUNT(*) FROM sms_login_codes "
                                        "WHERE phone_hash = ? AND created_at > ?",
                                        {hash, now - 3600}));
    if (!last.IsNull(0, 0) && last.Int(0, 0) > now - options_.code_min_interval_seconds) {
      int64_t wait = last.Int(0, 0) + options_.code_min_interval_seconds - now;
      return ResourceExhausted("验证码发送过于频繁，请 " + std::to_string(wait) + " 秒后再试",
                               "Too many codes; try again in " + std::to_string(wait) + " s")
          .set_detail("retry_after=" + std::to_string(wait));
    }
    if (last.Int(0, 1) >= options_.codes_per_number_per_hour) {
      return ResourceExhausted("该号码一小时内获取验证码次数过多，请稍后再试",
                               "Too many codes for this number this hour; try later");
    }
    ASSIGN_OR_RETURN(int64_t by_addr, c.QueryInt("SELECT COUNT(*) FROM sms_login_codes WHERE "
                                                 "addr_hash = ? AND created_at > ?",
                                                 {addr_hash, now - 3600}));
    if (by_addr >= options_.codes_per_address_per_hour) {
      return ResourceExhausted("此网络地址获取验证码次数过多，请稍后再试",
                               "Too many codes from this address this hour; try later");
    }
    ASSIGN_OR_RETURN(auto w, c.Query("SELECT id FROM workers WHERE phone_hash = ? ORDER BY id "
                                     "LIMIT 1",
                                     {hash}));
    std::string code = security::RandomDigits(6);
    ASSIGN_OR_RETURN(int64_t code_id,
                     c.QueryInt("INSERT INTO sms_login_codes (phone_hash, worker_id, addr_hash, "
                                "code_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                                "RETURNING id",
                                {hash, w.empty() ? store::Param(nullptr) : store::Param(w.Int(0, 0)),
                                 addr_hash, security::HashToken(keys_, hash + ":" + code),
                                 now + options_.code_ttl_seconds, now}));
    if (w.empty()) return Status::Ok();  // same answer; nothing sent
    NewMessage m;
    m.idempotency_key = "login:" + std::to_string(code_id);
    m.phone = phone.normalized;
    m.body = ComposeSms(options_.signature,
                        "您的登录验证码为" + code + "，" +
                            std::to_string(options_.code_ttl_seconds / 60) +
                            "分钟内有效。如非本人操作，请忽略。",
                        false);
    m.priority = kPriorityLogin;
    m.worker_id = w.Int(0, 0);
    return outbox_.Enqueue(c, m).status();
  });
}

StatusOr<NotifyService::WorkerSession> NotifyService::VerifyCode(const std::string& phone_in,
                                                                 const std::string& code,
                                                                 const std::string& remote_addr) {
  (void)remote_addr;
  Status wrong = Unauthenticated("验证码错误或已过期", "Wrong or expired code");
  auto phone = codes::ValidateMobile(phone_in);
  if (!phone.ok()) return FieldInvalid("phone", "请输入有效的手机号码", "Enter a valid mobile number");
  if (code.size() != 6 || !std::all_of(code.begin(), code.end(), ::isdigit)) {
    return FieldInvalid("code", "验证码为 6 位数字", "The code has 6 digits");
  }
  const std::string hash = cipher_.BlindIndex(phone.normalized, security::pii_context::kPhone);
  const int64_t now = clock_.NowSeconds();
  WorkerSession session;
  bool ok = false;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    RETURN_IF_ERROR(c.LockForUpdate(LockKey("code", hash)));
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id, worker_id, code_hash, attempts FROM "
                                      "sms_login_codes WHERE phone_hash = ? AND used = 0 AND "
                                      "expires_at > ? ORDER BY id DESC LIMIT 1",
                                      {hash, now}));
    if (rs.empty() || rs.IsNull(0, 1)) return Status::Ok();
    int64_t id = rs.Int(0, 0);
    if (rs.Int(0, 3) >= options_.max_code_attempts) {
      return c.Execute("UPDATE sms_login_codes SET used = 1 WHERE id = ?", {id}).status();
    }
    if (!security::ConstantTimeEquals(rs.Text(0, 2),
                                      security::HashToken(keys_, hash + ":" + code))) {
      // Too many wrong guesses burn the code.
      return c.Execute("UPDATE sms_login_codes SET attempts = attempts + 1, used = CASE WHEN "
                       "attempts + 1 >= ? THEN 1 ELSE 0 END WHERE id = ?",
                       {static_cast<int64_t>(options_.max_code_attempts), id})
          .status();
    }
    RETURN_IF_ERROR(c.Execute("UPDATE sms_login_codes SET used = 1 WHERE id = ?", {id}).status());
    session.worker_id = rs.Int(0, 1);
    session.token = security::RandomToken();
    session.expires_at = now + options_.worker_session_seconds;
    RETURN_IF_ERROR(c.Execute("INSERT INTO worker_sessions (token_hash, worker_id, created_at, "
                              "expires_at) VALUES (?, ?, ?, ?)",
                              {security::HashToken(keys_, session.token), session.worker_id, now,
                               session.expires_at})
                        .status());
    ok = true;
    return audit_.Append(c, {0, "worker.sms_login", "worker:" + std::to_string(session.worker_id),
                             "ok", ""});
  }));
  if (!ok) return wrong;
  return session;
}

StatusOr<int64_t> NotifyService::WorkerForToken(const std::string& token) {
  if (token.empty()) return Unauthenticated("请先登录", "Sign in first");
  int64_t worker = 0;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT worker_id FROM worker_sessions WHERE token_hash = ? "
                                      "AND expires_at > ?",
                                      {security::HashToken(keys_, token), clock_.NowSeconds()}));
    if (rs.empty()) return Unauthenticated("登录已过期，请重新登录", "Session expired; sign in again");
    worker = rs.Int(0, 0);
    return Status::Ok();
  }));
  return worker;
}

}  // namespace xiezuo::notify
