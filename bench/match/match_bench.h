// The matching benchmark: every figure of issue 4, side by side in one run.
//
//   bench::MatchBenchOptions o;  o.workers = 100000;
//   return bench::RunMatchBenchmark(o, std::cout);
//
// Sections (each prints its baseline beside it):
//   alloc        allocation only, on the synthetic instance (workers ×
//                postings × degree candidates, Zipf popularity, capacities
//                binding): greedy, auction (ours), LEMON NetworkSimplex.
//   batch        end to end on a demo-distributed problem: engine set-up,
//                candidate generation and scoring, allocation, quality.
//   incremental  a newly published posting against every worker: latency
//                percentiles of Engine::RankWorkers.
//   warm         (with batch) the solved batch takes one more posting, then
//                1,000 more workers: each local repair timed against the
//                cold solve, with its certified gap and a cold re-solve.
//   province     (not in the default run) the batch at province scale,
//                10 M workers × 1.5 M postings: time and peak RSS.
//   sql          the same per-posting top-k written as SQL over the same
//                workers in SQLite (and PostgreSQL when XIEZUO_TEST_PG_URL is
//                set); checks the SQL top-k scores equal the engine's, and
//                prints the ratio.
// Peak memory is getrusage(RUSAGE_SELF).ru_maxrss after each step (a
// process-wide high-water mark: steps run in the order printed).
#ifndef XIEZUO_BENCH_MATCH_MATCH_BENCH_H_
#define XIEZUO_BENCH_MATCH_MATCH_BENCH_H_

#include <cstdint>
#include <ostream>
#include <string>

namespace xiezuo::bench {

struct MatchBenchOptions {
  int64_t workers = 1000000;         // alloc, batch, incremental
  int64_t alloc_postings = 150000;   // alloc instance
  int64_t batch_postings = 100000;   // batch instance
  int64_t province_workers = 10000000;   // province section
  int64_t province_postings = 1500000;
  int degree = 20;                   // alloc: candidates per worker
  uint64_t seed = 20261125;
  int threads = 2;                   // candidate generation
  int epsilon = 0;                   // auction ε (0 = automatic)
  double start_gap = 0.008;           // automatic ε: share of the mean best score
  bool lemon = true;                 // run LEMON on the alloc instance
  bool batch_lemon = false;          // also the exact optimum of the batch graph
  int incremental_queries = 200;     // postings ranked in `incremental`
  int64_t sql_workers = 1000000;     // rows in the SQL baseline
  int sql_queries = 5;               // postings queried in `sql`
  std::string sections = "alloc,batch,warm,incremental,sql";
};

// Returns 0 on success, 1 if a check failed (infeasible allocation, SQL
// and engine top-k differ).
int RunMatchBenchmark(const MatchBenchOptions& opt, std::ostream& out);

}  // namespace xiezuo::bench

#endif  // XIEZUO_BENCH_MATCH_MATCH_BENCH_H_
