// The rules a posting must pass before it is submitted, verified and
// published, each with a message an official and an HR clerk understand:
//   - pay at or above the minimum wage of the place of work (table per
//     province and tier, editable; Yunnan preloaded by migration 0004);
//   - no requirement by sex, ethnicity or place of origin unless an allowed
//     exception is recorded;
//   - openings > 0; coherent dates and ages;
//   - an enterprise on the wage-arrears blacklist cannot publish.
//
//   ASSIGN_OR_RETURN(auto wages, MinWageTable::Load(conn));
//   RuleContext ctx{wages, enterprise_blacklisted, "2025-03-01"};
//   for (const RuleViolation& v : CheckPosting(input, exception, ctx)) ...
//
// Pure functions over their inputs (the table is loaded by the caller);
// safe to call concurrently.
#ifndef XIEZUO_POSTINGS_RULES_H_
#define XIEZUO_POSTINGS_RULES_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "postings/postings.h"
#include "store/database.h"

namespace xiezuo::postings {

struct RuleViolation {
  std::string rule;   // "min_wage", "discrimination", "openings", "dates", "blacklist"
  std::string field;  // the posting field it concerns
  std::string zh, en;
  bool blocking = true;  // false: a warning (e.g. no wage table for the province)
};

struct MinWage {
  std::string province_code;
  int tier = 0;
  int64_t monthly = 0;  // yuan a month
  int64_t hourly = 0;   // yuan an hour
  std::string effective_from;
};

// Minimum wages by province and tier, with the tier of cities and counties.
class MinWageTable {
 public:
  static StatusOr<MinWageTable> Load(store::Connection& c);
  void Add(const MinWage& w) { by_province_[w.province_code][w.tier] = w; }
  void SetTier(const std::string& region_code, int tier) { tiers_[region_code] = tier; }

  // The minimum wage that applies at region_code (a county or below): the
  // tier of the most specific city/county row, else the province's lowest
  // tier (the most lenient: an unknown tier never rejects a lawful posting).
  // nullopt when the province has no table.
  std::optional<MinWage> For(std::string_view region_code) const;
  bool tier_known(std::string_view region_code) const;

 private:
  std::map<std::string, std::map<int, MinWage>> by_province_;
  std::map<std::string, int> tiers_;
};

// Allowed exceptions to the anti-discrimination rule, recorded on the
// posting (postings.requirement_exception) by the verifying officer.
struct AllowedException {
  const char* key;
  const char* zh;
};
inline constexpr AllowedException kAllowedExceptions[] = {
    {"female_prohibited_work",
     "国家规定女职工禁忌从事的劳动（《女职工劳动保护特别规定》附录，如矿山井下作业）"},
    {"ethnic_special_needs", "民族特需岗位（如清真食品加工，经人社部门认可）"},
    {"local_public_welfare", "按政策限定本地户籍的帮扶岗位（如乡村公益性岗位）"},
};
bool IsAllowedException(std::string_view key);

// Scans free text (title, description, hours) for requirements by sex,
// ethnicity or origin. Empty when none, or when `exception` is allowed.
std::vector<RuleViolation> CheckRequirements(std::string_view text, std::string_view exception);

struct RuleContext {
  const MinWageTable& wages;
  bool enterprise_blacklisted = false;
  std::string today;  // "YYYY-MM-DD", Asia/Shanghai
  // Checks for publishing (the blacklist applies when publishing; a draft
  // from a blacklisted enterprise may still be recorded).
  bool publishing = false;
};

// Every rule; blocking violations stop submit, verify and publish.
// Pay: monthly postings compare wage_min with the monthly minimum; hourly
// postings whose wage_min is below 200 are read as an hourly rate and
// compared with the hourly minimum, otherwise as a month's equivalent;
// piece-rate postings state a month's equivalent.
std::vector<RuleViolation> CheckPosting(const PostingInput& in, std::string_view exception,
                                        const RuleContext& ctx);

// Violations as a Status naming each field (InvalidArgument), or OK.
Status ToStatus(const std::vector<RuleViolation>& v);

}  // namespace xiezuo::postings

#endif  // XIEZUO_POSTINGS_RULES_H_
