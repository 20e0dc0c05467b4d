#include "security/pii.h"

#include <fmt/format.h>
#include <sodium.h>

#include <cstdint>

#include "common/strings.h"
#include "security/crypto.h"

namespace xiezuo::security {

namespace {

constexpr std::string_view kVersionPrefix = "v1:";
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr int kBase64Variant = sodium_base64_VARIANT_ORIGINAL;
static_assert(kKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Length-prefixed (u64 little-endian) so that ("ab", "c") and ("a", "bc")
// hash differently.
void UpdateWithLength(crypto_generichash_state* st, std::string_view s) {
  unsigned char len[8];
  uint64_t n = s.size();
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
  crypto_generichash_update(st, len, sizeof len);
  crypto_generichash_update(st, Bytes(s), s.size());
}

Status Corrupt(std::string_view context, std::string_view why_en) {
  return Status(StatusCode::kInternal,
                fmt::format("加密字段 {} 无法解密（数据损坏、被篡改或密钥不符）", context),
                fmt::format("Encrypted field {} could not be decrypted: {}", context, why_en))
      .set_detail(std::string(context));
}

}  // namespace

PiiCipher::PiiCipher(const KeyRing& keys)
    : enc_key_(keys.Subkey(KeyPurpose::kPiiEncryption)),
      index_key_(keys.Subkey(KeyPurpose::kBlindIndex)) {
  internal::EnsureCrypto();
}

PiiCipher::~PiiCipher() {
  sodium_memzero(enc_key_.data(), enc_key_.size());
  sodium_memzero(index_key_.data(), index_key_.size());
}

std::string PiiCipher::Encrypt(std::string_view plaintext, std::string_view context) const {
  std::string raw(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(raw.data());
  randombytes_buf(nonce, kNonceBytes);
  unsigned long long ct_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonceBytes, &ct_len, Bytes(plaintext),
                                             plaintext.size(), Bytes(context), context.size(),
                                             nullptr, nonce, enc_key_.data());
  raw.resize(kNonceBytes + ct_len);

  std::string out(kVersionPrefix);
  size_t b64_size = sodium_base64_ENCODED_LEN(raw.size(), kBase64Variant);
  std::string b64(b64_size, '\0');
  sodium_bin2base64(b64.data(), b64.size(), Bytes(raw), raw.size(), kBase64Variant);
  b64.resize(b64_size - 1);  // drop the NUL terminator
  out += b64;
  return out;
}

StatusOr<std::string> PiiCipher::Decrypt(std::string_view stored, std::string_view context) const {
  if (!StartsWith(stored, kVersionPrefix)) {
    return Corrupt(context, "unknown format version (expected prefix v1:)");
  }
  std::string_view b64 = stored.substr(kVersionPrefix.size());
  std::string raw(b64.size(), '\0');  // base64 never decodes larger
  size_t raw_len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), b64.data(),
                        b64.size(), nullptr, &raw_len, &end, kBase64Variant) != 0 ||
      end != b64.data() + b64.size()) {
    return Corrupt(context, "not valid base64");
  }
  if (raw_len < kNonceBytes + kTagBytes) {
    return Corrupt(context, "too short");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw.data());
  std::string plain(raw_len - kNonceBytes - kTagBytes, '\0');
  unsigned long long plain_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plain_len, nullptr, nonce + kNonceBytes,
          raw_len - kNonceBytes, Bytes(context), context.size(), nonce, enc_key_.data()) != 0) {
    return Corrupt(context, "authentication failed (tampered, wrong column context or wrong key)");
  }
  plain.resize(plain_len);
  return plain;
}

std::string PiiCipher::BlindIndex(std::string_view normalized_value,
                                  std::string_view context) const {
  constexpr size_t kOut = 32;
  static_assert(kOut >= crypto_generichash_BYTES_MIN);
  crypto_generichash_state st;
  crypto_generichash_init(&st, index_key_.data(), index_key_.size(), kOut);
  UpdateWithLength(&st, "xiezuo.blind_index.v1");
  UpdateWithLength(&st, context);
  UpdateWithLength(&st, normalized_value);
  unsigned char out[kOut];
  crypto_generichash_final(&st, out, kOut);
  return ToHex(out, BlindIndexBytes(context));
}

size_t BlindIndexBytes(std::string_view context) {
  if (context == pii_context::kPhone) return 12;
  return 16;
}

}  // namespace xiezuo::security
