#include "imports/posting_import.h"

#include <map>

#include "codes/validators.h"
#include "common/strings.h"
#include "imports/cells.h"
#include "postings/rules.h"

namespace xiezuo::imports {

const std::vector<FieldSpec>& PostingFields() {
  static const std::vector<FieldSpec> kFields = {
      {"enterprise", "企业名称", {"单位名称", "用工单位", "企业", "enterprise", "company"}, true},
      {"credit_code", "统一社会信用代码",
       {"信用代码", "社会信用代码", "统一信用代码", "credit code", "uscc"}, true},
      {"region", "工作地点", {"工作地", "工作地址", "务工地点", "place of work", "region"}, true},
      {"title", "岗位名称", {"岗位", "职位", "职位名称", "招聘岗位", "title", "job title"}, true},
      {"occupation", "工种", {"职业", "工种名称", "occupation"}, true},
      {"openings", "招聘人数", {"需求人数", "人数", "招工人数", "openings"}, true},
      {"wage_min", "月薪下限", {"最低月薪", "薪资下限", "工资下限", "wage min", "minimum pay"}, true},
      {"wage_max", "月薪上限", {"最高月薪", "薪资上限", "工资上限", "wage max", "maximum pay"}, true},
      {"pay_type", "计薪方式", {"薪资类型", "计酬方式", "pay type"}, false},
      {"board", "包吃", {"是否包吃", "提供餐食", "board", "meals"}, false},
      {"lodging", "包住", {"是否包住", "提供住宿", "lodging", "housing"}, false},
      {"dorm_size", "宿舍人数", {"每间宿舍人数", "住宿人数", "dorm size"}, false},
      {"age", "年龄要求", {"年龄", "年龄范围", "age"}, false},
      {"hours", "工作时间", {"工时", "班次", "hours", "working hours"}, false},
      {"social_insurance", "社保", {"缴纳社保", "五险", "五险一金", "social insurance"}, false},
      {"contact_name", "联系人", {"contact", "contact name"}, false},
      {"contact_phone", "联系电话", {"电话", "联系方式", "contact phone"}, false},
      {"valid_until", "有效期", {"有效期至", "截止日期", "招聘截止", "valid until"}, false},
      {"description", "岗位要求", {"岗位描述", "任职要求", "岗位职责", "备注", "description"}, false},
      {"seq", "序号", {"编号", "no"}, false},
  };
  return kFields;
}

namespace {

std::string SheetKeyOf(const std::string& f) {
  static const std::map<std::string, std::string> k = {
      {"title", "title"},         {"occupation_code", "occupation"}, {"region_code", "region"},
      {"openings", "openings"},   {"pay_type", "pay_type"},          {"wage_min", "wage_min"},
      {"wage_max", "wage_max"},   {"dorm_size", "dorm_size"},        {"age_min", "age"},
      {"age_max", "age"},         {"valid_until", "valid_until"},    {"description", "description"},
      {"name", "enterprise"},     {"credit_code", "credit_code"},    {"contact_phone", "contact_phone"},
      {"enterprise_id", "enterprise"}, {"requirement_exception", "description"}};
  auto it = k.find(f);
  return it == k.end() ? "" : it->second;
}

std::optional<std::string> PayTypeOf(const std::string& s) {
  if (s.empty() || s == "月薪" || s == "月结" || s == "monthly") return std::string("monthly");
  if (s == "时薪" || s == "小时工" || s == "计时" || s == "hourly") return std::string("hourly");
  if (s == "计件" || s == "piece") return std::string("piece");
  return std::nullopt;
}

// "18-45", "18至45岁", "18~45周岁", "45岁以下", "18岁以上".
bool ParseAges(std::string s, std::optional<int64_t>* lo, std::optional<int64_t>* hi) {
  s = NormalizeWidth(s);
  for (std::string_view w : {"周岁", "岁", " "}) {
    for (size_t at; (at = s.find(w)) != std::string::npos;) s.erase(at, w.size());
  }
  if (s.empty() || s == "不限") return true;
  auto num = [](std::string_view v) { return ParseInt64(v); };
  for (std::string_view below : {"以下", "以内"}) {
    if (s.size() > below.size() && s.compare(s.size() - below.size(), below.size(), below) == 0) {
      *hi = num(std::string_view(s).substr(0, s.size() - below.size()));
      return hi->has_value();
    }
  }
  if (s.size() > 6 && s.compare(s.size() - 6, 6, "以上") == 0) {
    *lo = num(std::string_view(s).substr(0, s.size() - 6));
    return lo->has_value();
  }
  auto parts = SplitAny(s, {"-", "~", "～", "至", "到", "—"});
  if (parts.size() != 2) return false;
  *lo = num(parts[0]);
  *hi = num(parts[1]);
  return lo->has_value() && hi->has_value();
}

}  // namespace

StatusOr<ImportReport> PostingImporter::ImportFile(const auth::Principal& p,
                                                   const std::string& path,
                                                   const ImportOptions& options) {
  ASSIGN_OR_RETURN(auto reader, OpenTable(path, options.limits));
  return Import(p, *reader, options);
}

StatusOr<ImportReport> PostingImporter::Import(const auth::Principal& p, TableReader& reader,
                                               const ImportOptions& o) {
  ImportReport r;
  ASSIGN_OR_RETURN(HeaderMap map, BeginReport("postings", reader, o, PostingFields(), &r));
  CodeResolver resolver(codebook_);
  std::map<std::string, int64_t> seen;  // enterprise|title|place -> first row
  const std::string today = FormatChinaDate(clock_.NowSeconds());

  auto issue = [&](int64_t row, const std::string& key, const std::string& zh,
                   const std::string& en, bool error = true) {
    Issue i;
    i.row = row;
    i.error = error;
    auto it = map.columns.find(key);
    if (it != map.columns.end()) {
      i.col = it->second;
      i.column = map.labels.at(it->second);
    }
    i.zh = zh;
    i.en = en;
    r.AddIssue(std::move(i));
  };
  auto reject = [&](const Row& row) {
    ++r.rows_rejected;
    if (r.rejected_rows.size() < ImportReport::kMaxDetails) r.rejected_rows.push_back(row);
  };

  // One row: parse, enterprise, rules, write. Returns false when rejected.
  auto handle = [&](store::Connection& c, const Row& row, bool* write_error) -> StatusOr<bool> {
    bool ok = true;
    auto err = [&](const std::string& key, const std::string& zh, const std::string& en) {
      issue(row.number, key, zh, en);
      ok = false;
    };
    static const Cell kEmpty;
    auto cell = [&](const char* key) -> const Cell& {
      const Cell* x = map.Get(row, key);
      return x ? *x : kEmpty;
    };
    postings::PostingInput in;
    postings::EnterpriseInput ent;
    ent.name = map.Text(row, "enterprise");
    if (ent.name.empty()) err("enterprise", "请填写企业名称", "Enter the enterprise name");
    auto ccr = IdentifierText(cell("credit_code"), false);
    auto cc = codes::ValidateCreditCode(ccr.value.value_or(""), *codebook_.divisions);
    if (!cc.ok()) err("credit_code", cc.zh, cc.en);
    ent.credit_code = cc.normalized;
    auto place = resolver.Division(map.Text(row, "region"), codes::Level::kTownship);
    if (map.Text(row, "region").empty()) err("region", "请填写工作地点（到县、区）", "Enter the place of work");
    else if (place.error) err("region", place.error->zh, place.error->en);
    else in.region_code = *place.value;
    in.title = map.Text(row, "title");
    auto occ = resolver.Occupation(map.Text(row, "occupation"));
    if (occ.error) err("occupation", occ.error->zh, occ.error->en);
    else if (!occ.value) err("occupation", "请填写工种", "Enter the occupation");
    else in.occupation_code = *occ.value;
    auto openings = ParseCount(cell("openings"));
    if (openings.error) err("openings", "招聘人数" + openings.error->zh, openings.error->en);
    else if (!openings.value) err("openings", "请填写招聘人数", "Enter the openings");
    else in.openings = *openings.value;
    auto wmin = ParseAmount(cell("wage_min"));
    auto wmax = ParseAmount(cell("wage_max"));
    if (wmin.error || !wmin.value) err("wage_min", "月薪下限" + (wmin.error ? wmin.error->zh : "必须填写"), "Enter the minimum pay");
    else in.wage_min = *wmin.value;
    if (wmax.error || !wmax.value) err("wage_max", "月薪上限" + (wmax.error ? wmax.error->zh : "必须填写"), "Enter the maximum pay");
    else in.wage_max = *wmax.value;
    if (auto pt = PayTypeOf(map.Text(row, "pay_type"))) in.pay_type = *pt;
    else err("pay_type", "计薪方式应为：月薪、时薪或计件", "Pay type must be 月薪, 时薪 or 计件");
    auto yes = [&](const char* key, bool* out) {
      auto v = ParseYesNo(cell(key));
      if (v.error) err(key, v.error->zh, v.error->en);
      else *out = v.value.value_or(false);
    };
    yes("board", &in.board);
    yes("lodging", &in.lodging);
    yes("social_insurance", &in.social_insurance);
    auto dorm = ParseCount(cell("dorm_size"));
    if (dorm.error) err("dorm_size", "宿舍人数" + dorm.error->zh, dorm.error->en);
    else in.dorm_size = dorm.value;
    if (!ParseAges(map.Text(row, "age"), &in.age_min, &in.age_max))
      err("age", "年龄要求请写成“18-45”或“45岁以下”", "Write the ages as 18-45 or 45岁以下");
    in.hours = map.Text(row, "hours");
    auto until = ParseDate(cell("valid_until"));
    if (until.error) err("valid_until", until.error->zh, until.error->en);
    else in.valid_until = until.value.value_or("");
    in.description = map.Text(row, "description");
    ent.contact_name = map.Text(row, "contact_name");
    auto cph = IdentifierText(cell("contact_phone"), false);
    if (cph.value && !cph.value->empty()) ent.contact_phone = *cph.value;
    in.status = "draft";

    Status v = postings_.ValidatePosting(in);
    for (const auto& f : v.fields()) {
      std::string key = SheetKeyOf(f.field);
      if (key == "region" && in.region_code.empty()) continue;
      if (key == "occupation" && in.occupation_code.empty()) continue;
      err(key, f.zh, f.en);
    }
    std::string key = ent.credit_code + "|" + in.title + "|" + in.region_code;
    if (ok) {
      auto [it, fresh] = seen.emplace(key, row.number);
      if (!fresh)
        err("title", "与第 " + std::to_string(it->second) + " 行是同一企业、同一地点的同一岗位，请合并",
            "Same enterprise, place and title as row " + std::to_string(it->second));
    }
    if (!ok) return false;
    // Rules: blocking violations reject the row, warnings are reported.
    ASSIGN_OR_RETURN(auto wages, postings::MinWageTable::Load(c));
    postings::RuleContext ctx{wages, false, today, false};
    for (const auto& rv : postings::CheckPosting(in, "", ctx)) {
      issue(row.number, SheetKeyOf(rv.field), rv.zh, rv.en, rv.blocking);
      if (rv.blocking) ok = false;
    }
    if (!ok) return false;
    if (*write_error) return true;  // validated; an earlier write failed in this transaction

    // Enterprise by credit code, or new.
    ASSIGN_OR_RETURN(auto es, c.Query("SELECT id, blacklisted FROM enterprises WHERE credit_code = ?",
                                      {ent.credit_code}));
    if (es.empty()) {
      ent.region_code = in.region_code.substr(0, 6);
      auto eid = postings_.InsertEnterprise(c, p, ent);
      if (!eid.ok()) {
        for (const auto& f : eid.status().fields()) err(SheetKeyOf(f.field), f.zh, f.en);
        if (eid.status().fields().empty()) err("enterprise", eid.status().zh(), eid.status().en());
        *write_error = true;
        return false;
      }
      in.enterprise_id = *eid;
    } else {
      in.enterprise_id = es.Int(0, 0);
      if (es.Int(0, 1) != 0) {
        issue(row.number, "enterprise", "该企业在拖欠工资“黑名单”上：岗位可以登记为草稿，但不能发布",
              "The enterprise is blacklisted: the posting is kept as a draft and cannot be published",
              false);
      }
    }
    ASSIGN_OR_RETURN(auto ps, c.Query("SELECT id, status, occupation_code, openings, wage_min,"
                                      " wage_max, pay_type, board, lodging, dorm_size, age_min,"
                                      " age_max, hours, social_insurance, description, valid_until"
                                      " FROM postings WHERE enterprise_id = ? AND title = ? AND"
                                      " region_code = ?",
                                      {in.enterprise_id, std::string(Trim(in.title)), in.region_code}));
    RowChange ch;
    ch.row = row.number;
    if (ps.empty()) {
      auto pid = postings_.InsertPosting(c, p, in);
      if (!pid.ok()) {
        for (const auto& f : pid.status().fields()) err(SheetKeyOf(f.field), f.zh, f.en);
        if (pid.status().fields().empty()) err("title", pid.status().zh(), pid.status().en());
        *write_error = true;
        return false;
      }
      ch.id = *pid;
      ch.action = "inserted";
      ++r.inserted;
    } else {
      ch.id = ps.Int(0, 0);
      std::vector<std::string> changed;
      auto diff = [&](const char* name, const std::string& a, const std::string& b) {
        if (a != b) changed.push_back(name);
      };
      auto opt = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
      diff("occupation_code", ps.Text(0, 2), in.occupation_code);
      diff("openings", ps.Text(0, 3), std::to_string(in.openings));
      diff("wage_min", ps.Text(0, 4), std::to_string(in.wage_min));
      diff("wage_max", ps.Text(0, 5), std::to_string(in.wage_max));
      diff("pay_type", ps.Text(0, 6), in.pay_type);
      diff("board", ps.Text(0, 7), in.board ? "1" : "0");
      diff("lodging", ps.Text(0, 8), in.lodging ? "1" : "0");
      diff("dorm_size", ps.Text(0, 9), opt(in.dorm_size));
      diff("age_min", ps.Text(0, 10), opt(in.age_min));
      diff("age_max", ps.Text(0, 11), opt(in.age_max));
      diff("hours", ps.Text(0, 12), in.hours);
      diff("social_insurance", ps.Text(0, 13), in.social_insurance ? "1" : "0");
      diff("description", ps.Text(0, 14), in.description);
      diff("valid_until", ps.Text(0, 15), in.valid_until);
      std::string status = ps.Text(0, 1);
      if (changed.empty()) {
        ch.action = "unchanged";
        ++r.unchanged;
      } else if (status != "draft" && status != "rejected") {
        err("title", "该岗位已提交核查或已发布（状态：" + status + "），不能通过导入修改；如需修改请先退回",
            "The posting is already " + status + "; it cannot be changed by import");
        return false;
      } else {
        ASSIGN_OR_RETURN(int64_t n, c.Execute(
            "UPDATE postings SET occupation_code = ?, openings = ?, wage_min = ?, wage_max = ?,"
            " pay_type = ?, board = ?, lodging = ?, dorm_size = ?, age_min = ?, age_max = ?,"
            " hours = ?, social_insurance = ?, description = ?, valid_until = ?, updated_at = ?"
            " WHERE id = ?",
            {in.occupation_code, in.openings, in.wage_min, in.wage_max, in.pay_type,
             int64_t{in.board}, int64_t{in.lodging}, store::OptInt(in.dorm_size),
             store::OptInt(in.age_min), store::OptInt(in.age_max), in.hours,
             int64_t{in.social_insurance}, in.description, in.valid_until, clock_.NowSeconds(),
             ch.id}));
        (void)n;
        ch.action = "updated";
        ch.changed = changed;
        ++r.updated;
      }
    }
    r.AddChange(std::move(ch));
    return true;
  };

  // Postings lists are small (hundreds of rows): one transaction; in
  // valid-rows-only mode a rejected row is simply not written.
  bool write_error = false;
  Status st = db_.Transact([&](store::Connection& c) -> Status {
    Row row;
    while (true) {
      ASSIGN_OR_RETURN(bool more, reader.Next(&row));
      if (!more) break;
      if (row.Blank()) continue;
      ++r.rows_total;
      bool had_write_error = write_error;
      ASSIGN_OR_RETURN(bool good, handle(c, row, &write_error));
      if (good) ++r.rows_valid;
      else reject(row);
      if (!had_write_error && write_error && o.mode == Mode::kValidRowsOnly && !o.dry_run) {
        // A failed statement may have aborted the transaction (PostgreSQL):
        // stop writing; the rest is validated and reported.
      }
    }
    if (o.dry_run || write_error || (o.mode == Mode::kAllOrNothing && r.rows_rejected > 0))
      return RollbackOnPurpose();
    return Status::Ok();
  });
  if (!st.ok() && !IsRollbackOnPurpose(st)) return st;
  r.committed = st.ok();
  if (!r.committed && !o.dry_run) {
    r.inserted = r.updated = r.unchanged = 0;
    if (write_error) {
      Issue i;
      i.zh = "有行写入失败，为保证数据一致，本次导入未写入任何数据；请按问题清单修改后重新导入";
      i.en = "A row failed to write; nothing was imported. Fix the listed problems and import again";
      r.AddIssue(std::move(i));
    }
  }
  return r;
}

}  // namespace xiezuo::imports
