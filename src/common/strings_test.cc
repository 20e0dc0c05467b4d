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
