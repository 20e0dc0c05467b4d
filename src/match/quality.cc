#include "match/quality.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace xiezuo::match {

Quality Measure(const Engine& engine, const Bipartite& g, const Allocation& a) {
  const Problem& prob = engine.problem();
  Quality q;
  int64_t priority_workers = 0;
  for (size_t w = 0; w < prob.num_workers(); ++w) {
    if (prob.w_status[w] != static_cast<uint8_t>(WorkerStatus::kAvailable)) continue;
    ++q.workers_available;
    if (prob.w_flags[w] & (kPoverty | kDisabled)) ++priority_workers;
  }
  q.priority_population =
      q.workers_available ? double(priority_workers) / double(q.workers_available) : 0;
  q.recommendations = static_cast<int64_t>(a.edges.size());
  q.objective = a.objective;
  if (a.upper_bound > 0) q.certified_ratio = double(a.objective) / double(a.upper_bound);

  std::vector<uint32_t> edge_worker(g.num_edges());
  for (uint32_t w = 0; w < g.num_workers; ++w)
    for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e) edge_worker[e] = w;

  std::vector<uint32_t> recs(g.num_postings, 0);
  std::vector<double> flow(g.num_postings, 0.0);
  const double max_score = static_cast<double>(engine.policy().MaxScore());
  int64_t to_priority = 0;
  // a.edges is ascending, so one worker's chosen edges are adjacent and,
  // within a worker, in candidate order (best first).
  size_t i = 0;
  while (i < a.edges.size()) {
    uint32_t w = edge_worker[a.edges[i]];
    ++q.workers_covered;
    double none_yet = 1.0;
    for (; i < a.edges.size() && edge_worker[a.edges[i]] == w; ++i) {
      uint64_t e = a.edges[i];
      uint32_t p = g.posting[e];
      ++recs[p];
      double accept = 0.05 + 0.25 * std::clamp(g.score[e] / max_score, 0.0, 1.0);
      flow[p] += none_yet * accept;
      none_yet *= 1.0 - accept;
      if (prob.w_flags[w] & (kPoverty | kDisabled)) ++to_priority;
    }
  }
  q.coverage = q.workers_available ? double(q.workers_covered) / double(q.workers_available) : 0;
  q.priority_share = q.recommendations ? double(to_priority) / double(q.recommendations) : 0;

  std::vector<double> per_opening;
  for (uint32_t p = 0; p < g.num_postings; ++p) {
    if (g.posting_cap[p] == 0) continue;  // not live
    int openings = prob.p_openings[p];
    q.openings += openings;
    q.expected_placements += std::min<double>(openings, flow[p]);
    double r = double(recs[p]) / openings;
    per_opening.push_back(r);
    q.max_recs_per_opening = std::max(q.max_recs_per_opening, r);
  }
  // Gini = Σ_i (2i − n − 1) x_i / (n Σ x), x ascending.
  std::sort(per_opening.begin(), per_opening.end());
  double n = static_cast<double>(per_opening.size()), sum = 0, acc = 0;
  for (size_t j = 0; j < per_opening.size(); ++j) {
    sum += per_opening[j];
    acc += (2.0 * double(j + 1) - n - 1.0) * per_opening[j];
  }
  q.gini_recs_per_opening = sum > 0 ? acc / (n * sum) : 0;
  return q;
}

std::string FormatQuality(const Quality& q) {
  std::string s;
  s += fmt::format("  覆盖率 coverage:                  {:.2f}% ({} / {} available workers)\n",
                   100 * q.coverage, q.workers_covered, q.workers_available);
  s += fmt::format("  推荐数 recommendations:           {} (objective {})\n", q.recommendations,
                   q.objective);
  s += fmt::format("  预期上岗 expected placements:     {:.0f} of {} openings\n",
                   q.expected_placements, q.openings);
  s += fmt::format("  每岗推荐 recs per opening:        max {:.2f}, Gini {:.3f}\n",
                   q.max_recs_per_opening, q.gini_recs_per_opening);
  s += fmt::format("  重点群体 priority-group share:    {:.2f}% of recs ({:.2f}% of workers)\n",
                   100 * q.priority_share, 100 * q.priority_population);
  if (q.gap_to_optimum) {
    s += fmt::format("  与最优差距 gap to LEMON optimum:  {:.4f}%\n", 100 * *q.gap_to_optimum);
  } else {
    s += "  与最优差距 gap to LEMON optimum:  not computed\n";
  }
  if (q.certified_ratio) {
    s += fmt::format("  对偶证书 certified by LP dual:   ≥ {:.4f}% of optimum\n", 100 * *q.certified_ratio);
  }
  return s;
}

std::string QualityToJson(const Quality& q) {
  nlohmann::json j = {{"workers_available", q.workers_available},
                      {"workers_covered", q.workers_covered},
                      {"coverage", q.coverage},
                      {"recommendations", q.recommendations},
                      {"objective", q.objective},
                      {"expected_placements", q.expected_placements},
                      {"openings", q.openings},
                      {"max_recs_per_opening", q.max_recs_per_opening},
                      {"gini_recs_per_opening", q.gini_recs_per_opening},
                      {"priority_share", q.priority_share},
                      {"priority_population", q.priority_population}};
  if (q.gap_to_optimum) j["gap_to_optimum"] = *q.gap_to_optimum;
  if (q.certified_ratio) j["certified_ratio"] = *q.certified_ratio;
  return j.dump();
}

}  // namespace xiezuo::match
