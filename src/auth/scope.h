// Data scope: which workers, enterprises and postings a principal may see
// and change. Every read, search, export and write of those tables goes
// through one of these filters, so scope is enforced in one place.
//
//   auto f = WorkerScope(principal);   // condition on alias "w"
//   sql += " WHERE " + f.where;  params.insert(params.end(), f.params...)
//
// The rules (DOMAIN.md "Rules of the domain"):
//   admin              everything
//   county officer     workers registered in their county (and below)
//   village officer    workers registered in their village
//   station officer    its own county's workers who work in the station's
//                      city, or applied to / were placed in postings there
//   receiving officer  workers who applied to / work in postings in its city
//   enterprise HR      only workers who applied to its postings
//   worker             nobody else
#ifndef XIEZUO_AUTH_SCOPE_H_
#define XIEZUO_AUTH_SCOPE_H_

#include <string>
#include <string_view>

#include "auth/principal.h"
#include "store/database.h"

namespace xiezuo::auth {

struct SqlFilter {
  std::string where;
  store::Params params;
};

// The significant prefix of a GB/T 2260 code: "530622" → "530622",
// "530600" → "5306", "530000" → "53"; 9- and 12-digit codes unchanged.
std::string RegionPrefix(std::string_view code);
// True if `code` lies within `ancestor` (both normalised codes).
bool RegionWithin(std::string_view code, std::string_view ancestor);

// Condition on a workers row aliased "w".
SqlFilter WorkerScope(const Principal& p);
// May p register or edit a worker whose 户籍地 is region_code?
bool CanWriteWorkerIn(const Principal& p, std::string_view region_code);
// Does p's role see full ID numbers and phones without asking (never: all
// roles see masked values; the reveal action is audited)? Roles that may
// reveal on request:
bool CanRevealWorkerPii(const Principal& p);

// Condition on an enterprises row aliased "e".
SqlFilter EnterpriseScope(const Principal& p);
// May p create or edit an enterprise located at region_code?
bool CanWriteEnterpriseIn(const Principal& p, std::string_view region_code);
// Condition on a postings row aliased "p" (joined with enterprises "e").
SqlFilter PostingScope(const Principal& p);

}  // namespace xiezuo::auth

#endif  // XIEZUO_AUTH_SCOPE_H_
