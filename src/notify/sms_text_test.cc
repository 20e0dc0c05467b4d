#include "notify/sms_text.h"

#include <gtest/gtest.h>

#include "common/clock.h"

namespace xiezuo::notify {
namespace {

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(CountSms, AsciiIsGsm7With160InOnePart) {
  EXPECT_EQ(CountSms(Repeat("a", 160)).encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(CountSms(Repeat("a", 160)).parts, 1);
  EXPECT_EQ(CountSms(Repeat("a", 161)).parts, 2);
  EXPECT_EQ(CountSms(Repeat("a", 306)).parts, 2);
  EXPECT_EQ(CountSms(Repeat("a", 307)).parts, 3);
}

TEST(CountSms, ExtensionCharactersCountTwoSeptets) {
  SmsLength len = CountSms("{}[]€");
  EXPECT_EQ(len.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(len.units, 10);
}

TEST(CountSms, ChineseIsUcs2With70SingleAnd67PerPart) {
  EXPECT_EQ(CountSms(Repeat("招", 70)).encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(CountSms(Repeat("招", 70)).parts, 1);
  EXPECT_EQ(CountSms(Repeat("招", 71)).parts, 2);
  EXPECT_EQ(CountSms(Repeat("招", 134)).parts, 2);
  EXPECT_EQ(CountSms(Repeat("招", 135)).parts, 3);
}

TEST(CountSms, OneChineseCharacterMakesTheWholeTextUcs2) {
  SmsLength len = CountSms(Repeat("a", 69) + "工");
  EXPECT_EQ(len.encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(len.units, 70);
  EXPECT_EQ(len.parts, 1);
}

TEST(CountSms, EmojiBeyondTheBmpCountTwoUnits) {
  EXPECT_EQ(CountSms("😀").units, 2);
  EXPECT_EQ(CountSms("").parts, 0);
}

TEST(ComposeSms, AddsSignatureAndOptOutLine) {
  EXPECT_EQ(ComposeSms("协作就业", "明天招聘会", true), "【协作就业】明天招聘会 回复TD退订");
  EXPECT_EQ(ComposeSms("协作就业", "验证码123456", false), "【协作就业】验证码123456");
}

TEST(Template, ListsVariablesInOrder) {
  auto v = ParseTemplate("{{name}}您好，{{enterprise}}招{{job}}，{{name}}", kKnownVariables);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, (std::vector<std::string>{"name", "enterprise", "job"}));
}

TEST(Template, UnknownVariableIsNamedInTheError) {
  auto v = ParseTemplate("{{name}}您好，{{salary}}元", kKnownVariables);
  ASSERT_FALSE(v.ok());
  ASSERT_EQ(v.status().fields().size(), 1u);
  EXPECT_EQ(v.status().fields()[0].field, "body");
  EXPECT_NE(v.status().fields()[0].zh.find("salary"), std::string::npos);
  EXPECT_NE(v.status().fields()[0].en.find("salary"), std::string::npos);
}

TEST(Template, UnclosedBracesAreAnError) {
  EXPECT_FALSE(ParseTemplate("{{name 您好", kKnownVariables).ok());
}

TEST(Template, RenderFillsValuesAndNamesAMissingOne) {
  auto r = RenderTemplate("{{name}}您好，{{job}}", {{"name", "张三"}, {"job", "普工"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "张三您好，普工");
  auto missing = RenderTemplate("{{name}}您好，{{job}}", {{"name", "张三"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().fields()[0].field, "variables.job");
}

TEST(Template, ValuesAreNotReExpanded) {
  auto r = RenderTemplate("{{name}}", {{"name", "{{job}}"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "{{job}}");
}

TEST(CheckParts, OverTheLimitIsAnErrorGivingCounts) {
  EXPECT_TRUE(CheckParts(Repeat("招", 268), 4, "body").ok());
  Status s = CheckParts(Repeat("招", 269), 4, "body");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.fields()[0].field, "body");
  EXPECT_NE(s.fields()[0].en.find("5 parts"), std::string::npos);
}

// 2026-11-25 00:00 Asia/Shanghai = 2026-11-24 16:00 UTC.
constexpr int64_t kMidnight = 1795564800 - 8 * 3600;

TEST(QuietHours, NineInTheEveningToEightInTheMorning) {
  FakeClock clock(kMidnight);
  QuietHours q;
  EXPECT_TRUE(InQuietHours(clock.NowSeconds(), q));  // 00:00
  clock.Set(kMidnight + 7 * 3600 + 3599);            // 07:59:59
  EXPECT_TRUE(InQuietHours(clock.NowSeconds(), q));
  clock.Advance(std::chrono::seconds(1));  // 08:00
  EXPECT_FALSE(InQuietHours(clock.NowSeconds(), q));
  clock.Set(kMidnight + 20 * 3600 + 3599);  // 20:59:59
  EXPECT_FALSE(InQuietHours(clock.NowSeconds(), q));
  clock.Advance(std::chrono::seconds(1));  // 21:00
  EXPECT_TRUE(InQuietHours(clock.NowSeconds(), q));
}

TEST(QuietHours, MessagesAtNightWaitForTheMorning) {
  QuietHours q;
  // 22:30 -> 08:00 next day; 03:00 -> 08:00 same day; 10:00 -> now.
  EXPECT_EQ(NextSendTime(kMidnight + 22 * 3600 + 1800, q), kMidnight + 86400 + 8 * 3600);
  EXPECT_EQ(NextSendTime(kMidnight + 3 * 3600, q), kMidnight + 8 * 3600);
  EXPECT_EQ(NextSendTime(kMidnight + 10 * 3600, q), kMidnight + 10 * 3600);
}

TEST(QuietHours, NextDayMorningIsEightOClockTomorrow) {
  QuietHours q;
  EXPECT_EQ(NextDayMorning(kMidnight + 10 * 3600, q), kMidnight + 86400 + 8 * 3600);
  EXPECT_EQ(ChinaDay(kMidnight), ChinaDay(kMidnight + 86399));
  EXPECT_EQ(ChinaDay(kMidnight) + 1, ChinaDay(kMidnight + 86400));
}

TEST(Inbound, OptOutKeywords) {
  for (const char* t : {"TD", "td", " T ", "退订", "ＴＤ", "退订。", "n"}) {
    EXPECT_EQ(ClassifyInbound(t), InboundKind::kOptOut) << t;
  }
  EXPECT_EQ(ClassifyInbound("恢复"), InboundKind::kOptIn);
  EXPECT_EQ(ClassifyInbound("我想报名"), InboundKind::kOther);
  EXPECT_EQ(ClassifyInbound("TDD"), InboundKind::kOther);
}

}  // namespace
}  // namespace xiezuo::notify
