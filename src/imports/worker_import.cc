#include "imports/worker_import.h"

#include <fmt/format.h>
#include <sodium.h>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
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

// The ID numbers seen so far in the file and the row of each: an
// open-addressing table of 12 bytes a slot (a std::unordered_map costs
// about 50 bytes a row). It is the one structure that grows with the file:
// about 24 MB at 1,000,000 rows.
class SeenIds {
 public:
  // The row that already had this key, or 0 after recording `row` for it.
  int64_t FirstRowOr0(uint64_t key, int64_t row) {
    if ((size_ + 1) * 4 > keys_.size() * 3) Grow();
    size_t i = Slot(key);
    while (keys_[i] != 0) {
      if (keys_[i] == key + 1) return rows_[i];
      i = (i + 1) & (keys_.size() - 1);
    }
    keys_[i] = key + 1;  // 0 marks a free slot
    rows_[i] = static_cast<uint32_t>(row);
    ++size_;
    return 0;
  }

 private:
  size_t Slot(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20) & (keys_.size() - 1);
  }
  void Grow() {
    std::vector<uint64_t> keys(std::max<size_t>(1024, keys_.size() * 2), 0);
    std::vector<uint32_t> rows(keys.size(), 0);
    keys.swap(keys_);
    rows.swap(rows_);
    for (size_t j = 0; j < keys.size(); ++j) {
      if (keys[j] == 0) continue;
      size_t i = Slot(keys[j] - 1);
      while (keys_[i] != 0) i = (i + 1) & (keys_.size() - 1);
      keys_[i] = keys[j];
      rows_[i] = rows[j];
    }
  }
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> rows_;
  size_t size_ = 0;
};

struct Pending {
  Row row;  // kept for the report if the write fails
  workers::PreparedWorker w;
};

// Up to batch_rows rows read, parsed and validated on the reader thread;
// the writer thread reports its issues and writes its valid rows.
struct Batch {
  std::vector<Pending> rows;  // the valid ones
  std::vector<Issue> issues;  // from parsing, in row order
  std::vector<Row> rejected;  // rows refused by parsing (only as many as the report keeps)
  int64_t rejected_count = 0;
  int64_t rows_read = 0;
  bool last = false;
  Status error;  // the file could not be read further
};

// Reader and validation on one thread, writes on the other, at most two
// batches between them, so memory stays flat while both cores work.
class BatchQueue {
 public:
  // False when the writer has given up (Close).
  bool Push(Batch b) {
    std::unique_lock<std::mutex> l(mu_);
    space_.wait(l, [&] { return q_.size() < kDepth || closed_; });
    if (closed_) return false;
    q_.push_back(std::move(b));
    ready_.notify_one();
    return true;
  }
  // The reader always ends with a batch marked last (or an error).
  Batch Pop() {
    std::unique_lock<std::mutex> l(mu_);
    ready_.wait(l, [&] { return !q_.empty(); });
    Batch b = std::move(q_.front());
    q_.pop_front();
    space_.notify_one();
    return b;
  }
  void Close() {
    std::lock_guard<std::mutex> l(mu_);
    closed_ = true;
    space_.notify_all();
  }

  // Written batches go back to the reading thread to be freed there: the
  // memory of their rows came from that thread's malloc arena, and freeing
  // it on the writing thread (the one every row waits for) costs a lock
  // and a consolidation per chunk.
  void Bury(std::vector<Batch> written) {
    std::lock_guard<std::mutex> l(mu_);
    for (Batch& b : written) dead_.push_back(std::move(b));
  }
  void FreeBuried() {
    std::vector<Batch> dead;
    {
      std::lock_guard<std::mutex> l(mu_);
      dead.swap(dead_);
    }
  }

 private:
  static constexpr size_t kDepth = 2;
  std::vector<Batch> dead_;  // GUARDED_BY(mu_)
  std::mutex mu_;
  std::condition_variable space_, ready_;
  std::deque<Batch> q_;   // GUARDED_BY(mu_)
  bool closed_ = false;   // GUARDED_BY(mu_)
};

using OnConflict = workers::WorkerService::OnConflict;

bool StopsTheImport(const Status& s) {
  return s.code() == StatusCode::kInternal || s.code() == StatusCode::kUnavailable;
}

// Counts and change records of a written batch, added to the report only
// when its transaction commits.
struct Outcome {
  int64_t inserted = 0, updated = 0, unchanged = 0;
  std::vector<RowChange> changes;
  std::vector<std::pair<const Pending*, Status>> refused;  // nothing written for these
  void Clear() { *this = Outcome(); }
};

class Job {
 public:
  Job(const auth::Principal& p, workers::WorkerService& workers, const codes::Codebook& cb,
      const security::PiiCipher& cipher, const ImportOptions& o, const HeaderMap& map,
      ImportReport& report)
      : p_(p), workers_(workers), cb_(cb), cipher_(cipher), o_(o), map_(map), r_(report),
        resolver_(cb) {}

  // Reader thread: cells to a validated, prepared record; false when the
  // row has errors (added to *issues).
  bool Parse(const Row& row, Pending* out, std::vector<Issue>* issues) {
    bool ok = true;
    workers::WorkerInput in;
    auto add = [&](const std::string& key, const std::string& zh, const std::string& en,
                   bool error) {
      Issue i;
      i.row = row.number;
      i.error = error;
      auto it = map_.columns.find(key);
      if (it != map_.columns.end()) {
        i.col = it->second;
        i.column = map_.labels.at(it->second);
      }
      i.zh = zh;
      i.en = en;
      issues->push_back(std::move(i));
      if (error) ok = false;
    };
    auto err = [&](const std::string& key, const std::string& zh, const std::string& en) {
      add(key, zh, en, true);
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
      add("phone", "未填手机号：该人员收不到短信推送，请尽量补充", "No phone: this person gets no SMS",
          false);

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

    // The service's own rules, checked once: Prepare validates and computes
    // every stored value (ciphertexts, keyed hashes, search key).
    auto prepared = workers_.Prepare(in);
    {
      const Status& s = prepared.status();
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

    // The normalised ID number and its sex: from Prepare, or (when another
    // field failed) from the ID number alone, so its checks still report.
    std::string id_normalized;
    codes::Sex id_sex = codes::Sex::kUnknown;
    if (prepared.ok()) {
      id_normalized = prepared->id_number;
      id_sex = prepared->sex == "M" ? codes::Sex::kMale : codes::Sex::kFemale;
    } else {
      auto id = codes::ValidateIdNumber(in.id_number, *cb_.divisions, clock_);
      if (id.ok()) {
        id_normalized = id.normalized;
        id_sex = id.sex;
      }
    }
    // 性别 must agree with the ID number's 17th digit.
    std::string sex = map_.Text(row, "sex");
    if (!sex.empty()) {
      const std::string& s = sex;
      codes::Sex want = codes::Sex::kUnknown;
      if (s == "男" || s == "M" || s == "m" || s == "male" || s == "Male") want = codes::Sex::kMale;
      else if (s == "女" || s == "F" || s == "f" || s == "female" || s == "Female")
        want = codes::Sex::kFemale;
      if (want == codes::Sex::kUnknown) {
        err("sex", "性别请填“男”或“女”", "Sex must be 男 or 女");
      } else if (!id_normalized.empty() && id_sex != want) {
        err("sex", "性别与身份证号不符（身份证号第 17 位单数为男、双数为女），请核对",
            "Sex does not match the ID number (17th digit odd: male, even: female)");
      }
    }
    if (!id_normalized.empty()) {
      if (int64_t first = seen_.FirstRowOr0(IdKey(id_normalized), row.number)) {
        err("id_number",
            "与第 " + std::to_string(first) + " 行的身份证号重复：同一人只登记一次，请删除或合并",
            "Same ID number as row " + std::to_string(first) + "; keep one row per person");
      }
    }
    if (!ok || !prepared.ok()) return false;
    out->w = std::move(*prepared);
    out->w.in.id_number = out->w.id_number;
    return true;
  }

  // Reader thread: the next batch (bounded by rows read, valid or not).
  Batch ReadBatch(TableReader& reader, size_t max_rows) {
    Batch b;
    b.rows.reserve(max_rows);
    Row row;
    while (b.rows_read < static_cast<int64_t>(max_rows)) {
      auto more = reader.Next(&row);
      if (!more.ok()) {
        b.error = more.status();
        b.last = true;
        return b;
      }
      if (!*more) {
        b.last = true;
        return b;
      }
      if (row.Blank()) continue;
      ++b.rows_read;
      Pending pd;
      if (Parse(row, &pd, &b.issues)) {
        pd.row = std::move(row);
        b.rows.push_back(std::move(pd));
      } else {
        ++b.rejected_count;
        if (parse_rejected_++ < static_cast<int64_t>(ImportReport::kMaxDetails))
          b.rejected.push_back(std::move(row));
      }
    }
    return b;
  }

  // Writer thread: the parse results of a batch into the report.
  void Take(Batch& b) {
    r_.rows_total += b.rows_read;
    for (auto& i : b.issues) r_.AddIssue(std::move(i));
    r_.rows_rejected += b.rejected_count;
    for (auto& row : b.rejected)
      if (r_.rejected_rows.size() < ImportReport::kMaxDetails)
        r_.rejected_rows.push_back(std::move(row));
  }

  // Writes rows [begin, end) of `rows` in the caller's transaction: one
  // lookup of the stored people per 256 rows, updates one by one (each
  // keeps its history and audit row), creates in multi-row INSERTs. A row
  // refused before anything is written for it (outside the officer's area)
  // is listed in out->refused; any other row failure returns its status
  // with *failed naming the row (nullptr when the statement covered many).
  // kRollBackTransaction: only for a caller that redoes the whole
  // transaction when this fails (SQLite may have ended it).
  Status Write(store::Connection& c, std::vector<Pending>& rows, size_t begin, size_t end,
               Outcome* out, const Pending** failed,
               OnConflict on_conflict = OnConflict::kUndoStatement) {
    *failed = nullptr;
    out->Clear();
    const size_t n = end - begin;
    // Stored rows by id_hash, for this slice.
    std::vector<std::optional<size_t>> found(n);
    store::ResultSet stored;
    {
      std::unordered_map<std::string_view, size_t> at;
      at.reserve(n);
      for (size_t i = 0; i < n; ++i) at.emplace(rows[begin + i].w.id_hash, i);
      constexpr size_t kChunk = 256;
      std::string sql;
      store::Params params;
      for (size_t done = 0; done < n; done += kChunk) {
        size_t k = std::min(kChunk, n - done);
        // Padded to 16 or 256 placeholders (repeating the last key): few
        // distinct statements for the prepared-statement cache.
        size_t width = k <= 16 ? 16 : kChunk;
        sql = "SELECT id, version, category, occupations, wanted_regions, local_only,"
              " wage_floor, skills, training_wanted, leave_date, notes, phone_enc, status,"
              " family_needs, id_hash FROM workers WHERE id_hash IN (";
        params.clear();
        for (size_t i = 0; i < width; ++i) {
          sql += i ? ", ?" : "?";
          params.push_back(rows[begin + done + std::min(i, k - 1)].w.id_hash);
        }
        sql += ")";
        ASSIGN_OR_RETURN(auto rs, c.Query(sql, params));
        for (auto& row : rs.rows) {
          auto it = at.find(*row[14]);
          if (it == at.end() || found[it->second]) continue;
          found[it->second] = stored.rows.size();
          stored.rows.push_back(std::move(row));
        }
      }
    }
    std::vector<workers::PreparedWorker*> creates;
    std::vector<size_t> create_at;  // index into out->changes
    for (size_t i = 0; i < n; ++i) {
      Pending& pd = rows[begin + i];
      RowChange ch;
      ch.row = pd.row.number;
      if (!found[i]) {
        if (Status s = workers_.CheckCanInsert(p_, pd.w); !s.ok()) {
          out->refused.emplace_back(&pd, s);
          continue;
        }
        ch.action = "inserted";
        creates.push_back(&pd.w);
        create_at.push_back(out->changes.size());
        out->changes.push_back(std::move(ch));
        ++out->inserted;
        continue;
      }
      auto changed = Update(c, pd, stored, *found[i], &ch.id);
      if (!changed.ok()) {
        // UpdateIn refuses (scope, version, a field) before it writes; only
        // a database failure stops the batch.
        if (StopsTheImport(changed.status())) {
          *failed = &pd;
          return changed.status();
        }
        out->refused.emplace_back(&pd, changed.status());
        continue;
      }
      if (changed->empty()) {
        ch.action = "unchanged";
        ++out->unchanged;
      } else {
        ch.action = "updated";
        ch.changed = std::move(*changed);
        ++out->updated;
      }
      out->changes.push_back(std::move(ch));
    }
    if (!creates.empty()) {
      auto ids = workers_.InsertPrepared(c, p_, creates, on_conflict);
      if (!ids.ok()) {
        if (creates.size() == 1) {
          for (size_t i = begin; i < end; ++i)
            if (&rows[i].w == creates[0]) *failed = &rows[i];
        }
        return ids.status();
      }
      for (size_t j = 0; j < ids->size(); ++j) out->changes[create_at[j]].id = (*ids)[j];
    }
    return Status::Ok();
  }

  // Rows in a savepoint; when that fails, one savepoint a row, so that a
  // failing row is refused alone (kept in its outcome) and the others are
  // written. Outcomes are appended to *done; *wrote tells if any row was.
  Status WriteCarefully(store::Connection& c, std::vector<Pending>& rows,
                        std::vector<Outcome>* done, bool* wrote) {
    auto exec = [&](const char* sql) { return c.Execute(sql).status(); };
    Outcome out;
    const Pending* failed = nullptr;
    RETURN_IF_ERROR(exec("SAVEPOINT import_batch"));
    Status ws = Write(c, rows, 0, rows.size(), &out, &failed);
    if (ws.ok()) {
      RETURN_IF_ERROR(exec("RELEASE SAVEPOINT import_batch"));
      *wrote = *wrote || out.inserted + out.updated + out.unchanged > 0;
      done->push_back(std::move(out));
      return Status::Ok();
    }
    if (StopsTheImport(ws)) return ws;
    RETURN_IF_ERROR(exec("ROLLBACK TO SAVEPOINT import_batch"));
    RETURN_IF_ERROR(RestoreValues(rows));  // the failed INSERTs took them
    for (size_t i = 0; i < rows.size(); ++i) {
      RETURN_IF_ERROR(exec("SAVEPOINT import_row"));
      Status one = Write(c, rows, i, i + 1, &out, &failed);
      if (one.ok()) {
        *wrote = *wrote || out.refused.empty();
      } else if (StopsTheImport(one)) {
        return one;
      } else {
        RETURN_IF_ERROR(exec("ROLLBACK TO SAVEPOINT import_row"));
        out.Clear();
        out.refused.emplace_back(&rows[i], one);
      }
      done->push_back(std::move(out));
      RETURN_IF_ERROR(exec("RELEASE SAVEPOINT import_row"));
    }
    return exec("RELEASE SAVEPOINT import_batch");
  }

  // A held row's INSERT values are about half of its memory, and a replay
  // is rare: once its batch is written they are gone (InsertPrepared moves
  // them into its statements; the rows that were updates drop them here),
  // and they are computed again from the validated input (Prepare is
  // deterministic but for the ciphertexts' nonces) only if the rows have to
  // be written again. So commit_rows rows cost little to hold.
  static void DropValues(std::vector<Pending>& rows) {
    for (Pending& pd : rows) store::Params().swap(pd.w.values);
  }
  Status RestoreValues(std::vector<Pending>& rows) const {
    for (Pending& pd : rows) {
      if (!pd.w.values.empty()) continue;
      auto again = workers_.Prepare(pd.w.in);
      if (!again.ok()) return Internal("An import row no longer validates: " + again.status().en());
      pd.w.values = std::move(again->values);
    }
    return Status::Ok();
  }

  // The outcome of a committed write into the report.
  void Commit(Outcome& out) {
    r_.inserted += out.inserted;
    r_.updated += out.updated;
    r_.unchanged += out.unchanged;
    r_.rows_valid += out.inserted + out.updated + out.unchanged;
    for (auto& ch : out.changes) r_.AddChange(std::move(ch));
    for (auto& [pd, s] : out.refused) ReportWriteError(*pd, s);
    out.Clear();
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
    ++r_.rows_rejected;
    if (r_.rejected_rows.size() < ImportReport::kMaxDetails) r_.rejected_rows.push_back(pd.row);
  }

 private:
  // An existing person: the file's values over the stored ones, through
  // the service (scope, optimistic lock, history, audit).
  StatusOr<std::vector<std::string>> Update(store::Connection& c, const Pending& pd,
                                            const store::ResultSet& rs, size_t r, int64_t* id) {
    workers::WorkerInput in = pd.w.in;
    in.version = rs.Int(r, 1);
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
    if (!map_.Has("category")) in.category = rs.Text(r, 2);
    if (!map_.Has("occupations")) in.occupations = arr(rs.Text(r, 3));
    if (!map_.Has("wanted_regions")) {
      in.wanted_regions = arr(rs.Text(r, 4));
      in.local_only = rs.Int(r, 5) != 0;
    }
    if (!map_.Has("wage_floor")) in.wage_floor = rs.OptInt(r, 6);
    if (!map_.Has("skills")) in.skills = arr(rs.Text(r, 7));
    if (!map_.Has("training")) in.training_wanted = rs.Text(r, 8);
    if (!map_.Has("leave_date")) in.leave_date = rs.Text(r, 9);
    if (!map_.Has("notes")) in.notes = rs.Text(r, 10);
    if (!in.phone && !rs.IsNull(r, 11)) {
      auto ph = cipher_.Decrypt(rs.Text(r, 11), security::pii_context::kPhone);
      if (ph.ok()) in.phone = *ph;
    }
    in.status = rs.Text(r, 12);
    auto fam = json::parse(rs.Text(r, 13), nullptr, false);
    if (fam.is_object()) {
      in.family_needs.children = fam.value("children", false);
      in.family_needs.elderly = fam.value("elderly", false);
      in.family_needs.disability = fam.value("disability", false);
      in.family_needs.couple = fam.value("couple", false);
      in.family_needs.work_from_home = fam.value("work_from_home", false);
    }
    *id = rs.Int(r, 0);
    auto changed = workers_.UpdateIn(c, p_, *id, in, true);
    if (!changed.ok() && changed.status().code() == StatusCode::kNotFound) {
      return FieldInvalid("id_number", "此人已由其他辖区登记，您无权修改；请联系其户籍地县人社局",
                          "This person is registered by another area; contact that county");
    }
    return changed;
  }

  const auth::Principal& p_;
  workers::WorkerService& workers_;
  const codes::Codebook& cb_;
  const security::PiiCipher& cipher_;
  const ImportOptions& o_;
  const HeaderMap& map_;
  ImportReport& r_;
  // Reader thread only.
  CodeResolver resolver_;
  SystemClock clock_;
  SeenIds seen_;
  int64_t parse_rejected_ = 0;
};


// SQLite's settings while an import writes, put back after each
// transaction, since the connection returns to the pool:
// - the page cache: the keyed-hash indexes take rows in random places, and
//   with the default 2 MB cache nearly every row pushes a dirty page out to
//   the WAL, only to write it again later. A fixed size, so memory stays
//   flat however long the file.
// - temporary files in memory: a statement that may fail half-way (a
//   multi-row INSERT, with its UNIQUE index) keeps the old content of each
//   page it changes in a statement journal, by default a file under
//   /var/tmp.
// - the WAL checkpoint after 25,000 pages (~100 MB) instead of 1,000: each
//   commit changes most index pages, and a checkpoint after every commit
//   copies them all into the database file and syncs it each time; every
//   few commits, a page rewritten meanwhile is copied once. The WAL file
//   stays bounded by that size (plus one transaction).
class ImportSession {
 public:
  static constexpr int kCacheKiB = 64 * 1024;
  static constexpr int kCheckpointPages = 25000;
  explicit ImportSession(store::Connection& c) : c_(c) {
    if (c.dialect() != store::Dialect::kSqlite) return;
    auto cache = c.QueryInt("PRAGMA cache_size");
    auto temp = c.QueryInt("PRAGMA temp_store");
    auto checkpoint = c.QueryInt("PRAGMA wal_autocheckpoint");
    if (!cache.ok() || !temp.ok() || !checkpoint.ok()) return;
    if (!c.ExecScript(fmt::format("PRAGMA cache_size = -{}; PRAGMA temp_store = MEMORY;"
                                  " PRAGMA wal_autocheckpoint = {}",
                                  kCacheKiB, kCheckpointPages))
             .ok())
      return;
    old_ = fmt::format("PRAGMA cache_size = {}; PRAGMA temp_store = {}; PRAGMA wal_autocheckpoint = {}",
                       *cache, *temp, *checkpoint);
  }
  ~ImportSession() {
    if (!old_.empty()) (void)c_.ExecScript(old_);
  }
  ImportSession(const ImportSession&) = delete;
  ImportSession& operator=(const ImportSession&) = delete;

 private:
  store::Connection& c_;
  std::string old_;  // the statements that put the settings back
};

// SHA-256 of the uploaded file, named in the import's audit record so the
// file can be matched later. A checksum, not a secret: libsodium is used
// here only for its hash.
StatusOr<std::string> FileSha256(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return NotFound("文件无法打开", "The file cannot be opened");
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  std::vector<unsigned char> buf(1 << 16);
  size_t got;
  while ((got = std::fread(buf.data(), 1, buf.size(), f)) > 0)
    crypto_hash_sha256_update(&st, buf.data(), got);
  std::fclose(f);
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, out);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return std::string(hex);
}

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
  ASSIGN_OR_RETURN(std::string sha256, FileSha256(path));
  return Run(p, *reader, options, sha256);
}

StatusOr<ImportReport> WorkerImporter::Import(const auth::Principal& p, TableReader& reader,
                                              const ImportOptions& o) {
  return Run(p, reader, o, "");
}

StatusOr<ImportReport> WorkerImporter::Run(const auth::Principal& p, TableReader& reader,
                                           const ImportOptions& o, const std::string& sha256) {
  ImportReport r;
  ASSIGN_OR_RETURN(HeaderMap map, BeginReport("workers", reader, o, WorkerFields(), &r));
  Job run(p, workers_, codebook_, cipher_, o, map, r);
  const size_t batch_rows = static_cast<size_t>(std::max(1, o.batch_rows));

  // The reader thread parses and validates while this one writes.
  BatchQueue queue;
  std::thread reading([&] {
    while (true) {
      queue.FreeBuried();
      Batch b;
      try {
        b = run.ReadBatch(reader, batch_rows);
      } catch (const std::exception& e) {  // aborts this import only, as it would on one thread
        b = Batch();
        b.error = Internal(std::string("Reading the file failed: ") + e.what());
        b.last = true;
      }
      bool last = b.last;
      if (!queue.Push(std::move(b)) || last) return;
    }
  });
  struct Join {
    BatchQueue& q;
    std::thread& t;
    ~Join() {
      q.Close();
      t.join();
    }
  } join{queue, reading};

  // `pending`: the outcomes of the transaction the record commits with,
  // not yet in the report.
  auto audit = [&](store::Connection& c, const std::vector<Outcome>& pending = {}) {
    int64_t inserted = r.inserted, updated = r.updated, unchanged = r.unchanged,
            rejected = r.rows_rejected;
    for (const Outcome& oc : pending) {
      inserted += oc.inserted;
      updated += oc.updated;
      unchanged += oc.unchanged;
      rejected += static_cast<int64_t>(oc.refused.size());
    }
    return workers_.AuditBulk(
        c, p, "worker.import",
        fmt::format("file_sha256={} format={} mode={} rows={} inserted={} updated={} unchanged={}"
                    " rejected={}",
                    sha256.empty() ? "-" : sha256, r.format,
                    o.mode == Mode::kAllOrNothing ? "all_or_nothing" : "valid_rows_only",
                    r.rows_total, inserted, updated, unchanged, rejected));
  };
  Outcome out;
  const Pending* failed = nullptr;
  // A transaction with the import's SQLite settings in force until after
  // its COMMIT (which is where SQLite writes); the connection goes back to
  // the pool between transactions, for the progress callback.
  auto import_tx = [&](const std::function<Status(store::Connection&)>& fn) {
    return db_.WithConnection([&](store::Connection& conn) {
      ImportSession session(conn);
      return db_.Transact(conn, fn);
    });
  };

  const bool single_tx = o.dry_run || o.mode == Mode::kAllOrNothing;
  if (single_tx) {
    bool write_failed = false;  // in one big transaction, stop writing after a failure
    Status st = import_tx([&](store::Connection& c) -> Status {
      while (true) {
        Batch b = queue.Pop();
        run.Take(b);
        if (!b.error.ok()) return b.error;
        if (write_failed) {
          r.rows_valid += static_cast<int64_t>(b.rows.size());  // validated, not written
        } else if (!b.rows.empty()) {
          Status ws = run.Write(c, b.rows, 0, b.rows.size(), &out, &failed);
          if (ws.ok()) {
            write_failed = !out.refused.empty();
            run.Commit(out);
          } else {
            if (StopsTheImport(ws)) return ws;
            // The statement covering many rows names none: the first stands for them.
            run.ReportWriteError(failed ? *failed : b.rows.front(), ws);
            r.rows_valid += static_cast<int64_t>(b.rows.size()) - 1;
            write_failed = true;
          }
        }
        if (o.progress) o.progress(r.rows_total);
        if (b.last) break;
      }
      if (o.dry_run || r.rows_rejected > 0) return RollbackOnPurpose();
      return audit(c);
    });
    if (!st.ok() && !IsRollbackOnPurpose(st)) return st;
    r.committed = st.ok();
    if (!r.committed && !o.dry_run) r.inserted = r.updated = r.unchanged = 0;
    return r;
  }

  // Valid rows only: a transaction per commit_rows rows. The fast path
  // writes the batches with no savepoint: a savepoint makes SQLite copy
  // every page it changes once more (its sub-journal), which with the
  // keyed-hash indexes is several pages a row. Existing people were looked
  // up first, so a failing write is rare; then the transaction is rolled
  // back and its rows, still held here (at most commit_rows of them), are
  // written again the careful way: each batch in a savepoint, a failing
  // batch redone one row per savepoint, so the bad row is named and
  // nothing else is lost. A transaction's outcomes reach the report only
  // when it commits. The import's audit record commits with its last rows.
  const int64_t commit_rows = std::max<int64_t>(o.commit_rows, 1);
  Status read_error;
  bool more = true;
  while (more) {
    std::vector<Batch> held;     // this transaction's batches
    std::vector<Outcome> done;   // their outcomes, reported after the commit
    bool wrote = false;
    bool replay = false;         // a write failed: redo `held` with savepoints
    auto last_of_import = [&] { return !more || !read_error.ok(); };
    auto finish = [&](store::Connection& c) -> Status {
      if (last_of_import() && (wrote || r.committed)) return audit(c, done);
      return Status::Ok();
    };
    Status st = import_tx([&](store::Connection& c) -> Status {
      for (int64_t in_tx = 0; more && in_tx < commit_rows;) {
        Batch b = queue.Pop();
        run.Take(b);
        more = !b.last;
        if (!b.error.ok()) {
          read_error = b.error;  // keep what is written, then report it
          break;
        }
        in_tx += static_cast<int64_t>(b.rows.size());
        if (b.rows.empty()) continue;
        held.push_back(std::move(b));
        Batch& hb = held.back();
        Status ws = run.Write(c, hb.rows, 0, hb.rows.size(), &out, &failed,
                              OnConflict::kRollBackTransaction);
        if (!ws.ok()) {
          if (StopsTheImport(ws)) return ws;
          replay = true;
          return ws;  // rolls the transaction back
        }
        wrote = wrote || out.inserted + out.updated + out.unchanged > 0;
        done.push_back(std::move(out));
        out.Clear();
        run.DropValues(hb.rows);
      }
      return finish(c);
    });
    if (replay) {
      done.clear();
      wrote = false;
      st = import_tx([&](store::Connection& c) -> Status {
        for (Batch& b : held) {
          RETURN_IF_ERROR(run.RestoreValues(b.rows));
          RETURN_IF_ERROR(run.WriteCarefully(c, b.rows, &done, &wrote));
        }
        return finish(c);
      });
    }
    if (!st.ok()) return st;
    for (Outcome& oc : done) run.Commit(oc);  // refused rows point into `held`
    queue.Bury(std::move(held));
    // After the commit: a progress callback may write to the database (the
    // import jobs' row), which SQLite refuses while this transaction is open.
    if (o.progress) o.progress(r.rows_total);
    r.committed = r.committed || wrote;
    if (!read_error.ok()) return read_error;
  }
  return r;
}

}  // namespace xiezuo::imports
