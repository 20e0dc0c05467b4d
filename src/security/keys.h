// KeyRing: the master key of a xiezuo deployment and the independent subkeys
// derived from it, one per purpose.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<security::KeyRing> keys,
//                    security::KeyRing::Load(security::KeySourceFromEnv()));
//   security::PiiCipher pii(*keys);
//   spdlog::info("master key fingerprint {}", keys->Fingerprint());  // safe
//
// Where the key comes from, in order:
//   1. XIEZUO_KEY: 64 hex characters (32 bytes). If the variable is set at
//      all it wins, and an empty or malformed value is an error rather than a
//      silent fallback to the file (that would encrypt with another key).
//   2. The key file XIEZUO_KEY_FILE (default var/xiezuo.key): 64 hex
//      characters, optional trailing newline. It must be a regular file with
//      no group/other permission bits (chmod 600). With create_if_missing a
//      fresh random key is written there (mode 0600, parent directories
//      created 0700) when it does not exist; this is for development and the
//      demo. In production create the key once (openssl rand -hex 32) and
//      back it up: losing it makes every encrypted ID number unreadable.
//
// Subkeys are derived with crypto_kdf (BLAKE2b) so that a leak or misuse of
// one (say, the session-token key showing up in a debugger) reveals nothing
// about the others, and so that one purpose can never be confused with
// another. The master key itself is wiped right after derivation.
//
// Never log keys or subkeys. Fingerprint() is a one-way 8-byte check value
// that operators can compare across hosts to catch "wrong key" deployments.
//
// Ownership: the app wiring owns the KeyRing for the life of the process and
// passes it by reference. Thread-safety: immutable after Load; safe to share.
#ifndef XIEZUO_SECURITY_KEYS_H_
#define XIEZUO_SECURITY_KEYS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace xiezuo::security {

inline constexpr size_t kKeyBytes = 32;
using Key = std::array<unsigned char, kKeyBytes>;

// What each derived subkey is for. The numeric values are the crypto_kdf
// subkey ids: never renumber or reuse one, or stored data becomes unreadable.
enum class KeyPurpose : uint64_t {
  kPiiEncryption = 1,  // XChaCha20-Poly1305 for ID numbers, phones (pii.h)
  kBlindIndex = 2,     // keyed BLAKE2b for lookup/UNIQUE columns (pii.h)
  kAuditChain = 3,     // keyed BLAKE2b MAC chaining audit rows (audit_chain.h)
  kSessionToken = 4,   // keyed BLAKE2b of session tokens (tokens.h)
};

inline constexpr std::string_view kDefaultKeyFile = "var/xiezuo.key";

struct KeySource {
  // Contents of XIEZUO_KEY when the variable is set (even if empty).
  std::optional<std::string> hex;
  // Used only when `hex` is unset.
  std::string file_path = std::string(kDefaultKeyFile);
  // Generate and write a random key when `file_path` does not exist.
  bool create_if_missing = false;
};

// Reads XIEZUO_KEY and XIEZUO_KEY_FILE through `getenv_fn` (a seam for
// tests; returns nullptr when unset). create_if_missing is left false.
KeySource KeySourceFromEnv(const std::function<const char*(const char*)>& getenv_fn);
KeySource KeySourceFromEnv();  // std::getenv

class KeyRing {
 public:
  // Errors (zh + en, never containing key material):
  //   InvalidArgument     malformed hex (wrong length, non-hex characters)
  //   FailedPrecondition  no key file and !create_if_missing; key file has
  //                       group/other permissions or is not a regular file
  //   Unavailable         I/O errors reading or creating the file
  [[nodiscard]] static StatusOr<std::unique_ptr<KeyRing>> Load(const KeySource& source);

  // A deterministic key (every master byte = seed). Tests only: different
  // seeds give unrelated subkeys, so key separation can be tested.
  static std::unique_ptr<KeyRing> ForTesting(uint8_t seed);

  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;
  ~KeyRing();  // wipes the subkeys

  // For the primitives in src/security/ only; other modules use PiiCipher,
  // HashToken and ChainHash rather than raw keys.
  const Key& Subkey(KeyPurpose purpose) const;

  // 16 hex characters identifying the master key; safe to log.
  const std::string& Fingerprint() const { return fingerprint_; }

 private:
  explicit KeyRing(Key& master);  // derives, then wipes `master`

  Key pii_{};
  Key blind_index_{};
  Key audit_chain_{};
  Key session_token_{};
  std::string fingerprint_;
};

}  // namespace xiezuo::security

#endif  // XIEZUO_SECURITY_KEYS_H_
