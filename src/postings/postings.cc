#include "postings/postings.h"

#include "auth/scope.h"
#include "codes/validators.h"
#include "common/strings.h"

namespace xiezuo::postings {

namespace {

template <size_t N>
bool OneOf(const char* const (&arr)[N], std::string_view v) {
  for (const char* a : arr)
    if (v == a) return true;
  return false;
}

std::string CityOf(std::string_view region_code) {
  return std::string(region_code.substr(0, 4)) + "00";
}


constexpr const char* kEntSelect =
    "SELECT e.id, e.name, e.credit_code, e.credit_code_warning, e.region_code, e.industry_code,"
    " e.contact_name, e.contact_phone_masked, e.blacklisted,"
    " (SELECT COUNT(*) FROM postings x WHERE x.enterprise_id = e.id) FROM enterprises e";

Enterprise EntFromRow(const store::ResultSet& rs, size_t r) {
  Enterprise e;
  e.id = rs.Int(r, 0);
  e.name = rs.Text(r, 1);
  e.credit_code = rs.Text(r, 2);
  e.credit_code_warning = rs.OptText(r, 3);
  e.region_code = rs.Text(r, 4);
  e.industry_code = rs.Text(r, 5);
  e.contact_name = rs.Text(r, 6);
  e.contact_phone_masked = rs.OptText(r, 7);
  e.blacklisted = rs.Int(r, 8) != 0;
  e.postings_count = rs.Int(r, 9);
  return e;
}

constexpr const char* kPostSelect =
    "SELECT p.id, p.enterprise_id, e.name, p.title, p.occupation_code, p.region_code, p.city_code,"
    " p.openings, p.wage_min, p.wage_max, p.pay_type, p.board, p.lodging, p.dorm_size, p.age_min,"
    " p.age_max, p.hours, p.social_insurance, p.description, p.status, p.valid_until"
    " FROM postings p JOIN enterprises e ON e.id = p.enterprise_id";

Posting PostFromRow(const store::ResultSet& rs, size_t r) {
  Posting p;
  p.id = rs.Int(r, 0);
  p.enterprise_id = rs.Int(r, 1);
  p.enterprise_name = rs.Text(r, 2);
  p.title = rs.Text(r, 3);
  p.occupation_code = rs.Text(r, 4);
  p.region_code = rs.Text(r, 5);
  p.city_code = rs.Text(r, 6);
  p.openings = rs.Int(r, 7);
  p.wage_min = rs.Int(r, 8);
  p.wage_max = rs.Int(r, 9);
  p.pay_type = rs.Text(r, 10);
  p.board = rs.Int(r, 11) != 0;
  p.lodging = rs.Int(r, 12) != 0;
  p.dorm_size = rs.OptInt(r, 13);
  p.age_min = rs.OptInt(r, 14);
  p.age_max = rs.OptInt(r, 15);
  p.hours = rs.Text(r, 16);
  p.social_insurance = rs.Int(r, 17) != 0;
  p.description = rs.Text(r, 18);
  p.status = rs.Text(r, 19);
  p.valid_until = rs.Text(r, 20);
  return p;
}

std::string Like(std::string_view q) {
  std::string esc;
  for (char ch : Trim(q))
    if (ch != '%' && ch != '_') esc += ch;
  return "%" + esc + "%";
}

}  // namespace

StatusOr<int64_t> PostingService::InsertEnterprise(store::Connection& c, const auth::Principal& p,
                                                   const EnterpriseInput& in) {
  Status err = InvalidArgument("企业信息有误，请按提示修改",
                               "The enterprise record is invalid; see the field errors");
  std::string name(Trim(in.name));
  if (name.empty() || Utf8Length(name) > 100) {
    err.AddField("name", "请填写企业名称（不超过 100 字）", "Enter the name (at most 100 characters)");
  }
  auto cc = codes::ValidateCreditCode(in.credit_code, *codebook_.divisions);
  std::optional<std::string> warning;
  std::string override_reason(Trim(in.credit_code_override_reason));
  if (cc.is_error()) {
    err.AddField("credit_code", cc.zh, cc.en);
  } else if (!cc.ok()) {
    if (override_reason.empty()) {
      err.AddField("credit_code", cc.zh + "。如确认无误，请填写理由后保存",
                   cc.en + ". If you have checked it, give a reason to save anyway");
      err.AddField("credit_code_override_reason", "请说明为何保留该信用代码",
                   "Say why this credit code should be kept");
    } else {
      warning = cc.zh;
    }
  }
  const auto* region = codebook_.divisions->Find(in.region_code);
  if (!region || region->level() < codes::Level::kCounty) {
    err.AddField("region_code", "企业所在地须选择到县（区）", "Choose the county or district");
  }
  if (!in.industry_code.empty() && !codebook_.industries->Find(in.industry_code)) {
    err.AddField("industry_code", "行业代码不在国民经济行业分类中",
                 "Industry code is not in GB/T 4754");
  }
  std::optional<std::string> phone;
  if (in.contact_phone && !Trim(*in.contact_phone).empty()) {
    auto ph = codes::ValidateMobile(*in.contact_phone);
    if (!ph.ok()) err.AddField("contact_phone", ph.zh, ph.en);
    else phone = ph.normalized;
  }
  if (!err.fields().empty()) return err;
  std::string region_code(region->code());
  if (!auth::CanWriteEnterpriseIn(p, region_code)) {
    return FieldInvalid("region_code", "您只能登记本地（本站所在城市）的企业",
                        "You may only register enterprises in your own city");
  }
  const int64_t now = clock_.NowSeconds();
  store::Param enc = nullptr, masked = nullptr;
  if (phone) {
    enc = cipher_.Encrypt(*phone, security::pii_context::kPhone);
    masked = codes::MaskPhone(*phone);
  }
  auto rs = c.Query(
      "INSERT INTO enterprises (org_id, name, credit_code, credit_code_warning,"
      " credit_code_override_reason, region_code, industry_code, contact_name, contact_phone_enc,"
      " contact_phone_masked, created_by, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {store::OptInt(in.org_id), name, cc.normalized, store::OptText(warning),
       warning ? store::Param(override_reason) : store::Param(nullptr), region_code,
       in.industry_code, std::string(Trim(in.contact_name)), enc, masked,
       p.user_id ? store::Param(p.user_id) : store::Param(nullptr), now, now});
  if (!rs.ok()) {
    if (rs.status().code() == StatusCode::kAlreadyExists) {
      Status s = AlreadyExists("该企业已登记", "This enterprise is already registered");
      s.AddField("credit_code", "该统一社会信用代码已登记", "This credit code is already registered");
      return s;
    }
    return rs.status();
  }
  int64_t id = rs->Int(0, 0);
  RETURN_IF_ERROR(audit_.Append(c, {p.user_id, "enterprise.create",
                                    "enterprise:" + std::to_string(id), "ok",
                                    warning ? "credit_code_override" : ""}));
  return id;
}

StatusOr<int64_t> PostingService::CreateEnterprise(const auth::Principal& p,
                                                   const EnterpriseInput& in) {
  int64_t id = 0;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(id, InsertEnterprise(c, p, in));
    return Status::Ok();
  }));
  return id;
}

StatusOr<Enterprise> PostingService::GetEnterprise(const auth::Principal& p, int64_t id) {
  auto scope = auth::EnterpriseScope(p);
  std::optional<Enterprise> e;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    store::Params params = {id};
    params.insert(params.end(), scope.params.begin(), scope.params.end());
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kEntSelect) + " WHERE e.id = ? AND " +
                                          scope.where, params));
    if (!rs.empty()) e = EntFromRow(rs, 0);
    return Status::Ok();
  }));
  if (!e) return NotFound("未找到该企业", "Enterprise not found");
  return *e;
}

StatusOr<std::vector<Enterprise>> PostingService::ListEnterprises(const auth::Principal& p,
                                                                  const EnterpriseFilter& f,
                                                                  int64_t offset, int64_t limit,
                                                                  int64_t* total) {
  auto scope = auth::EnterpriseScope(p);
  std::string where = scope.where;
  store::Params params = scope.params;
  if (!Trim(f.q).empty()) {
    where += " AND (e.name LIKE ? OR e.credit_code = ?)";
    params.push_back(Like(f.q));
    params.push_back(std::string(Trim(f.q)));
  }
  if (!f.region_code.empty()) {
    where += " AND e.region_code LIKE ?";
    params.push_back(auth::RegionPrefix(f.region_code) + "%");
  }
  std::vector<Enterprise> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(*total, c.QueryInt("SELECT COUNT(*) FROM enterprises e WHERE " + where, params));
    store::Params pp = params;
    pp.push_back(limit);
    pp.push_back(offset);
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kEntSelect) + " WHERE " + where +
                                          " ORDER BY e.id DESC LIMIT ? OFFSET ?", pp));
    for (size_t r = 0; r < rs.size(); ++r) out.push_back(EntFromRow(rs, r));
    return Status::Ok();
  }));
  return out;
}

Status PostingService::ValidatePosting(const PostingInput& in) const {
  Status err = InvalidArgument("岗位信息有误，请按提示修改",
                               "The posting is invalid; see the field errors");
  std::string title(Trim(in.title));
  if (title.empty() || Utf8Length(title) > 60) {
    err.AddField("title", "请填写岗位名称（不超过 60 字）", "Enter the job title (at most 60 characters)");
  }
  const auto* occ = codebook_.occupations->Find(in.occupation_code);
  if (!occ || occ->level != "occupation") {
    err.AddField("occupation_code", "请选择职业分类大典（2022）中的工种",
                 "Choose an occupation from the 2022 classification");
  }
  const auto* region = codebook_.divisions->Find(in.region_code);
  if (!region || region->level() < codes::Level::kCounty) {
    err.AddField("region_code", "工作地点须选择到县（区）", "Choose the county or district of work");
  }
  if (in.openings <= 0 || in.openings > 100000) {
    err.AddField("openings", "招聘人数须为 1 至 100,000 的整数",
                 "Openings must be a whole number from 1 to 100,000");
  }
  if (!OneOf(kPayTypes, in.pay_type)) {
    err.AddField("pay_type", "计薪方式须为月薪、时薪或计件", "Pay type must be monthly, hourly or piece");
  }
  if (in.wage_min <= 0 || in.wage_max > 1000000) {
    err.AddField("wage_min", "请填写月薪下限（元）", "Enter the minimum monthly pay in yuan");
  } else if (in.wage_max < in.wage_min) {
    err.AddField("wage_max", "月薪上限不能低于下限", "The maximum pay cannot be below the minimum");
  }
  if (in.dorm_size && (*in.dorm_size < 1 || *in.dorm_size > 20)) {
    err.AddField("dorm_size", "宿舍人数须在 1 至 20 之间", "Dorm size must be 1 to 20 per room");
  }
  if ((in.age_min && (*in.age_min < 16 || *in.age_min > 70)) ||
      (in.age_max && (*in.age_max < 16 || *in.age_max > 70)) ||
      (in.age_min && in.age_max && *in.age_min > *in.age_max)) {
    err.AddField("age_min", "年龄要求须在 16 至 70 岁之间，且下限不大于上限",
                 "Ages must be within 16–70 and the minimum not above the maximum");
  }
  if (!OneOf(kPostingStatuses, in.status)) {
    err.AddField("status", "岗位状态无效", "Unknown posting status");
  }
  if (!in.valid_until.empty() && !IsIsoDate(in.valid_until)) {
    err.AddField("valid_until", "有效期格式应为 YYYY-MM-DD", "Valid-until must be YYYY-MM-DD");
  }
  if (Utf8Length(in.description) > 2000) {
    err.AddField("description", "岗位描述不能超过 2000 字", "At most 2000 characters");
  }
  if (!err.fields().empty()) return err;
  return Status::Ok();
}

StatusOr<int64_t> PostingService::InsertPosting(store::Connection& c, const auth::Principal& p,
                                                const PostingInput& in) {
  RETURN_IF_ERROR(ValidatePosting(in));
  std::string title(Trim(in.title));
  const auto* region = codebook_.divisions->Find(in.region_code);

  auto scope = auth::EnterpriseScope(p);
  store::Params params = {in.enterprise_id};
  params.insert(params.end(), scope.params.begin(), scope.params.end());
  ASSIGN_OR_RETURN(auto ent, c.Query("SELECT e.id, e.region_code FROM enterprises e WHERE e.id = ? AND " +
                                         scope.where, params));
  if (ent.empty()) {
    return FieldInvalid("enterprise_id", "企业不存在或不在您的范围内",
                        "Enterprise not found or outside your scope");
  }
  bool can = p.is_admin() ||
             (p.role == auth::Role::kEnterpriseHr && p.enterprise_id == in.enterprise_id) ||
             auth::CanWriteEnterpriseIn(p, ent.Text(0, 1));
  if (!can) {
    return PermissionDenied("您无权为该企业发布岗位", "You may not post jobs for this enterprise");
  }
  std::string region_code(region->code());
  const int64_t now = clock_.NowSeconds();
  auto rs = c.Query(
      "INSERT INTO postings (enterprise_id, title, occupation_code, region_code, city_code,"
      " openings, wage_min, wage_max, pay_type, board, lodging, dorm_size, age_min, age_max, hours,"
      " social_insurance, description, status, valid_until, created_by, created_at, updated_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {in.enterprise_id, title, in.occupation_code, region_code, CityOf(region_code), in.openings,
       in.wage_min, in.wage_max, in.pay_type, int64_t{in.board}, int64_t{in.lodging},
       store::OptInt(in.dorm_size), store::OptInt(in.age_min), store::OptInt(in.age_max),
       std::string(Trim(in.hours)), int64_t{in.social_insurance}, in.description, in.status,
       in.valid_until, p.user_id ? store::Param(p.user_id) : store::Param(nullptr), now, now});
  if (!rs.ok()) return rs.status();
  int64_t id = rs->Int(0, 0);
  RETURN_IF_ERROR(audit_.Append(c, {p.user_id, "posting.create", "posting:" + std::to_string(id),
                                    "ok", ""}));
  return id;
}

StatusOr<int64_t> PostingService::CreatePosting(const auth::Principal& p, const PostingInput& in) {
  int64_t id = 0;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(id, InsertPosting(c, p, in));
    return Status::Ok();
  }));
  return id;
}

StatusOr<Posting> PostingService::GetPosting(const auth::Principal& p, int64_t id) {
  auto scope = auth::PostingScope(p);
  std::optional<Posting> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    store::Params params = {id};
    params.insert(params.end(), scope.params.begin(), scope.params.end());
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kPostSelect) + " WHERE p.id = ? AND " +
                                          scope.where, params));
    if (!rs.empty()) out = PostFromRow(rs, 0);
    return Status::Ok();
  }));
  if (!out) return NotFound("未找到该岗位", "Posting not found");
  return *out;
}

StatusOr<std::vector<Posting>> PostingService::ListPostings(const auth::Principal& p,
                                                            const PostingFilter& f, int64_t offset,
                                                            int64_t limit, int64_t* total) {
  auto scope = auth::PostingScope(p);
  std::string where = scope.where;
  store::Params params = scope.params;
  if (!Trim(f.q).empty()) {
    where += " AND (p.title LIKE ? OR e.name LIKE ?)";
    params.push_back(Like(f.q));
    params.push_back(Like(f.q));
  }
  if (!f.region_code.empty()) {
    where += " AND p.region_code LIKE ?";
    params.push_back(auth::RegionPrefix(f.region_code) + "%");
  }
  if (!f.occupation_code.empty()) {
    where += " AND p.occupation_code LIKE ?";
    params.push_back(f.occupation_code + "%");
  }
  if (!f.status.empty()) {
    where += " AND p.status = ?";
    params.push_back(f.status);
  }
  if (f.wage_at_least) {
    where += " AND p.wage_max >= ?";
    params.push_back(*f.wage_at_least);
  }
  if (f.lodging) where += " AND p.lodging = 1";
  if (f.board) where += " AND p.board = 1";
  std::vector<Posting> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(*total, c.QueryInt("SELECT COUNT(*) FROM postings p JOIN enterprises e ON"
                                        " e.id = p.enterprise_id WHERE " + where, params));
    store::Params pp = params;
    pp.push_back(limit);
    pp.push_back(offset);
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kPostSelect) + " WHERE " + where +
                                          " ORDER BY p.id DESC LIMIT ? OFFSET ?", pp));
    for (size_t r = 0; r < rs.size(); ++r) out.push_back(PostFromRow(rs, r));
    return Status::Ok();
  }));
  return out;
}

StatusOr<PostingService::Counts> PostingService::Count(const auth::Principal& p) {
  Counts counts;
  auto es = auth::EnterpriseScope(p);
  auto ps = auth::PostingScope(p);
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(counts.enterprises,
                     c.QueryInt("SELECT COUNT(*) FROM enterprises e WHERE " + es.where, es.params));
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT COUNT(*), COALESCE(SUM(p.openings), 0) FROM postings p"
                                      " JOIN enterprises e ON e.id = p.enterprise_id WHERE " +
                                          ps.where, ps.params));
    counts.postings = rs.Int(0, 0);
    counts.openings = rs.Int(0, 1);
    return Status::Ok();
  }));
  return counts;
}

}  // namespace xiezuo::postings
