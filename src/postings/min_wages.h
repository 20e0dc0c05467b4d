// Minimum-wage tables per province, edited by admins: tiers (一类/二类/…)
// with monthly and hourly figures, the cities and counties in each tier,
// the effective date and the source. Every save stores the whole table as
// a new version (min_wage_versions) and an audit row; the rule checker
// (rules.h, MinWageTable::Load) reads the current rows, so an edit applies
// to the next check.
//
//   MinWageService wages(db, codebook, audit, clock);
//   ProvinceMinWages t = ...;            // "530000", tiers, regions
//   ASSIGN_OR_RETURN(int version, wages.Save(admin, t));
//   ASSIGN_OR_RETURN(auto all, wages.List());
//
// Thread-safety: safe for concurrent use; saves of one province serialise.
#ifndef XIEZUO_POSTINGS_MIN_WAGES_H_
#define XIEZUO_POSTINGS_MIN_WAGES_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "codes/codebook.h"
#include "common/clock.h"
#include "store/database.h"

namespace xiezuo::postings {

struct MinWageTier {
  int tier = 0;         // 1 = the highest figures
  int64_t monthly = 0;  // yuan a month
  int64_t hourly = 0;   // yuan an hour
};

struct MinWageRegion {
  std::string code;  // a city (places all its counties) or a county
  int tier = 0;
};

struct ProvinceMinWages {
  std::string province_code;  // "530000"
  std::string effective_from;  // "YYYY-MM-DD"
  std::string source;
  std::vector<MinWageTier> tiers;
  std::vector<MinWageRegion> regions;  // places without a row: the lowest tier
  int version = 0;                     // 0: never saved through the console
  int64_t changed_by = 0;
  std::string changed_by_name;
  int64_t changed_at = 0;
};

nlohmann::json ToJson(const ProvinceMinWages& t);
// Reads the fields an editor sends; types are checked by Save's validation.
ProvinceMinWages MinWagesFromJson(const nlohmann::json& j);

class MinWageService {
 public:
  MinWageService(store::Database& db, const codes::Codebook& codebook, audit::AuditLog& audit,
                 const Clock& clock)
      : db_(db), codebook_(codebook), audit_(audit), clock_(clock) {}

  // Every province with a table, by code.
  StatusOr<std::vector<ProvinceMinWages>> List();
  StatusOr<ProvinceMinWages> Get(const std::string& province_code);
  // Admins only. Replaces the province's tiers and regions; errors name the
  // field ("tiers[1].monthly", "regions[3].code"). Returns the new version.
  StatusOr<int> Save(const auth::Principal& p, const ProvinceMinWages& t);
  // Saved versions of a province, newest first (whole tables).
  StatusOr<std::vector<ProvinceMinWages>> Versions(const std::string& province_code);

 private:
  Status Validate(const ProvinceMinWages& t) const;

  store::Database& db_;
  const codes::Codebook& codebook_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace xiezuo::postings

#endif  // XIEZUO_POSTINGS_MIN_WAGES_H_
