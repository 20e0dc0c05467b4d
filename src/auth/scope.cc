#include "auth/scope.h"

#include "common/strings.h"

namespace xiezuo::auth {

using orgs::OrgType;

std::string RegionPrefix(std::string_view code) {
  if (code.size() != 6) return std::string(code);
  if (code.substr(2) == "0000") return std::string(code.substr(0, 2));
  if (code.substr(4) == "00") return std::string(code.substr(0, 4));
  return std::string(code);
}

bool RegionWithin(std::string_view code, std::string_view ancestor) {
  if (ancestor.empty()) return false;
  return StartsWith(code, RegionPrefix(ancestor));
}

namespace {

SqlFilter Nothing() { return {"1 = 0", {}}; }

// Workers of the given exporting county with an application to, or a
// placement in, a posting whose city is `city`.
std::string AppliedInCity() {
  return "EXISTS (SELECT 1 FROM applications a JOIN postings pp ON pp.id = a.posting_id"
         " WHERE a.worker_id = w.id AND pp.city_code = ?)";
}

}  // namespace

SqlFilter WorkerScope(const Principal& p) {
  const auto& org = p.org;
  switch (p.role) {
    case Role::kAdmin:
      return {"1 = 1", {}};
    case Role::kCountyOfficer: {
      if (org.region_code.empty()) return Nothing();
      std::string prefix = RegionPrefix(org.region_code);
      if (prefix.size() == 6) return {"w.county_code = ?", {prefix}};
      return {"w.county_code LIKE ?", {prefix + "%"}};
    }
    case Role::kVillageOfficer: {
      if (org.region_code.size() < 9) return Nothing();
      if (org.region_code.size() == 12) return {"w.region_code = ?", {org.region_code}};
      return {"w.region_code LIKE ?", {org.region_code + "%"}};
    }
    case Role::kStationOfficer: {
      if (org.home_region_code.size() != 6 || org.region_code.empty()) return Nothing();
      std::string city = org.region_code;
      return {"(w.county_code = ? AND (w.current_city_code = ? OR " + AppliedInCity() + "))",
              {org.home_region_code, city, city}};
    }
    case Role::kReceivingOfficer: {
      if (org.region_code.empty()) return Nothing();
      std::string city = org.region_code;
      return {"(w.current_city_code = ? OR " + AppliedInCity() + ")", {city, city}};
    }
    case Role::kEnterpriseHr: {
      if (!p.enterprise_id) return Nothing();
      return {"EXISTS (SELECT 1 FROM applications a JOIN postings pp ON pp.id = a.posting_id"
              " WHERE a.worker_id = w.id AND pp.enterprise_id = ?)",
              {*p.enterprise_id}};
    }
    case Role::kWorker:
      return Nothing();
  }
  return Nothing();
}

bool CanWriteWorkerIn(const Principal& p, std::string_view region_code) {
  switch (p.role) {
    case Role::kAdmin:
      return true;
    case Role::kCountyOfficer:
      return RegionWithin(region_code, p.org.region_code);
    case Role::kVillageOfficer:
      return p.org.region_code.size() >= 9 && StartsWith(region_code, p.org.region_code);
    default:
      return false;
  }
}

bool CanRevealWorkerPii(const Principal& p) {
  // The officers who contact workers; enterprises see applicants' contact
  // details through the application flow, not by revealing.
  return p.role == Role::kAdmin || p.role == Role::kCountyOfficer ||
         p.role == Role::kVillageOfficer || p.role == Role::kStationOfficer;
}

SqlFilter EnterpriseScope(const Principal& p) {
  switch (p.role) {
    case Role::kEnterpriseHr:
      if (!p.enterprise_id) return Nothing();
      return {"e.id = ?", {*p.enterprise_id}};
    case Role::kWorker:
      return Nothing();
    default:
      // Enterprises and their jobs are public information for officials;
      // their contact phone stays masked.
      return {"1 = 1", {}};
  }
}

bool CanWriteEnterpriseIn(const Principal& p, std::string_view region_code) {
  switch (p.role) {
    case Role::kAdmin:
      return true;
    case Role::kStationOfficer:
    case Role::kReceivingOfficer:
      return RegionWithin(region_code, p.org.region_code);
    default:
      return false;
  }
}

SqlFilter PostingScope(const Principal& p) {
  switch (p.role) {
    case Role::kEnterpriseHr:
      if (!p.enterprise_id) return Nothing();
      return {"p.enterprise_id = ?", {*p.enterprise_id}};
    case Role::kWorker:
      return {"p.status = 'published'", {}};
    default:
      return {"1 = 1", {}};
  }
}

}  // namespace xiezuo::auth
