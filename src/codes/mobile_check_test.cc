#include "codes/mobile_check.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace xiezuo::codes {
namespace {

void ExpectSameAsValidateMobile(const std::string& number) {
  codes::PhoneResult want = codes::ValidateMobile(number);
  codes::PhoneResult got = ValidateMobileFast(number);
  EXPECT_EQ(got.ok(), want.ok()) << number;
  EXPECT_EQ(got.normalized, want.normalized) << number;
  EXPECT_EQ(got.zh, want.zh) << number;
}

// Every 3-digit prefix 110-199 and a spread of blocks under it: the first
// number of a block (remembered), then two others from it (answered from
// memory) must give ValidateMobile's verdict.
TEST(MobileCheck, BlocksAnswerLikeValidateMobile) {
  char buf[16];
  for (int prefix = 110; prefix <= 199; ++prefix) {
    for (int block = 0; block < 10000; block += 37) {
      for (int suffix : {0, 9999, 4821}) {
        std::snprintf(buf, sizeof buf, "%03d%04d%04d", prefix, block, suffix);
        ExpectSameAsValidateMobile(buf);
      }
    }
  }
}

TEST(MobileCheck, OtherShapesGoThroughValidateMobile) {
  for (const char* s : {"138 1234 5678", "+86 138 1234 5678", "1381234567", "138123456789",
                        "01012345678", "1381234567x", "", "１３８１２３４５６７８"}) {
    ExpectSameAsValidateMobile(s);
  }
}

TEST(MobileCheck, ARejectedNumberIsNotRemembered) {
  EXPECT_FALSE(ValidateMobileFast("12012345678").ok());
  EXPECT_FALSE(ValidateMobileFast("12012345679").ok());
  EXPECT_TRUE(ValidateMobileFast("13812345678").ok());
  EXPECT_EQ(ValidateMobileFast("13812345699").normalized, "13812345699");
}

}  // namespace
}  // namespace xiezuo::codes
