#include "security/crypto.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace xiezuo::security {

Status InitCrypto() {
  // sodium_init() is itself thread-safe and returns 1 when already done; the
  // static only saves the call on hot paths.
  static const int rc = sodium_init();
  if (rc < 0) {
    return Status(StatusCode::kInternal, "加密库（libsodium）初始化失败，请检查系统随机数源",
                  "libsodium failed to initialise; check the system randomness source");
  }
  return Status::Ok();
}

namespace internal {
void EnsureCrypto() {
  Status s = InitCrypto();
  if (!s.ok()) {
    std::fprintf(stderr, "xiezuo: fatal: %s\n", s.message().c_str());
    std::abort();
  }
}
}  // namespace internal

}  // namespace xiezuo::security
