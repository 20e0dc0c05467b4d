#include "http/api/views.h"

#include "common/strings.h"

namespace xiezuo::http {

using nlohmann::json;

namespace {
std::string RegionName(const ApiContext& ctx, const std::string& code) {
  if (code.empty()) return "";
  return ctx.codebook.divisions->FullName(code);
}
json OptJson(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json OptJson(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
}  // namespace

json PrincipalJson(const ApiContext& ctx, const auth::Principal& p) {
  return {{"id", p.user_id},
          {"username", p.username},
          {"display_name", p.display_name},
          {"role", auth::RoleName(p.role)},
          {"org_id", p.org.id},
          {"org_name", p.org.name},
          {"region_code", p.org.region_code},
          {"region_name", RegionName(ctx, p.org.region_code)}};
}

json OrgJson(const ApiContext& ctx, const orgs::Org& o) {
  return {{"id", o.id},
          {"parent_id", o.parent_id ? json(*o.parent_id) : json(nullptr)},
          {"type", orgs::OrgTypeName(o.type)},
          {"name", o.name},
          {"region_code", o.region_code},
          {"region_name", RegionName(ctx, o.region_code)},
          {"home_region_code", o.home_region_code},
          {"home_region_name", RegionName(ctx, o.home_region_code)},
          {"city_code", o.type == orgs::OrgType::kStation ? o.region_code : ""}};
}

json WorkerListJson(const ApiContext& ctx, const workers::Worker& w) {
  json occ_names = json::array();
  for (const auto& c : w.occupations) {
    const auto* e = ctx.codebook.occupations->Find(c);
    occ_names.push_back(e ? e->name : c);
  }
  json wanted_names = json::array();
  for (const auto& c : w.wanted_regions) wanted_names.push_back(RegionName(ctx, c));
  return {{"id", w.id},
          {"name", w.name},
          {"sex", w.sex},
          {"birth_date", w.birth_date},
          {"age", w.age},
          {"id_number_masked", w.id_masked},
          {"phone_masked", OptJson(w.phone_masked)},
          {"region_code", w.region_code},
          {"region_name", RegionName(ctx, w.region_code)},
          {"category", w.category},
          {"status", w.status},
          {"occupations", w.occupations},
          {"occupation_names", occ_names},
          {"wanted_regions", w.wanted_regions},
          {"wanted_region_names", wanted_names},
          {"local_only", w.local_only},
          {"wage_floor", OptJson(w.wage_floor)},
          {"updated_at", w.updated_at}};
}

json WorkerDetailJson(const ApiContext& ctx, const workers::Worker& w) {
  json j = WorkerListJson(ctx, w);
  j["family_needs"] = {{"children", w.family_needs.children},
                       {"elderly", w.family_needs.elderly},
                       {"disability", w.family_needs.disability},
                       {"couple", w.family_needs.couple},
                       {"work_from_home", w.family_needs.work_from_home}};
  j["skills"] = w.skills;
  j["training_wanted"] = w.training_wanted;
  j["leave_date"] = w.leave_date;
  j["notes"] = w.notes;
  j["current_city_code"] = w.current_city_code;
  j["current_city_name"] = RegionName(ctx, w.current_city_code);
  j["created_at"] = w.created_at;
  j["version"] = w.version;
  return j;
}

json EnterpriseJson(const ApiContext& ctx, const postings::Enterprise& e) {
  const auto* ind = ctx.codebook.industries->Find(e.industry_code);
  return {{"id", e.id},
          {"name", e.name},
          {"credit_code", e.credit_code},
          {"credit_code_warning", OptJson(e.credit_code_warning)},
          {"region_code", e.region_code},
          {"region_name", RegionName(ctx, e.region_code)},
          {"industry_code", e.industry_code},
          {"industry_name", ind ? ind->name : ""},
          {"contact_name", e.contact_name},
          {"contact_phone_masked", OptJson(e.contact_phone_masked)},
          {"blacklisted", e.blacklisted},
          {"postings_count", e.postings_count}};
}

json PostingJson(const ApiContext& ctx, const postings::Posting& p) {
  const auto* occ = ctx.codebook.occupations->Find(p.occupation_code);
  return {{"id", p.id},
          {"enterprise_id", p.enterprise_id},
          {"enterprise_name", p.enterprise_name},
          {"title", p.title},
          {"occupation_code", p.occupation_code},
          {"occupation_name", occ ? occ->name : ""},
          {"region_code", p.region_code},
          {"region_name", RegionName(ctx, p.region_code)},
          {"city_code", p.city_code},
          {"openings", p.openings},
          {"wage_min", p.wage_min},
          {"wage_max", p.wage_max},
          {"pay_type", p.pay_type},
          {"board", p.board},
          {"lodging", p.lodging},
          {"dorm_size", OptJson(p.dorm_size)},
          {"age_min", OptJson(p.age_min)},
          {"age_max", OptJson(p.age_max)},
          {"hours", p.hours},
          {"social_insurance", p.social_insurance},
          {"description", p.description},
          {"status", p.status},
          {"valid_until", p.valid_until}};
}

json ListJson(json items, int64_t total, int page, int page_size) {
  return {{"items", std::move(items)}, {"total", total}, {"page", page}, {"page_size", page_size}};
}

StatusOr<int64_t> PathId(const Request& req) {
  auto it = req.path_params.find("id");
  if (it != req.path_params.end()) {
    auto v = ParseInt64(it->second);
    if (v && *v > 0) return *v;
  }
  return NotFound("记录不存在", "Not found");
}

}  // namespace xiezuo::http
