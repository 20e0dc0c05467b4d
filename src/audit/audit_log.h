// The append-only, tamper-evident audit log: sign-ins, reads of personal
// data and every change (time, user, action, object, result).
//
//   AuditLog audit(db, keys, clock);
//   RETURN_IF_ERROR(db.Transact([&](Connection& c) -> Status {
//     ... change ...
//     return audit.Append(c, {.user_id = p.user_id, .action = "worker.update",
//                             .object = "worker:17", .result = "ok"});
//   }));
//
// Each row stores a keyed MAC over its fields and the previous row's MAC
// (security/audit_chain.h). Appends are serialised (LockForUpdate) so the
// chain never forks; a change and its audit row commit together. Verify()
// walks the chain and reports the first row that was modified, deleted or
// inserted out of order. The table also refuses UPDATE and DELETE through
// database triggers. `detail` must never carry personal data in clear.
//
// Thread-safety: safe for concurrent use; state lives in the database.
#ifndef XIEZUO_AUDIT_AUDIT_LOG_H_
#define XIEZUO_AUDIT_AUDIT_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "security/keys.h"
#include "store/database.h"

namespace xiezuo::audit {

struct Entry {
  int64_t user_id = 0;  // 0 = the system or an anonymous caller
  std::string action;   // "auth.login", "worker.read_pii", "worker.update", ...
  std::string object;   // "worker:17", "user:county_qj"
  std::string result;   // "ok", "denied", "failed", "not_found"
  std::string detail;   // short, no personal data
};

struct Row {
  int64_t id = 0;
  int64_t at = 0;
  int64_t user_id = 0;
  std::string username;
  std::string action, object, result, detail;
};

struct VerifyReport {
  int64_t rows_checked = 0;
  bool ok = true;
  // The first broken link: the id of the row whose MAC or position fails,
  // and why ("modified", "missing rows before", "out of order").
  int64_t first_bad_id = 0;
  std::string problem;
};

class AuditLog {
 public:
  AuditLog(store::Database& db, const security::KeyRing& keys, const Clock& clock)
      : db_(db), keys_(keys), clock_(clock) {}

  // Appends inside the caller's transaction.
  Status Append(store::Connection& c, const Entry& e);
  // Appends in a transaction of its own (sign-in attempts, denied reads).
  Status Append(const Entry& e);

  StatusOr<VerifyReport> Verify();

  struct Page {
    std::vector<Row> rows;
    int64_t total = 0;
  };
  StatusOr<Page> List(int64_t offset, int64_t limit);

 private:
  store::Database& db_;
  const security::KeyRing& keys_;
  const Clock& clock_;
};

}  // namespace xiezuo::audit

#endif  // XIEZUO_AUDIT_AUDIT_LOG_H_
