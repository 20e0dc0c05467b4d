#include "security/tokens.h"

#include <gtest/gtest.h>

#include <array>
#include <set>

namespace xiezuo::security {
namespace {

TEST(TokensTest, RandomTokenIsUrlSafeUnpaddedAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = RandomToken();
    EXPECT_EQ(t.size(), 43u);  // 32 bytes, base64 without padding
    EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                  "0123456789-_"),
              std::string::npos)
        << t;
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(RandomToken(16).size(), 22u);
}

TEST(TokensTest, HashTokenIsKeyedAndDeterministic) {
  auto a = KeyRing::ForTesting(1);
  auto b = KeyRing::ForTesting(2);
  std::string token = RandomToken();
  std::string h = HashToken(*a, token);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h, HashToken(*a, token));
  EXPECT_NE(h, HashToken(*b, token));
  EXPECT_NE(h, HashToken(*a, token + "x"));
}

TEST(TokensTest, HashTokenDiffersFromOtherKeyedHashes) {
  // Same input, different purpose keys: a session hash is never a valid
  // audit or index value.
  auto keys = KeyRing::ForTesting(1);
  EXPECT_NE(keys->Subkey(KeyPurpose::kSessionToken), keys->Subkey(KeyPurpose::kBlindIndex));
}

TEST(TokensTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
}

TEST(TokensTest, RandomDigitsHasRequestedLengthAndOnlyDigits) {
  EXPECT_EQ(RandomDigits(0), "");
  EXPECT_EQ(RandomDigits(-3), "");
  std::string code = RandomDigits(6);
  EXPECT_EQ(code.size(), 6u);
  EXPECT_EQ(code.find_first_not_of("0123456789"), std::string::npos);
}

TEST(TokensTest, RandomDigitsIsRoughlyUniform) {
  // 60,000 digits: each count is ~6,000 with sd ~73; a bound of +-600 fails
  // only for a broken generator (e.g. modulo bias or a stuck digit).
  std::array<int, 10> counts{};
  for (char c : RandomDigits(60000)) ++counts[c - '0'];
  for (int d = 0; d < 10; ++d) {
    EXPECT_GT(counts[d], 5400) << d;
    EXPECT_LT(counts[d], 6600) << d;
  }
}

}  // namespace
}  // namespace xiezuo::security
