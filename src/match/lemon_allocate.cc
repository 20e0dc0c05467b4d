// The exact allocator: LEMON's NetworkSimplex. Kept in its own file so that
// LEMON's headers (slow to compile) stay out of every public header.
#include <limits>
#include <utility>
#include <vector>

#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>

#include "match/allocate.h"

namespace xiezuo::match {

StatusOr<Allocation> LemonAllocate(const Bipartite& g) {
  const uint64_t W = g.num_workers, P = g.num_postings, E = g.num_edges();
  const uint64_t arcs = W + 1 + E + P, nodes = W + P + 2;
  if (arcs >= static_cast<uint64_t>(std::numeric_limits<int>::max()) ||
      nodes >= static_cast<uint64_t>(std::numeric_limits<int>::max())) {
    return ResourceExhausted("图过大，无法用 LEMON 求解", "graph too large for LEMON");
  }
  // Nodes: s = 0, workers 1..W, postings W+1..W+P, t = W+P+1. StaticDigraph
  // wants arcs sorted by source, and numbers them in that order:
  // s→w (0..W-1), s→t (W), w→p (W+1+e), p→t.
  const int s = 0, t = static_cast<int>(W + P + 1);
  std::vector<std::pair<int, int>> list;
  list.reserve(arcs);
  for (uint64_t w = 0; w < W; ++w) list.emplace_back(s, static_cast<int>(w + 1));
  list.emplace_back(s, t);
  for (uint64_t w = 0; w < W; ++w)
    for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e)
      list.emplace_back(static_cast<int>(w + 1), static_cast<int>(W + 1 + g.posting[e]));
  for (uint64_t p = 0; p < P; ++p) list.emplace_back(static_cast<int>(W + 1 + p), t);

  lemon::StaticDigraph graph;
  graph.build(static_cast<int>(nodes), list.begin(), list.end());
  list.clear();
  list.shrink_to_fit();

  using Arc = lemon::StaticDigraph::Arc;
  lemon::StaticDigraph::ArcMap<int> cap(graph);
  lemon::StaticDigraph::ArcMap<int64_t> cost(graph, 0);
  const int64_t supply = static_cast<int64_t>(W) * g.worker_cap;
  for (uint64_t w = 0; w < W; ++w) cap[graph.arc(static_cast<int>(w))] = g.worker_cap;
  cap[graph.arc(static_cast<int>(W))] = static_cast<int>(supply);
  for (uint64_t e = 0; e < E; ++e) {
    Arc a = graph.arc(static_cast<int>(W + 1 + e));
    cap[a] = 1;
    cost[a] = -int64_t{g.score[e]};
  }
  for (uint64_t p = 0; p < P; ++p) {
    cap[graph.arc(static_cast<int>(W + 1 + E + p))] = static_cast<int>(g.posting_cap[p]);
  }

  lemon::NetworkSimplex<lemon::StaticDigraph, int, int64_t> ns(graph);
  ns.upperMap(cap).costMap(cost).stSupply(graph.node(s), graph.node(t), static_cast<int>(supply));
  auto result = ns.run();
  if (result != lemon::NetworkSimplex<lemon::StaticDigraph, int, int64_t>::OPTIMAL) {
    return Internal("LEMON NetworkSimplex did not find an optimum");
  }
  Allocation a;
  for (uint64_t e = 0; e < E; ++e) {
    if (ns.flow(graph.arc(static_cast<int>(W + 1 + e))) > 0) {
      a.edges.push_back(e);
      a.objective += g.score[e];
    }
  }
  return a;
}

}  // namespace xiezuo::match
