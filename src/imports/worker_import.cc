#include "imports/worker_import.h"

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "codes/validators.h"
#include "common/strings.h"
#include "imports/cells.h"

namespace xiezuo::imports {

using nlohmann::json;

const std::vector<FieldSpec>& WorkerFields() {
  static const std::vector<FieldSpec> kFields = {
      {"name", "姓名", {"名字", "name", "full name", "worker name"}, true},
      {"id_number", "身份证号",
       {"身份证号码", "公民身份号码", "身份证", "证件号码", "身份证件号码", "id number", "id_number",
        "id card", "idcard"},
       true},
      {"phone", "手机号",
       {"手机号码", "手机", "联系电话", "电话", "电话号码", "联系方式", "phone", "mobile", "mobile phone"},
       true},
      {"region", "户籍地",
       {"户籍所在地", "户籍地址", "户口所在地", "户籍", "户籍地代码", "region", "region code", "hukou",
        "household registration"},
       true},
      {"sex", "性别", {"sex", "gender"}, false},
      {"occupations", "意向工种",
       {"求职意向", "意向职业", "求职工种", "工种", "occupation", "occupations", "wanted occupation"},
       false},
      {"wanted_regions", "意向地区",
       {"意向务工地区", "意向务工地", "意向就业地区", "期望工作地区", "期望工作地点", "wanted regions",
        "wanted region", "destination"},
       false},
      {"wage_floor", "期望月薪",
       {"期望薪资", "期望工资", "期望薪酬", "月薪要求", "期望收入", "expected wage", "wage floor",
        "wage_floor"},
       false},
      {"category", "人员类别", {"类别", "人员类型", "人员身份", "category"}, false},
      {"skills", "技能证书", {"证书", "职业技能证书", "技能", "skills", "certificates"}, false},
      {"training", "培训意向", {"培训需求", "培训意愿", "training", "training wanted"}, false},
      {"leave_date", "可出发日期",
       {"可外出时间", "出发日期", "可出发时间", "外出时间", "leave date", "available from"}, false},
      {"notes", "备注", {"说明", "notes", "remarks", "remark"}, false},
      // Known and deliberately ignored (not reported as unknown).
      {"seq", "序号", {"编号", "no", "no."}, false},
  };
  return kFields;
}

namespace {

// Service field names to sheet field keys.
std::string SheetKeyOf(const std::string& service_field) {
  static const std::map<std::string, std::string> k = {
      {"name", "name"},           {"id_number", "id_number"},
      {"phone", "phone"},         {"region_code", "region"},
      {"category", "category"},   {"occupations", "occupations"},
      {"wanted_regions", "wanted_regions"}, {"wage_floor", "wage_floor"},
      {"leave_date", "leave_date"}, {"notes", "notes"},
      {"training_wanted", "training"}, {"skills", "skills"}};
  auto it = k.find(service_field);
  return it == k.end() ? "" : it->second;
}

std::optional<std::string> CategoryOf(std::string s) {
  s = NormalizeWidth(Trim(s));
  if (s.empty()) return std::string("general");
  static const std::map<std::string, std::string> k = {
      {"脱贫劳动力", "poverty_alleviated"}, {"脱贫人口", "poverty_alleviated"},
      {"脱贫户", "poverty_alleviated"},     {"监测对象", "poverty_alleviated"},
      {"易地搬迁", "relocated"},             {"易地扶贫搬迁", "relocated"},
      {"搬迁群众", "relocated"},             {"残疾人", "disabled"},
      {"残疾", "disabled"},                  {"一般", "general"},
      {"一般劳动力", "general"},             {"其他", "general"},
      {"poverty_alleviated", "poverty_alleviated"}, {"relocated", "relocated"},
      {"disabled", "disabled"},              {"general", "general"}};
  auto it = k.find(s);
  if (it == k.end()) return std::nullopt;
  return it->second;
}

bool IsLocalOnly(const std::string& s) {
  for (std::string_view w : {"本地", "本县", "县内", "就近", "就地", "家附近", "本乡镇", "local"})
    if (s == w) return true;
  return false;
}

// 17 digits of a normalized ID number packed into 64 bits: the check
// character follows from them, so this is an exact duplicate key.
uint64_t IdKey(const std::string& id18) {
  uint64_t k = 0;
  for (size_t i = 0; i < 17 && i < id18.size(); ++i) k = k * 10 + (id18[i] - '0');
  return k;
}

struct Pending {
  Row row;  // kept for the report if the write fails
  workers::WorkerInput in;
  std::string id_hash;
};

class Run {
 public:
  Run(const auth::Principal& p, workers::WorkerService& workers, const codes::Codebook& cb,
      const security::PiiCipher& cipher, const ImportOptions& o, const HeaderMap& map,
      ImportReport& report)
      : p_(p), workers_(workers), cb_(cb), cipher_(cipher), o_(o), map_(map), r_(report),
        resolver_(cb) {}

  // Cells to a WorkerInput; false when the row has errors (reported).
  bool Parse(const Row& row, Pending* out) {
    bool ok = true;
    workers::WorkerInput& in = out->in;
    auto err = [&](const std::string& key, const std::string& zh, const std::string& en) {
      Issue i;
      i.row = row.number;
      auto it = map_.columns.find(key);
      if (it != map_.columns.end()) {
        i.col = it->second;
        i.column = map_.labels.at(it->second);
      }
      i.zh = zh;
      i.en = en;
      r_.AddIssue(std::move(i));
      ok = false;
    };
    auto warn = [&](const std::string& key, const std::string& zh, const std::string& en) {
      Issue i;
      i.row = row.number;
      i.error = false;
      auto it = map_.columns.find(key);
      if (it != map_.columns.end()) {
        i.col = it->second;
        i.column = map_.labels.at(it->second);
      }
      i.zh = zh;
      i.en = en;
      r_.AddIssue(std::move(i));
    };
    static const Cell kEmpty;
    auto cell = [&](const char* key) -> const Cell& {
      const Cell* c = map_.Get(row, key);
      return c ? *c : kEmpty;
    };

    in.name = map_.Text(row, "name");
    auto idt = IdentifierText(cell("id_number"), true);
    if (idt.error) {
      err("id_number", idt.error->zh, idt.error->en);
    } else if (idt.value) {
      in.id_number = *idt.value;
    }
    auto ph = IdentifierText(cell("phone"), false);
    if (ph.error) err("phone", ph.error->zh, ph.error->en);
    else if (ph.value) in.phone = *ph.value;
    else
      warn("phone", "未填手机号：该人员收不到短信推送，请尽量补充", "No phone: this person gets no SMS");

    std::string region = map_.Text(row, "region");
    if (region.empty()) {
      err("region", "请填写户籍地（行政区划代码，或如“云南省昭通市巧家县”的地名）",
          "Enter the registered residence (a code or a name such as 云南省昭通市巧家县)");
    } else {
      auto d = resolver_.Division(region, codes::Level::kVillage);
      if (d.error) err("region", d.error->zh, d.error->en);
      else in.region_code = *d.value;
    }

    if (auto c = CategoryOf(map_.Text(row, "category"))) in.category = *c;
    else
      err("category", "人员类别应为：脱贫劳动力、易地搬迁、残疾人或一般",
          "Category must be 脱贫劳动力, 易地搬迁, 残疾人 or 一般");

    for (const auto& o : SplitList(map_.Text(row, "occupations"))) {
      auto code = resolver_.Occupation(o);
      if (code.error) {
        err("occupations", code.error->zh, code.error->en);
        break;
      }
      if (std::find(in.occupations.begin(), in.occupations.end(), *code.value) ==
          in.occupations.end())
        in.occupations.push_back(*code.value);
    }
    for (const auto& w : SplitList(map_.Text(row, "wanted_regions"))) {
      if (IsLocalOnly(w)) {
        in.local_only = true;
        continue;
      }
      auto code = resolver_.Division(w, codes::Level::kTownship);
      if (code.error) {
        err("wanted_regions", "意向地区：" + code.error->zh, "Wanted region: " + code.error->en);
        break;
      }
      in.wanted_regions.push_back(*code.value);
    }
    auto wage = ParseAmount(cell("wage_floor"));
    if (wage.error) err("wage_floor", "期望月薪" + wage.error->zh, "Wage floor: " + wage.error->en);
    else in.wage_floor = wage.value;
    auto leave = ParseDate(cell("leave_date"));
    if (leave.error) err("leave_date", leave.error->zh, leave.error->en);
    else in.leave_date = leave.value.value_or("");
    in.skills = SplitList(map_.Text(row, "skills"));
    in.training_wanted = map_.Text(row, "training");
    in.notes = map_.Text(row, "notes");

    // The service's own rules, mapped back to columns.
    {
      Status s = workers_.Check(in);
      for (const auto& f : s.fields()) {
        std::string key = SheetKeyOf(f.field);
        // Already reported from the cell itself.
        if (key == "id_number" && idt.error) continue;
        if (key == "region" && in.region_code.empty()) continue;
        if (key == "phone" && ph.error) continue;
        err(key, f.zh, f.en);
      }
      if (!s.ok() && s.fields().empty()) err("", s.zh(), s.en());
    }

    // 性别 must agree with the ID number's 17th digit.
    std::string sex = map_.Text(row, "sex");
    auto id = codes::ValidateIdNumber(in.id_number, *cb_.divisions, clock_);
    if (!sex.empty()) {
      std::string s = sex;
      codes::Sex want = codes::Sex::kUnknown;
      if (s == "男" || s == "M" || s == "m" || s == "male" || s == "Male") want = codes::Sex::kMale;
      else if (s == "女" || s == "F" || s == "f" || s == "female" || s == "Female")
        want = codes::Sex::kFemale;
      if (want == codes::Sex::kUnknown) {
        err("sex", "性别请填“男”或“女”", "Sex must be 男 or 女");
      } else if (id.ok() && id.sex != want) {
        err("sex", "性别与身份证号不符（身份证号第 17 位单数为男、双数为女），请核对",
            "Sex does not match the ID number (17th digit odd: male, even: female)");
      }
    }
    if (id.ok()) {
      uint64_t key = IdKey(id.normalized);
      auto [it, inserted] = seen_.emplace(key, row.number);
      if (!inserted) {
        err("id_number",
            "与第 " + std::to_string(it->second) + " 行的身份证号重复：同一人只登记一次，请删除或合并",
            "Same ID number as row " + std::to_string(it->second) + "; keep one row per person");
      }
      out->id_hash = cipher_.BlindIndex(id.normalized, security::pii_context::kIdNumber);
      in.id_number = id.normalized;
    }
    out->row = row;
    return ok;
  }

  // Writes one row; row-level failures are reported and returned.
  Status Write(store::Connection& c, Pending& pd) {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id, version, category, occupations, wanted_regions,"
                                      " local_only, wage_floor, skills, training_wanted,"
                                      " leave_date, notes, phone_enc, status, family_needs"
                                      " FROM workers WHERE id_hash = ?",
                                      {pd.id_hash}));
    RowChange ch;
    ch.row = pd.row.number;
    if (rs.empty()) {
      auto id = workers_.Insert(c, p_, pd.in);
      if (!id.ok()) return id.status();
      ch.id = *id;
      ch.action = "inserted";
      ++r_.inserted;
    } else {
      workers::WorkerInput in = pd.in;
      in.version = rs.Int(0, 1);
      // Columns the file does not have keep their stored values; the
      // job-seeking status and family needs are not part of the list.
      auto arr = [](const std::string& s) {
        std::vector<std::string> v;
        auto j = json::parse(s, nullptr, false);
        if (j.is_array())
          for (const auto& e : j)
            if (e.is_string()) v.push_back(e.get<std::string>());
        return v;
      };
      if (!map_.Has("category")) in.category = rs.Text(0, 2);
      if (!map_.Has("occupations")) in.occupations = arr(rs.Text(0, 3));
      if (!map_.Has("wanted_regions")) {
        in.wanted_regions = arr(rs.Text(0, 4));
        in.local_only = rs.Int(0, 5) != 0;
      }
      if (!map_.Has("wage_floor")) in.wage_floor = rs.OptInt(0, 6);
      if (!map_.Has("skills")) in.skills = arr(rs.Text(0, 7));
      if (!map_.Has("training")) in.training_wanted = rs.Text(0, 8);
      if (!map_.Has("leave_date")) in.leave_date = rs.Text(0, 9);
      if (!map_.Has("notes")) in.notes = rs.Text(0, 10);
      if (!in.phone && !rs.IsNull(0, 11)) {
        auto ph = cipher_.Decrypt(rs.Text(0, 11), security::pii_context::kPhone);
        if (ph.ok()) in.phone = *ph;
      }
      in.status = rs.Text(0, 12);
      auto fam = json::parse(rs.Text(0, 13), nullptr, false);
      if (fam.is_object()) {
        in.family_needs.children = fam.value("children", false);
        in.family_needs.elderly = fam.value("elderly", false);
        in.family_needs.disability = fam.value("disability", false);
        in.family_needs.couple = fam.value("couple", false);
        in.family_needs.work_from_home = fam.value("work_from_home", false);
      }
      auto changed = workers_.UpdateIn(c, p_, rs.Int(0, 0), in, true);
      if (!changed.ok()) {
        if (changed.status().code() == StatusCode::kNotFound) {
          return FieldInvalid("id_number", "此人已由其他辖区登记，您无权修改；请联系其户籍地县人社局",
                              "This person is registered by another area; contact that county");
        }
        return changed.status();
      }
      ch.id = rs.Int(0, 0);
      if (changed->empty()) {
        ch.action = "unchanged";
        ++r_.unchanged;
      } else {
        ch.action = "updated";
        ch.changed = *changed;
        ++r_.updated;
      }
    }
    r_.AddChange(std::move(ch));
    return Status::Ok();
  }

  void ReportWriteError(const Pending& pd, const Status& s) {
    bool any = false;
    for (const auto& f : s.fields()) {
      Issue i;
      i.row = pd.row.number;
      auto it = map_.columns.find(SheetKeyOf(f.field));
      if (it != map_.columns.end()) {
        i.col = it->second;
        i.column = map_.labels.at(it->second);
      }
      i.zh = f.zh;
      i.en = f.en;
      r_.AddIssue(std::move(i));
      any = true;
    }
    if (!any) {
      Issue i;
      i.row = pd.row.number;
      i.zh = "写入失败：" + s.zh();
      i.en = "Write failed: " + s.en();
      r_.AddIssue(std::move(i));
    }
    Reject(pd.row);
  }

  void Reject(const Row& row) {
    ++r_.rows_rejected;
    if (r_.rejected_rows.size() < ImportReport::kMaxDetails) r_.rejected_rows.push_back(row);
  }

 private:
  const auth::Principal& p_;
  workers::WorkerService& workers_;
  const codes::Codebook& cb_;
  const security::PiiCipher& cipher_;
  const ImportOptions& o_;
  const HeaderMap& map_;
  ImportReport& r_;
  CodeResolver resolver_;
  SystemClock clock_;
  std::unordered_map<uint64_t, int64_t> seen_;
};

}  // namespace

Status RollbackOnPurpose() {
  return FailedPrecondition("已回滚", "rolled back").set_detail("import_rollback");
}
bool IsRollbackOnPurpose(const Status& s) { return s.detail() == "import_rollback"; }

StatusOr<HeaderMap> BeginReport(const char* kind, TableReader& reader, const ImportOptions& o,
                                const std::vector<FieldSpec>& fields, ImportReport* r) {
  r->kind = kind;
  r->format = reader.format() == Format::kXlsx ? "xlsx" : "csv";
  r->encoding = reader.encoding();
  r->dry_run = o.dry_run;
  r->mode = o.mode;
  HeaderMatcher matcher(fields);
  ASSIGN_OR_RETURN(HeaderMap map, matcher.Find(reader));
  r->header_row = map.header_row;
  r->unknown_columns = map.unknown_columns;
  int max_col = map.labels.empty() ? -1 : map.labels.rbegin()->first;
  r->header_labels.assign(max_col + 1, "");
  for (const auto& [c, l] : map.labels) r->header_labels[c] = l;
  return map;
}

StatusOr<ImportReport> WorkerImporter::ImportFile(const auth::Principal& p,
                                                  const std::string& path,
                                                  const ImportOptions& options) {
  ASSIGN_OR_RETURN(auto reader, OpenTable(path, options.limits));
  return Import(p, *reader, options);
}

StatusOr<ImportReport> WorkerImporter::Import(const auth::Principal& p, TableReader& reader,
                                              const ImportOptions& o) {
  ImportReport r;
  ASSIGN_OR_RETURN(HeaderMap map, BeginReport("workers", reader, o, WorkerFields(), &r));

  Run run(p, workers_, codebook_, cipher_, o, map, r);
  std::vector<Pending> batch;
  Row row;
  bool write_failed = false;  // in one big transaction, stop writing after a failure

  // Reads rows into `batch` until it is full or the file ends.
  auto fill = [&](size_t max) -> StatusOr<bool> {
    while (batch.size() < max) {
      ASSIGN_OR_RETURN(bool more, reader.Next(&row));
      if (!more) return false;
      if (row.Blank()) continue;
      ++r.rows_total;
      if (o.progress && r.rows_total % 10000 == 0) o.progress(r.rows_total);
      Pending pd;
      if (run.Parse(row, &pd)) batch.push_back(std::move(pd));
      else run.Reject(row);
    }
    return true;
  };

  const bool single_tx = o.dry_run || o.mode == Mode::kAllOrNothing;
  if (single_tx) {
    Status st = db_.Transact([&](store::Connection& c) -> Status {
      while (true) {
        ASSIGN_OR_RETURN(bool more, fill(static_cast<size_t>(std::max(1, o.batch_rows))));
        for (auto& pd : batch) {
          if (write_failed) {
            ++r.rows_valid;  // validated; not written because an earlier write failed
            continue;
          }
          Status ws = run.Write(c, pd);
          if (!ws.ok()) {
            if (ws.code() == StatusCode::kInternal || ws.code() == StatusCode::kUnavailable)
              return ws;
            run.ReportWriteError(pd, ws);
            write_failed = true;
          } else {
            ++r.rows_valid;
          }
        }
        batch.clear();
        if (!more) break;
      }
      if (o.dry_run || r.rows_rejected > 0) return RollbackOnPurpose();
      return Status::Ok();
    });
    if (!st.ok() && !IsRollbackOnPurpose(st)) return st;
    r.committed = st.ok();
    if (!r.committed && !o.dry_run) r.inserted = r.updated = r.unchanged = 0;
    return r;
  }

  // Valid rows only: batches in their own transactions; a batch with a
  // failing row is redone one row per transaction.
  while (true) {
    ASSIGN_OR_RETURN(bool more, fill(static_cast<size_t>(std::max(1, o.batch_rows))));
    if (!batch.empty()) {
      // Counts and changes, restored if the batch is redone row by row.
      const int64_t ins0 = r.inserted, upd0 = r.updated, unch0 = r.unchanged,
                    omit0 = r.changes_omitted;
      const size_t changes0 = r.changes.size();
      Status st = db_.Transact([&](store::Connection& c) -> Status {
        for (auto& pd : batch) RETURN_IF_ERROR(run.Write(c, pd));
        return Status::Ok();
      });
      if (st.ok()) {
        r.rows_valid += static_cast<int64_t>(batch.size());
        r.committed = true;
      } else if (st.code() == StatusCode::kInternal || st.code() == StatusCode::kUnavailable) {
        return st;
      } else {
        r.inserted = ins0;
        r.updated = upd0;
        r.unchanged = unch0;
        r.changes.resize(changes0);
        r.changes_omitted = omit0;
        for (auto& pd : batch) {
          Status one = db_.Transact([&](store::Connection& c) { return run.Write(c, pd); });
          if (one.ok()) {
            ++r.rows_valid;
            r.committed = true;
          } else if (one.code() == StatusCode::kInternal ||
                     one.code() == StatusCode::kUnavailable) {
            return one;
          } else {
            run.ReportWriteError(pd, one);
          }
        }
      }
      batch.clear();
    }
    if (!more) break;
  }
  return r;
}

}  // namespace xiezuo::imports
