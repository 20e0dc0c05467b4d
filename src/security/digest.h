// Content digests and base64 for stored files (photos), keeping libsodium
// behind xiezuo_security.
//
//   std::string key = security::Sha256Hex(bytes);   // 64 lowercase hex digits
//   std::string text = security::Base64(bytes);
//   std::optional<std::string> back = security::Unbase64(text);
//
// Pure functions; thread-safe.
#ifndef XIEZUO_SECURITY_DIGEST_H_
#define XIEZUO_SECURITY_DIGEST_H_

#include <optional>
#include <string>
#include <string_view>

namespace xiezuo::security {

std::string Sha256Hex(std::string_view bytes);
// Standard base64 with padding.
std::string Base64(std::string_view bytes);
// nullopt when `text` is not standard padded base64.
std::optional<std::string> Unbase64(std::string_view text);

}  // namespace xiezuo::security

#endif  // XIEZUO_SECURITY_DIGEST_H_
