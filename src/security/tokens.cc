#include "security/tokens.h"

#include <sodium.h>

#include "common/strings.h"
#include "security/crypto.h"

namespace xiezuo::security {

std::string RandomToken(size_t bytes) {
  internal::EnsureCrypto();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  size_t len = sodium_base64_ENCODED_LEN(bytes, kVariant);
  std::string out(len, '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), kVariant);
  out.resize(len - 1);  // drop the NUL terminator
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string HashToken(const KeyRing& keys, std::string_view token) {
  internal::EnsureCrypto();
  const Key& key = keys.Subkey(KeyPurpose::kSessionToken);
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), key.data(), key.size());
  return ToHex(out, sizeof out);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  internal::EnsureCrypto();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string RandomDigits(int n) {
  internal::EnsureCrypto();
  if (n <= 0) return "";
  std::string out(static_cast<size_t>(n), '0');
  for (char& c : out) c = static_cast<char>('0' + randombytes_uniform(10));
  return out;
}

}  // namespace xiezuo::security
