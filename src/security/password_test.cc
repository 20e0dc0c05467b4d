#include "security/password.h"

#include <gtest/gtest.h>

#include "common/strings.h"

namespace xiezuo::security {
namespace {

const PasswordParams kFast = PasswordParams::FastForTests();

// True if `s` failed with rule `rule` (in detail()) and a field error on
// "password" carrying both languages.
::testing::AssertionResult BrokeRule(const Status& s, std::string_view rule) {
  if (s.ok()) return ::testing::AssertionFailure() << "status is OK";
  if (s.code() != StatusCode::kInvalidArgument) {
    return ::testing::AssertionFailure() << "code " << StatusCodeName(s.code());
  }
  std::string rules = "," + s.detail() + ",";
  if (rules.find("," + std::string(rule) + ",") == std::string::npos) {
    return ::testing::AssertionFailure() << "rules were: " << s.detail();
  }
  if (s.fields().empty()) return ::testing::AssertionFailure() << "no field errors";
  for (const auto& f : s.fields()) {
    if (f.field != "password" || f.zh.empty() || f.en.empty()) {
      return ::testing::AssertionFailure() << "bad field error: " << f.field;
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(PasswordHashTest, HashThenVerify) {
  auto hash = HashPassword("Gz-劳务协作-2025", kFast);
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_TRUE(StartsWith(*hash, "$argon2id$"));
  EXPECT_TRUE(VerifyPassword(*hash, "Gz-劳务协作-2025"));
}

TEST(PasswordHashTest, WrongPasswordFails) {
  auto hash = HashPassword("Correct-Horse-9", kFast);
  ASSERT_TRUE(hash.ok());
  EXPECT_FALSE(VerifyPassword(*hash, "Correct-Horse-8"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
}

TEST(PasswordHashTest, SaltedSoSamePasswordHashesDifferently) {
  auto a = HashPassword("Correct-Horse-9", kFast);
  auto b = HashPassword("Correct-Horse-9", kFast);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(PasswordHashTest, MalformedHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "x"));
  EXPECT_FALSE(VerifyPassword(std::string(300, 'a'), "x"));
}

TEST(PasswordHashTest, NeedsRehashWhenParamsChange) {
  auto hash = HashPassword("Correct-Horse-9", kFast);
  ASSERT_TRUE(hash.ok());
  EXPECT_FALSE(NeedsRehash(*hash, kFast));
  EXPECT_TRUE(NeedsRehash(*hash, PasswordParams::Interactive()));
  EXPECT_TRUE(NeedsRehash("not a hash", kFast));
}

TEST(PasswordHashTest, RefusesOverlongPassword) {
  auto hash = HashPassword(std::string(kMaxPasswordBytes + 1, 'a'), kFast);
  ASSERT_FALSE(hash.ok());
  ASSERT_EQ(hash.status().fields().size(), 1u);
  EXPECT_EQ(hash.status().fields()[0].field, "password");
}

TEST(PasswordPolicyTest, AcceptsStrongPassword) {
  Status s = CheckPasswordPolicy("Tide-lamp-47-orbit", "zhangsan");
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(PasswordPolicyTest, AcceptsChineseAsSymbolClass) {
  Status s = CheckPasswordPolicy("协作平台abc2025", "zhangsan");
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(PasswordPolicyTest, TooShort) {
  Status s = CheckPasswordPolicy("Ab1!xyz", "zhangsan");
  EXPECT_TRUE(BrokeRule(s, "too_short"));
  EXPECT_NE(s.fields()[0].en.find("at least 10"), std::string::npos);
}

TEST(PasswordPolicyTest, LengthCountsCharactersNotBytes) {
  // Nine characters, 27 bytes: still too short.
  EXPECT_TRUE(BrokeRule(CheckPasswordPolicy("一二三四五六七八九", "zhangsan"), "too_short"));
}

TEST(PasswordPolicyTest, TooLong) {
  EXPECT_TRUE(
      BrokeRule(CheckPasswordPolicy("Aa1!" + std::string(125, 'x'), "zhangsan"), "too_long"));
}

TEST(PasswordPolicyTest, TooFewClasses) {
  Status s = CheckPasswordPolicy("abcdefghij12", "zhangsan");
  EXPECT_TRUE(BrokeRule(s, "too_few_classes"));
  EXPECT_EQ(s.detail(), "too_few_classes");
}

TEST(PasswordPolicyTest, ContainsUsernameIgnoringCase) {
  Status s = CheckPasswordPolicy("My-ZhangSan-2025", "zhangsan");
  EXPECT_TRUE(BrokeRule(s, "contains_username"));
  EXPECT_EQ(s.detail(), "contains_username");
}

TEST(PasswordPolicyTest, VeryShortUsernameIsNotChecked) {
  EXPECT_TRUE(CheckPasswordPolicy("Tide-lamp-47-li", "li").ok());
}

TEST(PasswordPolicyTest, CommonPasswordIgnoringCase) {
  for (const char* pw : {"Password123!", "Admin@123456", "Abc@123456", "ABC@123456", "Qwerty@12345",
                         "12345678Aa!"}) {
    Status s = CheckPasswordPolicy(pw, "zhangsan");
    EXPECT_TRUE(BrokeRule(s, "common_password")) << pw;
    EXPECT_EQ(s.detail(), "common_password") << pw;
  }
  EXPECT_TRUE(BrokeRule(CheckPasswordPolicy("woaini1314", "zhangsan"), "common_password"));
}

TEST(PasswordPolicyTest, ReportsEveryBrokenRuleAtOnce) {
  Status s = CheckPasswordPolicy("bob", "bob");
  EXPECT_TRUE(BrokeRule(s, "too_short"));
  EXPECT_TRUE(BrokeRule(s, "too_few_classes"));
  EXPECT_TRUE(BrokeRule(s, "contains_username"));
  EXPECT_EQ(s.fields().size(), 3u);
}

TEST(PasswordPolicyTest, ControlCharactersAndInvalidUtf8) {
  EXPECT_TRUE(BrokeRule(CheckPasswordPolicy("Tide-lamp-47\n", "zhangsan"), "bad_characters"));
  EXPECT_TRUE(BrokeRule(CheckPasswordPolicy("Tide-lamp-47\xff", "zhangsan"), "bad_characters"));
}

}  // namespace
}  // namespace xiezuo::security
