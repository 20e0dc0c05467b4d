// Import benchmark (not part of make test): generates a worker list of N
// rows as CSV and as XLSX (written like Excel: a title row, shared strings
// for the header, the sheet streamed into the zip), imports it into a fresh
// database with WorkerImporter (valid-rows-only, the default options), and
// prints rows per second, CPU seconds and the process's peak resident
// memory. With --baseline it instead stores the same rows the plainest way:
// the same reader, the same table and indexes, the same multi-row INSERTs
// and transaction size and the same SQLite settings, but no validation, no
// encryption and an unkeyed hash of the same length: the ceiling the
// importer is measured against.
//
//   import_benchmark --rows 1000000 --format csv  [--db sqlite:/tmp/b.db | postgresql://…]
//   import_benchmark --rows 1000000 --format xlsx --baseline
//
// Run one measurement per process: peak memory (getrusage) is per process.
// The last line is "RESULT key=value …" for scripts/bench.sh's summary.
#include <minizip/zip.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>

#include "audit/audit_log.h"
#include "auth/auth_service.h"
#include "codes/codebook.h"
#include "codes/validators.h"
#include "imports/worker_import.h"
#include "security/keys.h"
#include "security/pii.h"
#include "store/migrations.h"
#include "workers/worker.h"

using namespace xiezuo;

namespace {

long PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(ru.ru_utime) + s(ru.ru_stime);
}

std::string LoadAverage() {
  std::FILE* f = std::fopen("/proc/loadavg", "r");
  if (!f) return "?";
  double one = 0;
  int n = std::fscanf(f, "%lf", &one);
  std::fclose(f);
  return n == 1 ? fmt::format("{:.1f}", one) : "?";
}

// Hex spread like a keyed hash and as long as the importer's blind index
// for `context` (so the indexes see the same sizes and random insert
// positions), from a cheap unkeyed mix.
std::string FakeHash(std::string_view v, uint64_t seed, std::string_view context) {
  uint64_t h = seed ^ 0x9E3779B97F4A7C15ULL;
  for (unsigned char ch : v) h = (h ^ ch) * 0x100000001B3ULL;
  std::string out;
  for (int i = 0; i < 4; ++i) {
    uint64_t z = (h += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    out += fmt::format("{:016x}", z ^ (z >> 31));
  }
  out.resize(2 * security::BlindIndexBytes(context));
  return out;
}

// The ceiling: the file's rows into workers with no validation or
// encryption, 64 rows a statement, commit_rows rows a transaction.
StatusOr<int64_t> PlainInsert(store::Database& db, const std::string& file,
                              const imports::ImportOptions& o) {
  ASSIGN_OR_RETURN(auto reader, imports::OpenTable(file, o.limits));
  imports::Row row;
  int64_t rows = 0;
  bool more = true;
  // Header: the row whose first cell is 姓名 (the XLSX has a title row above).
  while (more) {
    ASSIGN_OR_RETURN(more, reader->Next(&row));
    if (more && !row.cells.empty() && row.cells[0].text.find("姓名") != std::string::npos) break;
  }
  std::string one = "(?, ?, '1990-01-01', ?, ?, '530622********0000', ?, ?, '139****0000', ?,"
                    " '530622', 'poverty_alleviated', 'available', '[\"6-29-03-01\"]', '[]', 0, ?,"
                    " '{}', '[]', '', '2025-03-01', '', '', NULL, 0, 0, 1)";
  std::string sql;
  store::Params params;
  // One connection with the importer's settings (ImportSession), set
  // outside a transaction, where SQLite allows temp_store to change.
  RETURN_IF_ERROR(db.WithConnection([&](store::Connection& conn) -> Status {
    if (conn.dialect() == store::Dialect::kSqlite)
      RETURN_IF_ERROR(conn.ExecScript("PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;"
                                      " PRAGMA wal_autocheckpoint = 25000"));
    while (more) {
      RETURN_IF_ERROR(db.Transact(conn, [&](store::Connection& c) -> Status {
        for (int64_t in_tx = 0; more && in_tx < o.commit_rows;) {
          sql.clear();
          params.clear();
          int n = 0;
          while (n < 64) {
            ASSIGN_OR_RETURN(more, reader->Next(&row));
            if (!more) break;
            if (row.cells.size() < 8) continue;
            const std::string& id = row.cells[2].text;
            const std::string& phone = row.cells[3].text;
            sql += n ? ", " : "";
            sql += one;
            params.insert(params.end(),
                          {row.cells[0].text, row.cells[1].text, id,
                           FakeHash(id, 1, security::pii_context::kIdNumber), phone,
                           FakeHash(phone, 3, security::pii_context::kPhone),
                           row.cells[4].text, int64_t{std::atoi(row.cells[7].text.c_str())}});
            ++n;
          }
          if (n == 0) break;
          RETURN_IF_ERROR(c.Execute(
              "INSERT INTO workers (name, sex, birth_date, id_number_enc, id_hash, id_masked,"
              " phone_enc, phone_hash, phone_masked, region_code, county_code, category,"
              " status, occupations, wanted_regions, local_only, wage_floor, family_needs,"
              " skills, training_wanted, leave_date, notes, name_search, created_by,"
              " created_at, updated_at, version) VALUES " + sql, params).status());
          rows += n;
          in_tx += n;
        }
        return Status::Ok();
      }));
    }
    return Status::Ok();
  }));
  return rows;
}

// Row i: a unique valid person of 巧家县 (birth date and sequence from i).
struct Person {
  std::string name, id, phone;
};
Person Make(int64_t i) {
  static const char* kSurnames[] = {"张", "李", "王", "陈", "杨", "赵", "刘", "黄"};
  static const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇"};
  int64_t day = i / 900;  // 900 sequence numbers per birth date
  int64_t seq = i % 900 + 100;
  int64_t base = 0;
  CivilToDays(1965, 1, 1, &base);
  int y, m, d;
  DaysToCivil(base + day, &y, &m, &d);
  std::string body = fmt::format("530622{:04d}{:02d}{:02d}{:03d}", y, m, d, seq);
  Person p;
  p.id = body + *codes::IdNumberCheckChar(body);
  p.name = std::string(kSurnames[i % 8]) + kGiven[(i / 8) % 10] + kGiven[(i / 80) % 10];
  p.phone = fmt::format("139{:08d}", i % 100000000);
  return p;
}

const char* kRegions[] = {"云南省昭通市巧家县", "云南省昭通市巧家县大寨镇", "530622",
                          "巧家县白鹤滩街道"};

void WriteCsv(const std::string& path, int64_t rows) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fputs("\xEF\xBB\xBF姓名,性别,身份证号,手机号,户籍地,意向工种,意向地区,期望月薪,人员类别,可出发日期\r\n", f);
  for (int64_t i = 0; i < rows; ++i) {
    Person p = Make(i);
    bool male = ((p.id[16] - '0') % 2) == 1;
    std::fprintf(f, "%s,%s,%s,%s,%s,焊工,广东省江门市,%d,脱贫劳动力,2025-03-01\r\n", p.name.c_str(),
                 male ? "男" : "女", p.id.c_str(), p.phone.c_str(), kRegions[i % 4],
                 3000 + static_cast<int>(i % 30) * 100);
  }
  std::fclose(f);
}

void WriteXlsx(const std::string& path, int64_t rows) {
  zipFile z = zipOpen(path.c_str(), APPEND_STATUS_CREATE);
  auto entry = [&](const char* name, const std::string& body) {
    zipOpenNewFileInZip(z, name, nullptr, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, 6);
    zipWriteInFileInZip(z, body.data(), static_cast<unsigned>(body.size()));
    zipCloseFileInZip(z);
  };
  entry("[Content_Types].xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
  entry("xl/workbook.xml",
        "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
  entry("xl/_rels/workbook.xml.rels",
        "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\"/></Relationships>");
  const char* heads[] = {"姓名", "性别", "身份证号", "手机号", "户籍地", "意向工种", "意向地区",
                         "期望月薪", "人员类别", "可出发日期"};
  std::string sst = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">";
  sst += "<si><t>巧家县求职人员登记表</t></si>";
  for (const char* h : heads) sst += fmt::format("<si><t>{}</t></si>", h);
  for (const char* r : kRegions) sst += fmt::format("<si><t>{}</t></si>", r);
  sst += "<si><t>焊工</t></si><si><t>广东省江门市</t></si><si><t>脱贫劳动力</t></si><si><t>男</t></si><si><t>女</t></si></sst>";
  entry("xl/sharedStrings.xml", sst);
  entry("xl/styles.xml",
        "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>");
  zipOpenNewFileInZip(z, "xl/worksheets/sheet1.xml", nullptr, nullptr, 0, nullptr, 0, nullptr,
                      Z_DEFLATED, 6);
  std::string buf =
      "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"2\">";
  for (int c = 0; c < 10; ++c) buf += fmt::format("<c t=\"s\"><v>{}</v></c>", c + 1);
  buf += "</row>";
  for (int64_t i = 0; i < rows; ++i) {
    Person p = Make(i);
    bool male = ((p.id[16] - '0') % 2) == 1;
    int64_t r = i + 3;
    buf += fmt::format(
        "<row r=\"{0}\"><c r=\"A{0}\" t=\"inlineStr\"><is><t>{1}</t></is></c><c r=\"B{0}\" t=\"s\"><v>{2}</v></c>"
        "<c r=\"C{0}\" t=\"inlineStr\"><is><t>{3}</t></is></c><c r=\"D{0}\"><v>{4}</v></c>"
        "<c r=\"E{0}\" t=\"s\"><v>{5}</v></c><c r=\"F{0}\" t=\"s\"><v>15</v></c><c r=\"G{0}\" t=\"s\"><v>16</v></c>"
        "<c r=\"H{0}\"><v>{6}</v></c><c r=\"I{0}\" t=\"s\"><v>17</v></c><c r=\"J{0}\" s=\"1\"><v>45717</v></c></row>",
        r, p.name, male ? 18 : 19, p.id, p.phone, 11 + i % 4, 3000 + (i % 30) * 100);
    if (buf.size() > (1 << 20)) {
      zipWriteInFileInZip(z, buf.data(), static_cast<unsigned>(buf.size()));
      buf.clear();
    }
  }
  buf += "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:J1\"/></mergeCells></worksheet>";
  zipWriteInFileInZip(z, buf.data(), static_cast<unsigned>(buf.size()));
  zipCloseFileInZip(z);
  zipClose(z, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"xiezuo import benchmark"};
  int64_t rows = 1000000;
  std::string format = "csv", db_url, dir = "/tmp/xiezuo-import-bench";
  cli.add_option("--rows", rows, "Rows to generate and import (default 1,000,000)");
  cli.add_option("--format", format, "csv or xlsx")->check(CLI::IsMember({"csv", "xlsx"}));
  cli.add_option("--db", db_url, "Database URL (default: a fresh SQLite file in --dir)");
  cli.add_option("--dir", dir, "Working directory for the generated files");
  imports::ImportOptions o;
  cli.add_option("--batch", o.batch_rows, "Rows per batch (ImportOptions::batch_rows)");
  cli.add_option("--commit", o.commit_rows, "Rows per transaction (ImportOptions::commit_rows)");
  bool baseline = false;
  cli.add_flag("--baseline", baseline, "Store the rows with no validation or encryption");
  CLI11_PARSE(cli, argc, argv);
  std::filesystem::create_directories(dir);
  std::string file = fmt::format("{}/workers_{}.{}", dir, rows, format);
  if (!std::filesystem::exists(file)) {
    auto t0 = std::chrono::steady_clock::now();
    if (format == "csv") WriteCsv(file, rows);
    else WriteXlsx(file, rows);
    fmt::print("generated {} ({:.1f} MB) in {:.1f} s\n", file,
               std::filesystem::file_size(file) / 1e6,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  if (db_url.empty()) {
    std::string path = dir + "/bench.db";
    for (const char* sfx : {"", "-wal", "-shm"}) std::filesystem::remove(path + sfx);
    db_url = "sqlite:" + path;
  }
  codes::CodebookPaths paths;
  paths.load_villages = false;
  auto cb = codes::Codebook::Load(paths);
  if (!cb.ok()) return fmt::print(stderr, "{}\n", cb.status().ToString()), 1;
  auto db = store::OpenDatabase(db_url, {});
  if (!db.ok()) return fmt::print(stderr, "{}\n", db.status().ToString()), 1;
  if (db_url.rfind("postgres", 0) == 0) {
    (void)(*db)->Transact([](store::Connection& c) {
      return c.ExecScript("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    });
  }
  if (auto m = store::Migrate(**db); !m.ok()) return fmt::print(stderr, "{}\n", m.status().ToString()), 1;
  auto keys = security::KeyRing::ForTesting(1);
  security::PiiCipher cipher(*keys);
  SystemClock clock;
  audit::AuditLog audit(**db, *keys, clock);
  workers::WorkerService workers(**db, **cb, cipher, audit, clock);
  auth::Principal admin = auth::SystemPrincipal();
  imports::WorkerImporter importer(**db, workers, **cb, cipher);
  const std::string load_before = LoadAverage();
  const char* backend = (*db)->dialect() == store::Dialect::kSqlite ? "sqlite" : "postgresql";
  long rss_before = PeakRssMb();
  double cpu0 = CpuSeconds();
  auto t0 = std::chrono::steady_clock::now();
  int64_t rows_total = 0, inserted = 0, rejected = 0;
  if (baseline) {
    auto n = PlainInsert(**db, file, o);
    if (!n.ok()) return fmt::print(stderr, "{}\n", n.status().ToString()), 1;
    rows_total = inserted = *n;
  } else {
    auto r = importer.ImportFile(admin, file, o);
    if (!r.ok()) return fmt::print(stderr, "{}\n", r.status().ToString()), 1;
    rows_total = r->rows_total;
    inserted = r->inserted;
    rejected = r->rows_rejected;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = CpuSeconds() - cpu0;
  const char* what = baseline ? "baseline" : "import";
  fmt::print("{} {} {} rows into {}: {:.1f} s, {:.0f} rows/s, {:.1f} CPU s; inserted {},"
             " rejected {}; peak RSS {} MB (before {} MB, code tables loaded); load {} -> {}\n",
             what, format, rows_total, backend, secs, rows_total / secs, cpu, inserted, rejected,
             PeakRssMb(), rss_before, load_before, LoadAverage());
  fmt::print("RESULT what={} format={} db={} rows={} secs={:.2f} rows_per_s={:.0f} cpu_s={:.2f}"
             " peak_rss_mb={} load={}\n",
             what, format, backend, rows_total, secs, rows_total / secs, cpu, PeakRssMb(),
             LoadAverage());
  return inserted == rows_total ? 0 : 1;
}
