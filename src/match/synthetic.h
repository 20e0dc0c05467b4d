// Reproducible synthetic instances for tests and the benchmark, drawn with
// the demo data's distributions (src/demo/demo.cc): seven exporting
// counties with their weights and partner cities, six receiving cities with
// their trades and pay bonuses, the trades' occupations, pay ranges,
// lodging/board shares, openings (50 % 1–10, 35 % 11–30, 15 % 31–60),
// worker ages (12 % 18–24, 68 % 25–45, 20 % 46–60), status (70 % available),
// category (45 % 脱贫, 5 % 残疾), wage floors 3,000–6,000, 10 % local only,
// 8 % couples, 45 % with a certificate.
//
//   match::Problem prob = match::SyntheticProblem({.workers = 100000, .postings = 10000});
//   match::Bipartite g = match::SyntheticBipartite({.workers = 1000000, .postings = 150000});
//
// Same options and seed → same instance on every platform (own integer
// helpers over splitmix64, not <random>'s distributions).
#ifndef XIEZUO_MATCH_SYNTHETIC_H_
#define XIEZUO_MATCH_SYNTHETIC_H_

#include <cstdint>

#include "match/allocate.h"
#include "match/problem.h"

namespace xiezuo::match {

struct SyntheticOptions {
  int64_t workers = 10000;
  int64_t postings = 1000;
  uint64_t seed = 20261125;
  // "Today" for validity (days since 1970-01-01); postings expire around it.
  int today = 20600;  // 2026-05-27
};
Problem SyntheticProblem(const SyntheticOptions& opt);

struct BipartiteOptions {
  int64_t workers = 1000000;
  int64_t postings = 150000;
  int degree = 20;         // candidates per worker, distinct postings
  double zipf = 1.0;       // popularity exponent of postings
  int alpha = 3;           // posting capacity = alpha × openings
  int k = 5;               // worker capacity
  uint64_t seed = 20261125;
};
// The allocation-only instance of the issue: each worker has `degree`
// candidate postings drawn by Zipf popularity; scores mix the posting's
// quality with a worker-specific fit; capacities bind on popular postings.
Bipartite SyntheticBipartite(const BipartiteOptions& opt);

}  // namespace xiezuo::match

#endif  // XIEZUO_MATCH_SYNTHETIC_H_
