#include "auth/principal.h"

namespace xiezuo::auth {

namespace {
struct RoleInfo {
  Role role;
  const char* name;
  const char* zh;
};
constexpr RoleInfo kRoles[] = {
    {Role::kAdmin, "admin", "系统管理员"},
    {Role::kCountyOfficer, "county_officer", "县级就业部门工作人员"},
    {Role::kVillageOfficer, "village_officer", "村就业信息员"},
    {Role::kStationOfficer, "station_officer", "驻外劳务协作站工作人员"},
    {Role::kReceivingOfficer, "receiving_officer", "输入地人社部门工作人员"},
    {Role::kEnterpriseHr, "enterprise_hr", "企业人力资源专员"},
    {Role::kWorker, "worker", "务工人员"},
};
}  // namespace

const char* RoleName(Role r) {
  for (const auto& i : kRoles)
    if (i.role == r) return i.name;
  return "worker";
}
const char* RoleLabelZh(Role r) {
  for (const auto& i : kRoles)
    if (i.role == r) return i.zh;
  return "";
}
std::optional<Role> ParseRole(std::string_view s) {
  for (const auto& i : kRoles)
    if (s == i.name) return i.role;
  return std::nullopt;
}

bool RoleFitsOrg(Role r, orgs::OrgType t) {
  using orgs::OrgType;
  switch (r) {
    case Role::kAdmin: return t == OrgType::kPlatform;
    case Role::kCountyOfficer:
      return t == OrgType::kCountyBureau || t == OrgType::kCity || t == OrgType::kProvince;
    case Role::kVillageOfficer: return t == OrgType::kVillage || t == OrgType::kTownship;
    case Role::kStationOfficer: return t == OrgType::kStation;
    case Role::kReceivingOfficer:
      return t == OrgType::kReceivingBureau || t == OrgType::kCommunity;
    case Role::kEnterpriseHr: return t == OrgType::kEnterprise;
    case Role::kWorker: return true;
  }
  return false;
}

Principal SystemPrincipal() {
  Principal p;
  p.user_id = 0;
  p.username = "system";
  p.display_name = "系统";
  p.role = Role::kAdmin;
  p.org.type = orgs::OrgType::kPlatform;
  return p;
}

}  // namespace xiezuo::auth
