#include "codes/validators.h"

#include <gtest/gtest.h>

#include "codes/divisions.h"
#include "codes/testing.h"
#include "common/clock.h"

namespace xiezuo::codes {
namespace {

// 2025-11-25 12:00 in Asia/Shanghai.
constexpr int64_t kNow = 1764043200;

class IdNumberTest : public ::testing::Test {
 protected:
  void SetUp() override {
    d_ = testing::SharedDivisions(false);
    ASSERT_NE(d_, nullptr) << "cannot load divisions from " << testing::DivisionsDir();
  }
  IdNumberResult Check(std::string_view id) { return ValidateIdNumber(id, *d_, clock_); }

  const Divisions* d_ = nullptr;
  FakeClock clock_{kNow};
};

TEST_F(IdNumberTest, ValidNumberWithXIsFemaleAndDecoded) {
  IdNumberResult r = Check("11010519491231002X");
  EXPECT_TRUE(r.ok()) << r.en;
  EXPECT_EQ(r.normalized, "11010519491231002X");
  EXPECT_EQ(r.birth_date, "1949-12-31");
  EXPECT_EQ(r.sex, Sex::kFemale);
  EXPECT_EQ(r.region_prefix, "110105");
}

TEST_F(IdNumberTest, OddSeventeenthDigitIsMale) {
  IdNumberResult r = Check("530622199001011234");
  EXPECT_TRUE(r.ok()) << r.en;
  EXPECT_EQ(r.sex, Sex::kMale);
  EXPECT_EQ(r.birth_date, "1990-01-01");
}

TEST_F(IdNumberTest, LowerCaseXAndFullWidthDigitsAreNormalized) {
  IdNumberResult r = Check("11010519491231002x");
  EXPECT_TRUE(r.ok()) << r.en;
  EXPECT_EQ(r.normalized, "11010519491231002X");

  r = Check("５３０６２２ １９９００１０１ １２３４");
  EXPECT_TRUE(r.ok()) << r.en;
  EXPECT_EQ(r.normalized, "530622199001011234");
}

TEST_F(IdNumberTest, BadCheckCharacterSaysMistypedWithoutTheAnswer) {
  IdNumberResult r = Check("530622199001011235");
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_NE(r.zh.find("逐位核对"), std::string::npos) << r.zh;
  // The expected check character is 4: it must not be revealed.
  EXPECT_EQ(r.zh.find('4'), std::string::npos) << r.zh;
  EXPECT_EQ(r.en.find('4'), std::string::npos) << r.en;
  EXPECT_TRUE(r.birth_date.empty());
}

TEST_F(IdNumberTest, FebruaryTwentyNinthOnlyInLeapYears) {
  IdNumberResult r = Check("530622199902290015");  // 1999 is not a leap year
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_NE(r.zh.find("出生日期不存在"), std::string::npos) << r.zh;
  EXPECT_TRUE(Check("530622200002290023").ok());  // 2000 is
}

TEST_F(IdNumberTest, FutureBirthDateIsRejected) {
  IdNumberResult r = Check("530622203001010011");
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_NE(r.zh.find("晚于今天"), std::string::npos) << r.zh;
}

TEST_F(IdNumberTest, TodayIsNotTheFutureButTomorrowIs) {
  std::string today = "53062220251125001";
  std::string tomorrow = "53062220251126001";
  EXPECT_TRUE(Check(today + *IdNumberCheckChar(today)).ok());
  EXPECT_EQ(Check(tomorrow + *IdNumberCheckChar(tomorrow)).severity, Severity::kError);
}

TEST_F(IdNumberTest, BirthBefore1900IsRejected) {
  IdNumberResult r = Check("530622189912310017");
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_NE(r.zh.find("1900"), std::string::npos) << r.zh;
}

TEST_F(IdNumberTest, UnknownRegionPrefixIsRejected) {
  IdNumberResult r = Check("990101199001010019");
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_NE(r.zh.find("前6位"), std::string::npos) << r.zh;
}

TEST_F(IdNumberTest, HistoricalCountyCodeIsAccepted) {
  // 松桃 was 522229 until 铜仁地区 became 铜仁市 (now 520628).
  IdNumberResult r = Check("522229198506150035");
  EXPECT_TRUE(r.ok()) << r.en;
  EXPECT_EQ(r.region_prefix, "522229");
}

TEST_F(IdNumberTest, HongKongResidencePermitIsAccepted) {
  EXPECT_TRUE(Check("810000199001010019").ok());
}

TEST_F(IdNumberTest, FifteenDigitNumberAsksForTheEighteenDigitOne) {
  IdNumberResult r = Check("530622900101123");
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_NE(r.zh.find("15位"), std::string::npos) << r.zh;
  EXPECT_NE(r.zh.find("18位"), std::string::npos) << r.zh;
}

TEST_F(IdNumberTest, WrongLengthSaysHowLong) {
  IdNumberResult r = Check("53062219900101123");
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_NE(r.zh.find("现在是17位"), std::string::npos) << r.zh;
  EXPECT_EQ(Check("").severity, Severity::kError);
}

TEST_F(IdNumberTest, LettersOtherThanFinalXAreRejected) {
  for (const char* id : {"5306221990O1011234", "53062219900101123A", "X30622199001011234"}) {
    IdNumberResult r = Check(id);
    EXPECT_EQ(r.severity, Severity::kError) << id;
    EXPECT_NE(r.zh.find("字母X"), std::string::npos) << r.zh;
  }
}

TEST_F(IdNumberTest, ErrorBecomesFieldStatus) {
  Status s = Check("530622199001011235").ToStatus("身份证号");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  ASSERT_EQ(s.fields().size(), 1u);
  EXPECT_EQ(s.fields()[0].field, "身份证号");
  EXPECT_TRUE(Check("530622199001011234").ToStatus("身份证号").ok());
}

TEST(CheckCharTest, IdNumberCheckChar) {
  EXPECT_EQ(IdNumberCheckChar("11010519491231002"), 'X');
  EXPECT_EQ(IdNumberCheckChar("53062219900101123"), '4');
  EXPECT_EQ(IdNumberCheckChar("5306221990010112"), std::nullopt);
  EXPECT_EQ(IdNumberCheckChar("5306221990010112X"), std::nullopt);
}

TEST(CheckCharTest, CreditCodeCheckChar) {
  EXPECT_EQ(CreditCodeCheckChar("91350100M000100Y4"), '3');
  EXPECT_EQ(CreditCodeCheckChar("91530622MA6K00000"), 'M');
  EXPECT_EQ(CreditCodeCheckChar("91350100M000100I4"), std::nullopt);
  EXPECT_EQ(CreditCodeCheckChar("91350100M000100Y"), std::nullopt);
}

TEST(MobileTest, AcceptsCommonWritings) {
  for (const char* in : {"13812345678", "+86 138 1234 5678", "0086-138-1234-5678",
                         "１３８１２３４５６７８", "(+86) 138-1234-5678"}) {
    PhoneResult r = ValidateMobile(in);
    EXPECT_TRUE(r.ok()) << in << ": " << r.en;
    EXPECT_EQ(r.normalized, "13812345678") << in;
  }
}

TEST(MobileTest, LandlineIsRejectedBecauseSmsNeedsAMobile) {
  PhoneResult r = ValidateMobile("0871-12345678");
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_NE(r.zh.find("固定电话"), std::string::npos) << r.zh;
  EXPECT_NE(r.zh.find("短信"), std::string::npos) << r.zh;
  EXPECT_NE(r.en.find("SMS"), std::string::npos) << r.en;
  EXPECT_TRUE(r.normalized.empty());
}

TEST(MobileTest, TooShortIsRejected) {
  PhoneResult r = ValidateMobile("12345");
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_NE(r.zh.find("11位"), std::string::npos) << r.zh;
  EXPECT_EQ(ValidateMobile("1381234567").severity, Severity::kError);
  EXPECT_EQ(ValidateMobile("138123456789").severity, Severity::kError);
  EXPECT_EQ(ValidateMobile("").severity, Severity::kError);
}

TEST(MobileTest, NonDigitsAreRejected) {
  PhoneResult r = ValidateMobile("138-1234-567a");
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_NE(r.zh.find("只能包含数字"), std::string::npos) << r.zh;
}

TEST(MobileTest, NumbersOutsideMainlandAreRejected) {
  PhoneResult r = ValidateMobile("+852 9123 4567");
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_NE(r.zh.find("中国大陆"), std::string::npos) << r.zh;
}

class CreditCodeTest : public IdNumberTest {};

TEST_F(CreditCodeTest, ValidCodeIsOk) {
  CreditCodeResult r = ValidateCreditCode("91350100M000100Y43", *d_);
  EXPECT_TRUE(r.ok()) << r.en;
  EXPECT_EQ(r.normalized, "91350100M000100Y43");
  EXPECT_EQ(r.region_prefix, "350100");
  EXPECT_TRUE(ValidateCreditCode("91350100m000100y43", *d_).ok());
  EXPECT_TRUE(ValidateCreditCode("91530622MA6K00000M", *d_).ok());
}

TEST_F(CreditCodeTest, BadCheckCharacterIsOnlyAWarning) {
  CreditCodeResult r = ValidateCreditCode("91350100M000100Y44", *d_);
  EXPECT_EQ(r.severity, Severity::kWarning);
  EXPECT_EQ(r.normalized, "91350100M000100Y44");
  EXPECT_NE(r.zh.find("校验不通过"), std::string::npos) << r.zh;
  EXPECT_NE(r.zh.find("注明原因"), std::string::npos) << r.zh;
  EXPECT_EQ(r.ToStatus("统一社会信用代码").code(), StatusCode::kFailedPrecondition);
}

TEST_F(CreditCodeTest, UnknownRegionIsAWarning) {
  CreditCodeResult r = ValidateCreditCode("91990000MA6K00000E", *d_);  // check char right
  EXPECT_EQ(r.severity, Severity::kWarning);
  EXPECT_NE(r.zh.find("第3-8位"), std::string::npos) << r.zh;
  EXPECT_EQ(r.zh.find("校验不通过"), std::string::npos) << r.zh;
}

TEST_F(CreditCodeTest, CharacterOutsideTheAlphabetIsAnError) {
  for (const char* in : {"91350100M000100I43", "91350100M000100O43", "91350100M000100Z43"}) {
    CreditCodeResult r = ValidateCreditCode(in, *d_);
    EXPECT_EQ(r.severity, Severity::kError) << in;
    EXPECT_NE(r.zh.find("不含 I、O、Z、S、V"), std::string::npos) << r.zh;
  }
}

TEST_F(CreditCodeTest, WrongLengthIsAnError) {
  CreditCodeResult r = ValidateCreditCode("91350100M000100Y4", *d_);
  EXPECT_EQ(r.severity, Severity::kError);
  EXPECT_NE(r.zh.find("现在是17位"), std::string::npos) << r.zh;
  EXPECT_EQ(r.ToStatus("统一社会信用代码").code(), StatusCode::kInvalidArgument);
}

TEST(MaskTest, IdNumberKeepsRegionAndLastFour) {
  EXPECT_EQ(MaskIdNumber("530622199001011234"), "530622********1234");
  EXPECT_EQ(MaskIdNumber("11010519491231002X"), "110105********002X");
  EXPECT_EQ(MaskIdNumber("1234"), "****");
}

TEST(MaskTest, PhoneKeepsFirstThreeAndLastFour) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("12345"), "*****");
}

}  // namespace
}  // namespace xiezuo::codes
