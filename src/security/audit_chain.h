// ChainHash: the link function of the tamper-evident audit log.
//
//   AuditFields f{.id = 42, .at = clock.NowSeconds(), .user_id = 7,
//                 .action = "worker.update", .object = "worker:1001",
//                 .result = "ok", .detail = "{...}"};
//   row.hash = security::ChainHash(*keys, prev_row.hash, f);   // first row:
//                                                  // prev = kAuditGenesisHash
//   // Verifying: recompute every row in id order and compare with
//   // ChainHashMatches(*keys, prev.hash, f, row.hash).
//
// Each row stores MAC(key, prev_hash, fields): editing, deleting or
// reordering any row breaks every later link. The encoding is unambiguous
// (a domain tag, then each string with a u64 length prefix and each integer
// as 8 little-endian bytes), so no two different rows encode alike, e.g.
// action "ab" + object "c" never collides with action "a" + object "bc".
//
// Why keyed (BLAKE2b-256 with the KeyRing's audit-chain subkey) rather than a
// plain hash: with a plain hash, anyone with write access to the database
// (a stolen DB password, an SQL injection, a rogue DBA) could edit a row and
// simply recompute every later hash, and the chain would verify. With a key
// that lives only with the application, they cannot produce valid hashes.
// Limits, for the record: someone holding the key (a compromised app host)
// can still rewrite history, and deleting the newest rows is not visible
// from the chain alone; periodically export the head hash somewhere the
// database cannot reach (a log, a signed report) to anchor it.
//
// Pure functions; thread-safe.
#ifndef XIEZUO_SECURITY_AUDIT_CHAIN_H_
#define XIEZUO_SECURITY_AUDIT_CHAIN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "security/keys.h"

namespace xiezuo::security {

struct AuditFields {
  int64_t id = 0;       // row id, strictly increasing along the chain
  int64_t at = 0;       // seconds since the epoch
  int64_t user_id = 0;  // acting user; 0 for the system
  std::string action;   // e.g. "worker.update"
  std::string object;   // e.g. "worker:1001"
  std::string result;   // e.g. "ok", "denied"
  std::string detail;   // free text/JSON; must not contain plaintext PII
};

// prev_hash of the first row in the chain.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Lower-case hex (64 chars) of the keyed BLAKE2b-256 link.
std::string ChainHash(const KeyRing& keys, std::string_view prev_hash, const AuditFields& f);

// Recomputes the link and compares it with `stored_hash` in constant time.
bool ChainHashMatches(const KeyRing& keys, std::string_view prev_hash, const AuditFields& f,
                      std::string_view stored_hash);

}  // namespace xiezuo::security

#endif  // XIEZUO_SECURITY_AUDIT_CHAIN_H_
