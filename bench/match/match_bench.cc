#include "match_bench.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "match/allocate.h"
#include "match/engine.h"
#include "match/quality.h"
#include "match/synthetic.h"
#include "store/database.h"

namespace xiezuo::bench {

namespace {

using Clock = std::chrono::steady_clock;
using namespace xiezuo::match;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double PeakMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_maxrss) / 1024.0;
}

// The first three fields of /proc/loadavg: the machine is shared, so
// every figure is read beside it.
std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a.empty() ? "unknown" : a + " " + b + " " + c;
}

bool Has(const std::string& sections, const char* name) {
  return ("," + sections + ",").find(std::string(",") + name + ",") != std::string::npos;
}

struct Timer {
  Clock::time_point start = Clock::now();
  double Elapsed() const { return Seconds(start, Clock::now()); }
};

// --- alloc -------------------------------------------------------------------

bool RunAlloc(const MatchBenchOptions& opt, std::ostream& out) {
  out << fmt::format("\n== alloc: {} workers × {} postings × {} candidates (Zipf 1.0, α=3, k=5; load "
                     "average {}) ==\n",
                     opt.workers, opt.alloc_postings, opt.degree, LoadAverage());
  Timer t;
  BipartiteOptions bo;
  bo.workers = opt.workers;
  bo.postings = opt.alloc_postings;
  bo.degree = opt.degree;
  bo.seed = opt.seed;
  Bipartite g = SyntheticBipartite(bo);
  uint64_t cap = 0;
  for (uint32_t c : g.posting_cap) cap += c;
  out << fmt::format("  instance: {} arcs, worker slots {}, posting capacity {}, {:.1f} s, {:.0f} MB graph\n",
                     g.num_edges(), uint64_t{g.num_workers} * g.worker_cap, cap, t.Elapsed(),
                     double(g.MemoryBytes()) / 1e6);
  bool ok = true;
  t = Timer();
  Allocation greedy = GreedyAllocate(g);
  double t_greedy = t.Elapsed();
  ok &= CheckFeasible(g, greedy).ok();
  double peak_greedy = PeakMb();
  t = Timer();
  Allocation auction = AuctionAllocate(g, {.epsilon = opt.epsilon, .start_gap = opt.start_gap});
  double t_auction = t.Elapsed();
  Status feas = CheckFeasible(g, auction);
  ok &= feas.ok();
  double peak_auction = PeakMb();
  out << fmt::format("  {:<28} {:>9} {:>16} {:>12} {:>12}\n", "allocator", "time s", "objective",
                     "recs", "peak RSS MB");
  out << fmt::format("  {:<28} {:>9.2f} {:>16} {:>12} {:>12.0f}\n", "greedy by score", t_greedy,
                     greedy.objective, greedy.edges.size(), peak_greedy);
  out << fmt::format("  {:<28} {:>9.2f} {:>16} {:>12} {:>12.0f}  feasible: {}\n",
                     "auction (ours)", t_auction, auction.objective, auction.edges.size(),
                     peak_auction, feas.ok() ? "yes" : feas.message());
  if (auction.upper_bound > 0) {
    out << fmt::format("  auction certified by its LP dual: ≥ {:.4f}% of optimum (no LEMON needed)\n",
                       100.0 * double(auction.objective) / double(auction.upper_bound));
  }
  if (opt.lemon) {
    t = Timer();
    auto lemon = LemonAllocate(g);
    double t_lemon = t.Elapsed();
    if (!lemon.ok()) {
      out << "  LEMON: " << lemon.status().message() << "\n";
      return ok;
    }
    out << fmt::format("  {:<28} {:>9.2f} {:>16} {:>12} {:>12.0f}\n", "LEMON NetworkSimplex", t_lemon,
                       lemon->objective, lemon->edges.size(), PeakMb());
    double opt_obj = double(lemon->objective);
    out << fmt::format("  auction: {:.4f}% of optimum (gap {:.4f}%), "
                       "{:.1f}× faster than LEMON\n",
                       100 * auction.objective / opt_obj, 100 * (1 - auction.objective / opt_obj),
                       t_lemon / t_auction);
    out << fmt::format("  greedy:  {:.4f}% of optimum, {:.1f}× faster than LEMON\n",
                       100 * greedy.objective / opt_obj, t_lemon / t_greedy);
    out << fmt::format("  targets (issue 4): ≥ 99.5% of optimum: {}; ≥ 10× faster than LEMON: {}; "
                       "peak ≤ 800 MB through the auction: {}\n",
                       auction.objective >= 0.995 * opt_obj ? "met" : "NOT MET",
                       t_lemon >= 10 * t_auction ? "met" : "NOT MET",
                       peak_auction <= 800 ? "met" : "NOT MET");
  }
  return ok;
}

bool RunWarm(const MatchBenchOptions& opt, std::ostream& out, const Bipartite& g);

// --- batch -------------------------------------------------------------------

// province: the same run at 10 M × 1.5 M, with the province's targets.
bool RunBatch(const MatchBenchOptions& opt, std::ostream& out, std::optional<Problem>& keep,
              bool province = false) {
  out << fmt::format("\n== {}: {} workers × {} postings, demo distributions, top-5 (load average {}) ==\n",
                     province ? "province" : "batch", opt.workers, opt.batch_postings, LoadAverage());
  Timer t;
  SyntheticOptions so;
  so.workers = opt.workers;
  so.postings = opt.batch_postings;
  so.seed = opt.seed;
  keep.emplace(SyntheticProblem(so));
  Problem& prob = *keep;
  out << fmt::format("  generate problem: {:.2f} s ({:.0f} MB in columns and index)\n", t.Elapsed(),
                     double(prob.MemoryBytes()) / 1e6);
  Policy pol;
  Timer total;
  t = Timer();
  Engine eng(prob, pol, so.today);
  double t_setup = t.Elapsed();
  t = Timer();
  Bipartite g = eng.Candidates(opt.threads);
  double t_cand = t.Elapsed();
  t = Timer();
  Allocation a = AuctionAllocate(g, {.epsilon = opt.epsilon, .start_gap = opt.start_gap});
  double t_alloc = t.Elapsed();
  double wall = total.Elapsed();
  Status feas = CheckFeasible(g, a);
  Quality q = Measure(eng, g, a);
  if (a.upper_bound > 0) {
    out << fmt::format("  allocation certified by its LP dual: ≥ {:.4f}% of optimum\n",
                       100.0 * double(a.objective) / double(a.upper_bound));
  }
  out << fmt::format("  engine set-up {:.2f} s; candidates + scoring {:.2f} s ({} threads, {} edges); "
                     "allocation {:.2f} s\n",
                     t_setup, t_cand, opt.threads, g.num_edges(), t_alloc);
  if (province) {
    out << fmt::format("  PROVINCE END-TO-END {:.1f} s wall, peak RSS {:.0f} MB, feasible: {}"
                       " (targets at 10 M × 1.5 M: < 300 s {}, < 20 GB {})\n",
                       wall, PeakMb(), feas.ok() ? "yes" : feas.message(), wall < 300 ? "met" : "NOT MET",
                       PeakMb() < 20480 ? "met" : "NOT MET");
  } else {
    out << fmt::format("  END-TO-END {:.2f} s wall, peak RSS {:.0f} MB, feasible: {}"
                       " (targets at 1 M × 100 k: < 10 s {}, < 3 GB {})\n",
                       wall, PeakMb(), feas.ok() ? "yes" : feas.message(), wall < 10 ? "met" : "NOT MET",
                       PeakMb() < 3072 ? "met" : "NOT MET");
  }
  if (opt.batch_lemon) {
    t = Timer();
    auto lemon = LemonAllocate(g);
    if (lemon.ok()) {
      q.gap_to_optimum = 1.0 - double(a.objective) / double(lemon->objective);
      out << fmt::format("  LEMON on the batch graph: {:.2f} s\n", t.Elapsed());
    }
  }
  out << FormatQuality(q);
  int64_t skipped = prob.total_skipped();
  out << fmt::format("  skipped records: {}\n", skipped);
  bool ok = feas.ok();
  if (!province && Has(opt.sections, "warm")) ok &= RunWarm(opt, out, g);
  return ok;
}

// --- warm ----------------------------------------------------------------------

// Warm start on the batch graph: one more posting (a copy of a popular
// posting's candidate list, scored 5 higher, as a new posting of the same
// kind would be), then 1,000 more workers (copies of existing workers'
// candidate lists). Each repair is timed against the cold solve, and its
// gap is certified by the LP dual over the extended graph.
bool RunWarm(const MatchBenchOptions& opt, std::ostream& out, const Bipartite& g) {
  out << fmt::format("\n== warm start: adding to the solved batch ({} workers, {} edges; load average "
                     "{}) ==\n",
                     g.num_workers, g.num_edges(), LoadAverage());
  Timer t;
  AuctionState st(g, {.epsilon = opt.epsilon, .start_gap = opt.start_gap});
  double t_cold = t.Elapsed();
  t = Timer();
  st.PrepareWarmStart();
  double t_prep = t.Elapsed();
  // The most demanded posting's candidates.
  std::vector<uint32_t> demand(g.num_postings, 0);
  for (uint32_t p : g.posting) ++demand[p];
  uint32_t hot = static_cast<uint32_t>(std::max_element(demand.begin(), demand.end()) - demand.begin());
  std::vector<std::pair<uint32_t, int32_t>> edges;
  for (uint32_t w = 0; w < g.num_workers; ++w)
    for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e)
      if (g.posting[e] == hot) edges.emplace_back(w, g.score[e] + 5);
  t = Timer();
  st.AddPosting(std::max<uint32_t>(1, g.posting_cap[hot]), edges);
  double t_post = t.Elapsed();
  Allocation a1 = st.Result();
  std::vector<std::vector<std::pair<uint32_t, int32_t>>> added;
  for (uint32_t i = 0; i < 1000 && g.num_workers > 0; ++i) {
    uint32_t w = static_cast<uint32_t>((uint64_t{i} * 2654435761u) % g.num_workers);
    auto& list = added.emplace_back();
    for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e) list.emplace_back(g.posting[e], g.score[e]);
  }
  t = Timer();
  st.AddWorkers(added);
  double t_workers = t.Elapsed();
  Allocation a2 = st.Result();
  Bipartite ext = st.Graph();
  Status feas = CheckFeasible(ext, a2);
  auto gap = [](const Allocation& a) {
    return 100.0 * (1.0 - double(a.objective) / double(std::max<int64_t>(1, a.upper_bound)));
  };
  out << fmt::format("  cold solve (baseline) {:.3f} s; one-off posting → edges index {:.3f} s\n", t_cold,
                     t_prep);
  out << fmt::format("  +1 posting ({} candidates): {:.3f} ms = {:.4f}% of the cold solve; certified gap "
                     "≤ {:.4f}% (targets < 1%, ≤ 0.1%: {}, {})\n",
                     edges.size(), 1000 * t_post, 100 * t_post / t_cold, gap(a1),
                     t_post < 0.01 * t_cold ? "met" : "NOT MET", gap(a1) <= 0.1 ? "met" : "NOT MET");
  out << fmt::format("  +1,000 workers: {:.3f} ms = {:.4f}% of the cold solve; certified gap ≤ {:.4f}% "
                     "(targets < 1%, ≤ 0.1%: {}, {}); feasible: {}\n",
                     1000 * t_workers, 100 * t_workers / t_cold, gap(a2),
                     t_workers < 0.01 * t_cold ? "met" : "NOT MET", gap(a2) <= 0.1 ? "met" : "NOT MET",
                     feas.ok() ? "yes" : feas.message());
  t = Timer();
  Allocation cold = AuctionAllocate(ext, {.epsilon = opt.epsilon, .start_gap = opt.start_gap});
  out << fmt::format("  cold re-solve of the extended graph: {:.3f} s, objective {} vs warm {} ({:+.4f}%)\n",
                     t.Elapsed(), cold.objective, a2.objective,
                     100.0 * (double(a2.objective) / double(cold.objective) - 1.0));
  return feas.ok();
}

// --- incremental ---------------------------------------------------------------

void RunIncremental(const MatchBenchOptions& opt, std::ostream& out, const Problem& prob) {
  out << fmt::format("\n== incremental: a newly published posting against {} workers (load average "
                     "{}) ==\n",
                     prob.num_workers(), LoadAverage());
  Policy pol;
  Engine eng(prob, pol, SyntheticOptions().today);
  std::vector<double> ms;
  size_t listed = 0;
  uint32_t P = static_cast<uint32_t>(prob.num_postings());
  for (int i = 0; i < opt.incremental_queries; ++i) {
    uint32_t p = static_cast<uint32_t>((static_cast<uint64_t>(i) * 2654435761u) % P);
    Timer t;
    auto ranked = eng.RankWorkers(p, static_cast<size_t>(pol.alpha) * prob.p_openings[p]);
    ms.push_back(1000 * t.Elapsed());
    listed += ranked.size();
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double q) { return ms[std::min(ms.size() - 1, size_t(q * double(ms.size())))]; };
  out << fmt::format("  {} postings ranked (one core): p50 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms; "
                     "{:.1f} workers listed on average\n",
                     ms.size(), pct(0.50), pct(0.99), ms.back(), double(listed) / double(ms.size()));
  out << fmt::format("  target p99 < 20 ms: {}\n", pct(0.99) < 20 ? "met" : "NOT MET");
  out << fmt::format("  scan: {} bytes of compact features a worker, only in the place classes that "
                     "accept the posting\n",
                     sizeof(uint32_t) * 2 + sizeof(uint16_t) * 4 + 2);
  Timer t;
  uint32_t W = static_cast<uint32_t>(prob.num_workers());
  size_t n = 0;
  for (uint32_t w = 0; w < std::min<uint32_t>(W, 1000); ++w) n += eng.RankPostings(w, 20).size();
  out << fmt::format("  1,000 changed intentions re-ranked: {:.2f} ms total ({} postings listed)\n",
                     1000 * t.Elapsed(), n);
}

// --- sql ------------------------------------------------------------------------

int LodgingC(bool wants, bool lodging, int dorm) {
  if (!wants) return 50;
  if (!lodging) return 0;
  if (dorm == 0) return 70;
  return std::clamp(100 - 10 * (dorm - 4), 40, 100);
}

// The top-k of one posting as a "typical system" writes it: one SELECT with
// the hard rules in WHERE and the score as an expression, ORDER BY … LIMIT.
std::string TopKSql(const Problem& prob, const Policy& pol, uint32_t p, size_t limit) {
  const Weights& wt = pol.weights;
  uint32_t occ = prob.p_occ[p], county = prob.p_county[p], city = CityOf(county);
  uint16_t pf = prob.p_flags[p];
  int pay = prob.p_wage_min[p];
  bool remote = pf & kRemoteOk;
  auto occ_c = [&](const char* col) {
    return fmt::format(
        "(CASE WHEN {0} = {1} THEN 100 WHEN {0} / 100 = {2} THEN 70 WHEN {0} / 10000 = {3} THEN 40 "
        "WHEN {0} / 1000000 = {4} THEN 10 ELSE 0 END)",
        col, occ, occ / 100, occ / 10000, occ / 1000000);
  };
  std::string wanted_match;
  for (int i = 1; i <= 4; ++i) {
    if (i > 1) wanted_match += " OR ";
    wanted_match += fmt::format(
        "(wanted{0} <> 0 AND ((wanted{0} % 10000 = 0 AND wanted{0} / 10000 = {1}) OR "
        "(wanted{0} % 100 = 0 AND wanted{0} % 10000 <> 0 AND wanted{0} / 100 = {2}) OR wanted{0} = {3}))",
        i, county / 10000, county / 100, county);
  }
  // Place rule and "wanted" (100 vs 50) exactly as Engine::PlaceOk.
  std::string place_ok, place_wanted;
  if (remote) {
    place_ok = "1 = 1";
    place_wanted = "(flags & 16) <> 0";
  } else {
    place_ok = fmt::format(
        "(flags & 16) = 0 AND (((flags & 8) <> 0 AND home = {0}) OR ((flags & 8) = 0 AND "
        "(wanted1 = 0 OR {1})))",
        county, wanted_match);
    place_wanted = fmt::format("(((flags & 8) <> 0 AND home = {0}) OR ((flags & 8) = 0 AND ({1})))",
                               county, wanted_match);
  }
  std::string travel = "CASE home";
  std::vector<uint32_t> homes;
  for (uint32_t h : prob.w_home)
    if (std::find(homes.begin(), homes.end(), h) == homes.end()) homes.push_back(h);
  for (uint32_t h : homes) {
    int hours = prob.TravelHours(h, city);
    int c = (remote || CityOf(h) == city) ? 100 : hours <= 0 ? 50 : std::clamp(100 - 4 * hours, 0, 100);
    travel += fmt::format(" WHEN {} THEN {}", h, c);
  }
  travel += fmt::format(" ELSE {} END", remote ? 100 : 50);
  int insp = prob.p_inspection[p] < 0 ? 50 : prob.p_inspection[p];
  int ent = prob.p_retention[p] < 0 ? 60 : prob.p_retention[p];
  ent -= 15 * prob.p_complaints[p];
  if (pf & kArrearsHistory) ent -= 30;
  ent = std::clamp(ent, 0, 100);
  int dorm = prob.p_dorm[p];
  uint32_t certs = prob.p_req_certs[p] | prob.p_pref_certs[p];
  std::string score = fmt::format(
      "{wo} * (CASE WHEN {o1} > {o2} THEN {o1} ELSE {o2} END)"
      " + (CASE WHEN (certs & {certs}) <> 0 THEN {wc} ELSE 0 END)"
      " + {wp} * (CASE WHEN floor = 0 THEN 50 WHEN {pay} < floor THEN 0"
      " WHEN 50 + 100 * ({pay} - floor) / floor > 100 THEN 100 ELSE 50 + 100 * ({pay} - floor) / floor END)"
      " + {wpl} * (CASE WHEN {pw} THEN 100 ELSE 50 END)"
      " + {wt} * ({travel})"
      " + {wl} * (CASE WHEN (flags & 64) <> 0 THEN {lw} ELSE 50 END)"
      " + {wb} * (CASE WHEN (flags & 128) <> 0 THEN {bw} ELSE 50 END)"
      " + {static_part}"
      " + 100 * (CASE WHEN (flags & 2) <> 0 AND {pd} >= {pp} THEN {pd} WHEN (flags & 1) <> 0 AND (flags & 2) <> 0 THEN {pp}"
      " WHEN (flags & 1) <> 0 THEN {pp} WHEN (flags & 2) <> 0 THEN {pd} ELSE 0 END)",
      fmt::arg("wo", wt.occupation), fmt::arg("o1", occ_c("occ1")), fmt::arg("o2", occ_c("occ2")),
      fmt::arg("certs", certs), fmt::arg("wc", 100 * wt.certificate), fmt::arg("wp", wt.pay),
      fmt::arg("pay", pay), fmt::arg("wpl", wt.place), fmt::arg("pw", place_wanted),
      fmt::arg("wt", wt.travel), fmt::arg("travel", travel), fmt::arg("wl", wt.lodging),
      fmt::arg("lw", LodgingC(true, pf & kLodging, dorm)), fmt::arg("wb", wt.board),
      fmt::arg("bw", (pf & kBoard) ? 100 : 0),
      fmt::arg("static_part", wt.inspection * insp + wt.enterprise * ent),
      fmt::arg("pd", pol.priority_disabled), fmt::arg("pp", pol.priority_poverty));
  std::string where = fmt::format(
      "status = 0 AND age >= {} AND age <= {} AND (certs & {}) = {} AND {} AND "
      "(floor <= {} OR (flags & 32) <> 0) AND ((flags & 4) = 0 OR {})",
      prob.p_age_min[p], prob.p_age_max[p], prob.p_req_certs[p], prob.p_req_certs[p], place_ok, pay,
      ((pf & kCoupleOk) && prob.p_openings[p] >= 2) ? "1 = 1" : "1 = 0");
  return fmt::format("SELECT id, {} AS s FROM match_bench_workers WHERE {} ORDER BY s DESC, id LIMIT {}",
                     score, where, limit);
}

Status LoadSqlWorkers(store::Database& db, const Problem& prob, size_t n) {
  RETURN_IF_ERROR(db.WithConnection([&](store::Connection& c) -> Status {
    RETURN_IF_ERROR(c.ExecScript("DROP TABLE IF EXISTS match_bench_workers"));
    return c.ExecScript(
        "CREATE TABLE match_bench_workers (id BIGINT PRIMARY KEY, age INTEGER, home BIGINT, "
        "occ1 BIGINT, occ2 BIGINT, wanted1 BIGINT, wanted2 BIGINT, wanted3 BIGINT, wanted4 BIGINT, "
        "floor INTEGER, certs BIGINT, flags INTEGER, status INTEGER)");
  }));
  const size_t kRows = 500;
  return db.Transact([&](store::Connection& c) -> Status {
    for (size_t start = 0; start < n; start += kRows) {
      size_t end = std::min(n, start + kRows);
      std::string sql = "INSERT INTO match_bench_workers VALUES ";
      store::Params params;
      for (size_t w = start; w < end; ++w) {
        sql += w == start ? "(?,?,?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?,?,?)";
        params.push_back(int64_t(w));
        params.push_back(int64_t{prob.w_age[w]});
        params.push_back(int64_t{prob.w_home[w]});
        params.push_back(int64_t{prob.w_occ[w * 2]});
        params.push_back(int64_t{prob.w_occ[w * 2 + 1]});
        for (int i = 0; i < 4; ++i) params.push_back(int64_t{prob.w_wanted[w * 4 + i]});
        params.push_back(int64_t{prob.w_floor[w]});
        params.push_back(int64_t{prob.w_certs[w]});
        params.push_back(int64_t{prob.w_flags[w]});
        params.push_back(int64_t{prob.w_status[w]});
      }
      ASSIGN_OR_RETURN(int64_t rows, c.Execute(sql, params));
      (void)rows;
    }
    return Status::Ok();
  });
}

// Not worth a query: not live or blacklisted (the engine lists nobody).
bool SkipPosting(const Problem& prob, uint32_t p, int today) {
  return !(prob.p_flags[p] & kPublished) || (prob.p_flags[p] & kBlacklisted) ||
         prob.p_openings[p] == 0 || (prob.p_valid_until[p] != 0 && prob.p_valid_until[p] < today);
}

bool RunSqlOne(const MatchBenchOptions& opt, std::ostream& out, const std::string& url,
               const char* label, const Problem& prob) {
  auto db_or = store::OpenDatabase(url, {.pool_size = 1});
  if (!db_or.ok()) {
    out << "  " << label << ": cannot open: " << db_or.status().message() << "\n";
    return true;
  }
  auto db = std::move(db_or).value();
  size_t n = prob.num_workers();
  Timer t;
  Status st = LoadSqlWorkers(*db, prob, n);
  if (!st.ok()) {
    out << "  " << label << ": load failed: " << st.message() << "\n";
    return false;
  }
  out << fmt::format("  {}: loaded {} workers in {:.1f} s\n", label, n, t.Elapsed());
  Policy pol;
  Engine eng(prob, pol, SyntheticOptions().today);
  double sql_s = 0, eng_s = 0;
  bool same = true;
  int queries = 0;
  uint32_t P = static_cast<uint32_t>(prob.num_postings());
  for (uint32_t i = 0, tried = 0; queries < opt.sql_queries && tried < P; ++tried, ++i) {
    uint32_t p = static_cast<uint32_t>((uint64_t{i} * 2654435761u) % P);
    if (SkipPosting(prob, p, SyntheticOptions().today)) continue;
    size_t limit = static_cast<size_t>(pol.alpha) * prob.p_openings[p];
    std::string sql = TopKSql(prob, pol, p, limit);
    Timer ts;
    std::vector<int64_t> sql_scores;
    st = db->WithConnection([&](store::Connection& c) -> Status {
      ASSIGN_OR_RETURN(store::ResultSet rs, c.Query(sql));
      for (size_t r = 0; r < rs.size(); ++r) sql_scores.push_back(rs.Int(r, 1));
      return Status::Ok();
    });
    sql_s += ts.Elapsed();
    if (!st.ok()) {
      out << "  " << label << ": query failed: " << st.message() << "\n";
      return false;
    }
    Timer te;
    auto ranked = eng.RankWorkers(p, limit);
    eng_s += te.Elapsed();
    std::vector<int64_t> eng_scores;
    for (auto& [w, s] : ranked) eng_scores.push_back(s);
    if (eng_scores != sql_scores) same = false;
    ++queries;
  }
  if (queries == 0) return true;
  out << fmt::format("  {}: top-k of {} postings: SQL {:.1f} ms/posting, engine {:.2f} ms/posting → "
                     "engine {:.0f}× faster (target ≥ 100×); same top-k scores: {}\n",
                     label, queries, 1000 * sql_s / queries, 1000 * eng_s / queries, sql_s / eng_s,
                     same ? "yes" : "NO");
  {
    Status drop = db->WithConnection(
        [](store::Connection& c) { return c.ExecScript("DROP TABLE IF EXISTS match_bench_workers"); });
    (void)drop;
  }
  return same;
}

bool RunSql(const MatchBenchOptions& opt, std::ostream& out, const Problem* batch_prob) {
  out << fmt::format("\n== sql baseline: the same per-posting top-k as SQL over {} workers (load "
                     "average {}) ==\n",
                     opt.sql_workers, LoadAverage());
  std::optional<Problem> own;
  const Problem* prob = batch_prob;
  if (!prob || static_cast<int64_t>(prob->num_workers()) != opt.sql_workers) {
    SyntheticOptions so;
    so.workers = opt.sql_workers;
    so.postings = opt.batch_postings;
    so.seed = opt.seed;
    own.emplace(SyntheticProblem(so));
    prob = &*own;
  }
  auto dir = std::filesystem::temp_directory_path() / fmt::format("xiezuo_match_bench_{}", getpid());
  std::filesystem::create_directories(dir);
  bool ok = RunSqlOne(opt, out, "sqlite:" + (dir / "bench.db").string(), "SQLite", *prob);
  std::filesystem::remove_all(dir);
  if (const char* pg = std::getenv("XIEZUO_TEST_PG_URL"); pg && *pg) {
    ok &= RunSqlOne(opt, out, pg, "PostgreSQL", *prob);
  } else {
    out << "  PostgreSQL: skipped (set XIEZUO_TEST_PG_URL)\n";
  }
  return ok;
}
}  // namespace

int RunMatchBenchmark(const MatchBenchOptions& opt, std::ostream& out) {
  out << fmt::format("xiezuo match benchmark (seed {}, {} threads for candidate generation; load average "
                     "at start: {})\n",
                     opt.seed, opt.threads, LoadAverage());
  bool ok = true;
  if (Has(opt.sections, "alloc")) ok &= RunAlloc(opt, out);
  std::optional<Problem> batch;
  if (Has(opt.sections, "batch") || Has(opt.sections, "incremental") || Has(opt.sections, "warm")) {
    ok &= RunBatch(opt, out, batch);
  }
  if (Has(opt.sections, "incremental")) RunIncremental(opt, out, *batch);
  if (Has(opt.sections, "sql")) ok &= RunSql(opt, out, batch ? &*batch : nullptr);
  if (Has(opt.sections, "province")) {
    // Last, and alone in its process when possible: peak RSS is the
    // process's high-water mark.
    batch.reset();
    MatchBenchOptions po = opt;
    po.workers = opt.province_workers;
    po.batch_postings = opt.province_postings;
    std::optional<Problem> prov;
    ok &= RunBatch(po, out, prov, /*province=*/true);
  }
  out << fmt::format("\npeak RSS of the whole run: {:.0f} MB\n", PeakMb());
  return ok ? 0 : 1;
}

}  // namespace xiezuo::bench
