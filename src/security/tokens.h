// Random tokens and codes, token hashing and constant-time comparison.
//
//   std::string token = security::RandomToken();         // give to the client
//   std::string stored = security::HashToken(*keys, token);  // store only this
//   ...
//   auto session = sessions.FindByHash(security::HashToken(*keys, presented));
//   std::string sms_code = security::RandomDigits(6);
//
// Randomness comes straight from the OS CSPRNG (libsodium randombytes), not
// through a test seam: a replaceable source for secrets is a way to ship
// predictable tokens. Tests check shape and distribution, not values.
//
// HashToken is keyed (BLAKE2b-256 with the KeyRing's session-token subkey),
// a deliberate choice over a plain hash. Sessions are stored only as this
// hash, so a leaked database (a backup, a read-only SQL injection) yields
// nothing usable: true for a plain hash too, as tokens carry 256 random
// bits. The key adds defence against an attacker who can *write* the
// sessions table: with a plain hash they could insert the hash of a token
// they chose and log in as anyone; with a keyed hash they also need the key.
// Cost: rotating the master key logs everyone out, which is acceptable.
//
// Thread-safety: all functions are reentrant.
#ifndef XIEZUO_SECURITY_TOKENS_H_
#define XIEZUO_SECURITY_TOKENS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "security/keys.h"

namespace xiezuo::security {

// `bytes` random bytes (default 256 bits) as URL-safe base64 without
// padding: 43 characters for 32 bytes, safe in cookies, headers and URLs.
std::string RandomToken(size_t bytes = 32);

// Lower-case hex (64 chars) of keyed BLAKE2b-256 of `token`. Deterministic
// for a given KeyRing, so it can be a UNIQUE lookup column.
std::string HashToken(const KeyRing& keys, std::string_view token);

// Compares in time that depends only on the lengths (which are not secret
// for fixed-size tokens and hashes). Different lengths are unequal.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// `n` decimal digits, each uniform over 0-9 (leading zeros kept), e.g. for
// SMS verification codes. n <= 0 gives "".
std::string RandomDigits(int n);

}  // namespace xiezuo::security

#endif  // XIEZUO_SECURITY_TOKENS_H_
