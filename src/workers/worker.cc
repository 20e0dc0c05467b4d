#include "workers/worker.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "auth/scope.h"
#include "codes/validators.h"
#include "common/strings.h"
#include "codes/mobile_check.h"
#include "workers/name_search.h"

namespace xiezuo::workers {

using nlohmann::json;

struct WorkerService::Normalized {
  WorkerInput in;
  std::string id_number;
  std::string sex;
  std::string birth_date;
  std::optional<std::string> phone;
  std::string county_code;
};

namespace {

template <size_t N>
int IndexOf(const char* const (&arr)[N], std::string_view v) {
  for (size_t i = 0; i < N; ++i)
    if (v == arr[i]) return static_cast<int>(i);
  return -1;
}

// A byte that JSON text may carry as it is: not a control character, quote
// or backslash.
bool PlainJsonByte(unsigned char b) { return b >= 0x20 && b != '"' && b != '\\'; }

// The same text as json(v).dump(), written directly when no element needs
// escaping (the bulk import writes four of these a row, and building a
// json value for each was a measurable part of it).
std::string ToJsonArray(const std::vector<std::string>& v) {
  size_t size = 2;
  for (const auto& e : v) {
    for (char ch : e)
      if (!PlainJsonByte(static_cast<unsigned char>(ch))) return json(v).dump();
    if (!IsValidUtf8(e)) return json(v).dump();  // json throws, as it did
    size += e.size() + 3;
  }
  std::string out;
  out.reserve(size);
  out += '[';
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += '"';
    out += v[i];
    out += '"';
  }
  out += ']';
  return out;
}

std::vector<std::string> FromJsonArray(const std::string& s) {
  auto j = json::parse(s, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

// What json{{"children", …}, …}.dump() wrote (keys in its sorted order),
// without building a json object a row; stored texts compare equal.
std::string FamilyToJson(const FamilyNeeds& f) {
  auto b = [](bool v) { return v ? "true" : "false"; };
  return fmt::format(R"({{"children":{},"couple":{},"disability":{},"elderly":{},"work_from_home":{}}})",
                     b(f.children), b(f.couple), b(f.disability), b(f.elderly),
                     b(f.work_from_home));
}

FamilyNeeds FamilyFromJson(const std::string& s) {
  FamilyNeeds f;
  auto j = json::parse(s, nullptr, false);
  if (!j.is_object()) return f;
  f.children = j.value("children", false);
  f.elderly = j.value("elderly", false);
  f.disability = j.value("disability", false);
  f.couple = j.value("couple", false);
  f.work_from_home = j.value("work_from_home", false);
  return f;
}

int AgeOn(const std::string& birth_date, int64_t now) {
  if (birth_date.size() != 10) return 0;
  int by = std::stoi(birth_date.substr(0, 4)), bm = std::stoi(birth_date.substr(5, 2)),
      bd = std::stoi(birth_date.substr(8, 2));
  std::string today = FormatChinaDate(now);
  int y = std::stoi(today.substr(0, 4)), m = std::stoi(today.substr(5, 2)),
      d = std::stoi(today.substr(8, 2));
  int age = y - by;
  if (m < bm || (m == bm && d < bd)) --age;
  return age;
}


constexpr const char* kSelect =
    "SELECT w.id, w.name, w.sex, w.birth_date, w.id_masked, w.phone_masked, w.region_code,"
    " w.category, w.status, w.occupations, w.wanted_regions, w.local_only, w.wage_floor,"
    " w.family_needs, w.skills, w.training_wanted, w.leave_date, w.notes, w.current_city_code,"
    " w.created_at, w.updated_at, w.version FROM workers w";

Worker FromRow(const store::ResultSet& rs, size_t r, int64_t now) {
  Worker w;
  w.id = rs.Int(r, 0);
  w.name = rs.Text(r, 1);
  w.sex = rs.Text(r, 2);
  w.birth_date = rs.Text(r, 3);
  w.age = AgeOn(w.birth_date, now);
  w.id_masked = rs.Text(r, 4);
  w.phone_masked = rs.OptText(r, 5);
  w.region_code = rs.Text(r, 6);
  w.category = rs.Text(r, 7);
  w.status = rs.Text(r, 8);
  w.occupations = FromJsonArray(rs.Text(r, 9));
  w.wanted_regions = FromJsonArray(rs.Text(r, 10));
  w.local_only = rs.Int(r, 11) != 0;
  w.wage_floor = rs.OptInt(r, 12);
  w.family_needs = FamilyFromJson(rs.Text(r, 13));
  w.skills = FromJsonArray(rs.Text(r, 14));
  w.training_wanted = rs.Text(r, 15);
  w.leave_date = rs.Text(r, 16);
  w.notes = rs.Text(r, 17);
  w.current_city_code = rs.Text(r, 18);
  w.created_at = rs.Int(r, 19);
  w.updated_at = rs.Int(r, 20);
  w.version = rs.Int(r, 21);
  return w;
}

// Escapes a CSV cell and defuses spreadsheet formulas (= + - @ tab CR).
std::string CsvCell(std::string_view v) {
  std::string s(v);
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                     s[0] == '\r')) {
    s.insert(s.begin(), '\'');
  }
  bool quote = s.find_first_of(",\"\n\r") != std::string::npos;
  if (!quote) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += "\"\"";
    else out += ch;
  }
  out += "\"";
  return out;
}

}  // namespace

StatusOr<WorkerService::Normalized> WorkerService::Validate(const WorkerInput& in,
                                                            bool for_update) const {
  Normalized n;
  n.in = in;
  Status err = InvalidArgument("人员信息有误，请按提示修改",
                               "The worker record is invalid; see the field errors");
  const auto& div = *codebook_.divisions;

  std::string name(Trim(in.name));
  n.in.name = name;
  if (name.empty()) {
    err.AddField("name", "请填写姓名", "Enter the name");
  } else if (Utf8Length(name) > 30 || !IsValidUtf8(name)) {
    err.AddField("name", "姓名不能超过 30 个字", "The name may have at most 30 characters");
  }

  auto id = codes::ValidateIdNumber(in.id_number, div, clock_);
  if (!id.ok()) {
    err.AddField("id_number", id.zh, id.en);
  } else {
    n.id_number = id.normalized;
    n.birth_date = id.birth_date;
    n.sex = id.sex == codes::Sex::kMale ? "M" : "F";
  }

  if (in.phone && !Trim(*in.phone).empty()) {
    auto ph = codes::ValidateMobileFast(*in.phone);
    if (!ph.ok()) err.AddField("phone", ph.zh, ph.en);
    else n.phone = ph.normalized;
  }

  const codes::Division* region = div.Find(in.region_code);
  if (!region) {
    err.AddField("region_code", "户籍地代码不存在，请从下拉列表选择到县（区）或乡镇、村",
                 "Unknown region code; choose a county, township or village from the list");
  } else if (region->level() < codes::Level::kCounty) {
    err.AddField("region_code", "户籍地须具体到县（区）、乡镇或村",
                 "The registered residence must be a county, township or village");
  } else {
    n.in.region_code = std::string(region->code());
    n.county_code = n.in.region_code.substr(0, 6);
  }

  if (IndexOf(kCategories, in.category) < 0) {
    err.AddField("category", "人员类别须为：脱贫劳动力、易地搬迁、残疾人或一般",
                 "Category must be poverty_alleviated, relocated, disabled or general");
  }
  if (IndexOf(kStatuses, in.status) < 0) {
    err.AddField("status", "求职状态须为：待就业、已就业或暂不求职",
                 "Status must be available, placed or not_seeking");
  }
  if (in.occupations.size() > 5) {
    err.AddField("occupations", "意向工种最多 5 个", "At most 5 occupations");
  }
  for (const auto& code : in.occupations) {
    const auto* e = codebook_.occupations->Find(code);
    if (!e || e->level != "occupation") {
      err.AddField("occupations", "工种代码“" + code + "”不在职业分类大典（2022）中",
                   "Occupation code '" + code + "' is not in the 2022 classification");
      break;
    }
  }
  if (in.wanted_regions.size() > 10) {
    err.AddField("wanted_regions", "意向地区最多 10 个", "At most 10 wanted regions");
  }
  n.in.wanted_regions.clear();
  for (const auto& code : in.wanted_regions) {
    const auto* d = div.Find(code);
    if (!d) {
      err.AddField("wanted_regions", "意向地区代码“" + code + "”不存在",
                   "Unknown wanted region code '" + code + "'");
      break;
    }
    n.in.wanted_regions.emplace_back(d->code());
  }
  if (in.wage_floor && (*in.wage_floor < 0 || *in.wage_floor > 100000)) {
    err.AddField("wage_floor", "期望月薪须在 0 至 100,000 元之间",
                 "The wage floor must be between 0 and 100,000 yuan a month");
  }
  if (!in.leave_date.empty() && !IsIsoDate(in.leave_date)) {
    err.AddField("leave_date", "可出发日期格式应为 YYYY-MM-DD", "Leave date must be YYYY-MM-DD");
  }
  if (Utf8Length(in.notes) > 500) {
    err.AddField("notes", "备注不能超过 500 字", "Notes may have at most 500 characters");
  }
  if (Utf8Length(in.training_wanted) > 100) {
    err.AddField("training_wanted", "培训意向不能超过 100 字", "At most 100 characters");
  }
  if (in.skills.size() > 10) {
    err.AddField("skills", "技能证书最多 10 项", "At most 10 certificates");
  }
  if (for_update && !in.version) {
    err.AddField("version", "缺少版本号，请刷新页面后重试", "version is required for updates");
  }
  if (!err.fields().empty()) return err;
  return n;
}

StatusOr<PreparedWorker> WorkerService::Prepare(const WorkerInput& in) const {
  ASSIGN_OR_RETURN(Normalized n, Validate(in, false));
  PreparedWorker w;
  const std::string& idn = n.id_number;
  w.id_hash = cipher_.BlindIndex(idn, security::pii_context::kIdNumber);
  store::Param phone_enc = nullptr, phone_hash = nullptr, phone_masked = nullptr;
  if (n.phone) {
    phone_enc = cipher_.Encrypt(*n.phone, security::pii_context::kPhone);
    phone_hash = cipher_.BlindIndex(*n.phone, security::pii_context::kPhone);
    phone_masked = codes::MaskPhone(*n.phone);
  }
  w.values = {n.in.name, n.sex, n.birth_date, cipher_.Encrypt(idn, security::pii_context::kIdNumber),
              w.id_hash, codes::MaskIdNumber(idn), std::move(phone_enc), std::move(phone_hash),
              std::move(phone_masked), n.in.region_code, n.county_code, n.in.category,
              n.in.status, ToJsonArray(n.in.occupations), ToJsonArray(n.in.wanted_regions),
              int64_t{n.in.local_only}, store::OptInt(n.in.wage_floor),
              FamilyToJson(n.in.family_needs), ToJsonArray(n.in.skills), n.in.training_wanted,
              n.in.leave_date, n.in.notes, NameSearchKey(n.in.name)};
  w.id_number = std::move(n.id_number);
  w.sex = std::move(n.sex);
  w.in = std::move(n.in);
  return w;
}

Status WorkerService::CheckCanInsert(const auth::Principal& p, const PreparedWorker& w) const {
  if (auth::CanWriteWorkerIn(p, w.in.region_code)) return Status::Ok();
  return FieldInvalid("region_code", "您只能登记本辖区户籍的人员",
                      "You may only register workers from your own area");
}

StatusOr<std::vector<int64_t>> WorkerService::InsertPrepared(
    store::Connection& c, const auth::Principal& p, const std::vector<PreparedWorker*>& rows,
    OnConflict on_conflict) {
  const std::string_view verb =
      on_conflict == OnConflict::kRollBackTransaction && c.dialect() == store::Dialect::kSqlite
          ? "INSERT OR ROLLBACK"
          : "INSERT";
  constexpr std::string_view kColumns =
      " INTO workers (name, sex, birth_date, id_number_enc, id_hash, id_masked, phone_enc,"
      " phone_hash, phone_masked, region_code, county_code, category,"
      " status, occupations, wanted_regions, local_only, wage_floor, family_needs, skills,"
      " training_wanted, leave_date, notes, name_search, created_by, created_at, updated_at,"
      " version) VALUES ";
  constexpr std::string_view kRow =
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
  const int64_t now = clock_.NowSeconds();
  const store::Param by = p.user_id ? store::Param(p.user_id) : store::Param(nullptr);
  std::vector<int64_t> ids(rows.size(), 0);
  std::unordered_map<std::string_view, size_t> at;  // id_hash -> index in rows
  at.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) at.emplace(rows[i]->id_hash, i);
  store::Params params;
  std::string sql;
  // Statements of 64, 16, 4 or 1 rows: few distinct texts for the
  // prepared-statement cache, and well under both dialects' parameter limits.
  for (size_t done = 0; done < rows.size();) {
    size_t n = 1;
    for (size_t k : {64, 16, 4})
      if (rows.size() - done >= k) {
        n = k;
        break;
      }
    sql.assign(verb);
    sql += kColumns;
    params.clear();
    params.reserve(n * 26);
    for (size_t i = 0; i < n; ++i) {
      if (i) sql += ", ";
      sql += kRow;
      PreparedWorker& w = *rows[done + i];
      params.insert(params.end(), std::make_move_iterator(w.values.begin()),
                    std::make_move_iterator(w.values.end()));
      w.values.clear();
      params.push_back(by);
      params.push_back(now);
      params.push_back(now);
    }
    sql += " RETURNING id, id_hash";
    auto rs = c.Query(sql, params);
    if (!rs.ok()) {
      if (rs.status().code() == StatusCode::kAlreadyExists) {
        Status s = AlreadyExists("该身份证号已登记", "This ID number is already registered");
        s.AddField("id_number", "该身份证号已在系统中登记，请勿重复录入；如需修改请编辑原记录",
                   "This ID number is already registered; edit the existing record instead");
        return s;
      }
      return rs.status();
    }
    // RETURNING order is not promised: match the ids by the person's key.
    for (size_t r = 0; r < rs->size(); ++r) {
      auto it = at.find(rs->Text(r, 1));
      if (it != at.end()) ids[it->second] = rs->Int(r, 0);
    }
    done += n;
  }
  return ids;
}

Status WorkerService::AuditBulk(store::Connection& c, const auth::Principal& p,
                                const std::string& action, const std::string& detail) {
  return audit_.Append(c, {p.user_id, action, "workers", "ok", detail});
}

StatusOr<int64_t> WorkerService::Insert(store::Connection& c, const auth::Principal& p,
                                        const WorkerInput& in) {
  ASSIGN_OR_RETURN(PreparedWorker w, Prepare(in));
  RETURN_IF_ERROR(CheckCanInsert(p, w));
  ASSIGN_OR_RETURN(auto ids, InsertPrepared(c, p, {&w}));
  int64_t id = ids[0];
  RETURN_IF_ERROR(audit_.Append(c, {p.user_id, "worker.create", "worker:" + std::to_string(id),
                                    "ok", ""}));
  return id;
}

StatusOr<int64_t> WorkerService::Create(const auth::Principal& p, const WorkerInput& in) {
  int64_t id = 0;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(id, Insert(c, p, in));
    return Status::Ok();
  }));
  return id;
}

Status WorkerService::AuditDenied(const auth::Principal& p, const std::string& action, int64_t id) {
  return audit_.Append({p.user_id, action, "worker:" + std::to_string(id), "denied",
                        "outside scope or not found"});
}

static Status WorkerNotFound() {
  return NotFound("未找到该人员，或不在您的管辖范围内",
                  "Worker not found, or outside your area");
}

StatusOr<Worker> WorkerService::Get(const auth::Principal& p, int64_t id) {
  auto scope = auth::WorkerScope(p);
  std::optional<Worker> w;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    store::Params params = {id};
    params.insert(params.end(), scope.params.begin(), scope.params.end());
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kSelect) + " WHERE w.id = ? AND " + scope.where,
                                      params));
    if (!rs.empty()) w = FromRow(rs, 0, clock_.NowSeconds());
    return Status::Ok();
  }));
  if (!w) {
    (void)AuditDenied(p, "worker.read", id);
    return WorkerNotFound();
  }
  return *w;
}

Status WorkerService::Check(const WorkerInput& in) const { return Validate(in, false).status(); }

Status WorkerService::Update(const auth::Principal& p, int64_t id, const WorkerInput& in) {
  bool denied = false;
  Status st = db_.Transact([&](store::Connection& c) -> Status {
    auto r = UpdateIn(c, p, id, in, false);
    if (!r.ok() && r.status().code() == StatusCode::kNotFound) denied = true;
    return r.status();
  });
  if (denied) (void)AuditDenied(p, "worker.update", id);
  return st;
}

StatusOr<std::vector<std::string>> WorkerService::UpdateIn(store::Connection& c,
                                                           const auth::Principal& p, int64_t id,
                                                           const WorkerInput& in_arg,
                                                           bool skip_if_unchanged) {
  // The console only ever holds masked numbers: an edit that does not retype
  // them keeps the stored ones (decrypted here, never returned).
  WorkerInput in = in_arg;
  if (in.keep_id_number || in.keep_phone) {
    ASSIGN_OR_RETURN(auto cur, c.Query("SELECT id_number_enc, phone_enc FROM workers WHERE id = ?",
                                       {id}));
    if (!cur.empty()) {
      if (in.keep_id_number) {
        ASSIGN_OR_RETURN(in.id_number,
                         cipher_.Decrypt(cur.Text(0, 0), security::pii_context::kIdNumber));
      }
      if (in.keep_phone) {
        in.phone.reset();
        if (!cur.IsNull(0, 1)) {
          ASSIGN_OR_RETURN(auto ph, cipher_.Decrypt(cur.Text(0, 1), security::pii_context::kPhone));
          in.phone = ph;
        }
      }
    }
  }
  ASSIGN_OR_RETURN(Normalized n, Validate(in, true));
  auto scope = auth::WorkerScope(p);
  std::vector<std::string> changed;
  Status st = [&]() -> Status {
    store::Params params = {id};
    params.insert(params.end(), scope.params.begin(), scope.params.end());
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kSelect) + " WHERE w.id = ? AND " + scope.where,
                                      params));
    if (rs.empty() || !auth::CanWriteWorkerIn(p, rs.Text(0, 6))) {
      return WorkerNotFound();
    }
    Worker old = FromRow(rs, 0, clock_.NowSeconds());
    if (!auth::CanWriteWorkerIn(p, n.in.region_code)) {
      return FieldInvalid("region_code", "不能把人员的户籍地改到您的辖区以外",
                          "You cannot move a worker's registration outside your area");
    }
    if (old.version != *in.version) {
      return FailedPrecondition("该记录已被他人修改，请刷新后重试",
                                "The record was changed by someone else; reload and retry");
    }
    // What changed, for the history. Personal fields only as "changed".
    json changes = json::object();
    auto diff = [&](const char* field, const json& a, const json& b) {
      if (a != b) changes[field] = {{"from", a}, {"to", b}};
    };
    diff("name", old.name, n.in.name);
    diff("region_code", old.region_code, n.in.region_code);
    diff("category", old.category, n.in.category);
    diff("status", old.status, n.in.status);
    diff("occupations", old.occupations, n.in.occupations);
    diff("wanted_regions", old.wanted_regions, n.in.wanted_regions);
    diff("local_only", old.local_only, n.in.local_only);
    diff("wage_floor", old.wage_floor ? json(*old.wage_floor) : json(),
         n.in.wage_floor ? json(*n.in.wage_floor) : json());
    diff("family_needs", json::parse(FamilyToJson(old.family_needs)),
         json::parse(FamilyToJson(n.in.family_needs)));
    diff("skills", old.skills, n.in.skills);
    diff("training_wanted", old.training_wanted, n.in.training_wanted);
    diff("leave_date", old.leave_date, n.in.leave_date);
    diff("notes", old.notes, n.in.notes);
    std::string new_id_hash = cipher_.BlindIndex(n.id_number, security::pii_context::kIdNumber);
    ASSIGN_OR_RETURN(auto cur, c.Query("SELECT id_hash, phone_hash FROM workers WHERE id = ?", {id}));
    if (cur.Text(0, 0) != new_id_hash) changes["id_number"] = "changed";
    std::optional<std::string> new_phone_hash;
    if (n.phone) new_phone_hash = cipher_.BlindIndex(*n.phone, security::pii_context::kPhone);
    if (cur.OptText(0, 1) != new_phone_hash) changes["phone"] = "changed";

    for (auto it = changes.begin(); it != changes.end(); ++it) changed.push_back(it.key());
    if (skip_if_unchanged && changes.empty()) return Status::Ok();
    const int64_t now = clock_.NowSeconds();
    store::Param phone_enc = nullptr, phone_masked = nullptr;
    if (n.phone) {
      phone_enc = cipher_.Encrypt(*n.phone, security::pii_context::kPhone);
      phone_masked = codes::MaskPhone(*n.phone);
    }
    auto upd = c.Execute(
        "UPDATE workers SET name = ?, sex = ?, birth_date = ?, id_number_enc = ?, id_hash = ?,"
        " id_masked = ?, phone_enc = ?, phone_hash = ?, phone_masked = ?,"
        " region_code = ?, county_code = ?, category = ?, status = ?, occupations = ?,"
        " wanted_regions = ?, local_only = ?, wage_floor = ?, family_needs = ?, skills = ?,"
        " training_wanted = ?, leave_date = ?, notes = ?, updated_at = ?, version = version + 1,"
        " name_search = ? WHERE id = ? AND version = ?",
        {n.in.name, n.sex, n.birth_date,
         cipher_.Encrypt(n.id_number, security::pii_context::kIdNumber), new_id_hash,
         codes::MaskIdNumber(n.id_number), phone_enc, store::OptText(new_phone_hash), phone_masked,
         n.in.region_code, n.county_code, n.in.category, n.in.status,
         ToJsonArray(n.in.occupations), ToJsonArray(n.in.wanted_regions),
         int64_t{n.in.local_only}, store::OptInt(n.in.wage_floor), FamilyToJson(n.in.family_needs),
         ToJsonArray(n.in.skills), n.in.training_wanted, n.in.leave_date, n.in.notes, now,
         NameSearchKey(n.in.name), id, *in.version});
    if (!upd.ok()) {
      if (upd.status().code() == StatusCode::kAlreadyExists) {
        return FieldInvalid("id_number", "该身份证号已属于另一条人员记录",
                            "This ID number belongs to another worker record");
      }
      return upd.status();
    }
    if (*upd == 0) {
      return FailedPrecondition("该记录已被他人修改，请刷新后重试",
                                "The record was changed by someone else; reload and retry");
    }
    if (!changes.empty()) {
      RETURN_IF_ERROR(c.Execute("INSERT INTO worker_history (worker_id, changed_at, changed_by,"
                                " changes) VALUES (?, ?, ?, ?)",
                                {id, now, p.user_id, changes.dump()})
                          .status());
    }
    std::string fields;
    for (auto it = changes.begin(); it != changes.end(); ++it) {
      if (!fields.empty()) fields += ",";
      fields += it.key();
    }
    return audit_.Append(c, {p.user_id, "worker.update", "worker:" + std::to_string(id), "ok",
                             "fields=" + fields});
  }();
  if (!st.ok()) return st;
  return changed;
}

namespace {
// Builds the WHERE clause for a list or export.
void BuildFilter(const auth::Principal& p, const WorkerFilter& f,
                 const security::PiiCipher& cipher, std::string* where, store::Params* params) {
  auto scope = auth::WorkerScope(p);
  *where = scope.where;
  *params = scope.params;
  std::string q(Trim(f.q));
  std::string qn = NormalizeWidth(q);
  if (!q.empty()) {
    bool digits = !qn.empty() && qn.find_first_not_of("0123456789Xx") == std::string::npos;
    if (digits && qn.size() == 4) {
      // The last four: kept in clear in the masked copy (530622********123X)
      // and found by scanning the scope, as a name is (migration 0010).
      std::string last4 = qn;
      for (auto& ch : last4) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      *where += " AND substr(w.id_masked, length(w.id_masked) - 3) = ?";
      params->push_back(last4);
    } else if (digits && qn.size() == 11) {
      *where += " AND w.phone_hash = ?";
      params->push_back(cipher.BlindIndex(qn, security::pii_context::kPhone));
    } else if (digits && qn.size() == 18) {
      std::string idn = qn;
      for (auto& ch : idn) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      *where += " AND w.id_hash = ?";
      params->push_back(cipher.BlindIndex(idn, security::pii_context::kIdNumber));
    } else if (std::string py; PinyinQuery(q, &py)) {
      // Pinyin or initials: 张三 by "zhangsan", "zhang san" or "zs".
      // Key "zhangsan zs.": the query inside the full pinyin, or equal to
      // the initials.
      *where += " AND (w.name_search LIKE ? OR w.name_search LIKE ?)";
      params->push_back("%" + py + "% %");
      params->push_back("% " + py + ".");
    } else {
      *where += " AND w.name LIKE ?";
      std::string esc;
      for (char ch : q) {
        if (ch == '%' || ch == '_') continue;  // no wildcards from users
        esc += ch;
      }
      params->push_back("%" + esc + "%");
    }
  }
  if (!f.region_code.empty()) {
    *where += " AND w.region_code LIKE ?";
    params->push_back(auth::RegionPrefix(f.region_code) + "%");
  }
  if (!f.category.empty()) {
    *where += " AND w.category = ?";
    params->push_back(f.category);
  }
  if (!f.status.empty()) {
    *where += " AND w.status = ?";
    params->push_back(f.status);
  }
}
}  // namespace

StatusOr<std::vector<Worker>> WorkerService::List(const auth::Principal& p, const WorkerFilter& f,
                                                   int64_t offset, int64_t limit, int64_t* total) {
  std::string where;
  store::Params params;
  BuildFilter(p, f, cipher_, &where, &params);
  std::vector<Worker> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(*total, c.QueryInt("SELECT COUNT(*) FROM workers w WHERE " + where, params));
    store::Params pp = params;
    pp.push_back(limit);
    pp.push_back(offset);
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kSelect) + " WHERE " + where +
                                          " ORDER BY w.id DESC LIMIT ? OFFSET ?",
                                      pp));
    int64_t now = clock_.NowSeconds();
    out.reserve(rs.size());
    for (size_t r = 0; r < rs.size(); ++r) out.push_back(FromRow(rs, r, now));
    return Status::Ok();
  }));
  return out;
}

StatusOr<Revealed> WorkerService::Reveal(const auth::Principal& p, int64_t id,
                                         const std::string& reason) {
  std::string why(Trim(reason));
  if (why.empty() || Utf8Length(why) > 100) {
    return FieldInvalid("reason", "请填写查看完整证件号的理由（不超过 100 字）",
                        "Give a reason for viewing the full numbers (at most 100 characters)");
  }
  if (!auth::CanRevealWorkerPii(p)) {
    (void)audit_.Append({p.user_id, "worker.read_pii", "worker:" + std::to_string(id), "denied",
                         "role"});
    return PermissionDenied("您的角色无权查看完整证件号", "Your role may not view full numbers");
  }
  auto scope = auth::WorkerScope(p);
  Revealed out;
  bool found = false;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    store::Params params = {id};
    params.insert(params.end(), scope.params.begin(), scope.params.end());
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT w.id_number_enc, w.phone_enc FROM workers w"
                                      " WHERE w.id = ? AND " + scope.where,
                                      params));
    if (rs.empty()) return Status::Ok();
    found = true;
    ASSIGN_OR_RETURN(out.id_number,
                     cipher_.Decrypt(rs.Text(0, 0), security::pii_context::kIdNumber));
    if (!rs.IsNull(0, 1)) {
      ASSIGN_OR_RETURN(auto ph, cipher_.Decrypt(rs.Text(0, 1), security::pii_context::kPhone));
      out.phone = ph;
    }
    // The reason is the officer's own words; it is kept, as the audit needs it.
    return audit_.Append(c, {p.user_id, "worker.read_pii", "worker:" + std::to_string(id), "ok",
                             "reason=" + why});
  }));
  if (!found) {
    (void)AuditDenied(p, "worker.read_pii", id);
    return WorkerNotFound();
  }
  return out;
}

StatusOr<std::string> WorkerService::ExportCsv(const auth::Principal& p, const WorkerFilter& f) {
  std::string where;
  store::Params params;
  BuildFilter(p, f, cipher_, &where, &params);
  std::string out = "\xEF\xBB\xBF";  // BOM: Excel opens UTF-8 correctly
  out += "编号,姓名,性别,出生日期,身份证号,手机号,户籍地,人员类别,求职状态,意向工种,期望月薪\r\n";
  static const std::map<std::string, std::string> kCat = {
      {"poverty_alleviated", "脱贫劳动力"}, {"relocated", "易地搬迁"}, {"disabled", "残疾人"},
      {"general", "一般"}};
  static const std::map<std::string, std::string> kSt = {
      {"available", "待就业"}, {"placed", "已就业"}, {"not_seeking", "暂不求职"}};
  int64_t rows = 0;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kSelect) + " WHERE " + where +
                                          " ORDER BY w.id LIMIT 100000",
                                      params));
    int64_t now = clock_.NowSeconds();
    for (size_t r = 0; r < rs.size(); ++r) {
      Worker w = FromRow(rs, r, now);
      std::string occ;
      for (const auto& code : w.occupations) {
        const auto* e = codebook_.occupations->Find(code);
        if (!occ.empty()) occ += "、";
        occ += e ? e->name : code;
      }
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\r\n", w.id, CsvCell(w.name),
                         w.sex == "M" ? "男" : "女", w.birth_date, CsvCell(w.id_masked),
                         CsvCell(w.phone_masked.value_or("")),
                         CsvCell(codebook_.divisions->FullName(w.region_code)),
                         kCat.count(w.category) ? kCat.at(w.category) : w.category,
                         kSt.count(w.status) ? kSt.at(w.status) : w.status, CsvCell(occ),
                         w.wage_floor ? std::to_string(*w.wage_floor) : "");
      ++rows;
    }
    return Status::Ok();
  }));
  RETURN_IF_ERROR(audit_.Append({p.user_id, "worker.export", "workers", "ok",
                                 "rows=" + std::to_string(rows)}));
  return out;
}

StatusOr<Summary> WorkerService::Summarize(const auth::Principal& p) {
  auto scope = auth::WorkerScope(p);
  Summary s;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT w.category, w.status, COUNT(*) FROM workers w WHERE " +
                                          scope.where + " GROUP BY w.category, w.status",
                                      scope.params));
    for (size_t r = 0; r < rs.size(); ++r) {
      int64_t n = rs.Int(r, 2);
      s.workers_total += n;
      int ci = IndexOf(kCategories, rs.Text(r, 0));
      int si = IndexOf(kStatuses, rs.Text(r, 1));
      if (ci >= 0) s.by_category[ci] += n;
      if (si >= 0) s.by_status[si] += n;
    }
    ASSIGN_OR_RETURN(s.placements_total,
                     c.QueryInt("SELECT COUNT(*) FROM applications a JOIN workers w ON"
                                " w.id = a.worker_id WHERE a.status = 'placed' AND " + scope.where,
                                scope.params));
    return Status::Ok();
  }));
  return s;
}

StatusOr<int64_t> WorkerService::BackfillNameSearch() {
  int64_t n = 0;
  while (true) {
    int64_t batch = 0;
    RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id, name FROM workers WHERE name_search = ''"
                                        " ORDER BY id LIMIT 5000"));
      for (size_t r = 0; r < rs.size(); ++r) {
        std::string key = NameSearchKey(rs.Text(r, 1));
        if (key.empty()) key.assign(1, ' ');  // no Han or Latin letters: done
        RETURN_IF_ERROR(c.Execute("UPDATE workers SET name_search = ? WHERE id = ?",
                                  {key, rs.Int(r, 0)})
                            .status());
      }
      batch = static_cast<int64_t>(rs.size());
      return Status::Ok();
    }));
    n += batch;
    if (batch < 5000) return n;
  }
}

}  // namespace xiezuo::workers
