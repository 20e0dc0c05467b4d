// PiiCipher: field-level encryption and blind indexes for personal data
// (resident ID numbers, phone numbers) stored in the database.
//
//   security::PiiCipher pii(*keys);
//   std::string stored = pii.Encrypt(id_number, security::pii_context::kIdNumber);
//   std::string lookup = pii.BlindIndex(id_number, security::pii_context::kIdNumber);
//   ASSIGN_OR_RETURN(std::string back,
//                    pii.Decrypt(stored, security::pii_context::kIdNumber));
//
// Encrypt: XChaCha20-Poly1305 (IETF AEAD) with a fresh random 192-bit nonce
// per call, so encrypting the same value twice gives different strings and
// ciphertext columns cannot be joined or compared. The output is text-safe:
// "v1:" + standard base64(nonce || ciphertext || tag). The `context` names
// the column (e.g. "worker.id_number") and is bound in as associated data:
// a ciphertext copied into another column, or another table, fails to
// decrypt instead of silently showing the wrong person's data there.
//
// BlindIndex: a deterministic keyed BLAKE2b-256 of the value, with the
// context mixed in, cut to BlindIndexBytes(context) and hex-encoded. Store
// it beside the ciphertext and put UNIQUE constraints and exact-match
// lookups on it. Without the key it cannot be brute-forced (an unkeyed
// hash of an ID number could: the space is small).
// Context separation means the same phone number indexed for two columns
// gives unrelated hashes, so indexes cannot be joined across tables.
//   REQUIRES: the caller normalises the value identically on write and on
//   lookup (half-width, trimmed, ID check letter upper-case "X", phone in one
//   canonical form). BlindIndex hashes bytes; it does not normalise.
//
// Not for short values: the last 4 characters of an ID number have ~11,000
// possible values, which anyone with the key inverts at once; the masked
// copy of the number shows them anyway, and the search looks there.
//
// Keys: the cipher copies the PII and blind-index subkeys out of the KeyRing
// (which therefore need not outlive it) and wipes them on destruction.
// Thread-safety: const methods, safe for concurrent use.
#ifndef XIEZUO_SECURITY_PII_H_
#define XIEZUO_SECURITY_PII_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"
#include "security/keys.h"

namespace xiezuo::security {

// Registered contexts. Use these constants rather than literals, so that the
// write path and the read path cannot drift apart by a typo. Never change a
// value once data has been stored under it.
namespace pii_context {
inline constexpr std::string_view kIdNumber = "worker.id_number";
inline constexpr std::string_view kPhone = "worker.phone";
}  // namespace pii_context

// How much of the 256-bit hash a blind index keeps: as little as leaves
// collisions out of reach, because every stored row puts one entry per
// index at a random place, and at 64 hex characters the three worker
// indexes were ~80 MB each per million people and dominated a bulk import
// (measured: 24k rows/s at 1,000,000 rows; 42k with these lengths).
//   kIdNumber 16 bytes (32 hex): the person's key, UNIQUE; two of 10^9
//             people collide with probability ~10^-21.
//   kPhone    12 bytes (24 hex): looked up for sign-in by SMS code, opt-outs
//             and daily caps; ~6*10^-12 for 10^9 numbers.
//   any other context: 16 bytes.
// A cut is a prefix of the 256-bit hash, so shortening stored values is
// SUBSTR (migration 0009). Never lengthen one: old rows could not follow.
size_t BlindIndexBytes(std::string_view context);

class PiiCipher {
 public:
  explicit PiiCipher(const KeyRing& keys);
  ~PiiCipher();
  PiiCipher(const PiiCipher&) = delete;
  PiiCipher& operator=(const PiiCipher&) = delete;

  // Never fails. Empty plaintext is allowed (and still authenticated).
  std::string Encrypt(std::string_view plaintext, std::string_view context) const;

  // Errors are kInternal: a stored value that does not decrypt is corrupt,
  // tampered with, moved from another column, or was written under another
  // key; there is nothing a user can do about it. Messages never contain
  // the value.
  StatusOr<std::string> Decrypt(std::string_view stored, std::string_view context) const;

  // Lower-case hex of keyed BLAKE2b-256 over (context, normalized_value).
  std::string BlindIndex(std::string_view normalized_value, std::string_view context) const;

 private:
  Key enc_key_;
  Key index_key_;
};

}  // namespace xiezuo::security

#endif  // XIEZUO_SECURITY_PII_H_
