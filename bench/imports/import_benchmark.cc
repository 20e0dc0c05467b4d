// Import benchmark (not part of make test): generates a worker list of N
// rows as CSV and as XLSX (written like Excel: a title row, shared strings
// for the header, the sheet streamed into the zip), imports each into a fresh
// database with WorkerImporter (valid-rows-only, batches of 1,000), and
// prints rows per second and the process's peak resident memory.
//
//   import_benchmark --rows 1000000 --format csv  [--db sqlite:/tmp/b.db | postgresql://…]
//   import_benchmark --rows 1000000 --format xlsx
//
// Run one format per process: peak memory (getrusage) is per process.
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
  int batch = 1000;
  cli.add_option("--batch", batch, "Rows per batch (ImportOptions::batch_rows)");
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
  imports::ImportOptions o;
  o.batch_rows = batch;
  long rss_before = PeakRssMb();
  auto t0 = std::chrono::steady_clock::now();
  auto r = importer.ImportFile(admin, file, o);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!r.ok()) return fmt::print(stderr, "{}\n", r.status().ToString()), 1;
  fmt::print("{} {} rows into {}: {:.1f} s, {:.0f} validated rows/s; inserted {}, rejected {};"
             " peak RSS {} MB (before import {} MB, code tables loaded)\n",
             format, r->rows_total, (*db)->dialect() == store::Dialect::kSqlite ? "SQLite" : "PostgreSQL",
             secs, r->rows_total / secs, r->inserted, r->rows_rejected, PeakRssMb(), rss_before);
  return 0;
}
