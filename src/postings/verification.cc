#include "postings/verification.h"

#include <fstream>
#include <set>
#include <sstream>

#include "common/strings.h"
#include "postings/photos.h"

namespace xiezuo::postings {

using nlohmann::json;

std::vector<std::string> Outline::item_ids() const {
  std::vector<std::string> out;
  if (!body.contains("categories")) return out;
  for (const auto& c : body["categories"])
    for (const auto& i : c.value("items", json::array())) out.push_back(i.value("id", ""));
  return out;
}

bool CanVerify(const auth::Principal& p) {
  return p.is_admin() || p.role == auth::Role::kStationOfficer ||
         p.role == auth::Role::kReceivingOfficer;
}

struct VerificationService::Loaded {
  PostingInput in;
  std::string status;
  std::string exception;
  bool blacklisted = false;
  int64_t enterprise_org = 0;
};

namespace {

Status NotAllowed() {
  return PermissionDenied("只有驻外劳务协作站、输入地人社部门或管理员可以核查和发布岗位",
                          "Only station and receiving officers or admins verify and publish");
}

Status WrongState(const std::string& now, const std::string& action_zh) {
  static const std::map<std::string, std::string> kZh = {
      {"draft", "草稿"},     {"submitted", "待核查"}, {"verified", "已核查"}, {"rejected", "已退回"},
      {"published", "已发布"}, {"filled", "已招满"},  {"expired", "已过期"}};
  auto it = kZh.find(now);
  return FailedPrecondition("岗位当前状态为“" + (it == kZh.end() ? now : it->second) + "”，不能" +
                                action_zh,
                            "The posting is " + now + "; this step is not allowed now");
}

Status ValidateOutline(const json& body) {
  if (!body.is_object() || !body.contains("categories") || !body["categories"].is_array() ||
      body["categories"].size() != 8) {
    return FieldInvalid("categories", "核查提纲须有 8 个类别", "The outline must have 8 categories");
  }
  std::set<std::string> ids;
  size_t n = 0;
  for (const auto& c : body["categories"]) {
    if (!c.is_object() || !c.contains("items") || !c["items"].is_array() || c["items"].empty())
      return FieldInvalid("categories", "每个类别须有核查项", "Every category needs items");
    for (const auto& i : c["items"]) {
      if (!i.is_object() || !i.contains("id") || !i["id"].is_string() || !i.contains("text") ||
          !i["text"].is_string())
        return FieldInvalid("items", "核查项须有编号和内容", "Every item needs an id and text");
      if (!ids.insert(i["id"].get<std::string>()).second)
        return FieldInvalid("items", "核查项编号重复", "Item ids must be unique");
      ++n;
    }
  }
  (void)n;
  return Status::Ok();
}

json AnswersJson(const std::map<std::string, Answer>& answers) {
  json j = json::object();
  for (const auto& [k, a] : answers) j[k] = {{"result", a.result}, {"note", a.note}};
  return j;
}

}  // namespace

Status VerificationService::SeedOutline(const std::string& path) {
  return db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(int64_t n, c.QueryInt("SELECT COUNT(*) FROM inspection_outlines"));
    if (n > 0) return Status::Ok();
    std::ifstream in(path);
    if (!in) {
      return FailedPrecondition("找不到核查提纲文件 " + path, "Inspection outline missing: " + path);
    }
    std::stringstream ss;
    ss << in.rdbuf();
    json body = json::parse(ss.str(), nullptr, false);
    RETURN_IF_ERROR(ValidateOutline(body));
    return c.Execute("INSERT INTO inspection_outlines (version, body, created_by, created_at)"
                     " VALUES (1, ?, NULL, ?)",
                     {body.dump(), clock_.NowSeconds()})
        .status();
  });
}

StatusOr<Outline> VerificationService::CurrentOutline() {
  Outline o;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT version, body FROM inspection_outlines"
                                      " ORDER BY version DESC LIMIT 1"));
    if (rs.empty()) return NotFound("尚未载入核查提纲", "No inspection outline loaded");
    o.version = static_cast<int>(rs.Int(0, 0));
    o.body = json::parse(rs.Text(0, 1), nullptr, false);
    return Status::Ok();
  }));
  return o;
}

StatusOr<int> VerificationService::SaveOutline(const auth::Principal& p, const json& body) {
  if (!p.is_admin()) return PermissionDenied("只有管理员可以修改核查提纲", "Only admins edit the outline");
  RETURN_IF_ERROR(ValidateOutline(body));
  int version = 0;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    RETURN_IF_ERROR(c.LockForUpdate(0x0171E));
    ASSIGN_OR_RETURN(int64_t v, c.QueryInt("SELECT COALESCE(MAX(version), 0) FROM inspection_outlines"));
    version = static_cast<int>(v + 1);
    RETURN_IF_ERROR(c.Execute("INSERT INTO inspection_outlines (version, body, created_by, created_at)"
                              " VALUES (?, ?, ?, ?)",
                              {int64_t{version}, body.dump(), p.user_id, clock_.NowSeconds()})
                        .status());
    return audit_.Append(c, {p.user_id, "outline.save", "outline:" + std::to_string(version), "ok", ""});
  }));
  return version;
}

StatusOr<Outline> VerificationService::OutlineVersion(int version) {
  Outline o;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT version, body FROM inspection_outlines"
                                      " WHERE version = ?",
                                      {int64_t{version}}));
    if (rs.empty()) {
      return NotFound("没有第 " + std::to_string(version) + " 版核查提纲",
                      "No outline version " + std::to_string(version));
    }
    o.version = static_cast<int>(rs.Int(0, 0));
    o.body = json::parse(rs.Text(0, 1), nullptr, false);
    return Status::Ok();
  }));
  return o;
}

StatusOr<std::vector<Review>> VerificationService::Reviews(int64_t posting_id) {
  std::vector<Review> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query(
        "SELECT r.id, r.action, r.from_status, r.to_status, r.outline_version, r.answers,"
        " r.reasons, r.photos, COALESCE(r.actor, 0), COALESCE(u.display_name, ''), r.created_at"
        " FROM posting_reviews r LEFT JOIN users u ON u.id = r.actor"
        " WHERE r.posting_id = ? ORDER BY r.id",
        {posting_id}));
    for (size_t r = 0; r < rs.size(); ++r) {
      Review v;
      v.id = rs.Int(r, 0);
      v.action = rs.Text(r, 1);
      v.from_status = rs.Text(r, 2);
      v.to_status = rs.Text(r, 3);
      v.outline_version = rs.OptInt(r, 4);
      v.answers = json::parse(rs.Text(r, 5), nullptr, false);
      v.reasons = json::parse(rs.Text(r, 6), nullptr, false);
      v.photos = json::parse(rs.Text(r, 7), nullptr, false);
      v.actor = rs.Int(r, 8);
      v.actor_name = rs.Text(r, 9);
      v.created_at = rs.Int(r, 10);
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  return out;
}

StatusOr<VerificationService::Loaded> VerificationService::Load(store::Connection& c, int64_t id) {
  RETURN_IF_ERROR(c.LockForUpdate(0x70570000 + id));
  ASSIGN_OR_RETURN(auto rs, c.Query(
      "SELECT p.enterprise_id, p.title, p.occupation_code, p.region_code, p.openings, p.wage_min,"
      " p.wage_max, p.pay_type, p.age_min, p.age_max, p.hours, p.description, p.status,"
      " p.valid_until, p.requirement_exception, e.blacklisted, COALESCE(e.org_id, 0)"
      " FROM postings p JOIN enterprises e ON e.id = p.enterprise_id WHERE p.id = ?",
      {id}));
  if (rs.empty()) return NotFound("未找到该岗位", "Posting not found");
  Loaded l;
  l.in.enterprise_id = rs.Int(0, 0);
  l.in.title = rs.Text(0, 1);
  l.in.occupation_code = rs.Text(0, 2);
  l.in.region_code = rs.Text(0, 3);
  l.in.openings = rs.Int(0, 4);
  l.in.wage_min = rs.Int(0, 5);
  l.in.wage_max = rs.Int(0, 6);
  l.in.pay_type = rs.Text(0, 7);
  l.in.age_min = rs.OptInt(0, 8);
  l.in.age_max = rs.OptInt(0, 9);
  l.in.hours = rs.Text(0, 10);
  l.in.description = rs.Text(0, 11);
  l.status = rs.Text(0, 12);
  l.in.valid_until = rs.Text(0, 13);
  l.exception = rs.Text(0, 14);
  l.blacklisted = rs.Int(0, 15) != 0;
  l.enterprise_org = rs.Int(0, 16);
  return l;
}

Status VerificationService::Transition(store::Connection& c, const auth::Principal& p, int64_t id,
                                       const std::string& action, const std::string& from,
                                       const std::string& to, std::optional<int> outline_version,
                                       const json& answers, const json& reasons,
                                       const json& photos) {
  const int64_t now = clock_.NowSeconds();
  ASSIGN_OR_RETURN(int64_t n, c.Execute("UPDATE postings SET status = ?, updated_at = ?"
                                        " WHERE id = ? AND status = ?",
                                        {to, now, id, from}));
  if (n != 1) return WrongState(from, "执行此操作");
  ASSIGN_OR_RETURN(auto review,
                   c.Query("INSERT INTO posting_reviews (posting_id, action, from_status,"
                           " to_status, outline_version, answers, reasons, photos, actor,"
                           " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           {id, action, from, to,
                            outline_version ? store::Param(int64_t{*outline_version})
                                            : store::Param(nullptr),
                            answers.dump(), reasons.dump(), photos.dump(),
                            p.user_id ? store::Param(p.user_id) : store::Param(nullptr), now}));
  if (action == "verify" || action == "reject") {
    // The visit ends here: its photos belong to this review from now on.
    ASSIGN_OR_RETURN(auto ids, PhotoService::AttachPending(c, id, review.Int(0, 0)));
    if (!ids.empty()) {
      json all = photos.is_array() ? photos : json::array();
      for (int64_t pid : ids) all.push_back(pid);
      RETURN_IF_ERROR(c.Execute("UPDATE posting_reviews SET photos = ? WHERE id = ?",
                                {all.dump(), review.Int(0, 0)})
                          .status());
    }
  }
  return audit_.Append(c, {p.user_id, "posting." + action, "posting:" + std::to_string(id), "ok",
                           from + "->" + to});
}

Status VerificationService::Submit(const auth::Principal& p, int64_t id) {
  return db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Loaded l, Load(c, id));
    bool own_hr = p.role == auth::Role::kEnterpriseHr && p.enterprise_id == l.in.enterprise_id;
    if (!own_hr && !CanVerify(p)) return NotAllowed();
    if (l.status != "draft" && l.status != "rejected") return WrongState(l.status, "提交核查");
    ASSIGN_OR_RETURN(auto wages, MinWageTable::Load(c));
    RuleContext ctx{wages, l.blacklisted, FormatChinaDate(clock_.NowSeconds()), false};
    RETURN_IF_ERROR(ToStatus(CheckPosting(l.in, l.exception, ctx)));
    return Transition(c, p, id, "submit", l.status, "submitted", std::nullopt, json::object(),
                      json::array(), json::array());
  });
}

Status VerificationService::Verify(const auth::Principal& p, int64_t id,
                                   const std::map<std::string, Answer>& answers,
                                   const std::vector<std::string>& photos,
                                   const std::string& requirement_exception) {
  if (!CanVerify(p)) return NotAllowed();
  ASSIGN_OR_RETURN(Outline outline, CurrentOutline());
  Status missing = InvalidArgument("核查提纲未填完整，请逐项填写", "Answer every outline item");
  for (const auto& item : outline.item_ids()) {
    auto it = answers.find(item);
    if (it == answers.end()) {
      missing.AddField("answers." + item, "第 " + item + " 项未填写", "Item " + item + " not answered");
    } else if (it->second.result != "ok" && it->second.result != "fail" &&
               it->second.result != "na") {
      missing.AddField("answers." + item, "结果须为 合格/不合格/不适用", "Result must be ok, fail or na");
    } else if (it->second.result == "fail") {
      missing.AddField("answers." + item, "第 " + item + " 项不合格：请退回岗位并写明原因",
                       "Item " + item + " failed: reject the posting with reasons");
    }
  }
  if (!missing.fields().empty()) return missing;
  if (!requirement_exception.empty() && !IsAllowedException(requirement_exception)) {
    return FieldInvalid("requirement_exception", "登记的例外情形不在允许的范围内",
                        "Not an allowed exception");
  }
  return db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Loaded l, Load(c, id));
    if (l.status != "submitted") return WrongState(l.status, "核查通过");
    if (!requirement_exception.empty()) {
      RETURN_IF_ERROR(c.Execute("UPDATE postings SET requirement_exception = ? WHERE id = ?",
                                {requirement_exception, id})
                          .status());
      l.exception = requirement_exception;
    }
    ASSIGN_OR_RETURN(auto wages, MinWageTable::Load(c));
    RuleContext ctx{wages, l.blacklisted, FormatChinaDate(clock_.NowSeconds()), false};
    RETURN_IF_ERROR(ToStatus(CheckPosting(l.in, l.exception, ctx)));
    return Transition(c, p, id, "verify", "submitted", "verified", outline.version,
                      AnswersJson(answers), json::array(), json(photos));
  });
}

Status VerificationService::Reject(const auth::Principal& p, int64_t id,
                                   const std::vector<std::string>& reasons,
                                   const std::map<std::string, Answer>& answers) {
  if (!CanVerify(p)) return NotAllowed();
  std::vector<std::string> clean;
  for (const auto& r : reasons)
    if (!Trim(r).empty()) clean.emplace_back(Trim(r));
  if (clean.empty()) {
    return FieldInvalid("reasons", "退回岗位须写明原因", "Give the reasons for rejecting");
  }
  std::optional<int> version;
  if (!answers.empty()) {
    ASSIGN_OR_RETURN(Outline o, CurrentOutline());
    version = o.version;
  }
  return db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Loaded l, Load(c, id));
    if (l.status != "submitted") return WrongState(l.status, "退回");
    return Transition(c, p, id, "reject", "submitted", "rejected", version, AnswersJson(answers),
                      json(clean), json::array());
  });
}

Status VerificationService::Publish(const auth::Principal& p, int64_t id) {
  if (!CanVerify(p)) return NotAllowed();
  return db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Loaded l, Load(c, id));
    if (l.status != "verified") {
      return FailedPrecondition("只有核查通过的岗位才能发布（当前状态：" + l.status + "）",
                                "Only verified postings can be published (now: " + l.status + ")");
    }
    ASSIGN_OR_RETURN(auto wages, MinWageTable::Load(c));
    RuleContext ctx{wages, l.blacklisted, FormatChinaDate(clock_.NowSeconds()), true};
    RETURN_IF_ERROR(ToStatus(CheckPosting(l.in, l.exception, ctx)));
    return Transition(c, p, id, "publish", "verified", "published", std::nullopt, json::object(),
                      json::array(), json::array());
  });
}

Status VerificationService::Close(const auth::Principal& p, int64_t id, const std::string& to) {
  if (to != "filled" && to != "expired") {
    return FieldInvalid("status", "只能改为“已招满”或“已过期”", "Status must be filled or expired");
  }
  return db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Loaded l, Load(c, id));
    bool own_hr = p.role == auth::Role::kEnterpriseHr && p.enterprise_id == l.in.enterprise_id;
    if (!own_hr && !CanVerify(p)) return NotAllowed();
    if (l.status != "published") return WrongState(l.status, "关闭");
    return Transition(c, p, id, to == "filled" ? "fill" : "expire", "published", to, std::nullopt,
                      json::object(), json::array(), json::array());
  });
}

StatusOr<int64_t> VerificationService::ExpireDue() {
  int64_t n = 0;
  std::string today = FormatChinaDate(clock_.NowSeconds());
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id FROM postings WHERE status = 'published'"
                                      " AND valid_until <> '' AND valid_until < ?",
                                      {today}));
    auth::Principal system = auth::SystemPrincipal();
    for (size_t r = 0; r < rs.size(); ++r) {
      RETURN_IF_ERROR(Transition(c, system, rs.Int(r, 0), "expire", "published", "expired",
                                 std::nullopt, json::object(), json::array(), json::array()));
      ++n;
    }
    return Status::Ok();
  }));
  return n;
}

StatusOr<std::vector<RuleViolation>> VerificationService::CheckRules(int64_t id, bool publishing) {
  std::vector<RuleViolation> out;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Loaded l, Load(c, id));
    ASSIGN_OR_RETURN(auto wages, MinWageTable::Load(c));
    RuleContext ctx{wages, l.blacklisted, FormatChinaDate(clock_.NowSeconds()), publishing};
    out = CheckPosting(l.in, l.exception, ctx);
    return Status::Ok();
  }));
  return out;
}

Status VerificationService::SetBlacklisted(const auth::Principal& p, int64_t enterprise_id, bool on,
                                           const std::string& reason) {
  if (!p.is_admin() && p.role != auth::Role::kReceivingOfficer) {
    return PermissionDenied("只有管理员或输入地人社部门可以调整欠薪黑名单",
                            "Only admins and receiving officers edit the blacklist");
  }
  if (on && Trim(reason).empty()) {
    return FieldInvalid("reason", "列入黑名单须写明原因", "Give the reason");
  }
  return db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(int64_t n, c.Execute("UPDATE enterprises SET blacklisted = ?, updated_at = ?"
                                          " WHERE id = ?",
                                          {int64_t{on}, clock_.NowSeconds(), enterprise_id}));
    if (n == 0) return NotFound("未找到该企业", "Enterprise not found");
    return audit_.Append(c, {p.user_id, on ? "enterprise.blacklist" : "enterprise.unblacklist",
                             "enterprise:" + std::to_string(enterprise_id), "ok",
                             std::string(Trim(reason))});
  });
}

}  // namespace xiezuo::postings
