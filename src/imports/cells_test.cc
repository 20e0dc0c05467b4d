#include "imports/cells.h"

#include <gtest/gtest.h>

#include "imports/xlsx_writer.h"

namespace xiezuo::imports {
namespace {

Cell T(const std::string& s) { return {CellType::kText, s}; }
Cell N(const std::string& s) { return {CellType::kNumber, s}; }

TEST(Cells, AmountsInTheFormsOfficialsWrite) {
  EXPECT_EQ(*ParseAmount(T("4000")).value, 4000);
  EXPECT_EQ(*ParseAmount(T("4,000元")).value, 4000);
  EXPECT_EQ(*ParseAmount(T("￥4500/月")).value, 4500);
  EXPECT_EQ(*ParseAmount(T("4000-6000")).value, 4000);
  EXPECT_EQ(*ParseAmount(N("3999.6")).value, 4000);
  EXPECT_FALSE(ParseAmount(T("")).value.has_value());
  EXPECT_TRUE(ParseAmount(T("面议")).error.has_value());
}

TEST(Cells, DatesFromSerialsAndText) {
  EXPECT_EQ(*ParseDate({CellType::kDate, "2025-03-01"}).value, "2025-03-01");
  EXPECT_EQ(*ParseDate(N("45717")).value, "2025-03-01");
  EXPECT_EQ(*ParseDate(T("2025/3/1")).value, "2025-03-01");
  EXPECT_EQ(*ParseDate(T("2025年3月1日")).value, "2025-03-01");
  EXPECT_EQ(*ParseDate(T("20250301")).value, "2025-03-01");
  EXPECT_EQ(*ParseDate(T("2025-03-01 00:00:00")).value, "2025-03-01");
  EXPECT_FALSE(ParseDate(T("随时")).value.has_value());
  EXPECT_FALSE(ParseDate(T("随时")).error.has_value());
  EXPECT_TRUE(ParseDate(T("2025-02-30")).error.has_value());
}

TEST(Cells, IdNumberStoredAsNumberIsReportedAsLostDigits) {
  auto r = IdentifierText(N("5.30622199001011E+17"), true);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_NE(r.error->zh.find("15 位"), std::string::npos);
  EXPECT_EQ(*IdentifierText(T("53062219900101017X"), true).value, "53062219900101017X");
}

TEST(Cells, PhoneStoredAsNumberKeepsItsDigits) {
  EXPECT_EQ(*IdentifierText(N("13912340017"), false).value, "13912340017");
  EXPECT_EQ(*IdentifierText(N("1.3912340017E10"), false).value, "13912340017");
}

TEST(Cells, YesNoAndLists) {
  EXPECT_TRUE(*ParseYesNo(T("是")).value);
  EXPECT_FALSE(*ParseYesNo(T("否")).value);
  EXPECT_TRUE(*ParseYesNo(T("包")).value);
  EXPECT_TRUE(ParseYesNo(T("也许")).error.has_value());
  auto l = SplitList("广东省江门市、广东省佛山市;浙江省,上海市");
  ASSERT_EQ(l.size(), 4u);
  EXPECT_EQ(l[1], "广东省佛山市");
}

TEST(Export, FormulaStartsAreDefused) {
  for (std::string s : {"=1+1", "+86", "-2", "@SUM(A1)", "\tx", "\rx"})
    EXPECT_EQ(EscapeFormula(s), "'" + s) << s;
  EXPECT_EQ(EscapeFormula("张三"), "张三");
}

}  // namespace
}  // namespace xiezuo::imports
