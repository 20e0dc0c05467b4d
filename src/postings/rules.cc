#include "postings/rules.h"

#include <fmt/format.h>

#include "codes/divisions.h"

namespace xiezuo::postings {

StatusOr<MinWageTable> MinWageTable::Load(store::Connection& c) {
  MinWageTable t;
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT province_code, tier, monthly, hourly, effective_from"
                                    " FROM min_wages"));
  for (size_t r = 0; r < rs.size(); ++r) {
    t.Add({rs.Text(r, 0), static_cast<int>(rs.Int(r, 1)), rs.Int(r, 2), rs.Int(r, 3),
           rs.Text(r, 4)});
  }
  ASSIGN_OR_RETURN(auto ts, c.Query("SELECT region_code, tier FROM min_wage_tiers"));
  for (size_t r = 0; r < ts.size(); ++r) t.SetTier(ts.Text(r, 0), static_cast<int>(ts.Int(r, 1)));
  return t;
}

bool MinWageTable::tier_known(std::string_view region_code) const {
  std::string code(region_code.substr(0, std::min<size_t>(6, region_code.size())));
  return tiers_.count(code) || tiers_.count(code.substr(0, 4) + "00");
}

std::optional<MinWage> MinWageTable::For(std::string_view region_code) const {
  if (region_code.size() < 6) return std::nullopt;
  std::string county(region_code.substr(0, 6));
  std::string province = county.substr(0, 2) + "0000";
  auto p = by_province_.find(province);
  if (p == by_province_.end() || p->second.empty()) return std::nullopt;
  int tier = 0;
  if (auto it = tiers_.find(county); it != tiers_.end()) tier = it->second;
  else if (auto ct = tiers_.find(county.substr(0, 4) + "00"); ct != tiers_.end()) tier = ct->second;
  if (tier && p->second.count(tier)) return p->second.at(tier);
  return p->second.rbegin()->second;  // the lowest tier (highest number)
}

bool IsAllowedException(std::string_view key) {
  for (const auto& e : kAllowedExceptions)
    if (key == e.key) return true;
  return false;
}

namespace {

bool Contains(std::string_view text, std::string_view what) {
  return text.find(what) != std::string_view::npos;
}

// Segments of text between punctuation, so that a phrase is judged on its
// own clause ("不要求经验，招 10 人" is not "不要…人").
std::vector<std::string_view> Clauses(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  auto cut = [&](size_t at, size_t len) {
    if (at > start) out.push_back(text.substr(start, at - start));
    start = at + len;
  };
  for (size_t i = 0; i < text.size();) {
    bool hit = false;
    for (std::string_view p : {"，", "。", "；", "、", "！", "\n", ",", ";", ".", "!"}) {
      if (text.compare(i, p.size(), p) == 0) {
        cut(i, p.size());
        i += p.size();
        hit = true;
        break;
      }
    }
    if (!hit) ++i;
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

}  // namespace

std::vector<RuleViolation> CheckRequirements(std::string_view text, std::string_view exception) {
  std::vector<RuleViolation> out;
  if (IsAllowedException(exception)) return out;
  static const char* kSex[] = {"限男", "限女", "仅限男", "仅限女", "只招男", "只招女", "只要男",
                               "只要女", "男性优先", "女性优先", "男士优先", "女士优先", "男工",
                               "女工", "要求男", "要求女", "性别：男", "性别：女", "性别:男",
                               "性别:女", "性别要求", "不招女", "不招男", "不要女", "不要男"};
  static const char* kEthnic[] = {"限汉族", "仅限汉族", "只招汉族", "汉族优先", "少数民族勿",
                                  "不招少数民族", "不要少数民族", "少数民族除外", "民族要求",
                                  "不招回族", "不招藏族", "不招维", "不招彝族", "不招苗族"};
  for (const char* w : kSex) {
    if (Contains(text, w)) {
      out.push_back({"discrimination", "description",
                     fmt::format("岗位要求中含有性别限制（“{}”），不得按性别招聘；如属国家规定女职工禁忌从事的劳动，"
                                 "请由核查人员登记例外情形",
                                 w),
                     "The posting restricts by sex; this is not allowed unless the officer "
                     "records an allowed exception"});
      break;
    }
  }
  for (const char* w : kEthnic) {
    if (Contains(text, w)) {
      out.push_back({"discrimination", "description",
                     fmt::format("岗位要求中含有民族限制（“{}”），不得按民族招聘", w),
                     "The posting restricts by ethnicity; this is not allowed"});
      break;
    }
  }
  bool origin = false;
  for (std::string_view w : {"限本地", "仅限本地", "本地户口", "本地户籍", "户籍要求", "籍贯要求",
                             "老乡勿扰", "籍勿扰", "人勿扰"}) {
    if (Contains(text, w)) origin = true;
  }
  if (!origin) {
    for (std::string_view clause : Clauses(text)) {
      for (std::string_view neg : {"不招", "不要", "谢绝", "拒收", "限"}) {
        size_t at = clause.find(neg);
        if (at == std::string_view::npos) continue;
        std::string_view rest = clause.substr(at + neg.size());
        if ((Contains(rest, "籍") || Contains(rest, "省人") || Contains(rest, "地区人") ||
             (rest.size() >= 6 && rest.substr(rest.size() - 3) == "人" &&
              !Contains(rest, "招") && rest.find_first_of("0123456789") == std::string_view::npos)) &&
            !Contains(rest, "童工")) {
          origin = true;
        }
      }
    }
  }
  if (origin) {
    out.push_back({"discrimination", "description",
                   "岗位要求中含有户籍或地域限制，不得按籍贯或户籍招聘",
                   "The posting restricts by place of origin; this is not allowed"});
  }
  return out;
}

std::vector<RuleViolation> CheckPosting(const PostingInput& in, std::string_view exception,
                                        const RuleContext& ctx) {
  std::vector<RuleViolation> out;
  if (in.openings <= 0) {
    out.push_back({"openings", "openings", "招聘人数须大于 0", "Openings must be more than 0"});
  }
  if (!exception.empty() && !IsAllowedException(exception)) {
    out.push_back({"discrimination", "requirement_exception", "登记的例外情形不在允许的范围内",
                   "The recorded exception is not one of the allowed ones"});
  }
  auto req = CheckRequirements(in.title + "\n" + in.description + "\n" + in.hours, exception);
  out.insert(out.end(), req.begin(), req.end());

  auto mw = ctx.wages.For(in.region_code);
  if (!mw) {
    out.push_back({"min_wage", "wage_min",
                   "工作地点所在省份的最低工资标准尚未录入，无法自动核对工资，请核查人员人工核对，并请管理员录入该省标准",
                   "No minimum-wage table for this province yet; check the pay by hand and ask "
                   "an administrator to enter the table",
                   false});
  } else {
    bool hourly = in.pay_type == "hourly" && in.wage_min > 0 && in.wage_min < 200;
    if (hourly && in.wage_min < mw->hourly) {
      out.push_back({"min_wage", "wage_min",
                     fmt::format("时薪 {} 元低于当地最低小时工资标准 {} 元（{}类地区，{} 起执行）",
                                 in.wage_min, mw->hourly, mw->tier, mw->effective_from),
                     fmt::format("Hourly pay {} is below the local minimum of {} yuan an hour",
                                 in.wage_min, mw->hourly)});
    } else if (!hourly && in.wage_min < mw->monthly) {
      out.push_back({"min_wage", "wage_min",
                     fmt::format("月薪下限 {} 元低于当地最低月工资标准 {} 元（{}类地区，{} 起执行）",
                                 in.wage_min, mw->monthly, mw->tier, mw->effective_from),
                     fmt::format("Minimum pay {} is below the local minimum wage of {} yuan a month",
                                 in.wage_min, mw->monthly)});
    }
  }
  if (in.wage_max < in.wage_min) {
    out.push_back({"dates", "wage_max", "月薪上限不能低于下限", "Maximum pay is below the minimum"});
  }
  if (in.age_min && in.age_max && *in.age_min > *in.age_max) {
    out.push_back({"dates", "age_min", "年龄下限大于上限", "Minimum age is above the maximum"});
  }
  if (in.age_min && *in.age_min < 16) {
    out.push_back({"dates", "age_min", "不得招用未满 16 周岁的人员", "No one under 16 may be hired"});
  }
  if (!in.valid_until.empty() && !ctx.today.empty() && in.valid_until < ctx.today) {
    out.push_back({"dates", "valid_until",
                   "有效期 " + in.valid_until + " 已过，请更新有效期",
                   "The valid-until date has passed; update it"});
  }
  if (ctx.publishing && ctx.enterprise_blacklisted) {
    out.push_back({"blacklist", "enterprise_id",
                   "该企业在拖欠工资“黑名单”上，不能发布岗位",
                   "The enterprise is on the wage-arrears blacklist and cannot publish"});
  }
  return out;
}

Status ToStatus(const std::vector<RuleViolation>& v) {
  Status s = FailedPrecondition("岗位未通过规则检查，请按提示修改",
                                "The posting fails the rules; see the reasons");
  for (const auto& r : v)
    if (r.blocking) s.AddField(r.field, r.zh, r.en);
  if (s.fields().empty()) return Status::Ok();
  return s;
}

}  // namespace xiezuo::postings
