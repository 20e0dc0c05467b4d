// Enterprises (用工企业) and their job postings (岗位). The verification
// workflow, minimum-wage and anti-discrimination rules build on this (see
// the lists issue); here: records, validation, scope and audit.
//
//   PostingService svc(db, codebook, cipher, audit, clock);
//   ASSIGN_OR_RETURN(int64_t eid, svc.CreateEnterprise(principal, ent));
//
// Thread-safety: safe for concurrent use.
#ifndef XIEZUO_POSTINGS_POSTINGS_H_
#define XIEZUO_POSTINGS_POSTINGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "codes/codebook.h"
#include "common/clock.h"
#include "security/pii.h"
#include "store/database.h"

namespace xiezuo::postings {

inline constexpr const char* kPayTypes[] = {"monthly", "hourly", "piece"};
inline constexpr const char* kPostingStatuses[] = {"draft",     "submitted", "verified", "rejected",
                                                   "published", "filled",    "expired"};

struct EnterpriseInput {
  std::string name;
  std::string credit_code;
  // Required when the credit code fails its check character (early real
  // codes do): the officer confirms and says why.
  std::string credit_code_override_reason;
  std::string region_code;
  std::string industry_code;
  std::string contact_name;
  std::optional<std::string> contact_phone;
  std::optional<int64_t> org_id;  // the enterprise's own organisation (HR accounts)
};

struct Enterprise {
  int64_t id = 0;
  std::string name, credit_code;
  std::optional<std::string> credit_code_warning;
  std::string region_code, industry_code, contact_name;
  std::optional<std::string> contact_phone_masked;
  bool blacklisted = false;
  int64_t postings_count = 0;
};

struct PostingInput {
  int64_t enterprise_id = 0;
  std::string title;
  std::string occupation_code;
  std::string region_code;  // place of work
  int64_t openings = 0;
  int64_t wage_min = 0;  // yuan a month (or a month's equivalent for hourly/piece work)
  int64_t wage_max = 0;
  std::string pay_type = "monthly";
  bool board = false;
  bool lodging = false;
  std::optional<int64_t> dorm_size;
  std::optional<int64_t> age_min, age_max;
  std::string hours;
  bool social_insurance = false;
  std::string description;
  std::string status = "draft";
  std::string valid_until;  // YYYY-MM-DD or ""
};

struct Posting {
  int64_t id = 0;
  int64_t enterprise_id = 0;
  std::string enterprise_name;
  std::string title, occupation_code, region_code, city_code;
  int64_t openings = 0, wage_min = 0, wage_max = 0;
  std::string pay_type;
  bool board = false, lodging = false;
  std::optional<int64_t> dorm_size, age_min, age_max;
  std::string hours;
  bool social_insurance = false;
  std::string description, status, valid_until;
};

struct EnterpriseFilter {
  std::string q;
  std::string region_code;
};
struct PostingFilter {
  std::string q;  // title or enterprise name
  std::string region_code;
  std::string occupation_code;
  std::string status;
  // Pay: postings whose maximum reaches this many yuan a month.
  std::optional<int64_t> wage_at_least;
  // Accommodation: only postings that provide lodging / board.
  bool lodging = false;
  bool board = false;
};

class PostingService {
 public:
  PostingService(store::Database& db, const codes::Codebook& codebook,
                 const security::PiiCipher& cipher, audit::AuditLog& audit, const Clock& clock)
      : db_(db), codebook_(codebook), cipher_(cipher), audit_(audit), clock_(clock) {}

  StatusOr<int64_t> CreateEnterprise(const auth::Principal& p, const EnterpriseInput& in);
  StatusOr<int64_t> InsertEnterprise(store::Connection& c, const auth::Principal& p,
                                     const EnterpriseInput& in);
  StatusOr<Enterprise> GetEnterprise(const auth::Principal& p, int64_t id);
  StatusOr<std::vector<Enterprise>> ListEnterprises(const auth::Principal& p,
                                                    const EnterpriseFilter& f, int64_t offset,
                                                    int64_t limit, int64_t* total);

  StatusOr<int64_t> CreatePosting(const auth::Principal& p, const PostingInput& in);
  StatusOr<int64_t> InsertPosting(store::Connection& c, const auth::Principal& p,
                                  const PostingInput& in);
  // The field checks InsertPosting applies (the importer uses them for
  // updates too); errors name each field.
  Status ValidatePosting(const PostingInput& in) const;
  StatusOr<Posting> GetPosting(const auth::Principal& p, int64_t id);
  StatusOr<std::vector<Posting>> ListPostings(const auth::Principal& p, const PostingFilter& f,
                                              int64_t offset, int64_t limit, int64_t* total);

  struct Counts {
    int64_t enterprises = 0, postings = 0, openings = 0;
  };
  StatusOr<Counts> Count(const auth::Principal& p);

 private:
  store::Database& db_;
  const codes::Codebook& codebook_;
  const security::PiiCipher& cipher_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace xiezuo::postings

#endif  // XIEZUO_POSTINGS_POSTINGS_H_
