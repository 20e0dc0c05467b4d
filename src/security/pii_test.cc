#include "security/pii.h"

#include <gtest/gtest.h>

#include "common/strings.h"

namespace xiezuo::security {
namespace {

using pii_context::kIdNumber;
using pii_context::kPhone;

class PiiCipherTest : public ::testing::Test {
 protected:
  std::unique_ptr<KeyRing> keys_ = KeyRing::ForTesting(7);
  PiiCipher pii_{*keys_};
};

TEST_F(PiiCipherTest, RoundTripsChineseText) {
  const std::string plain = "张三 云南省昭通市巧家县 身份证 53062219900101123X";
  std::string stored = pii_.Encrypt(plain, kIdNumber);
  EXPECT_TRUE(StartsWith(stored, "v1:"));
  EXPECT_EQ(stored.find("张三"), std::string::npos);
  auto back = pii_.Decrypt(stored, kIdNumber);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, plain);
}

TEST_F(PiiCipherTest, RoundTripsEmptyValue) {
  auto back = pii_.Decrypt(pii_.Encrypt("", kPhone), kPhone);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, "");
}

TEST_F(PiiCipherTest, OutputIsPrintableAscii) {
  std::string stored = pii_.Encrypt("13800138000", kPhone);
  for (char c : stored) {
    EXPECT_TRUE(c > 0x20 && c < 0x7F) << static_cast<int>(c);
  }
}

TEST_F(PiiCipherTest, SamePlaintextEncryptsDifferentlyEachTime) {
  EXPECT_NE(pii_.Encrypt("13800138000", kPhone), pii_.Encrypt("13800138000", kPhone));
}

TEST_F(PiiCipherTest, DecryptWithWrongContextFails) {
  std::string stored = pii_.Encrypt("13800138000", kPhone);
  auto moved = pii_.Decrypt(stored, kIdNumber);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.status().code(), StatusCode::kInternal);
  EXPECT_EQ(moved.status().en().find("13800138000"), std::string::npos);
}

TEST_F(PiiCipherTest, TamperedCiphertextFails) {
  std::string stored = pii_.Encrypt("530622199001011234", kIdNumber);
  // Flip one base64 character in the middle (inside the ciphertext).
  std::string tampered = stored;
  size_t i = tampered.size() / 2;
  tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(pii_.Decrypt(tampered, kIdNumber).ok());
  // Truncated.
  EXPECT_FALSE(pii_.Decrypt(stored.substr(0, stored.size() - 4), kIdNumber).ok());
  // Wrong or missing version prefix.
  EXPECT_FALSE(pii_.Decrypt("v2:" + stored.substr(3), kIdNumber).ok());
  EXPECT_FALSE(pii_.Decrypt(stored.substr(3), kIdNumber).ok());
  // Not base64.
  EXPECT_FALSE(pii_.Decrypt("v1:!!!!", kIdNumber).ok());
  EXPECT_FALSE(pii_.Decrypt("", kIdNumber).ok());
  // The untouched value still decrypts.
  EXPECT_TRUE(pii_.Decrypt(stored, kIdNumber).ok());
}

TEST_F(PiiCipherTest, DecryptUnderAnotherKeyFails) {
  auto other_keys = KeyRing::ForTesting(8);
  PiiCipher other(*other_keys);
  EXPECT_FALSE(other.Decrypt(pii_.Encrypt("13800138000", kPhone), kPhone).ok());
}

TEST_F(PiiCipherTest, BlindIndexIsDeterministicHex) {
  std::string a = pii_.BlindIndex("53062219900101123X", kIdNumber);
  EXPECT_EQ(a, pii_.BlindIndex("53062219900101123X", kIdNumber));
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, pii_.BlindIndex("530622199001011231", kIdNumber));
  EXPECT_EQ(pii_.BlindIndex("13800138000", kPhone).size(), 24u);
  EXPECT_EQ(pii_.BlindIndex("x", "some.other.context").size(), 32u);
}

// Rows stored before migration 0009 hold the whole 256-bit hash (64 hex);
// the migration cuts them with SUBSTR, so today's index must be a prefix of
// what the earlier code wrote. These values were written by that code
// (KeyRing::ForTesting(7)).
TEST_F(PiiCipherTest, BlindIndexIsAPrefixOfTheOldFullHash) {
  EXPECT_EQ(pii_.BlindIndex("53062219900101123X", kIdNumber),
            std::string("17e172951ce0c347d88ff7c5cdf0d60ba1d177cb227c500bb3688edf8ebdb156")
                .substr(0, 32));
  EXPECT_EQ(pii_.BlindIndex("13800138000", kPhone),
            std::string("112da309240a4b1ce8e967c130424bfb3b707e1f1bfd2bb73fb2288eb296a431")
                .substr(0, 24));
  // A context registered until migration 0010, now cut to the default
  // 16 bytes: still a prefix of what the old code wrote.
  EXPECT_EQ(pii_.BlindIndex("123X", "worker.id_last4"),
            std::string("342839c04ce1d1517f2a954d50f318d8f0ecbdfab12c9b55d1e2295c1ad87287")
                .substr(0, 32));
}

TEST_F(PiiCipherTest, BlindIndexIsContextSeparated) {
  EXPECT_NE(pii_.BlindIndex("13800138000", kIdNumber).substr(0, 24),
            pii_.BlindIndex("13800138000", kPhone));
  // Length-prefixed: moving bytes between context and value changes the hash.
  EXPECT_NE(pii_.BlindIndex("bc", "a"), pii_.BlindIndex("c", "ab"));
}

TEST_F(PiiCipherTest, BlindIndexIsKeySeparated) {
  auto other_keys = KeyRing::ForTesting(8);
  PiiCipher other(*other_keys);
  EXPECT_NE(pii_.BlindIndex("13800138000", kPhone), other.BlindIndex("13800138000", kPhone));
}

}  // namespace
}  // namespace xiezuo::security
