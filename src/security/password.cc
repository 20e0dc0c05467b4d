#include "security/password.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <array>

#include "common/strings.h"
#include "security/crypto.h"

namespace xiezuo::security {

namespace {

constexpr std::string_view kField = "password";

// Passwords that satisfy (or nearly satisfy) the length and class rules yet
// top leaked-password lists, Chinese favourites included. Compared ignoring
// ASCII case, so write them in lower case. Kept short on purpose: this is a
// speed bump for the most predictable choices, not a breach-corpus check.
constexpr std::array<std::string_view, 36> kCommonPasswords = {
    "password123!", "password@123",  "p@ssw0rd123",  "p@ssword123",  "passw0rd!23",
    "admin@123456", "admin123456!",  "admin@12345",  "admin@2024",   "admin@2025",
    "qwerty@12345", "qwerty123456!", "1qaz@wsx3edc", "1qaz2wsx#edc", "1qaz!qaz2wsx",
    "abc@123456",   "abc123456!",    "abcd@123456",  "aa123456789",  "aa@123456789",
    "12345678aa!",  "woaini1314",    "woaini@1314",  "woaini1314!",  "5201314aa!",
    "aa5201314!",   "zxcvbnm@123",   "asdf@123456",  "welcome@123",  "root@123456",
    "huawei@123",   "huawei12#$",    "test@123456",  "iloveyou@123", "xiezuo@123456",
    "xiezuo@2025",
};

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

PasswordParams PasswordParams::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordParams PasswordParams::FastForTests() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

StatusOr<std::string> HashPassword(std::string_view password, const PasswordParams& params) {
  internal::EnsureCrypto();
  if (password.size() > kMaxPasswordBytes) {
    return FieldInvalid(std::string(kField),
                        fmt::format("密码不能超过 {} 个字节", kMaxPasswordBytes),
                        fmt::format("Password must be at most {} bytes", kMaxPasswordBytes));
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), params.opslimit, params.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Internal("Password hashing failed (out of memory or invalid cost parameters)");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  internal::EnsureCrypto();
  // libsodium wants a NUL-terminated hash of bounded length.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES ||
      hash.find('\0') != std::string_view::npos) {
    return false;
  }
  if (password.size() > kMaxPasswordBytes) return false;
  std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(std::string_view hash, const PasswordParams& params) {
  internal::EnsureCrypto();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES ||
      hash.find('\0') != std::string_view::npos) {
    return true;
  }
  std::string h(hash);
  // 1: different params; -1: not an Argon2id string. Both mean re-hash.
  return crypto_pwhash_str_needs_rehash(h.c_str(), params.opslimit, params.memlimit) != 0;
}

Status CheckPasswordPolicy(std::string_view password, std::string_view username) {
  Status s = InvalidArgument("密码不符合安全要求，请按提示修改",
                             "The password does not meet the security requirements");
  std::string rules;
  auto broke = [&](std::string_view rule, std::string zh, std::string en) {
    if (!rules.empty()) rules += ',';
    rules += rule;
    s.AddField(std::string(kField), std::move(zh), std::move(en));
  };

  bool valid_utf8 = IsValidUtf8(password);
  bool has_control = std::any_of(password.begin(), password.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
  if (!valid_utf8 || has_control) {
    broke("bad_characters", "密码含有无法识别的字符或控制字符（如换行、制表符），请重新输入",
          "The password contains unreadable or control characters (such as a newline "
          "or tab); please type it again");
  }

  size_t chars = Utf8Length(password);
  if (chars < kMinPasswordChars) {
    broke("too_short",
          fmt::format("密码至少需要 {} 个字符，当前只有 {} 个", kMinPasswordChars, chars),
          fmt::format("Use at least {} characters (this one has {})", kMinPasswordChars, chars));
  }
  if (password.size() > kMaxPasswordBytes) {
    broke("too_long",
          fmt::format("密码不能超过 {} 个字节（约 {} 个英文字符或 {} 个汉字）", kMaxPasswordBytes,
                      kMaxPasswordBytes, kMaxPasswordBytes / 3),
          fmt::format("Use at most {} bytes (about {} ASCII characters)", kMaxPasswordBytes,
                      kMaxPasswordBytes));
  }

  bool lower = false, upper = false, digit = false, symbol = false;
  for (char c : password) {
    if (c >= 'a' && c <= 'z')
      lower = true;
    else if (c >= 'A' && c <= 'Z')
      upper = true;
    else if (c >= '0' && c <= '9')
      digit = true;
    else
      symbol = true;
  }
  int classes = lower + upper + digit + symbol;
  if (classes < 3) {
    broke("too_few_classes",
          fmt::format("密码需包含小写字母、大写字母、数字、符号中的至少 3 类，当前只有 {} 类",
                      classes),
          fmt::format("Use at least 3 of: lower-case letters, upper-case letters, digits, "
                      "symbols (this one has {})",
                      classes));
  }

  std::string lower_pw = AsciiLower(password);
  std::string lower_user = AsciiLower(Trim(username));
  if (lower_user.size() >= 3 && lower_pw.find(lower_user) != std::string::npos) {
    broke("contains_username", "密码不能包含用户名，请换一个",
          "The password must not contain the username; choose another");
  }

  if (std::find(kCommonPasswords.begin(), kCommonPasswords.end(), lower_pw) !=
      kCommonPasswords.end()) {
    broke("common_password", "这是最常被猜中的密码之一，请换一个不易猜到的密码",
          "This is one of the passwords attackers try first; choose one that is harder "
          "to guess");
  }

  if (rules.empty()) return Status::Ok();
  s.set_detail(std::move(rules));
  return s;
}

}  // namespace xiezuo::security
