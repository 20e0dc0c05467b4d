// Process-wide crypto initialisation for xiezuo_security.
//
//   // In main(), before serving:
//   RETURN_IF_ERROR(security::InitCrypto());
//
// libsodium must be initialised once before use. InitCrypto() does so and
// reports failure as a Status; it is idempotent and thread-safe, and every
// function in this library also calls it lazily (aborting if libsodium cannot
// start, which only happens when the OS has no usable randomness source), so
// forgetting it in a test is harmless. App wiring should still call it at
// startup so that a broken host fails loudly before the first request.
#ifndef XIEZUO_SECURITY_CRYPTO_H_
#define XIEZUO_SECURITY_CRYPTO_H_

#include "common/status.h"

namespace xiezuo::security {

Status InitCrypto();

namespace internal {
// Calls InitCrypto() and aborts the process if it failed. Used inside this
// library by functions that have no Status to return (RandomToken, Encrypt).
void EnsureCrypto();
}  // namespace internal

}  // namespace xiezuo::security

#endif  // XIEZUO_SECURITY_CRYPTO_H_
