// The readers on files written by tools other than xiezuo (see
// tests/fixtures/imports/make_fixtures.py) and on hostile files.
#include "imports/table_reader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "imports/columns.h"

namespace xiezuo::imports {
namespace {

const std::string kDir = "tests/fixtures/imports/";

std::vector<Row> ReadAll(const std::string& path, ReaderLimits limits = {}) {
  auto r = OpenTable(path, limits);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  std::vector<Row> rows;
  if (!r.ok()) return rows;
  Row row;
  while (true) {
    auto more = (*r)->Next(&row);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    rows.push_back(row);
  }
  return rows;
}

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(CsvReader, Utf8WithBomIsDetectedAndStripped) {
  auto r = OpenTable(kDir + "workers_utf8.csv", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->encoding(), "UTF-8 (BOM)");
  Row row;
  ASSERT_TRUE(*(*r)->Next(&row));
  EXPECT_EQ(row.cells[0].text, "序号");
  EXPECT_EQ(row.cells[1].text, "姓名");
}

TEST(CsvReader, Gb18030IsDetectedAndConverted) {
  auto r = OpenTable(kDir + "workers_gb18030.csv", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->encoding(), "GB18030");
  Row row;
  ASSERT_TRUE(*(*r)->Next(&row));
  EXPECT_EQ(row.cells[0].text, "身份证号码");
  ASSERT_TRUE(*(*r)->Next(&row));
  EXPECT_EQ(row.cells[1].text, "张三");
  EXPECT_EQ(row.cells[4].text, "云南省昭通市巧家县大寨镇");
}

TEST(CsvReader, QuotesDoubledQuotesAndLineBreaksInsideFields) {
  auto path = WriteTemp("q.csv", "a,b,c\r\n\"x,1\",\"he said \"\"hi\"\"\",\"two\nlines\"\r\nlast,,\n");
  auto rows = ReadAll(path);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].cells[0].text, "x,1");
  EXPECT_EQ(rows[1].cells[1].text, "he said \"hi\"");
  EXPECT_EQ(rows[1].cells[2].text, "two\nlines");
  ASSERT_EQ(rows[2].cells.size(), 3u);
  EXPECT_EQ(rows[2].cells[1].type, CellType::kEmpty);
}

TEST(CsvReader, Gb18030SpanningChunkBoundariesIsIntact) {
  // 300 KB of Chinese text in GB18030: two-byte sequences cross the 256 KB
  // read boundary.
  std::string gb_zhang = "\xD5\xC5";  // 张 in GBK
  std::string content = "\xD0\xD5\xC3\xFB,x\r\n";  // 姓名,x
  for (int i = 0; i < 30000; ++i) content += gb_zhang + gb_zhang + gb_zhang + ",1\r\n";
  content.insert(3, "");  // keep odd offset
  auto rows = ReadAll(WriteTemp("big_gb.csv", "a" + content));
  ASSERT_EQ(rows.size(), 30001u);
  for (size_t i = 1; i < rows.size(); ++i) ASSERT_EQ(rows[i].cells[0].text, "张张张") << i;
}

TEST(CsvReader, UnclosedQuoteNamesTheRow) {
  auto path = WriteTemp("bad.csv", "a,b\r\n1,2\r\n\"3,4\r\n");
  auto r = OpenTable(path, {});
  ASSERT_TRUE(r.ok());
  Row row;
  ASSERT_TRUE(*(*r)->Next(&row));
  ASSERT_TRUE(*(*r)->Next(&row));
  auto more = (*r)->Next(&row);
  ASSERT_FALSE(more.ok());
  EXPECT_NE(more.status().zh().find("第 3 行"), std::string::npos) << more.status().zh();
}

TEST(CsvReader, RowLimitIsEnforced) {
  std::string s = "a\n";
  for (int i = 0; i < 20; ++i) s += "1\n";
  ReaderLimits lim;
  lim.max_rows = 10;
  auto r = OpenTable(WriteTemp("many.csv", s), lim);
  ASSERT_TRUE(r.ok());
  Row row;
  Status last;
  for (int i = 0; i < 30; ++i) {
    auto more = (*r)->Next(&row);
    if (!more.ok()) {
      last = more.status();
      break;
    }
  }
  EXPECT_EQ(last.code(), StatusCode::kResourceExhausted);
}

TEST(CsvReader, FileSizeLimitIsEnforced) {
  ReaderLimits lim;
  lim.max_file_bytes = 100;
  auto r = OpenTable(WriteTemp("size.csv", std::string(1000, 'a')), lim);
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
}

TEST(CsvReader, OldXlsIsRefusedWithAnExplanation) {
  auto r = OpenTable(WriteTemp("old.xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().zh().find(".xlsx"), std::string::npos);
}

TEST(XlsxReader, TitleRowSharedInlineNumbersDatesAndMerges) {
  auto rows = ReadAll(kDir + "workers_title.xlsx");
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_EQ(rows[0].number, 1);
  EXPECT_EQ(rows[0].cells[0].text, "巧家县2025年春季转移就业求职人员登记表");
  // The title merged across A1:N1 stays one cell.
  EXPECT_EQ(rows[0].cells.size(), 1u);
  EXPECT_EQ(rows[1].cells[11].type, CellType::kDate);
  EXPECT_EQ(rows[1].cells[11].text, "2025-02-20");
  EXPECT_EQ(rows[2].cells[1].text, "户籍地");
  // Row 4: shared strings and a number.
  EXPECT_EQ(rows[3].cells[2].text, "张三");
  EXPECT_EQ(rows[3].cells[5].type, CellType::kNumber);
  EXPECT_EQ(rows[3].cells[5].text, "13912340017");
  EXPECT_EQ(rows[3].cells[12].type, CellType::kDate);
  EXPECT_EQ(rows[3].cells[12].text, "2025-03-01");
  // Row 5: 户籍地 merged from B4:B5 is filled in.
  EXPECT_EQ(rows[4].cells[1].text, "云南省昭通市巧家县大寨镇");
  // Row 6: an inline string.
  EXPECT_EQ(rows[5].cells[2].text, "王五");
  EXPECT_EQ(rows[5].cells[2].type, CellType::kText);
}

TEST(XlsxReader, ZipBombIsRefusedBeforeInflating) {
  auto r = OpenTable(kDir + "zip_bomb.xlsx", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().zh().find("压缩炸弹"), std::string::npos) << r.status().zh();
}

TEST(XlsxReader, TotalUncompressedLimitHoldsEvenWhenRatioIsModest) {
  ReaderLimits lim;
  lim.max_uncompressed_bytes = 2000;  // the fixture inflates to more
  auto r = OpenTable(kDir + "workers_title.xlsx", lim);
  EXPECT_FALSE(r.ok());
}

TEST(XlsxReader, EntityExpansionIsRefused) {
  auto r = OpenTable(kDir + "entity_bomb.xlsx", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().zh().find("DOCTYPE"), std::string::npos) << r.status().zh();
}

TEST(XlsxReader, ExternalEntityIsRefused) {
  auto r = OpenTable(kDir + "external_entity.xlsx", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().zh().find("DOCTYPE"), std::string::npos);
}

TEST(XlsxReader, TruncatedArchiveIsAnError) {
  std::ifstream in(kDir + "workers_title.xlsx", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  auto r = OpenTable(WriteTemp("cut.xlsx", bytes.substr(0, bytes.size() / 2)), {});
  EXPECT_FALSE(r.ok());
}

TEST(ExcelDates, SerialsMapToCalendarDates) {
  EXPECT_EQ(ExcelSerialToDate(1), "1900-01-01");
  EXPECT_EQ(ExcelSerialToDate(59), "1900-02-28");
  EXPECT_EQ(ExcelSerialToDate(61), "1900-03-01");
  EXPECT_EQ(ExcelSerialToDate(45658), "2025-01-01");
  EXPECT_EQ(ExcelSerialToDate(45717.5), "2025-03-01");
  EXPECT_EQ(ExcelSerialToDate(-3), "");
}

TEST(Headers, FoundBelowTitleRowsInAnyOrderWithAliases) {
  std::vector<FieldSpec> fields = {{"name", "姓名", {"name"}, true},
                                   {"id", "身份证号", {"身份证号码"}, true},
                                   {"wage", "期望月薪", {}, false}};
  HeaderMatcher m(fields);
  auto path = WriteTemp("h.csv",
                        "某某县登记表,,\r\n填报日期：2025年3月1日,,\r\n 身份证号码 ,民族,Name*,期望月薪（元）\r\n1,2,3,4\r\n");
  auto r = OpenTable(path, {});
  ASSERT_TRUE(r.ok());
  auto map = m.Find(**r);
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ(map->header_row, 3);
  EXPECT_EQ(map->columns.at("id"), 0);
  EXPECT_EQ(map->columns.at("name"), 2);
  EXPECT_EQ(map->columns.at("wage"), 3);
  ASSERT_EQ(map->unknown_columns.size(), 1u);
  EXPECT_NE(map->unknown_columns[0].find("民族"), std::string::npos);
}

TEST(Headers, MissingRequiredColumnIsNamed) {
  std::vector<FieldSpec> fields = {{"name", "姓名", {}, true},
                                   {"id", "身份证号", {}, true},
                                   {"phone", "手机号", {}, true}};
  HeaderMatcher m(fields);
  auto r = OpenTable(WriteTemp("h2.csv", "姓名,身份证号\r\n"), {});
  ASSERT_TRUE(r.ok());
  auto map = m.Find(**r);
  ASSERT_FALSE(map.ok());
  EXPECT_NE(map.status().zh().find("手机号"), std::string::npos);
}

}  // namespace
}  // namespace xiezuo::imports
