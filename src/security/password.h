// Password hashing (Argon2id) and the password policy.
//
//   RETURN_IF_ERROR(security::CheckPasswordPolicy(pw, username));
//   ASSIGN_OR_RETURN(std::string hash,
//                    security::HashPassword(pw, security::PasswordParams::Interactive()));
//   ...
//   if (!security::VerifyPassword(user.password_hash, pw)) { /* reject */ }
//   if (security::NeedsRehash(user.password_hash, params)) { /* re-hash, store */ }
//
// Hashes are libsodium's self-describing "$argon2id$v=19$m=...,t=...,p=1$..."
// strings (< 128 bytes) holding their own salt and cost, so raising the cost
// later only needs NeedsRehash on the next successful login.
//
// Cost: HashPassword and VerifyPassword are deliberately slow and
// memory-hungry (Interactive: ~64 MiB, tens of milliseconds per call). Call
// them without holding locks, and bound how many run at once. Production
// uses Interactive() or stronger; FastForTests() exists only so tests and
// demo-data loading do not spend minutes hashing.
//
// Timing: when the username does not exist, callers should still run
// VerifyPassword against a fixed dummy hash made with the same params, so
// response time does not reveal which usernames exist.
//
// Thread-safety: all functions are reentrant.
#ifndef XIEZUO_SECURITY_PASSWORD_H_
#define XIEZUO_SECURITY_PASSWORD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace xiezuo::security {

struct PasswordParams {
  uint64_t opslimit;  // Argon2 passes over memory
  size_t memlimit;    // bytes of memory per hash

  // crypto_pwhash_OPSLIMIT/MEMLIMIT_INTERACTIVE (2 passes, 64 MiB). The floor
  // for production.
  static PasswordParams Interactive();
  // crypto_pwhash_OPSLIMIT_MIN/MEMLIMIT_MIN (1 pass, 8 KiB). Tests and demo
  // data only: offers almost no resistance to offline guessing.
  static PasswordParams FastForTests();
};

// Longest password accepted, in bytes (policy and hashing alike).
inline constexpr size_t kMaxPasswordBytes = 128;
// Shortest password accepted by the policy, in Unicode characters.
inline constexpr size_t kMinPasswordChars = 10;

// Errors: InvalidArgument (field "password") if longer than
// kMaxPasswordBytes; Internal if the hash cannot be computed (out of memory,
// params out of libsodium's range).
[[nodiscard]] StatusOr<std::string> HashPassword(std::string_view password,
                                                 const PasswordParams& params);

// True only if `hash` is a well-formed Argon2 hash string of `password`.
// Malformed or empty hashes return false, never crash.
[[nodiscard]] bool VerifyPassword(std::string_view hash, std::string_view password);

// True if `hash` was made with parameters other than `params` (or is not a
// valid Argon2id hash at all): re-hash the password after a successful login.
[[nodiscard]] bool NeedsRehash(std::string_view hash, const PasswordParams& params);

// The rules for a new password, checked all at once so the user can fix
// every problem in one go:
//   - at least kMinPasswordChars characters, at most kMaxPasswordBytes bytes;
//   - at least 3 of 4 classes: lower-case, upper-case, digit, symbol (any
//     other character, including Chinese and other non-ASCII, is a symbol);
//   - does not contain the username, ignoring ASCII case (usernames shorter
//     than 3 bytes are not checked: they would reject too many passwords);
//   - not one of a short list of passwords attackers try first
//     ("Password123!", "Abc@123456", "woaini1314", ...), ignoring ASCII case;
//   - valid UTF-8 without control characters.
// Returns OK or InvalidArgument with one FieldError on "password" per broken
// rule (zh + en, each saying what to do). detail() lists the broken rules as
// comma-separated ids for callers and tests: too_short, too_long,
// too_few_classes, contains_username, common_password, bad_characters.
Status CheckPasswordPolicy(std::string_view password, std::string_view username);

}  // namespace xiezuo::security

#endif  // XIEZUO_SECURITY_PASSWORD_H_
