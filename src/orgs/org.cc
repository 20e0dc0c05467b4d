#include "orgs/org.h"

namespace xiezuo::orgs {

namespace {
struct TypeInfo {
  OrgType type;
  const char* name;
  const char* zh;
};
constexpr TypeInfo kTypes[] = {
    {OrgType::kPlatform, "platform", "平台运营"},
    {OrgType::kProvince, "province", "省级人社部门"},
    {OrgType::kCity, "city", "市级人社部门"},
    {OrgType::kCountyBureau, "county_bureau", "县级人社部门"},
    {OrgType::kTownship, "township", "乡镇（街道）"},
    {OrgType::kVillage, "village", "村（社区）"},
    {OrgType::kStation, "station", "驻外劳务协作站"},
    {OrgType::kReceivingBureau, "receiving_bureau", "输入地人社部门"},
    {OrgType::kEnterprise, "enterprise", "用工企业"},
    {OrgType::kCommunity, "community", "工业社区"},
};

Org FromRow(const store::ResultSet& rs, size_t r) {
  Org o;
  o.id = rs.Int(r, 0);
  o.parent_id = rs.OptInt(r, 1);
  o.type = ParseOrgType(rs.Text(r, 2)).value_or(OrgType::kPlatform);
  o.name = rs.Text(r, 3);
  o.region_code = rs.Text(r, 4);
  o.home_region_code = rs.Text(r, 5);
  o.created_at = rs.Int(r, 6);
  return o;
}
constexpr const char* kCols =
    "SELECT id, parent_id, type, name, region_code, home_region_code, created_at FROM orgs";
}  // namespace

const char* OrgTypeName(OrgType t) {
  for (const auto& i : kTypes)
    if (i.type == t) return i.name;
  return "platform";
}
const char* OrgTypeLabelZh(OrgType t) {
  for (const auto& i : kTypes)
    if (i.type == t) return i.zh;
  return "";
}
std::optional<OrgType> ParseOrgType(std::string_view s) {
  for (const auto& i : kTypes)
    if (s == i.name) return i.type;
  return std::nullopt;
}

StatusOr<int64_t> InsertOrg(store::Connection& c, const Org& org) {
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("INSERT INTO orgs (parent_id, type, name, region_code, home_region_code, created_at)"
              " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
              {store::OptInt(org.parent_id), std::string(OrgTypeName(org.type)), org.name,
               org.region_code, org.home_region_code, org.created_at}));
  return rs.Int(0, 0);
}

StatusOr<Org> GetOrg(store::Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kCols) + " WHERE id = ?", {id}));
  if (rs.empty()) return NotFound("机构不存在", "Organisation not found");
  return FromRow(rs, 0);
}

StatusOr<std::vector<Org>> ListOrgs(store::Connection& c) {
  ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kCols) + " ORDER BY id"));
  std::vector<Org> out;
  out.reserve(rs.size());
  for (size_t r = 0; r < rs.size(); ++r) out.push_back(FromRow(rs, r));
  return out;
}

StatusOr<std::optional<Org>> FindOrg(store::Connection& c, OrgType type, std::string_view name,
                                     std::string_view region_code) {
  ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kCols) +
                                        " WHERE type = ? AND name = ? AND region_code = ?",
                                    {std::string(OrgTypeName(type)), std::string(name),
                                     std::string(region_code)}));
  if (rs.empty()) return std::optional<Org>();
  return std::optional<Org>(FromRow(rs, 0));
}

StatusOr<int64_t> InsertPair(store::Connection& c, const CoopPair& pair, int64_t now) {
  auto rs = c.Query(
      "INSERT INTO coop_pairs (exporting_region_code, receiving_region_code, created_at)"
      " VALUES (?, ?, ?) RETURNING id",
      {pair.exporting_region_code, pair.receiving_region_code, now});
  if (!rs.ok()) {
    if (rs.status().code() == StatusCode::kAlreadyExists) {
      return AlreadyExists("该协作关系已存在", "This cooperation pair already exists");
    }
    return rs.status();
  }
  return rs->Int(0, 0);
}

StatusOr<std::vector<CoopPair>> ListPairs(store::Connection& c) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id, exporting_region_code, receiving_region_code"
                                    " FROM coop_pairs ORDER BY id"));
  std::vector<CoopPair> out;
  for (size_t r = 0; r < rs.size(); ++r) {
    out.push_back({rs.Int(r, 0), rs.Text(r, 1), rs.Text(r, 2)});
  }
  return out;
}

}  // namespace xiezuo::orgs
