#include "match/service.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xlsxwriter.h>

#include "auth/scope.h"
#include "match/engine.h"
#include "match/problem.h"

namespace xiezuo::match {

namespace {

// Batches up to this many candidate edges also get LEMON's exact optimum.
constexpr size_t kLemonMaxEdges = 1000000;

// Howard Hinnant's days_from_civil.
int DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::vector<std::string> JsonList(const std::string& text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

bool JsonFlag(const nlohmann::json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_boolean() && j[key].get<bool>();
}

// The first 13 columns of a recommendation query: r.id, r.batch_id,
// r.worker_id, w.name, r.posting_id, p.title, e.name, r.rank, r.score,
// r.reasons_zh, r.reasons_en, r.outcome, r.outcome_reason.
Recommendation RecommendationRow(const store::ResultSet& rs, size_t r) {
  Recommendation x;
  x.id = rs.Int(r, 0);
  x.batch_id = rs.Int(r, 1);
  x.worker_id = rs.Int(r, 2);
  x.worker_name = rs.Text(r, 3);
  x.posting_id = rs.Int(r, 4);
  x.posting_title = rs.Text(r, 5);
  x.enterprise_name = rs.Text(r, 6);
  x.rank = static_cast<int>(rs.Int(r, 7));
  x.score = rs.Int(r, 8);
  x.reasons_zh = rs.Text(r, 9);
  x.reasons_en = rs.Text(r, 10);
  x.outcome = rs.Text(r, 11);
  x.outcome_reason = rs.Text(r, 12);
  return x;
}

}  // namespace

std::optional<int> ParseDay(const std::string& s) {
  int y, m, d;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return DaysFromCivil(y, m, d);
}

StatusOr<BatchScope> MatchService::ResolveScope(const std::string& text) const {
  const codes::Divisions& div = *codebook_.divisions;
  auto resolve = [&](const std::string& t, codes::Level deepest) -> StatusOr<const codes::Division*> {
    std::string code = codes::Normalize(t);
    if (!code.empty()) {
      if (const codes::Division* d = div.Find(code)) return d;
    }
    return div.ResolveUnique(t, deepest);
  };
  BatchScope s;
  size_t colon = text.find(':');
  if (colon != std::string::npos) {
    ASSIGN_OR_RETURN(const codes::Division* county,
                     resolve(text.substr(0, colon), codes::Level::kCounty));
    ASSIGN_OR_RETURN(const codes::Division* city,
                     resolve(text.substr(colon + 1), codes::Level::kCity));
    if (county->level() != codes::Level::kCounty || city->level() != codes::Level::kCity) {
      return FieldInvalid("scope", "协作对子应写成“输出县:输入市”，如 天等县:江门市",
                          "a pair is 'county:city', e.g. 天等县:江门市");
    }
    s.worker_region = std::string(county->code());
    s.posting_city = std::string(city->code());
    s.label = "pair:" + s.worker_region + ":" + s.posting_city;
    return s;
  }
  std::string t = text;
  if (t.size() == 2 && std::all_of(t.begin(), t.end(), ::isdigit)) t += "0000";
  ASSIGN_OR_RETURN(const codes::Division* d, resolve(t, codes::Level::kCounty));
  if (d->level() == codes::Level::kProvince) {
    s.label = "province:" + std::string(d->code());
  } else if (d->level() == codes::Level::kCounty || d->level() == codes::Level::kCity) {
    s.label = "county:" + std::string(d->code());
  } else {
    return FieldInvalid("scope", "范围应为县、市、省或协作对子", "scope must be a county, city, province or pair");
  }
  s.worker_region = std::string(d->code());
  return s;
}

StatusOr<Policy> MatchService::CurrentPolicy() {
  Policy out = Policy::Default();
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT policy FROM match_policies ORDER BY version DESC LIMIT 1"));
    if (rs.empty()) return Status::Ok();
    ASSIGN_OR_RETURN(out, PolicyFromJson(rs.Text(0, 0)));
    return Status::Ok();
  }));
  return out;
}

StatusOr<Policy> MatchService::SavePolicy(const auth::Principal& p, Policy policy) {
  if (!p.is_admin()) {
    return PermissionDenied("只有系统管理员可以修改匹配策略", "only an administrator may edit the policy");
  }
  RETURN_IF_ERROR(ValidatePolicy(policy));
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(int64_t v, c.QueryInt("SELECT COALESCE(MAX(version), 0) FROM match_policies"));
    policy.version = std::max<int64_t>(v + 1, 2);  // version 1 is the built-in default
    ASSIGN_OR_RETURN(int64_t n, c.Execute("INSERT INTO match_policies (version, policy, created_by, created_at)"
                                          " VALUES (?, ?, ?, ?)",
                                          {policy.version, PolicyToJson(policy), p.user_id,
                                           clock_.NowSeconds()}));
    (void)n;
    return audit_.Append(c, {p.user_id, "match.policy", fmt::format("match_policy:{}", policy.version),
                             "ok", ""});
  }));
  return policy;
}

StatusOr<BatchReport> MatchService::RunBatch(const auth::Principal& pr, const BatchScope& scope,
                                             const Policy& policy) {
  RETURN_IF_ERROR(ValidatePolicy(policy));
  auto started = std::chrono::steady_clock::now();
  const int64_t now = clock_.NowSeconds();
  const int today = static_cast<int>((now + 8 * 3600) / 86400);  // Asia/Shanghai
  Problem prob;
  std::vector<std::string> titles, enterprises;
  auth::SqlFilter wf = auth::WorkerScope(pr);
  Status st = db_.WithConnection([&](store::Connection& c) -> Status {
    std::string sql =
        "SELECT w.id, w.birth_date, w.county_code, w.category, w.occupations, w.wanted_regions,"
        " w.local_only, w.wage_floor, w.family_needs, w.skills FROM workers w"
        " WHERE w.status = 'available' AND w.county_code LIKE ? AND (" + wf.where + ") ORDER BY w.id";
    store::Params params{auth::RegionPrefix(scope.worker_region) + "%"};
    params.insert(params.end(), wf.params.begin(), wf.params.end());
    ASSIGN_OR_RETURN(auto rs, c.Query(sql, params));
    for (size_t r = 0; r < rs.size(); ++r) {
      WorkerRecord w;
      w.id = rs.Int(r, 0);
      if (auto birth = ParseDay(rs.Text(r, 1))) w.age = static_cast<int>((today - *birth) / 365.2425);
      w.home_county = PackRegion(rs.Text(r, 2));
      const std::string& cat = rs.Text(r, 3);
      if (cat == "poverty_alleviated") w.flags |= kPoverty;
      if (cat == "disabled") w.flags |= kDisabled;
      for (const auto& o : JsonList(rs.Text(r, 4))) w.occupations.push_back(PackOccupation(o));
      for (const auto& g : JsonList(rs.Text(r, 5))) w.wanted.push_back(PackRegion(g));
      if (rs.Int(r, 6)) w.flags |= kLocalOnly;
      w.wage_floor = static_cast<int>(rs.OptInt(r, 7).value_or(0));
      auto fam = nlohmann::json::parse(rs.Text(r, 8), nullptr, false);
      if (JsonFlag(fam, "couple")) w.flags |= kCouple;
      if (JsonFlag(fam, "work_from_home")) w.flags |= kWorkFromHome;
      if (!(w.flags & kLocalOnly)) w.flags |= kWantsLodging | kWantsBoard;  // away from home
      (void)JsonList(rs.Text(r, 9));  // certificates: postings carry no requirement yet
      prob.AddWorker(w);
    }
    std::string psql =
        "SELECT p.id, p.enterprise_id, p.occupation_code, p.region_code, p.openings,"
        " p.wage_min, p.wage_max, p.board, p.lodging, p.dorm_size, p.age_min, p.age_max,"
        " p.valid_until, e.blacklisted, p.title, e.name,"
        " (SELECT COUNT(*) FROM applications a WHERE a.posting_id = p.id"
        "    AND a.status IN ('hired', 'placed')) AS filled"
        " FROM postings p JOIN enterprises e ON e.id = p.enterprise_id"
        " WHERE p.status = 'published'";
    store::Params pp;
    if (!scope.posting_city.empty()) {
      psql += " AND p.city_code = ?";
      pp.push_back(scope.posting_city);
    }
    psql += " ORDER BY p.id";
    ASSIGN_OR_RETURN(auto ps, c.Query(psql, pp));
    for (size_t r = 0; r < ps.size(); ++r) {
      PostingRecord p;
      p.id = ps.Int(r, 0);
      p.enterprise_id = ps.Int(r, 1);
      p.occupation = PackOccupation(ps.Text(r, 2));
      p.county = PackRegion(ps.Text(r, 3));
      p.openings = static_cast<int>(std::max<int64_t>(0, ps.Int(r, 4) - ps.Int(r, 16)));
      p.wage_min = static_cast<int>(ps.Int(r, 5));
      p.wage_max = static_cast<int>(ps.Int(r, 6));
      if (ps.Int(r, 7)) p.flags |= kBoard;
      if (ps.Int(r, 8)) p.flags |= kLodging;
      p.dorm_size = static_cast<int>(ps.OptInt(r, 9).value_or(0));
      p.age_min = static_cast<int>(ps.OptInt(r, 10).value_or(16));
      p.age_max = static_cast<int>(ps.OptInt(r, 11).value_or(60));
      p.valid_until_day = ParseDay(ps.Text(r, 12)).value_or(0);
      p.flags |= kPublished;
      if (ps.Int(r, 13)) p.flags |= kBlacklisted;
      if (p.openings >= 2 && (p.flags & kLodging)) p.flags |= kCoupleOk;
      if (prob.AddPosting(p)) {
        titles.push_back(ps.Text(r, 14));
        enterprises.push_back(ps.Text(r, 15));
      }
    }
    return Status::Ok();
  });
  RETURN_IF_ERROR(st);
  // Names for the reasons.
  for (uint32_t j = 0; j < prob.num_postings(); ++j) {
    uint32_t occ = prob.p_occ[j];
    if (!prob.occupation_names.count(occ)) {
      const codes::CodeEntry* e = codebook_.occupations->Find(UnpackOccupation(occ));
      prob.occupation_names[occ] = e ? e->name : UnpackOccupation(occ);
    }
    uint32_t city = CityOf(prob.p_county[j]);
    if (!prob.region_names.count(city)) {
      std::string code = fmt::format("{:06d}", city);
      const codes::Division* d = codebook_.divisions->Find(code);
      std::string name = d ? std::string(d->name()) : code;
      for (const char* suffix : {"市", "地区", "自治州"}) {
        std::string sfx(suffix);
        if (name.size() > sfx.size() && name.compare(name.size() - sfx.size(), sfx.size(), sfx) == 0) {
          name.resize(name.size() - sfx.size());
          break;
        }
      }
      prob.region_names[city] = name;
    }
  }
  prob.Finish();
  Engine eng(prob, policy, today);
  Bipartite g = eng.Candidates(2);
  Allocation a = AuctionAllocate(g);
  BatchReport rep;
  rep.quality = Measure(eng, g, a);
  // The exact optimum too, while LEMON solves it in about a second.
  if (g.num_edges() <= kLemonMaxEdges) {
    auto exact = LemonAllocate(g);
    if (exact.ok() && exact->objective > 0) {
      rep.quality.gap_to_optimum = 1.0 - double(a.objective) / double(exact->objective);
    }
  }
  rep.policy_version = policy.version;
  rep.workers = static_cast<int64_t>(prob.num_workers());
  rep.postings = static_cast<int64_t>(prob.num_postings());
  rep.skipped = prob.total_skipped();
  rep.skip_log = prob.skip_log;
  nlohmann::json skipped = nlohmann::json::object();
  for (int i = 0; i < static_cast<int>(SkipReason::kCount); ++i) {
    if (prob.skipped[i]) skipped[SkipReasonName(static_cast<SkipReason>(i))] = prob.skipped[i];
  }
  std::vector<uint32_t> edge_worker(g.num_edges());
  for (uint32_t w = 0; w < g.num_workers; ++w)
    for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e) edge_worker[e] = w;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("INSERT INTO match_batches (scope, policy_version, workers,"
                                      " postings, skipped, quality, created_by, created_at)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                      {scope.label, policy.version, rep.workers, rep.postings,
                                       skipped.dump(), QualityToJson(rep.quality), pr.user_id, now}));
    rep.batch_id = rs.Int(0, 0);
    // a.edges is ascending: a worker's edges are adjacent and best first.
    // Rows go in kRowsPerInsert at a time: one round trip per row made a
    // county's demo batch take seconds on PostgreSQL.
    constexpr size_t kRowsPerInsert = 200;
    store::Params rows;
    size_t pending = 0;
    auto flush = [&]() -> Status {
      if (pending == 0) return Status::Ok();
      std::string sql =
          "INSERT INTO match_recommendations (batch_id, worker_id, posting_id, rank, score,"
          " reasons_zh, reasons_en) VALUES (?, ?, ?, ?, ?, ?, ?)";
      for (size_t i = 1; i < pending; ++i) sql += ", (?, ?, ?, ?, ?, ?, ?)";
      ASSIGN_OR_RETURN(int64_t n, c.Execute(sql, rows));
      (void)n;
      rows.clear();
      pending = 0;
      return Status::Ok();
    };
    int rank = 0;
    uint32_t last = UINT32_MAX;
    for (uint64_t e : a.edges) {
      uint32_t w = edge_worker[e], p = g.posting[e];
      rank = w == last ? rank + 1 : 1;
      last = w;
      Reasons why = eng.Explain(w, p);
      rows.insert(rows.end(), {rep.batch_id, prob.worker_id[w], prob.posting_id[p], int64_t{rank},
                               int64_t{g.score[e]}, why.zh, why.en});
      if (++pending == kRowsPerInsert) RETURN_IF_ERROR(flush());
    }
    RETURN_IF_ERROR(flush());
    return audit_.Append(c, {pr.user_id, "match.batch", fmt::format("match_batch:{}", rep.batch_id),
                             "ok", fmt::format("{} policy v{} recs {}", scope.label, policy.version,
                                               rep.quality.recommendations)});
  }));
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return rep;
}

StatusOr<std::vector<Recommendation>> MatchService::List(const auth::Principal& pr,
                                                         const std::string& column, int64_t id) {
  auth::SqlFilter wf = auth::WorkerScope(pr);
  std::vector<Recommendation> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    // The latest batch that included this worker / posting.
    ASSIGN_OR_RETURN(auto b, c.Query("SELECT MAX(batch_id) FROM match_recommendations WHERE " +
                                         column + " = ?",
                                     {id}));
    if (b.empty() || b.IsNull(0, 0)) return Status::Ok();
    std::string sql =
        "SELECT r.id, r.batch_id, r.worker_id, w.name, r.posting_id, p.title, e.name, r.rank,"
        " r.score, r.reasons_zh, r.reasons_en, r.outcome, r.outcome_reason"
        " FROM match_recommendations r JOIN workers w ON w.id = r.worker_id"
        " JOIN postings p ON p.id = r.posting_id JOIN enterprises e ON e.id = p.enterprise_id"
        " WHERE r.batch_id = ? AND r." + column + " = ? AND (" + wf.where + ")"
        " ORDER BY r.score DESC, r.id";
    store::Params params{b.Int(0, 0), id};
    params.insert(params.end(), wf.params.begin(), wf.params.end());
    ASSIGN_OR_RETURN(auto rs, c.Query(sql, params));
    for (size_t r = 0; r < rs.size(); ++r) out.push_back(RecommendationRow(rs, r));
    return Status::Ok();
  }));
  return out;
}

StatusOr<std::vector<Recommendation>> MatchService::ForWorker(const auth::Principal& p,
                                                              int64_t worker_id) {
  ASSIGN_OR_RETURN(auto recs, List(p, "worker_id", worker_id));
  return recs;
}

StatusOr<std::vector<Recommendation>> MatchService::ForPosting(const auth::Principal& p,
                                                               int64_t posting_id) {
  ASSIGN_OR_RETURN(auto recs, List(p, "posting_id", posting_id));
  return recs;
}

StatusOr<Recommendation> MatchService::Get(const auth::Principal& pr, int64_t rec_id) {
  int64_t worker_id = 0, posting_id = 0;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT worker_id, posting_id FROM match_recommendations WHERE id = ?",
                                      {rec_id}));
    if (!rs.empty()) {
      worker_id = rs.Int(0, 0);
      posting_id = rs.Int(0, 1);
    }
    return Status::Ok();
  }));
  if (worker_id != 0 && pr.role == auth::Role::kStationOfficer) {
    // A station marks outcomes on the candidates it sees (Candidates): its
    // home county's workers recommended for postings in its city.
    auto cands = Candidates(pr, posting_id);
    if (cands.ok()) {
      for (auto& c : *cands)
        if (c.rec.id == rec_id) return c.rec;
    }
  }
  if (worker_id != 0) {
    ASSIGN_OR_RETURN(auto recs, List(pr, "worker_id", worker_id));
    for (auto& r : recs)
      if (r.id == rec_id) return r;
    // An older batch's recommendation: look it up directly, in scope.
    auth::SqlFilter wf = auth::WorkerScope(pr);
    std::optional<Recommendation> found;
    RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
      store::Params params{rec_id};
      params.insert(params.end(), wf.params.begin(), wf.params.end());
      ASSIGN_OR_RETURN(auto rs, c.Query("SELECT r.id, r.batch_id, r.outcome FROM match_recommendations r"
                                        " JOIN workers w ON w.id = r.worker_id WHERE r.id = ? AND (" +
                                            wf.where + ")",
                                        params));
      if (!rs.empty()) {
        Recommendation x;
        x.id = rs.Int(0, 0);
        x.batch_id = rs.Int(0, 1);
        x.worker_id = worker_id;
        x.outcome = rs.Text(0, 2);
        found = x;
      }
      return Status::Ok();
    }));
    if (found) return *found;
  }
  return NotFound("推荐记录不存在", "recommendation not found");
}

Status MatchService::SetOutcome(const auth::Principal& pr, int64_t rec_id, const std::string& outcome,
                                const std::string& reason) {
  if (std::find(std::begin(kOutcomes), std::end(kOutcomes), outcome) == std::end(kOutcomes)) {
    return FieldInvalid("outcome", "结果应为 contacted、interested、applied、hired 或 declined",
                        "outcome must be contacted, interested, applied, hired or declined");
  }
  if (outcome == "declined" && reason.empty()) {
    return FieldInvalid("reason", "标记“已拒绝”时请写明原因", "say why when marking declined");
  }
  if (reason.size() > 500) return FieldInvalid("reason", "原因不超过 500 字节", "reason is at most 500 bytes");
  if (pr.role == auth::Role::kEnterpriseHr || pr.role == auth::Role::kWorker) {
    return PermissionDenied("只有工作人员可以标记推荐结果", "only officials may mark outcomes");
  }
  auto rec = Get(pr, rec_id);
  if (!rec.ok()) {
    Status denied = audit_.Append({pr.user_id, "match.outcome", fmt::format("match_recommendation:{}", rec_id),
                                   "not_found", ""});
    (void)denied;
    return rec.status();
  }
  return db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(int64_t n, c.Execute("UPDATE match_recommendations SET outcome = ?, outcome_reason = ?,"
                                          " outcome_by = ?, outcome_at = ? WHERE id = ?",
                                          {outcome, reason, pr.user_id, clock_.NowSeconds(), rec_id}));
    (void)n;
    return audit_.Append(c, {pr.user_id, "match.outcome", fmt::format("match_recommendation:{}", rec_id),
                             "ok", outcome});
  });
}

std::string SpreadsheetSafe(const std::string& v) {
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
                     v[0] == '\r')) {
    return "'" + v;
  }
  return v;
}

StatusOr<int64_t> MatchService::ExportXlsx(const auth::Principal& pr, int64_t batch_id,
                                           const std::string& path) {
  auth::SqlFilter wf = auth::WorkerScope(pr);
  store::ResultSet rows;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    store::Params params{batch_id};
    params.insert(params.end(), wf.params.begin(), wf.params.end());
    ASSIGN_OR_RETURN(rows, c.Query(
        "SELECT w.name, w.id_masked, w.county_code, r.rank, p.title, e.name, p.city_code, r.score,"
        " r.reasons_zh, r.reasons_en, r.id FROM match_recommendations r"
        " JOIN workers w ON w.id = r.worker_id JOIN postings p ON p.id = r.posting_id"
        " JOIN enterprises e ON e.id = p.enterprise_id WHERE r.batch_id = ? AND (" + wf.where + ")"
        " ORDER BY w.id, r.rank", params));
    return Status::Ok();
  }));
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) return Unavailable("无法创建文件 " + path, "cannot create " + path);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "推荐 recommendations");
  const char* headers[] = {"姓名", "身份证号（脱敏）", "户籍县", "排名", "岗位", "企业", "工作城市",
                           "得分", "推荐理由", "reasons", "推荐编号"};
  for (int i = 0; i < 11; ++i) worksheet_write_string(ws, 0, static_cast<lxw_col_t>(i), headers[i], nullptr);
  for (size_t r = 0; r < rows.size(); ++r) {
    lxw_row_t row = static_cast<lxw_row_t>(r + 1);
    for (int col : {0, 1, 2, 4, 5, 6, 8, 9}) {
      std::string v = SpreadsheetSafe(rows.Text(r, static_cast<size_t>(col)));
      worksheet_write_string(ws, row, static_cast<lxw_col_t>(col), v.c_str(), nullptr);
    }
    for (int col : {3, 7, 10}) {
      worksheet_write_number(ws, row, static_cast<lxw_col_t>(col),
                             static_cast<double>(rows.Int(r, static_cast<size_t>(col))), nullptr);
    }
  }
  worksheet_set_column(ws, 8, 9, 60, nullptr);
  if (workbook_close(wb) != LXW_NO_ERROR) return Unavailable("写入文件失败 " + path, "cannot write " + path);
  RETURN_IF_ERROR(audit_.Append({pr.user_id, "match.export", fmt::format("match_batch:{}", batch_id), "ok",
                                 fmt::format("{} rows", rows.size())}));
  return static_cast<int64_t>(rows.size());
}

// --- Console support -------------------------------------------------------

StatusOr<std::vector<PolicyVersion>> MatchService::PolicyHistory() {
  std::vector<PolicyVersion> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT m.policy, m.created_by, COALESCE(u.display_name, ''),"
                                      " m.created_at FROM match_policies m"
                                      " LEFT JOIN users u ON u.id = m.created_by"
                                      " ORDER BY m.version DESC"));
    for (size_t r = 0; r < rs.size(); ++r) {
      PolicyVersion v;
      ASSIGN_OR_RETURN(v.policy, PolicyFromJson(rs.Text(r, 0)));
      v.created_by = rs.Int(r, 1);
      v.created_by_name = rs.Text(r, 2);
      v.created_at = rs.Int(r, 3);
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  if (out.empty() || out.back().policy.version > 1) out.push_back(PolicyVersion{Policy::Default()});
  return out;
}

namespace {

// The worker region and posting city of a scope label ("pair:451425:440700",
// "county:451425", "province:530000").
std::pair<std::string, std::string> ScopeParts(const std::string& label) {
  size_t a = label.find(':');
  if (a == std::string::npos) return {"", ""};
  size_t b = label.find(':', a + 1);
  if (b == std::string::npos) return {label.substr(a + 1), ""};
  return {label.substr(a + 1, b - a - 1), label.substr(b + 1)};
}

Status ScopeDenied() {
  return PermissionDenied("只能对本辖区（本县，或本站的协作对子）运行匹配",
                          "you may run batches only for your own county or your station's pair");
}

}  // namespace

Status MatchService::CheckBatchScope(const auth::Principal& p, const BatchScope& scope) const {
  const orgs::Org& org = p.org;
  switch (p.role) {
    case auth::Role::kAdmin:
      return Status::Ok();
    case auth::Role::kCountyOfficer:
      if (!org.region_code.empty() && auth::RegionWithin(scope.worker_region, org.region_code))
        return Status::Ok();
      return ScopeDenied();
    case auth::Role::kStationOfficer:
      if (!org.home_region_code.empty() && scope.worker_region == org.home_region_code &&
          scope.posting_city == org.region_code)
        return Status::Ok();
      return ScopeDenied();
    default:
      return PermissionDenied("只有县人社局、劳务协作站和管理员可以运行匹配",
                              "only county bureaus, stations and admins run batches");
  }
}

bool MatchService::CanSeeBatch(const auth::Principal& p, const std::string& label) const {
  auto [region, city] = ScopeParts(label);
  const orgs::Org& org = p.org;
  switch (p.role) {
    case auth::Role::kAdmin:
      return true;
    case auth::Role::kCountyOfficer:
      return !region.empty() && auth::RegionWithin(region, org.region_code);
    case auth::Role::kVillageOfficer:
      return region.size() == 6 && auth::RegionWithin(org.region_code, region);
    case auth::Role::kStationOfficer:
      return !org.home_region_code.empty() && region == org.home_region_code &&
             (city.empty() || city == org.region_code);
    case auth::Role::kReceivingOfficer:
      return !city.empty() && city == org.region_code;
    default:
      return false;
  }
}

namespace {

constexpr const char* kBatchColumns =
    "SELECT b.id, b.scope, b.policy_version, b.workers, b.postings, b.skipped, b.quality,"
    " b.created_by, COALESCE(u.display_name, ''), b.created_at"
    " FROM match_batches b LEFT JOIN users u ON u.id = b.created_by";

BatchInfo BatchRow(const store::ResultSet& rs, size_t r) {
  BatchInfo b;
  b.id = rs.Int(r, 0);
  b.scope = rs.Text(r, 1);
  b.policy_version = rs.Int(r, 2);
  b.workers = rs.Int(r, 3);
  b.postings = rs.Int(r, 4);
  b.skipped_json = rs.Text(r, 5);
  b.quality_json = rs.Text(r, 6);
  b.created_by = rs.Int(r, 7);
  b.created_by_name = rs.Text(r, 8);
  b.created_at = rs.Int(r, 9);
  return b;
}

}  // namespace

StatusOr<std::vector<BatchInfo>> MatchService::ListBatches(const auth::Principal& p, int limit) {
  std::vector<BatchInfo> out;
  // Batches are few (a handful per county and month): filter in C++ with
  // the same rule GetBatch uses rather than a second copy in SQL.
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kBatchColumns) + " ORDER BY b.id DESC LIMIT 5000"));
    for (size_t r = 0; r < rs.size() && static_cast<int>(out.size()) < limit; ++r) {
      if (CanSeeBatch(p, rs.Text(r, 1))) out.push_back(BatchRow(rs, r));
    }
    return Status::Ok();
  }));
  return out;
}

StatusOr<BatchInfo> MatchService::GetBatch(const auth::Principal& p, int64_t batch_id) {
  std::optional<BatchInfo> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kBatchColumns) + " WHERE b.id = ?", {batch_id}));
    if (!rs.empty() && CanSeeBatch(p, rs.Text(0, 1))) out = BatchRow(rs, 0);
    return Status::Ok();
  }));
  if (!out) return NotFound("匹配批次不存在", "batch not found");
  return *out;
}

StatusOr<std::vector<double>> MatchService::RecsPerOpening(int64_t batch_id) {
  std::vector<double> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT COUNT(*), MAX(p.openings) FROM match_recommendations r"
                                      " JOIN postings p ON p.id = r.posting_id WHERE r.batch_id = ?"
                                      " GROUP BY r.posting_id",
                                      {batch_id}));
    for (size_t r = 0; r < rs.size(); ++r) {
      out.push_back(double(rs.Int(r, 0)) / double(std::max<int64_t>(1, rs.Int(r, 1))));
    }
    return Status::Ok();
  }));
  return out;
}

StatusOr<std::vector<Candidate>> MatchService::Candidates(const auth::Principal& pr,
                                                          int64_t posting_id) {
  auth::SqlFilter wf = auth::WorkerScope(pr);
  std::vector<Candidate> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto ps, c.Query("SELECT city_code FROM postings WHERE id = ?", {posting_id}));
    if (ps.empty()) return NotFound("岗位不存在", "posting not found");
    if (pr.role == auth::Role::kStationOfficer) {
      // A station recommends its home county's people for jobs in its city.
      if (ps.Text(0, 0) != pr.org.region_code || pr.org.home_region_code.empty()) {
        return NotFound("岗位不在本站所在城市", "posting not found in your station's city");
      }
      wf = {"w.county_code = ?", {pr.org.home_region_code}};
    }
    std::string sql =
        "SELECT r.id, r.batch_id, r.worker_id, w.name, r.posting_id, p.title, e.name, r.rank,"
        " r.score, r.reasons_zh, r.reasons_en, r.outcome, r.outcome_reason,"
        " w.id_masked, w.sex, w.birth_date, w.county_code, w.category, w.wage_floor"
        " FROM match_recommendations r JOIN workers w ON w.id = r.worker_id"
        " JOIN postings p ON p.id = r.posting_id JOIN enterprises e ON e.id = p.enterprise_id"
        " WHERE r.posting_id = ? AND r.batch_id = (SELECT MAX(r2.batch_id) FROM"
        " match_recommendations r2 WHERE r2.worker_id = r.worker_id) AND (" + wf.where + ")"
        " ORDER BY r.score DESC, r.id LIMIT 1000";
    store::Params params{posting_id};
    params.insert(params.end(), wf.params.begin(), wf.params.end());
    ASSIGN_OR_RETURN(auto rs, c.Query(sql, params));
    for (size_t r = 0; r < rs.size(); ++r) {
      Candidate x;
      x.rec = RecommendationRow(rs, r);
      x.id_masked = rs.Text(r, 13);
      x.sex = rs.Text(r, 14);
      x.birth_date = rs.Text(r, 15);
      x.county_code = rs.Text(r, 16);
      x.category = rs.Text(r, 17);
      x.wage_floor = rs.OptInt(r, 18);
      out.push_back(std::move(x));
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace xiezuo::match
