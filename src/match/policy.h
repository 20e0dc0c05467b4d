// The matching policy: the weights of each part of the score, the priority
// given to 脱贫劳动力 and 残疾人, and the congestion limits (α, k). Officials
// edit it; every batch records the version it ran with.
//
//   match::Policy p = match::Policy::Default();
//   p.weights.pay = 30;
//   RETURN_IF_ERROR(match::ValidatePolicy(p));   // names the bad field
//   ASSIGN_OR_RETURN(match::Policy q, match::PolicyFromJson(text));
//
// Scores are integers: each component is 0..100 and is multiplied by its
// weight (0..100), so a score is at most 100 × Σ weights and the exact
// (LEMON) and fast allocators compare the same integer objective.
//
// Thread-safety: a value; copy freely.
#ifndef XIEZUO_MATCH_POLICY_H_
#define XIEZUO_MATCH_POLICY_H_

#include <cstdint>
#include <string>

#include "common/status.h"

namespace xiezuo::match {

struct Weights {
  int occupation = 30;   // same occupation 100, same minor group 70, same mid group 40
  int certificate = 10;  // holds a certificate the posting asks for or prefers
  int pay = 25;          // guaranteed pay above the worker's floor (+50 % saturates)
  int place = 15;        // a region the worker named (vs. an acceptable one)
  int travel = 5;        // shorter travel from the home county
  int lodging = 10;      // dormitory when the worker needs one; smaller rooms score more
  int board = 5;         // meals when the worker needs them
  int inspection = 10;   // the station's inspection result (8 categories, 88 items)
  int enterprise = 10;   // retention, complaints and arrears history
};

struct Policy {
  // Monotonic version; a batch stores the version it used.
  int64_t version = 1;
  Weights weights;
  // Added (× 100) to every score of a 脱贫劳动力 / 残疾人 worker: officials
  // raise these to move openings towards priority groups.
  int priority_poverty = 8;
  int priority_disabled = 10;
  // A posting with n openings is recommended to at most alpha × n workers.
  int alpha = 3;
  // A worker gets at most k recommendations per batch.
  int k = 5;
  // Candidate postings kept per worker before allocation (best by score).
  int candidates_per_worker = 20;

  static Policy Default() { return Policy(); }
  // The largest score a recommendation can have under this policy.
  int64_t MaxScore() const;
};

// OK, or kInvalidArgument with one field error per bad field
// ("weights.pay": 0..100; "alpha": 1..20; "k": 1..50; …).
Status ValidatePolicy(const Policy& p);

// JSON form used by the store and the API:
// {"version":1,"weights":{"occupation":30,…},"priority_poverty":8,…}.
// Missing fields keep their defaults; the result is validated.
StatusOr<Policy> PolicyFromJson(const std::string& text);
std::string PolicyToJson(const Policy& p);

// PolicyFromJson for text an official sent: also refuses keys it does not
// know ("weights.pai": unknown field), so a typo is never silently ignored.
// "version" is accepted and ignored by callers that assign versions.
StatusOr<Policy> PolicyFromJsonStrict(const std::string& text);

}  // namespace xiezuo::match

#endif  // XIEZUO_MATCH_POLICY_H_
