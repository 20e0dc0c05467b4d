// Verification of postings by station officers against the inspection
// outline (8 categories, 88 items; data/inspection/outline_v1.json, then
// versions edited by admins), and the posting life cycle:
//
//   draft ──submit──▶ submitted ──verify──▶ verified ──publish──▶ published
//     ▲                  │                                        │     │
//     └──── revise ◀── rejected (reasons)              filled ◀──┘     └──▶ expired
//
// Only verified postings are published (and only published ones matched).
// The rules (rules.h) run at submit, verify and publish; publish also
// refuses blacklisted enterprises. Every step is a posting_reviews row
// (answers, reasons, photos, actor) and an audit entry.
//
//   VerificationService v(db, audit, clock);
//   RETURN_IF_ERROR(v.SeedOutline("data/inspection/outline_v1.json"));
//   RETURN_IF_ERROR(v.Submit(hr, id));
//   RETURN_IF_ERROR(v.Verify(station, id, answers, photos));
//   RETURN_IF_ERROR(v.Publish(station, id));
//
// Thread-safety: safe for concurrent use; each step locks its posting.
#ifndef XIEZUO_POSTINGS_VERIFICATION_H_
#define XIEZUO_POSTINGS_VERIFICATION_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "common/clock.h"
#include "postings/rules.h"
#include "store/database.h"

namespace xiezuo::postings {

struct Outline {
  int version = 0;
  nlohmann::json body;  // {"categories":[{"key","name","items":[{"id","text"}]}]}
  std::vector<std::string> item_ids() const;
};

// One answer per outline item: "ok", "fail" or "na" (not applicable), with
// an optional note ("8 人一间，自带被褥").
struct Answer {
  std::string result;
  std::string note;
};

// One step of a posting's life (a posting_reviews row).
struct Review {
  int64_t id = 0;
  std::string action, from_status, to_status;
  std::optional<int64_t> outline_version;  // the outline the answers were given against
  nlohmann::json answers, reasons, photos;
  int64_t actor = 0;
  std::string actor_name;
  int64_t created_at = 0;
};

class VerificationService {
 public:
  VerificationService(store::Database& db, audit::AuditLog& audit, const Clock& clock)
      : db_(db), audit_(audit), clock_(clock) {}

  // Loads the outline file as version 1 when no outline is stored yet.
  Status SeedOutline(const std::string& path);
  StatusOr<Outline> CurrentOutline();
  // Admins only: stores a new version (must keep 8 categories with unique
  // item ids). Returns the version.
  StatusOr<int> SaveOutline(const auth::Principal& p, const nlohmann::json& body);
  // A stored version (old reviews keep the version they were filled against).
  StatusOr<Outline> OutlineVersion(int version);
  // The posting's steps, oldest first. The caller checks the posting's scope.
  StatusOr<std::vector<Review>> Reviews(int64_t posting_id);

  Status Submit(const auth::Principal& p, int64_t posting_id);
  // Every item answered; a "fail" answer requires Reject instead.
  Status Verify(const auth::Principal& p, int64_t posting_id,
                const std::map<std::string, Answer>& answers,
                const std::vector<std::string>& photos,
                const std::string& requirement_exception = "");
  Status Reject(const auth::Principal& p, int64_t posting_id,
                const std::vector<std::string>& reasons,
                const std::map<std::string, Answer>& answers = {});
  Status Publish(const auth::Principal& p, int64_t posting_id);
  // published -> filled (all openings taken) or expired.
  Status Close(const auth::Principal& p, int64_t posting_id, const std::string& to_status);
  // Published postings whose valid_until has passed become expired.
  StatusOr<int64_t> ExpireDue();

  // The rules for a stored posting, as they would run at publish.
  StatusOr<std::vector<RuleViolation>> CheckRules(int64_t posting_id, bool publishing);

  // Blacklist (admins and receiving officers).
  Status SetBlacklisted(const auth::Principal& p, int64_t enterprise_id, bool on,
                        const std::string& reason);

 private:
  struct Loaded;
  StatusOr<Loaded> Load(store::Connection& c, int64_t id);
  Status Transition(store::Connection& c, const auth::Principal& p, int64_t id,
                    const std::string& action, const std::string& from, const std::string& to,
                    std::optional<int> outline_version, const nlohmann::json& answers,
                    const nlohmann::json& reasons, const nlohmann::json& photos);

  store::Database& db_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

// May p verify, reject and publish postings (station and receiving
// officers, admins)?
bool CanVerify(const auth::Principal& p);

}  // namespace xiezuo::postings

#endif  // XIEZUO_POSTINGS_VERIFICATION_H_
