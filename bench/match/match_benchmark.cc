// bench/match: the matching benchmark's command line.
//   build/release/bench/match/match_benchmark --workers 1000000
// (scripts/bench.sh match runs it from a Release build.)
#include <iostream>

#include <CLI/CLI.hpp>

#include "match_bench.h"

int main(int argc, char** argv) {
  xiezuo::bench::MatchBenchOptions o;
  CLI::App app{"xiezuo matching benchmark (issue 4)"};
  app.add_option("--workers", o.workers, "workers in the alloc, batch and incremental instances");
  app.add_option("--postings", o.alloc_postings, "postings in the alloc instance");
  app.add_option("--batch-postings", o.batch_postings, "postings in the batch instance");
  app.add_option("--province-workers", o.province_workers, "workers in the province section");
  app.add_option("--province-postings", o.province_postings, "postings in the province section");
  app.add_option("--degree", o.degree, "candidates per worker in the alloc instance");
  app.add_option("--seed", o.seed, "generator seed");
  app.add_option("--epsilon", o.epsilon, "auction bid increment in score points (0 = automatic)");
  app.add_option("--start-gap", o.start_gap, "automatic ε: share of the mean of the workers' best scores");
  app.add_option("--threads", o.threads, "threads for candidate generation");
  app.add_option("--lemon", o.lemon, "run LEMON NetworkSimplex on the alloc instance (1/0)");
  app.add_option("--batch-lemon", o.batch_lemon, "also solve the batch graph exactly (1/0)");
  app.add_option("--incremental-queries", o.incremental_queries, "postings ranked in incremental");
  app.add_option("--sql-workers", o.sql_workers, "workers loaded for the SQL baseline");
  app.add_option("--sql-queries", o.sql_queries, "postings queried in the SQL baseline");
  app.add_option("--sections", o.sections, "comma-separated: alloc,batch,warm,incremental,sql,province (province: 10 M × 1.5 M, not by default)");
  CLI11_PARSE(app, argc, argv);
  // Flush every line: a long run (the province) shows its progress, and a
  // run stopped by a time limit keeps what it measured.
  std::cout << std::unitbuf;
  return xiezuo::bench::RunMatchBenchmark(o, std::cout);
}
