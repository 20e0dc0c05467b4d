// Quality of a batch: what the benchmark and every batch print.
//
//   match::Quality q = match::Measure(engine, graph, allocation);
//   q.gap_to_optimum = 1 - fast.objective / lemon.objective;  // when known
//   std::cout << match::FormatQuality(q);
//
// Acceptance model (stated, simple, and the same for every allocator): a
// recommendation with score s is accepted with probability
//   q(s) = 0.05 + 0.25 × s / MaxScore(policy)
// independently; a worker tries their recommendations best first and takes
// the first accepted one, so worker w goes to posting p with probability
// q_p × Π_{better ones}(1 − q); a posting hires at most its openings, so
// expected placements = Σ_p min(openings_p, Σ_w P(w goes to p)).
#ifndef XIEZUO_MATCH_QUALITY_H_
#define XIEZUO_MATCH_QUALITY_H_

#include <cstdint>
#include <optional>
#include <string>

#include "match/allocate.h"
#include "match/engine.h"

namespace xiezuo::match {

struct Quality {
  int64_t workers_available = 0;     // available workers in the problem
  int64_t workers_covered = 0;       // with ≥ 1 recommendation
  double coverage = 0;               // covered / available
  int64_t recommendations = 0;
  int64_t objective = 0;             // Σ score
  double expected_placements = 0;    // under the acceptance model above
  int64_t openings = 0;              // live openings
  double max_recs_per_opening = 0;   // over live postings
  double gini_recs_per_opening = 0;  // over live postings (0 = even)
  double priority_share = 0;         // of recommendations, to 脱贫/残疾 workers
  double priority_population = 0;    // share of priority workers among available
  std::optional<double> gap_to_optimum;  // 1 − objective / LEMON optimum
  // objective / the allocator's LP dual bound: a guaranteed lower bound on
  // objective / optimum, known at any scale.
  std::optional<double> certified_ratio;
};

Quality Measure(const Engine& engine, const Bipartite& g, const Allocation& a);
// Multi-line, zh-CN label then en, for batch logs and the benchmark.
std::string FormatQuality(const Quality& q);
// JSON object with the same fields (stored with the batch).
std::string QualityToJson(const Quality& q);

}  // namespace xiezuo::match

#endif  // XIEZUO_MATCH_QUALITY_H_
