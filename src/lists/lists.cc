#include "lists/lists.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "auth/scope.h"
#include "common/strings.h"
#include "imports/xlsx_writer.h"

namespace xiezuo::lists {

using nlohmann::json;

std::string MaskName(std::string_view name) {
  std::string n(Trim(name));
  if (n.empty()) return n;
  auto len = [](unsigned char c) { return c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4; };
  size_t first = std::min<size_t>(n.size(), len(static_cast<unsigned char>(n[0])));
  size_t rest = Utf8Length(n) - 1;
  return n.substr(0, first) + std::string(std::max<size_t>(rest, 1), '*');
}

namespace {

const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(const std::string& in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t v = (uint8_t)in[i] << 16 | (uint8_t)in[i + 1] << 8 | (uint8_t)in[i + 2];
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i < in.size()) {
    uint32_t v = (uint8_t)in[i] << 16 | (i + 1 < in.size() ? (uint8_t)in[i + 1] << 8 : 0);
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string Unbase64(const std::string& in) {
  int map[256];
  std::fill(std::begin(map), std::end(map), -1);
  for (int i = 0; i < 64; ++i) map[(uint8_t)kB64[i]] = i;
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = map[(uint8_t)c];
    if (v < 0) continue;
    acc = acc << 6 | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

const char* CategoryZh(const std::string& c) {
  if (c == "poverty_alleviated") return "脱贫劳动力";
  if (c == "relocated") return "易地搬迁";
  if (c == "disabled") return "残疾人";
  return "一般";
}

const char* PayTypeZh(const std::string& t) {
  if (t == "hourly") return "时薪";
  if (t == "piece") return "计件";
  return "月薪";
}

std::string MonthZh(const std::string& month) {
  return fmt::format("{}年{}月", month.substr(0, 4), std::stoi(month.substr(5, 2)));
}

}  // namespace

bool ListService::MayUse(const auth::Principal& p, const std::string& exporting,
                         const std::string& receiving) const {
  if (p.is_admin()) return true;
  const std::string& r = p.org.region_code;
  switch (p.role) {
    case auth::Role::kCountyOfficer:
      return auth::RegionWithin(r, exporting);
    case auth::Role::kStationOfficer:
    case auth::Role::kReceivingOfficer:
      return auth::RegionWithin(r, receiving) || auth::RegionWithin(receiving, r);
    default:
      return false;
  }
}

StatusOr<Publication> ListService::Publish(const auth::Principal& p, const std::string& pair,
                                           const std::string& month) {
  size_t colon = pair.find(':');
  if (colon == std::string::npos) colon = pair.find("：");
  if (colon == std::string::npos) {
    return FieldInvalid("pair", "结对应写成“输出县:输入市”，如“天等县:江门市”",
                        "pair must be 'exporting county:receiving city', e.g. 天等县:江门市");
  }
  size_t sep_len = pair.compare(colon, 1, ":") == 0 ? 1 : 3;
  auto exp = codebook_.divisions->ResolveUnique(Trim(pair.substr(0, colon)), codes::Level::kCounty);
  if (!exp.ok()) return FieldInvalid("pair", "输出县：" + exp.status().zh(), exp.status().en());
  auto rec = codebook_.divisions->ResolveUnique(Trim(pair.substr(colon + sep_len)), codes::Level::kCity);
  if (!rec.ok()) return FieldInvalid("pair", "输入市：" + rec.status().zh(), rec.status().en());
  if ((*exp)->level() != codes::Level::kCounty) {
    return FieldInvalid("pair", "结对的输出地须是县（区）", "The exporting side must be a county");
  }
  if ((*rec)->level() != codes::Level::kCity) {
    return FieldInvalid("pair", "结对的输入地须是地级市", "The receiving side must be a city");
  }
  if (month.size() != 7 || month[4] != '-' || !ParseInt64(month.substr(0, 4)) ||
      !ParseInt64(month.substr(5, 2)) || *ParseInt64(month.substr(5, 2)) < 1 ||
      *ParseInt64(month.substr(5, 2)) > 12) {
    return FieldInvalid("month", "月份应写成 YYYY-MM，如 2025-03", "month must be YYYY-MM");
  }
  std::string exporting((*exp)->code()), receiving((*rec)->code());
  if (!MayUse(p, exporting, receiving)) {
    return PermissionDenied("只有结对双方的人社部门、劳务协作站或管理员可以发布清单",
                            "Only the paired bureaus, stations or admins publish the lists");
  }
  const std::string exp_name = codebook_.divisions->FullName(exporting);
  const std::string rec_name((*rec)->name());
  const std::string exp_short((*exp)->name());
  const std::string month_start = month + "-01";
  const int64_t now = clock_.NowSeconds();
  const std::string today = FormatChinaDate(now);
  Publication pub;

  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    // Supply: postings published in the receiving city and valid in the month.
    ASSIGN_OR_RETURN(auto ps, c.Query(
        "SELECT e.name, p.title, p.occupation_code, p.region_code, p.openings, p.wage_min,"
        " p.wage_max, p.pay_type, p.board, p.lodging, p.dorm_size, p.age_min, p.age_max, p.hours,"
        " p.social_insurance, p.valid_until, p.enterprise_id FROM postings p"
        " JOIN enterprises e ON e.id = p.enterprise_id"
        " WHERE p.status = 'published' AND p.city_code = ?"
        " AND (p.valid_until = '' OR p.valid_until >= ?) ORDER BY e.name, p.id",
        {receiving, month_start}));
    ListSummary& s = pub.supply;
    s.kind = "supply";
    std::map<int64_t, bool> ents;
    for (size_t r = 0; r < ps.size(); ++r) {
      ents[ps.Int(r, 16)] = true;
      s.openings += ps.Int(r, 4);
    }
    s.enterprises = static_cast<int64_t>(ents.size());
    s.postings = static_cast<int64_t>(ps.size());
    {
      imports::XlsxWriter x;
      auto* ws = x.AddSheet("岗位供给清单");
      const char* heads[] = {"序号", "企业名称", "岗位名称", "工种", "工作地点", "招聘人数",
                             "月薪（元）", "计薪方式", "包吃", "包住", "宿舍人数", "年龄要求",
                             "工作时间", "社保", "有效期"};
      const int n = 15;
      x.Merge(ws, 0, 0, 0, n - 1,
              fmt::format("{}{}岗位供给清单（面向{}）", rec_name, MonthZh(month), exp_short),
              x.title());
      x.Merge(ws, 1, 0, 1, n - 1, "发布日期：" + today + "    发布单位：" + rec_name, nullptr);
      x.Merge(ws, 2, 0, 2, n - 1,
              fmt::format("汇总：企业 {} 家，岗位 {} 个，招聘 {} 人", s.enterprises, s.postings,
                          s.openings),
              nullptr);
      for (int c2 = 0; c2 < n; ++c2) x.Text(ws, 3, c2, heads[c2], x.header());
      for (size_t r = 0; r < ps.size(); ++r) {
        int row = static_cast<int>(r) + 4;
        const auto* occ = codebook_.occupations->Find(ps.Text(r, 2));
        std::string ages = ps.IsNull(r, 11) && ps.IsNull(r, 12)
                               ? "不限"
                               : (ps.IsNull(r, 11) ? "" : ps.Text(r, 11)) + "-" +
                                     (ps.IsNull(r, 12) ? "" : ps.Text(r, 12)) + "岁";
        x.Number(ws, row, 0, static_cast<double>(r + 1));
        x.Text(ws, row, 1, ps.Text(r, 0));
        x.Text(ws, row, 2, ps.Text(r, 1));
        x.Text(ws, row, 3, occ ? occ->name : ps.Text(r, 2));
        x.Text(ws, row, 4, codebook_.divisions->FullName(ps.Text(r, 3)));
        x.Number(ws, row, 5, static_cast<double>(ps.Int(r, 4)));
        x.Text(ws, row, 6, ps.Text(r, 5) + "-" + ps.Text(r, 6));
        x.Text(ws, row, 7, PayTypeZh(ps.Text(r, 7)));
        x.Text(ws, row, 8, ps.Int(r, 8) ? "是" : "否");
        x.Text(ws, row, 9, ps.Int(r, 9) ? "是" : "否");
        x.Text(ws, row, 10, ps.IsNull(r, 10) ? "" : ps.Text(r, 10) + "人/间");
        x.Text(ws, row, 11, ages);
        x.Text(ws, row, 12, ps.Text(r, 13));
        x.Text(ws, row, 13, ps.Int(r, 14) ? "缴纳" : "未注明");
        x.Text(ws, row, 14, ps.Text(r, 15).empty() ? "长期" : ps.Text(r, 15));
      }
      worksheet_set_column(ws, 1, 1, 28, nullptr);
      worksheet_set_column(ws, 4, 4, 28, nullptr);
      ASSIGN_OR_RETURN(pub.supply_xlsx, x.Finish());
    }

    // Demand: available workers registered in the exporting county.
    ASSIGN_OR_RETURN(auto wsr, c.Query(
        "SELECT w.name, w.sex, w.birth_date, w.region_code, w.category, w.occupations,"
        " w.wanted_regions, w.local_only, w.wage_floor, w.leave_date, w.phone_masked"
        " FROM workers w WHERE w.county_code = ? AND w.status = 'available' ORDER BY w.id",
        {exporting}));
    ListSummary& d = pub.demand;
    d.kind = "demand";
    d.workers = static_cast<int64_t>(wsr.size());
    std::map<std::string, int64_t> by_cat;
    for (size_t r = 0; r < wsr.size(); ++r) ++by_cat[wsr.Text(r, 4)];
    {
      imports::XlsxWriter x;
      auto* ws = x.AddSheet("求职人员清单");
      const char* heads[] = {"序号", "姓名", "性别", "出生年月", "户籍地", "人员类别", "意向工种",
                             "意向地区", "期望月薪（元）", "可出发日期", "联系电话"};
      const int n = 11;
      x.Merge(ws, 0, 0, 0, n - 1,
              fmt::format("{}{}求职人员清单（面向{}）", exp_short, MonthZh(month), rec_name),
              x.title());
      x.Merge(ws, 1, 0, 1, n - 1,
              "发布日期：" + today + "    发布单位：" + exp_name + "    个人信息已脱敏，仅供岗位对接使用",
              nullptr);
      std::string cats;
      for (const char* k : {"poverty_alleviated", "relocated", "disabled", "general"})
        cats += fmt::format("，{} {} 人", CategoryZh(k), by_cat.count(k) ? by_cat[k] : 0);
      x.Merge(ws, 2, 0, 2, n - 1, fmt::format("汇总：求职人员 {} 人{}", d.workers, cats), nullptr);
      for (int c2 = 0; c2 < n; ++c2) x.Text(ws, 3, c2, heads[c2], x.header());
      for (size_t r = 0; r < wsr.size(); ++r) {
        int row = static_cast<int>(r) + 4;
        auto names = [&](const std::string& arr, bool occupation) {
          std::string out;
          auto j = json::parse(arr, nullptr, false);
          if (!j.is_array()) return out;
          for (const auto& e : j) {
            if (!e.is_string()) continue;
            std::string code = e.get<std::string>(), name = code;
            if (occupation) {
              if (const auto* o = codebook_.occupations->Find(code)) name = o->name;
            } else {
              name = codebook_.divisions->FullName(code);
            }
            out += (out.empty() ? "" : "、") + name;
          }
          return out;
        };
        std::string wanted = names(wsr.Text(r, 6), false);
        if (wsr.Int(r, 7)) wanted = wanted.empty() ? "本地就业" : wanted + "、本地就业";
        x.Number(ws, row, 0, static_cast<double>(r + 1));
        x.Text(ws, row, 1, MaskName(wsr.Text(r, 0)));
        x.Text(ws, row, 2, wsr.Text(r, 1) == "M" ? "男" : "女");
        x.Text(ws, row, 3, wsr.Text(r, 2).substr(0, 7));
        x.Text(ws, row, 4, codebook_.divisions->FullName(wsr.Text(r, 3)));
        x.Text(ws, row, 5, CategoryZh(wsr.Text(r, 4)));
        x.Text(ws, row, 6, names(wsr.Text(r, 5), true));
        x.Text(ws, row, 7, wanted);
        if (!wsr.IsNull(r, 8)) x.Number(ws, row, 8, static_cast<double>(wsr.Int(r, 8)));
        x.Text(ws, row, 9, wsr.Text(r, 9));
        x.Text(ws, row, 10, wsr.Text(r, 10));
      }
      worksheet_set_column(ws, 4, 4, 32, nullptr);
      ASSIGN_OR_RETURN(pub.demand_xlsx, x.Finish());
    }

    for (ListSummary* l : {&pub.supply, &pub.demand}) {
      l->exporting_code = exporting;
      l->receiving_code = receiving;
      l->month = month;
      l->published_at = now;
      RETURN_IF_ERROR(c.Execute("DELETE FROM list_publications WHERE exporting_code = ? AND"
                                " receiving_code = ? AND month = ? AND kind = ?",
                                {exporting, receiving, month, l->kind})
                          .status());
      ASSIGN_OR_RETURN(auto ins, c.Query(
          "INSERT INTO list_publications (exporting_code, receiving_code, month, kind, enterprises,"
          " postings, openings, workers, xlsx_base64, published_by, published_at)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {exporting, receiving, month, l->kind, l->enterprises, l->postings, l->openings,
           l->workers, Base64(l->kind == "supply" ? pub.supply_xlsx : pub.demand_xlsx),
           p.user_id ? store::Param(p.user_id) : store::Param(nullptr), now}));
      l->id = ins.Int(0, 0);
    }
    return audit_.Append(c, {p.user_id, "lists.publish",
                             "lists:" + exporting + ":" + receiving + ":" + month, "ok",
                             fmt::format("postings={} workers={}", pub.supply.postings,
                                         pub.demand.workers)});
  }));
  return pub;
}

StatusOr<std::vector<ListSummary>> ListService::History(const auth::Principal& p) {
  std::vector<ListSummary> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query(
        "SELECT id, kind, exporting_code, receiving_code, month, enterprises, postings, openings,"
        " workers, published_at FROM list_publications ORDER BY month DESC, id DESC LIMIT 1000"));
    for (size_t r = 0; r < rs.size(); ++r) {
      ListSummary s{rs.Int(r, 0), rs.Text(r, 1), rs.Text(r, 2), rs.Text(r, 3), rs.Text(r, 4),
                    rs.Int(r, 5),  rs.Int(r, 6),  rs.Int(r, 7),  rs.Int(r, 8),  rs.Int(r, 9)};
      if (MayUse(p, s.exporting_code, s.receiving_code)) out.push_back(std::move(s));
    }
    return Status::Ok();
  }));
  return out;
}

StatusOr<std::string> ListService::Download(const auth::Principal& p, int64_t id,
                                            ListSummary* meta) {
  std::string bytes;
  bool found = false;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query(
        "SELECT id, kind, exporting_code, receiving_code, month, enterprises, postings, openings,"
        " workers, published_at, xlsx_base64 FROM list_publications WHERE id = ?",
        {id}));
    if (rs.empty()) return Status::Ok();
    ListSummary s{rs.Int(0, 0), rs.Text(0, 1), rs.Text(0, 2), rs.Text(0, 3), rs.Text(0, 4),
                  rs.Int(0, 5), rs.Int(0, 6),  rs.Int(0, 7),  rs.Int(0, 8),  rs.Int(0, 9)};
    if (!MayUse(p, s.exporting_code, s.receiving_code)) return Status::Ok();
    found = true;
    if (meta) *meta = s;
    bytes = Unbase64(rs.Text(0, 10));
    return Status::Ok();
  }));
  if (!found) return NotFound("未找到该清单", "List not found");
  (void)audit_.Append({p.user_id, "lists.download", "list:" + std::to_string(id), "ok", ""});
  return bytes;
}

}  // namespace xiezuo::lists
