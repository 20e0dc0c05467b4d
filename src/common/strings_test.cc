#include "common/strings.h"

#include <gtest/gtest.h>

#include "common/clock.h"

namespace xiezuo {
namespace {

TEST(StringsTest, TrimRemovesIdeographicSpace) {
  EXPECT_EQ(Trim("\xE3\x80\x80 巧家县\t"), "巧家县");
}

TEST(StringsTest, SplitAnyOnChineseAndAsciiSeparators) {
  auto parts = SplitAny("江门市、广州市, 深圳市；东莞市", {"、", ",", "，", ";", "；"});
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0], "江门市");
  EXPECT_EQ(parts[3], "东莞市");
}

TEST(StringsTest, Utf8LengthCountsCodePoints) {
  EXPECT_EQ(Utf8Length("回复TD退订"), 6u);
  EXPECT_FALSE(IsValidUtf8("\xB0\xA1"));  // GB2312 "啊" is not UTF-8
}

TEST(StringsTest, IsValidUtf8IsStrict) {
  EXPECT_TRUE(IsValidUtf8("普工 A\x7F"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));     // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));     // U+10FFFF
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));         // U+D7FF
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));             // overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));         // overlong
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));     // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));         // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));     // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xE6\x99"));             // cut short
  EXPECT_FALSE(IsValidUtf8("\xE6\x41\x80"));         // not a continuation
}

TEST(StringsTest, NormalizeWidthFoldsFullWidthDigits) {
  EXPECT_EQ(NormalizeWidth("１３８Ｘ"), "138X");
}

TEST(ClockTest, ChinaTimeIsUtcPlusEight) {
  EXPECT_EQ(FormatChinaTime(0), "1970-01-01 08:00:00");
  int64_t d = 0;
  EXPECT_FALSE(CivilToDays(2023, 2, 29, &d));
  EXPECT_TRUE(CivilToDays(2024, 2, 29, &d));
  int y, m, dd;
  DaysToCivil(d, &y, &m, &dd);
  EXPECT_EQ(y * 10000 + m * 100 + dd, 20240229);
}

TEST(ClockTest, IsIsoDateRejectsImpossibleDates) {
  EXPECT_TRUE(IsIsoDate("2027-02-12"));
  EXPECT_FALSE(IsIsoDate("2027-02-29"));
  EXPECT_FALSE(IsIsoDate("2027/02/12"));
  EXPECT_FALSE(IsIsoDate("2027-2-12"));
}

}  // namespace
}  // namespace xiezuo
