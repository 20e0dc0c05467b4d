#include "postings/min_wages.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "codes/divisions.h"

namespace xiezuo::postings {

using nlohmann::json;

json ToJson(const ProvinceMinWages& t) {
  json tiers = json::array();
  for (const auto& x : t.tiers)
    tiers.push_back({{"tier", x.tier}, {"monthly", x.monthly}, {"hourly", x.hourly}});
  json regions = json::array();
  for (const auto& r : t.regions) regions.push_back({{"code", r.code}, {"tier", r.tier}});
  return {{"province_code", t.province_code}, {"effective_from", t.effective_from},
          {"source", t.source},  {"tiers", tiers},
          {"regions", regions},  {"version", t.version},
          {"changed_by", t.changed_by}, {"changed_by_name", t.changed_by_name},
          {"changed_at", t.changed_at}};
}

namespace {
int64_t IntOr(const json& j, const char* key, int64_t bad) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer()) return bad;
  return j[key].get<int64_t>();
}
std::string TextOr(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}
}  // namespace

ProvinceMinWages MinWagesFromJson(const json& j) {
  ProvinceMinWages t;
  t.province_code = TextOr(j, "province_code");
  t.effective_from = TextOr(j, "effective_from");
  t.source = TextOr(j, "source");
  if (j.is_object() && j.contains("tiers") && j["tiers"].is_array()) {
    for (const auto& x : j["tiers"])
      t.tiers.push_back({static_cast<int>(IntOr(x, "tier", -1)), IntOr(x, "monthly", -1),
                         IntOr(x, "hourly", -1)});
  }
  if (j.is_object() && j.contains("regions") && j["regions"].is_array()) {
    for (const auto& r : j["regions"])
      t.regions.push_back({TextOr(r, "code"), static_cast<int>(IntOr(r, "tier", -1))});
  }
  return t;
}

Status MinWageService::Validate(const ProvinceMinWages& t) const {
  Status s = InvalidArgument("最低工资标准有误，请按提示修改", "The minimum-wage table has errors");
  const auto& div = *codebook_.divisions;
  const codes::Division* prov = div.Find(t.province_code);
  if (t.province_code.size() != 6 || !prov || prov->level() != codes::Level::kProvince) {
    s.AddField("province_code", "请选择省份（6 位省级行政区划代码）",
               "Choose a province (a 6-digit province code)");
    return s;
  }
  if (!IsIsoDate(t.effective_from)) {
    s.AddField("effective_from", "执行日期须为 YYYY-MM-DD", "The effective date must be YYYY-MM-DD");
  }
  if (t.tiers.empty() || t.tiers.size() > 6) {
    s.AddField("tiers", "须有 1 至 6 档标准", "Give 1 to 6 tiers");
  }
  for (size_t i = 0; i < t.tiers.size(); ++i) {
    const auto& x = t.tiers[i];
    std::string f = fmt::format("tiers[{}]", i);
    if (x.tier != static_cast<int>(i) + 1) {
      s.AddField(f + ".tier", fmt::format("第 {} 档的档次应为 {}", i + 1, i + 1),
                 fmt::format("Tier {} must be numbered {}", i + 1, i + 1));
    }
    if (x.monthly < 500 || x.monthly > 10000) {
      s.AddField(f + ".monthly", fmt::format("第 {} 档月最低工资须在 500 至 10000 元之间", i + 1),
                 fmt::format("Tier {}: the monthly figure must be 500 to 10,000 yuan", i + 1));
    }
    if (x.hourly < 3 || x.hourly > 100) {
      s.AddField(f + ".hourly", fmt::format("第 {} 档小时最低工资须在 3 至 100 元之间", i + 1),
                 fmt::format("Tier {}: the hourly figure must be 3 to 100 yuan", i + 1));
    }
    if (i > 0 && x.monthly > t.tiers[i - 1].monthly) {
      s.AddField(f + ".monthly", fmt::format("第 {} 档月标准不应高于第 {} 档", i + 1, i),
                 fmt::format("Tier {} must not be above tier {}", i + 1, i));
    }
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < t.regions.size(); ++i) {
    const auto& r = t.regions[i];
    std::string f = fmt::format("regions[{}]", i);
    const codes::Division* d = div.Find(r.code);
    if (!d || r.code.size() != 6 || r.code.substr(0, 2) != t.province_code.substr(0, 2) ||
        d->level() == codes::Level::kProvince) {
      s.AddField(f + ".code",
                 fmt::format("第 {} 行：{} 不是本省的市或县", i + 1, r.code),
                 fmt::format("Row {}: {} is not a city or county of this province", i + 1, r.code));
      continue;
    }
    if (!seen.insert(r.code).second) {
      s.AddField(f + ".code", fmt::format("第 {} 行：{} 重复", i + 1, div.FullName(r.code)),
                 fmt::format("Row {}: {} appears twice", i + 1, r.code));
    }
    if (r.tier < 1 || r.tier > static_cast<int>(t.tiers.size())) {
      s.AddField(f + ".tier", fmt::format("第 {} 行：{} 的档次不存在", i + 1, div.FullName(r.code)),
                 fmt::format("Row {}: no such tier for {}", i + 1, r.code));
    }
  }
  if (!s.fields().empty()) return s;
  return Status::Ok();
}

namespace {

// The current rows of one province (or every province with "").
StatusOr<std::vector<ProvinceMinWages>> Current(store::Connection& c, const std::string& only) {
  std::map<std::string, ProvinceMinWages> by;
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT province_code, tier, monthly, hourly, effective_from,"
                                    " source FROM min_wages ORDER BY province_code, tier"));
  for (size_t r = 0; r < rs.size(); ++r) {
    std::string code = rs.Text(r, 0);
    if (!only.empty() && code != only) continue;
    auto& t = by[code];
    t.province_code = code;
    t.effective_from = rs.Text(r, 4);
    t.source = rs.Text(r, 5);
    t.tiers.push_back({static_cast<int>(rs.Int(r, 1)), rs.Int(r, 2), rs.Int(r, 3)});
  }
  ASSIGN_OR_RETURN(auto ts, c.Query("SELECT region_code, tier FROM min_wage_tiers"
                                    " ORDER BY region_code"));
  for (size_t r = 0; r < ts.size(); ++r) {
    std::string code = ts.Text(r, 0);
    auto it = by.find(code.substr(0, 2) + "0000");
    if (it != by.end()) it->second.regions.push_back({code, static_cast<int>(ts.Int(r, 1))});
  }
  ASSIGN_OR_RETURN(auto vs, c.Query(
      "SELECT v.province_code, v.version, COALESCE(v.changed_by, 0), COALESCE(u.display_name, ''),"
      " v.changed_at FROM min_wage_versions v LEFT JOIN users u ON u.id = v.changed_by"
      " WHERE v.version = (SELECT MAX(version) FROM min_wage_versions w"
      "                    WHERE w.province_code = v.province_code)"));
  for (size_t r = 0; r < vs.size(); ++r) {
    auto it = by.find(vs.Text(r, 0));
    if (it == by.end()) continue;
    it->second.version = static_cast<int>(vs.Int(r, 1));
    it->second.changed_by = vs.Int(r, 2);
    it->second.changed_by_name = vs.Text(r, 3);
    it->second.changed_at = vs.Int(r, 4);
  }
  std::vector<ProvinceMinWages> out;
  for (auto& [_, t] : by) out.push_back(std::move(t));
  return out;
}

}  // namespace

StatusOr<std::vector<ProvinceMinWages>> MinWageService::List() {
  std::vector<ProvinceMinWages> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(out, Current(c, ""));
    return Status::Ok();
  }));
  return out;
}

StatusOr<ProvinceMinWages> MinWageService::Get(const std::string& province_code) {
  std::vector<ProvinceMinWages> one;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(one, Current(c, province_code));
    return Status::Ok();
  }));
  if (one.empty()) {
    return NotFound("该省份尚未录入最低工资标准", "No minimum-wage table for this province");
  }
  return one.front();
}

StatusOr<int> MinWageService::Save(const auth::Principal& p, const ProvinceMinWages& t) {
  if (!p.is_admin()) {
    return PermissionDenied("只有管理员可以修改最低工资标准", "Only admins edit minimum wages");
  }
  RETURN_IF_ERROR(Validate(t));
  int version = 0;
  const int64_t now = clock_.NowSeconds();
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    RETURN_IF_ERROR(c.LockForUpdate(0x3A6E0000 + std::stoll(t.province_code.substr(0, 2))));
    ASSIGN_OR_RETURN(int64_t v, c.QueryInt("SELECT COALESCE(MAX(version), 0) FROM min_wage_versions"
                                           " WHERE province_code = ?",
                                           {t.province_code}));
    version = static_cast<int>(v + 1);
    RETURN_IF_ERROR(
        c.Execute("DELETE FROM min_wages WHERE province_code = ?", {t.province_code}).status());
    for (const auto& x : t.tiers) {
      RETURN_IF_ERROR(c.Execute("INSERT INTO min_wages (province_code, tier, monthly, hourly,"
                                " effective_from, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                {t.province_code, int64_t{x.tier}, x.monthly, x.hourly,
                                 t.effective_from, t.source, now})
                          .status());
    }
    RETURN_IF_ERROR(c.Execute("DELETE FROM min_wage_tiers WHERE region_code LIKE ?",
                              {t.province_code.substr(0, 2) + "%"})
                        .status());
    for (const auto& r : t.regions) {
      RETURN_IF_ERROR(c.Execute("INSERT INTO min_wage_tiers (region_code, tier) VALUES (?, ?)",
                                {r.code, int64_t{r.tier}})
                          .status());
    }
    ProvinceMinWages saved = t;
    saved.version = version;
    saved.changed_by = p.user_id;
    saved.changed_at = now;
    json body = ToJson(saved);
    body.erase("changed_by_name");
    RETURN_IF_ERROR(c.Execute("INSERT INTO min_wage_versions (province_code, version, body,"
                              " changed_by, changed_at) VALUES (?, ?, ?, ?, ?)",
                              {t.province_code, int64_t{version}, body.dump(),
                               p.user_id ? store::Param(p.user_id) : store::Param(nullptr), now})
                        .status());
    std::string detail = "v" + std::to_string(version) + " from " + t.effective_from;
    for (const auto& x : t.tiers)
      detail += fmt::format(" {}:{}/{}", x.tier, x.monthly, x.hourly);
    return audit_.Append(c, {p.user_id, "min_wage.save", "province:" + t.province_code, "ok",
                             detail});
  }));
  return version;
}

StatusOr<std::vector<ProvinceMinWages>> MinWageService::Versions(const std::string& province_code) {
  std::vector<ProvinceMinWages> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query(
        "SELECT v.body, v.version, COALESCE(v.changed_by, 0), COALESCE(u.display_name, ''),"
        " v.changed_at FROM min_wage_versions v LEFT JOIN users u ON u.id = v.changed_by"
        " WHERE v.province_code = ? ORDER BY v.version DESC",
        {province_code}));
    for (size_t r = 0; r < rs.size(); ++r) {
      ProvinceMinWages t = MinWagesFromJson(json::parse(rs.Text(r, 0), nullptr, false));
      t.version = static_cast<int>(rs.Int(r, 1));
      t.changed_by = rs.Int(r, 2);
      t.changed_by_name = rs.Text(r, 3);
      t.changed_at = rs.Int(r, 4);
      out.push_back(std::move(t));
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace xiezuo::postings
