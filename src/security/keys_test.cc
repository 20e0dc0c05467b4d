#include "security/keys.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

namespace xiezuo::security {
namespace {

constexpr char kHex[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "xiezuo_keys_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string WriteKeyFile(const std::string& name, const std::string& text, mode_t mode) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }

  static mode_t Mode(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0);
    return st.st_mode & 07777;
  }

  std::filesystem::path dir_;
};

TEST(KeyRingTest, LoadsHexFromEnvironmentValue) {
  KeySource src{.hex = std::string(kHex), .file_path = "/nonexistent/should-not-be-read"};
  auto keys = KeyRing::Load(src);
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_EQ((*keys)->Fingerprint().size(), 16u);
}

TEST(KeyRingTest, AcceptsUpperCaseHexAndTrailingNewline) {
  std::string upper(kHex);
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  auto a = KeyRing::Load({.hex = upper + "\n"});
  auto b = KeyRing::Load({.hex = std::string(kHex)});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ((*a)->Fingerprint(), (*b)->Fingerprint());
}

TEST(KeyRingTest, RefusesHexOfWrongLength) {
  auto keys = KeyRing::Load({.hex = std::string(kHex).substr(0, 62)});
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(keys.status().en().find("64 hex characters"), std::string::npos);
  EXPECT_NE(keys.status().zh().find("64 个十六进制字符"), std::string::npos);
  EXPECT_NE(keys.status().en().find("XIEZUO_KEY"), std::string::npos);
}

TEST(KeyRingTest, RefusesNonHexCharacterWithoutEchoingTheKey) {
  std::string bad(kHex);
  bad[10] = 'g';
  auto keys = KeyRing::Load({.hex = bad});
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(keys.status().en().find("character 11"), std::string::npos);
  EXPECT_EQ(keys.status().en().find(bad.substr(0, 16)), std::string::npos);
  EXPECT_EQ(keys.status().zh().find(bad.substr(0, 16)), std::string::npos);
}

TEST(KeyRingTest, EmptyEnvironmentValueIsAnErrorNotAFallback) {
  auto keys = KeyRing::Load({.hex = std::string()});
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().code(), StatusCode::kInvalidArgument);
}

TEST(KeyRingTest, KeySourceFromEnvReadsBothVariables) {
  std::map<std::string, std::string> env = {{"XIEZUO_KEY", kHex},
                                            {"XIEZUO_KEY_FILE", "/etc/xiezuo/key"}};
  auto get = [&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  KeySource src = KeySourceFromEnv(get);
  ASSERT_TRUE(src.hex.has_value());
  EXPECT_EQ(*src.hex, kHex);
  EXPECT_EQ(src.file_path, "/etc/xiezuo/key");

  env.clear();
  src = KeySourceFromEnv(get);
  EXPECT_FALSE(src.hex.has_value());
  EXPECT_EQ(src.file_path, kDefaultKeyFile);
}

TEST(KeyRingTest, SubkeysAreDistinctPerPurposeAndPerMaster) {
  auto a = KeyRing::ForTesting(1);
  auto b = KeyRing::ForTesting(2);
  const KeyPurpose all[] = {KeyPurpose::kPiiEncryption, KeyPurpose::kBlindIndex,
                            KeyPurpose::kAuditChain, KeyPurpose::kSessionToken};
  for (KeyPurpose p : all) {
    for (KeyPurpose q : all) {
      if (p != q) {
        EXPECT_NE(a->Subkey(p), a->Subkey(q));
      }
    }
    EXPECT_NE(a->Subkey(p), b->Subkey(p));
  }
  EXPECT_NE(a->Fingerprint(), b->Fingerprint());
  EXPECT_EQ(a->Fingerprint(), KeyRing::ForTesting(1)->Fingerprint());
}

TEST_F(KeyFileTest, CreatesMissingKeyFileWithMode0600AndParentDirs) {
  std::string path = (dir_ / "var" / "nested" / "xiezuo.key").string();
  auto created = KeyRing::Load({.file_path = path, .create_if_missing = true});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(Mode(path), 0600u);
  EXPECT_EQ(Mode((dir_ / "var").string()) & 077, 0u);

  // Loading again reads the same key rather than making a new one.
  auto again = KeyRing::Load({.file_path = path, .create_if_missing = true});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*created)->Fingerprint(), (*again)->Fingerprint());
  EXPECT_EQ((*created)->Subkey(KeyPurpose::kPiiEncryption),
            (*again)->Subkey(KeyPurpose::kPiiEncryption));
  // No temp files left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_ / "var" / "nested"),
                          std::filesystem::directory_iterator()),
            1);
}

TEST_F(KeyFileTest, MissingKeyFileWithoutCreateSaysHowToFixIt) {
  std::string path = (dir_ / "absent.key").string();
  auto keys = KeyRing::Load({.file_path = path});
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(keys.status().en().find("openssl rand -hex 32"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(KeyFileTest, LoadsKeyFileWithMode0600) {
  std::string path = WriteKeyFile("ok.key", std::string(kHex) + "\n", 0600);
  auto from_file = KeyRing::Load({.file_path = path});
  ASSERT_TRUE(from_file.ok()) << from_file.status().ToString();
  auto from_env = KeyRing::Load({.hex = std::string(kHex)});
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ((*from_file)->Fingerprint(), (*from_env)->Fingerprint());
}

TEST_F(KeyFileTest, RefusesGroupReadableKeyFile) {
  std::string path = WriteKeyFile("group.key", kHex, 0640);
  auto keys = KeyRing::Load({.file_path = path});
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(keys.status().en().find("chmod 600"), std::string::npos);
  EXPECT_NE(keys.status().en().find("0640"), std::string::npos);
  EXPECT_NE(keys.status().zh().find("chmod 600"), std::string::npos);
}

TEST_F(KeyFileTest, RefusesWorldReadableKeyFileEvenWithCreate) {
  std::string path = WriteKeyFile("world.key", kHex, 0604);
  auto keys = KeyRing::Load({.file_path = path, .create_if_missing = true});
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(KeyFileTest, RefusesMalformedKeyFileNamingThePath) {
  std::string path = WriteKeyFile("short.key", "abcdef\n", 0600);
  auto keys = KeyRing::Load({.file_path = path});
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(keys.status().en().find(path), std::string::npos);
}

TEST_F(KeyFileTest, EnvironmentKeyTakesPrecedenceOverFile) {
  std::string path = WriteKeyFile("bad.key", "not a key", 0644);
  auto keys = KeyRing::Load({.hex = std::string(kHex), .file_path = path});
  EXPECT_TRUE(keys.ok()) << keys.status().ToString();
}

}  // namespace
}  // namespace xiezuo::security
