#include "security/audit_chain.h"

#include <sodium.h>

#include "common/strings.h"
#include "security/crypto.h"
#include "security/tokens.h"

namespace xiezuo::security {

namespace {

void PutU64(crypto_generichash_state* st, uint64_t v) {
  unsigned char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
  crypto_generichash_update(st, b, sizeof b);
}

void PutI64(crypto_generichash_state* st, int64_t v) {
  PutU64(st, static_cast<uint64_t>(v));  // two's complement, fixed width
}

void PutString(crypto_generichash_state* st, std::string_view s) {
  PutU64(st, s.size());
  crypto_generichash_update(st, reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

}  // namespace

std::string ChainHash(const KeyRing& keys, std::string_view prev_hash, const AuditFields& f) {
  internal::EnsureCrypto();
  const Key& key = keys.Subkey(KeyPurpose::kAuditChain);
  constexpr size_t kOut = 32;
  crypto_generichash_state st;
  crypto_generichash_init(&st, key.data(), key.size(), kOut);
  // Bump the tag if the encoding ever changes; old rows keep verifying with
  // the old code path.
  PutString(&st, "xiezuo.audit_chain.v1");
  PutString(&st, prev_hash);
  PutI64(&st, f.id);
  PutI64(&st, f.at);
  PutI64(&st, f.user_id);
  PutString(&st, f.action);
  PutString(&st, f.object);
  PutString(&st, f.result);
  PutString(&st, f.detail);
  unsigned char out[kOut];
  crypto_generichash_final(&st, out, kOut);
  return ToHex(out, kOut);
}

bool ChainHashMatches(const KeyRing& keys, std::string_view prev_hash, const AuditFields& f,
                      std::string_view stored_hash) {
  return ConstantTimeEquals(ChainHash(keys, prev_hash, f), stored_hash);
}

}  // namespace xiezuo::security
