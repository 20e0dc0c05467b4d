// The matching service: the engine over the store. Loads published,
// unexpired postings with openings and available workers (with their
// intentions) for a scope, runs a batch, stores it with its policy version,
// quality figures and every recommendation's reasons, and serves the
// per-worker and per-posting lists and the outcomes officials mark.
//
//   MatchService svc(db, codebook, audit, clock);
//   ASSIGN_OR_RETURN(auto scope, svc.ResolveScope("天等县:江门市"));
//   ASSIGN_OR_RETURN(BatchReport rep, svc.RunBatch(principal, scope, Policy::Default()));
//   ASSIGN_OR_RETURN(auto recs, svc.ForWorker(principal, worker_id));
//   RETURN_IF_ERROR(svc.SetOutcome(principal, rec_id, "declined", "离家太远"));
//
// Scope: workers are loaded, listed and marked through auth::WorkerScope,
// so a county officer batches and sees only their county's people; a
// worker outside scope is "not found". Every batch and outcome is audited.
// Thread-safety: safe for concurrent use (state lives in the database).
#ifndef XIEZUO_MATCH_SERVICE_H_
#define XIEZUO_MATCH_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "codes/codebook.h"
#include "common/clock.h"
#include "match/policy.h"
#include "match/quality.h"
#include "store/database.h"

namespace xiezuo::match {

// Which workers and postings a batch considers.
struct BatchScope {
  std::string worker_region;   // workers registered within (county or province code)
  std::string posting_city;    // postings in this city, or "" for all
  std::string label;           // stored: "pair:451425:440700", "county:…", "province:…"
};

struct BatchReport {
  int64_t batch_id = 0;
  int64_t policy_version = 0;
  int64_t workers = 0, postings = 0;
  int64_t skipped = 0;
  std::vector<std::string> skip_log;  // one line per skipped record (ids only)
  Quality quality;
  double seconds = 0;
};

struct Recommendation {
  int64_t id = 0;
  int64_t batch_id = 0;
  int64_t worker_id = 0;
  std::string worker_name;
  int64_t posting_id = 0;
  std::string posting_title, enterprise_name;
  int rank = 0;
  int64_t score = 0;
  std::string reasons_zh, reasons_en;
  std::string outcome, outcome_reason;
};

// A stored policy version with who saved it and when (version 1, the
// built-in default, has created_by 0 and created_at 0 unless stored).
struct PolicyVersion {
  Policy policy;
  int64_t created_by = 0;
  std::string created_by_name;
  int64_t created_at = 0;
};

// A stored batch as listed in the console: its scope, the policy version it
// ran with, its size and its quality figures (JSON, as QualityToJson wrote).
struct BatchInfo {
  int64_t id = 0;
  std::string scope;  // "pair:451425:440700", "county:…", "province:…"
  int64_t policy_version = 0;
  int64_t workers = 0, postings = 0;
  std::string skipped_json = "{}";  // reason → count
  std::string quality_json = "{}";
  int64_t created_by = 0;
  std::string created_by_name;
  int64_t created_at = 0;
};

// A posting's candidate: the recommendation and the worker's facts an
// official needs to call them (ID number masked; no phone).
struct Candidate {
  Recommendation rec;
  std::string id_masked;
  std::string sex;
  std::string birth_date;
  std::string county_code;
  std::string category;
  std::optional<int64_t> wage_floor;
};

inline constexpr const char* kOutcomes[] = {"none", "contacted", "interested", "applied", "hired",
                                            "declined"};

class MatchService {
 public:
  MatchService(store::Database& db, const codes::Codebook& codebook, audit::AuditLog& audit,
               const Clock& clock)
      : db_(db), codebook_(codebook), audit_(audit), clock_(clock) {}

  // "天等县:江门市" (a cooperation pair: county of origin, receiving city),
  // "天等县" / "451425" (a county) or "53" / "云南省" (a province).
  StatusOr<BatchScope> ResolveScope(const std::string& text) const;

  // The policy in force (the latest stored version, else the default).
  StatusOr<Policy> CurrentPolicy();
  // Stores a new policy version (validated; its version is assigned).
  StatusOr<Policy> SavePolicy(const auth::Principal& p, Policy policy);

  StatusOr<BatchReport> RunBatch(const auth::Principal& p, const BatchScope& scope,
                                 const Policy& policy);

  // The worker's recommendations from the latest batch that included them.
  StatusOr<std::vector<Recommendation>> ForWorker(const auth::Principal& p, int64_t worker_id);
  // The posting's candidates from the latest batch that included it, limited
  // to workers in the caller's scope.
  StatusOr<std::vector<Recommendation>> ForPosting(const auth::Principal& p, int64_t posting_id);
  // A recommendation by id, in scope.
  StatusOr<Recommendation> Get(const auth::Principal& p, int64_t rec_id);
  // outcome ∈ kOutcomes; "declined" needs a reason.
  Status SetOutcome(const auth::Principal& p, int64_t rec_id, const std::string& outcome,
                    const std::string& reason);
  // The batch's recommendations in scope as an .xlsx file (masked ID
  // numbers only; cells that a spreadsheet would read as a formula are
  // escaped). Returns the number of rows written.
  StatusOr<int64_t> ExportXlsx(const auth::Principal& p, int64_t batch_id, const std::string& path);

  // --- Console support (policy history, batch lists, candidates) ---

  // Every stored policy version, newest first; the built-in default
  // (version 1) last when it was never stored.
  StatusOr<std::vector<PolicyVersion>> PolicyHistory();
  // OK if p may run a batch over `scope`: an admin anything; a county
  // officer their own county or a pair from it; a station officer its pair
  // (home county : station city). Otherwise permission denied.
  Status CheckBatchScope(const auth::Principal& p, const BatchScope& scope) const;
  // Whether p may see a batch with this scope label: the admin all; county
  // and village officers their county's batches; a station its home
  // county's batches and its pair; a receiving bureau pairs into its city.
  bool CanSeeBatch(const auth::Principal& p, const std::string& scope_label) const;
  // Batches p may see, newest first, at most `limit`.
  StatusOr<std::vector<BatchInfo>> ListBatches(const auth::Principal& p, int limit);
  // One batch; not found when p may not see it.
  StatusOr<BatchInfo> GetBatch(const auth::Principal& p, int64_t batch_id);
  // Recommendations per opening of every posting the batch recommended at
  // least once (for the histogram; no personal data). REQUIRES: p may see it.
  StatusOr<std::vector<double>> RecsPerOpening(int64_t batch_id);
  // The posting's candidates: workers in p's scope whose current
  // recommendations (their latest batch) include it, best first. A station
  // officer sees its home county's workers for postings in its city and gets
  // not found for a posting elsewhere.
  StatusOr<std::vector<Candidate>> Candidates(const auth::Principal& p, int64_t posting_id);

 private:
  StatusOr<std::vector<Recommendation>> List(const auth::Principal& p, const std::string& column,
                                             int64_t id);

  store::Database& db_;
  const codes::Codebook& codebook_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

// A cell value made safe for spreadsheets: a leading = + - @ tab or CR
// (formula injection) gets a leading apostrophe.
std::string SpreadsheetSafe(const std::string& v);

// Days since 1970-01-01 of "YYYY-MM-DD"; nullopt if malformed.
std::optional<int> ParseDay(const std::string& ymd);

}  // namespace xiezuo::match

#endif  // XIEZUO_MATCH_SERVICE_H_
