#include "audit/audit_log.h"

#include "security/audit_chain.h"

namespace xiezuo::audit {

namespace {
constexpr int64_t kAuditLockKey = 0x78697a756f02;
}  // namespace

Status AuditLog::Append(store::Connection& c, const Entry& e) {
  RETURN_IF_ERROR(c.LockForUpdate(kAuditLockKey));
  ASSIGN_OR_RETURN(auto last, c.Query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"));
  security::AuditFields f;
  f.id = last.empty() ? 1 : last.Int(0, 0) + 1;
  f.at = clock_.NowSeconds();
  f.user_id = e.user_id;
  f.action = e.action;
  f.object = e.object;
  f.result = e.result;
  f.detail = e.detail;
  std::string prev = last.empty() ? std::string(security::kAuditGenesisHash) : last.Text(0, 1);
  std::string hash = security::ChainHash(keys_, prev, f);
  return c
      .Execute("INSERT INTO audit_log (id, at, user_id, action, object, result, detail,"
               " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               {f.id, f.at, f.user_id, f.action, f.object, f.result, f.detail, prev, hash})
      .status();
}

Status AuditLog::Append(const Entry& e) {
  return db_.Transact([&](store::Connection& c) { return Append(c, e); });
}

StatusOr<VerifyReport> AuditLog::Verify() {
  VerifyReport rep;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    std::string prev(security::kAuditGenesisHash);
    int64_t expected_id = 1;
    const int64_t kBatch = 5000;
    for (int64_t after = 0;;) {
      ASSIGN_OR_RETURN(auto rs,
                       c.Query("SELECT id, at, user_id, action, object, result, detail, prev_hash,"
                               " hash FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
                               {after, kBatch}));
      if (rs.empty()) break;
      for (size_t r = 0; r < rs.size(); ++r) {
        security::AuditFields f{rs.Int(r, 0), rs.Int(r, 1), rs.Int(r, 2), rs.Text(r, 3),
                                rs.Text(r, 4), rs.Text(r, 5), rs.Text(r, 6)};
        ++rep.rows_checked;
        auto fail = [&](std::string why) {
          rep.ok = false;
          rep.first_bad_id = f.id;
          rep.problem = std::move(why);
        };
        if (f.id != expected_id) {
          fail(f.id > expected_id ? "rows " + std::to_string(expected_id) + ".." +
                                        std::to_string(f.id - 1) + " are missing (deleted)"
                                  : "row id out of order");
          return Status::Ok();
        }
        if (rs.Text(r, 7) != prev) {
          fail("prev_hash does not match the previous row (row replaced or chain rewritten)");
          return Status::Ok();
        }
        if (!security::ChainHashMatches(keys_, prev, f, rs.Text(r, 8))) {
          fail("row content does not match its hash (modified)");
          return Status::Ok();
        }
        prev = rs.Text(r, 8);
        ++expected_id;
        after = f.id;
      }
    }
    return Status::Ok();
  }));
  return rep;
}

StatusOr<AuditLog::Page> AuditLog::List(int64_t offset, int64_t limit) {
  Page page;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(page.total, c.QueryInt("SELECT COUNT(*) FROM audit_log"));
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT a.id, a.at, a.user_id, COALESCE(u.username, ''),"
                                      " a.action, a.object, a.result, a.detail FROM audit_log a"
                                      " LEFT JOIN users u ON u.id = a.user_id"
                                      " ORDER BY a.id DESC LIMIT ? OFFSET ?",
                                      {limit, offset}));
    for (size_t r = 0; r < rs.size(); ++r) {
      page.rows.push_back({rs.Int(r, 0), rs.Int(r, 1), rs.Int(r, 2), rs.Text(r, 3), rs.Text(r, 4),
                           rs.Text(r, 5), rs.Text(r, 6), rs.Text(r, 7)});
    }
    return Status::Ok();
  }));
  return page;
}

}  // namespace xiezuo::audit
