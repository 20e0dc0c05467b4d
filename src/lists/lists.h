// The monthly list exchange (三来三往): for a pair of an exporting county and
// a receiving city, the month's supply list (published postings in the
// city) and demand list (available workers registered in the county), as
// xlsx workbooks in the officials' layout — title, date, summary, one row
// per posting or person — with personal data masked (names to 张*, phones
// to 138****5678, no ID numbers). Each publication is stored, so past months
// stay downloadable; publishing a month again replaces it.
//
//   ListService lists(db, codebook, audit, clock);
//   ASSIGN_OR_RETURN(auto pub, lists.Publish(principal, "天等县:江门市", "2025-03"));
//   pub.supply.openings; pub.demand.workers;
//   ASSIGN_OR_RETURN(std::string xlsx, lists.Download(principal, pub.supply.id));
//
// Thread-safety: safe for concurrent use.
#ifndef XIEZUO_LISTS_LISTS_H_
#define XIEZUO_LISTS_LISTS_H_

#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "codes/codebook.h"
#include "common/clock.h"
#include "store/database.h"

namespace xiezuo::lists {

struct ListSummary {
  int64_t id = 0;  // list_publications.id
  std::string kind;  // "supply" | "demand"
  std::string exporting_code, receiving_code, month;
  int64_t enterprises = 0, postings = 0, openings = 0, workers = 0;
  int64_t published_at = 0;
};

struct Publication {
  ListSummary supply, demand;
  std::string supply_xlsx, demand_xlsx;
};

class ListService {
 public:
  ListService(store::Database& db, const codes::Codebook& codebook, audit::AuditLog& audit,
              const Clock& clock)
      : db_(db), codebook_(codebook), audit_(audit), clock_(clock) {}

  // pair: "天等县:江门市" (names or codes: exporting county, receiving city);
  // month: "YYYY-MM". Admins, officers of the exporting county and
  // station/receiving officers of the receiving city may publish.
  StatusOr<Publication> Publish(const auth::Principal& p, const std::string& pair,
                                const std::string& month);
  // Stored publications visible to p, newest month first.
  StatusOr<std::vector<ListSummary>> History(const auth::Principal& p);
  StatusOr<std::string> Download(const auth::Principal& p, int64_t id, ListSummary* meta);

 private:
  bool MayUse(const auth::Principal& p, const std::string& exporting,
              const std::string& receiving) const;

  store::Database& db_;
  const codes::Codebook& codebook_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

// "张三" -> "张*", "欧阳娜娜" -> "欧***".
std::string MaskName(std::string_view name);

}  // namespace xiezuo::lists

#endif  // XIEZUO_LISTS_LISTS_H_
