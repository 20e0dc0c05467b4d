#include "security/digest.h"

#include <sodium.h>

#include "security/crypto.h"

namespace xiezuo::security {

namespace {
const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  internal::EnsureCrypto();
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, Bytes(bytes), bytes.size());
  std::string hex(crypto_hash_sha256_BYTES * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), h, sizeof h);
  hex.pop_back();
  return hex;
}

std::string Base64(std::string_view bytes) {
  internal::EnsureCrypto();
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), Bytes(bytes), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // the terminating NUL
  return out;
}

std::optional<std::string> Unbase64(std::string_view text) {
  internal::EnsureCrypto();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

}  // namespace xiezuo::security
