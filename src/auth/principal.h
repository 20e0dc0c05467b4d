// Who is calling: the signed-in user with their role and organisation.
// Built once per request by AuthService::Authenticate and passed down by
// const reference; every service call that reads or writes data takes one.
#ifndef XIEZUO_AUTH_PRINCIPAL_H_
#define XIEZUO_AUTH_PRINCIPAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "orgs/org.h"

namespace xiezuo::auth {

enum class Role {
  kAdmin,
  kCountyOfficer,
  kVillageOfficer,
  kStationOfficer,
  kReceivingOfficer,
  kEnterpriseHr,
  kWorker,
};
const char* RoleName(Role r);
const char* RoleLabelZh(Role r);
std::optional<Role> ParseRole(std::string_view s);
// The organisation types a role may belong to (a county officer to a county
// bureau, a station officer to a station, ...).
bool RoleFitsOrg(Role r, orgs::OrgType t);

struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kWorker;
  orgs::Org org;
  // The enterprise an HR account works for (enterprises.org_id == org.id).
  std::optional<int64_t> enterprise_id;

  bool is_admin() const { return role == Role::kAdmin; }
};

// A principal for command-line tools and the demo loader.
Principal SystemPrincipal();

}  // namespace xiezuo::auth

#endif  // XIEZUO_AUTH_PRINCIPAL_H_
