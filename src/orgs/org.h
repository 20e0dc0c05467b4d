// Organisations: the tree an account belongs to, and cooperation pairs.
//
// platform (system admin)
// province → city → county bureau → township → village
// station        belongs to an exporting county, sits in a receiving city
// receiving bureau, enterprise, industrial community  (receiving side)
//
// region_code says where the organisation sits (GB/T 2260: 6-digit for
// province/city/county, 9 township, 12 village); a station also carries the
// home_region_code of the county it belongs to.
#ifndef XIEZUO_ORGS_ORG_H_
#define XIEZUO_ORGS_ORG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/database.h"

namespace xiezuo::orgs {

enum class OrgType {
  kPlatform,
  kProvince,
  kCity,
  kCountyBureau,
  kTownship,
  kVillage,
  kStation,
  kReceivingBureau,
  kEnterprise,
  kCommunity,
};
const char* OrgTypeName(OrgType t);
std::optional<OrgType> ParseOrgType(std::string_view s);
// zh label for the console and exports ("县级人社部门").
const char* OrgTypeLabelZh(OrgType t);

struct Org {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  OrgType type = OrgType::kPlatform;
  std::string name;
  std::string region_code;
  std::string home_region_code;
  int64_t created_at = 0;
};

struct CoopPair {
  int64_t id = 0;
  std::string exporting_region_code;  // a county
  std::string receiving_region_code;  // a city (or district)
};

// Repository functions: run inside the caller's connection/transaction.
StatusOr<int64_t> InsertOrg(store::Connection& c, const Org& org);
StatusOr<Org> GetOrg(store::Connection& c, int64_t id);
StatusOr<std::vector<Org>> ListOrgs(store::Connection& c);
StatusOr<std::optional<Org>> FindOrg(store::Connection& c, OrgType type, std::string_view name,
                                     std::string_view region_code);

StatusOr<int64_t> InsertPair(store::Connection& c, const CoopPair& pair, int64_t now);
StatusOr<std::vector<CoopPair>> ListPairs(store::Connection& c);

}  // namespace xiezuo::orgs

#endif  // XIEZUO_ORGS_ORG_H_
