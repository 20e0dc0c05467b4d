#include "match/allocate.h"

#include <algorithm>
#include <deque>

#include <fmt/format.h>

namespace xiezuo::match {

namespace {

void Finalize(const Bipartite& g, Allocation& a) {
  std::sort(a.edges.begin(), a.edges.end());
  a.objective = 0;
  for (uint64_t e : a.edges) a.objective += g.score[e];
}

}  // namespace

Allocation GreedyAllocate(const Bipartite& g) {
  // Counting sort of edges by score (scores are small integers).
  int32_t max_score = 0;
  for (int32_t s : g.score) max_score = std::max(max_score, s);
  std::vector<uint64_t> start(static_cast<size_t>(max_score) + 2, 0);
  for (int32_t s : g.score) ++start[static_cast<size_t>(max_score - s) + 1];
  for (size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
  std::vector<uint32_t> order(g.num_edges());
  std::vector<uint32_t> edge_worker(g.num_edges());
  for (uint32_t w = 0; w < g.num_workers; ++w) {
    for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e) {
      edge_worker[e] = w;
      order[start[static_cast<size_t>(max_score - g.score[e])]++] = static_cast<uint32_t>(e);
    }
  }
  std::vector<uint8_t> wleft(g.num_workers, static_cast<uint8_t>(g.worker_cap));
  std::vector<uint32_t> pleft(g.posting_cap);
  Allocation a;
  for (uint32_t e : order) {
    if (g.score[e] <= 0) break;
    uint32_t w = edge_worker[e], p = g.posting[e];
    if (wleft[w] == 0 || pleft[p] == 0) continue;
    --wleft[w];
    --pleft[p];
    a.edges.push_back(e);
  }
  Finalize(g, a);
  return a;
}

int32_t AuctionEpsilon(const Bipartite& g, const AuctionOptions& opt) {
  if (opt.epsilon > 0) return opt.epsilon;
  // ε × recommendations ≤ ε × max_recs ≤ start_gap × greedy ≤ start_gap × optimum.
  uint64_t slots = uint64_t{g.num_workers} * static_cast<uint64_t>(g.worker_cap), cap = 0;
  for (uint32_t c : g.posting_cap) cap += c;
  uint64_t max_recs = std::min({slots, cap, static_cast<uint64_t>(g.num_edges())});
  if (max_recs == 0) return 1;
  Allocation greedy = GreedyAllocate(g);
  double eps = opt.start_gap * double(greedy.objective) / double(max_recs);
  return std::max<int32_t>(1, static_cast<int32_t>(eps));
}

namespace {

// One auction at a fixed ε, from zero prices.
Allocation AuctionRound(const Bipartite& g, int32_t eps) {
  constexpr uint32_t kNone = UINT32_MAX;
  const uint32_t P = g.num_postings, W = g.num_workers;
  const uint64_t E = g.num_edges();
  // Each posting is cap copies, kept as a min-heap on the copy's price in a
  // slice of one array: a held copy's price is the bid that won it, a free
  // copy's price is the last bid it had (0 at first). The posting's price
  // is the heap's root. Releasing a copy does not change its price, so the
  // heap order survives it.
  std::vector<uint64_t> begin(P + 1, 0);
  for (uint32_t p = 0; p < P; ++p) begin[p + 1] = begin[p] + g.posting_cap[p];
  std::vector<int32_t> cbid(begin[P], 0);
  std::vector<uint32_t> cedge(begin[P], kNone);
  std::vector<uint32_t> pos(E, 0);   // copy index of a held edge
  std::vector<uint8_t> held(E, 0);
  std::vector<uint32_t> edge_worker(E);
  for (uint32_t w = 0; w < W; ++w)
    for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e) edge_worker[e] = w;
  std::vector<uint8_t> free_slots(W, static_cast<uint8_t>(g.worker_cap));
  std::vector<uint8_t> queued(W, 0);
  std::deque<uint32_t> queue;
  auto enqueue = [&](uint32_t w) {
    if (!queued[w] && g.offsets[w] != g.offsets[w + 1]) {
      queued[w] = 1;
      queue.push_back(w);
    }
  };
  auto place = [&](uint64_t slot, int32_t bid, uint32_t edge) {
    cbid[slot] = bid;
    cedge[slot] = edge;
    if (edge != kNone) pos[edge] = static_cast<uint32_t>(slot);
  };
  auto sift_down = [&](uint64_t base, uint64_t n, uint64_t i) {
    while (true) {
      uint64_t l = 2 * i + 1, r = l + 1, m = i;
      if (l < n && cbid[base + l] < cbid[base + m]) m = l;
      if (r < n && cbid[base + r] < cbid[base + m]) m = r;
      if (m == i) return;
      int32_t b = cbid[base + i];
      uint32_t e = cedge[base + i];
      place(base + i, cbid[base + m], cedge[base + m]);
      place(base + m, b, e);
      i = m;
    }
  };
  // The root of each heap, mirrored densely: the scan of a worker's edges
  // reads one small array instead of two scattered ones.
  std::vector<int32_t> root(P, 0);
  for (uint32_t p = 0; p < P; ++p)
    if (g.posting_cap[p] == 0) root[p] = INT32_MAX / 2;
  auto price = [&](uint32_t p) -> int64_t { return root[p]; };

  // One worker bids while it has a free slot and some posting is worth
  // more than its price. A won edge satisfies ε-complementary slackness
  // and keeps it: prices only rise.
  auto serve = [&](uint32_t w, int32_t eps) {
    while (true) {
      int64_t best = INT64_MIN, second = 0;
      uint64_t best_e = 0;
      for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e) {
        if (held[e]) continue;
        int64_t v = int64_t{g.score[e]} - price(g.posting[e]);
        if (v > best) {
          second = std::max<int64_t>(second, best);
          best = v;
          best_e = e;
        } else if (v > second) {
          second = v;
        }
      }
      if (free_slots[w] == 0) return;
      if (best <= 0) return;  // nothing worth more than its price
      uint32_t p = g.posting[best_e];
      uint64_t base = begin[p], n = g.posting_cap[p];
      int32_t bid = static_cast<int32_t>(price(p) + (best - second) + eps);
      uint32_t out = cedge[base];
      if (out != kNone) {  // outbid: the lowest copy's holder loses it
        held[out] = 0;
        uint32_t ow = edge_worker[out];
        ++free_slots[ow];
        enqueue(ow);
      }
      place(base, bid, static_cast<uint32_t>(best_e));
      sift_down(base, n, 0);
      root[p] = cbid[base];
      held[best_e] = 1;
      --free_slots[w];
    }
  };
  auto run = [&](int32_t eps) {
    for (uint32_t w = 0; w < W; ++w) enqueue(w);
    while (!queue.empty()) {
      uint32_t w = queue.back();
      queue.pop_back();
      queued[w] = 0;
      serve(w, eps);
    }
  };

  // One round at a fixed ε. ε-scaling (coarse rounds first, restarting
  // from their prices) was measured slower and worse here: coarse rounds
  // leave free copies priced above zero, which a forward auction cannot
  // repair without a reverse auction. The single round's prices give a
  // tight LP dual bound (below).
  run(eps);
  Allocation a;
  for (uint64_t e = 0; e < E; ++e)
    if (held[e]) a.edges.push_back(e);
  Finalize(g, a);
  a.upper_bound = DualBound(g, root);
  return a;
}

}  // namespace

Allocation AuctionAllocate(const Bipartite& g, const AuctionOptions& opt) {
  if (opt.epsilon > 0) return AuctionRound(g, opt.epsilon);
  // The a-priori bound (ε per recommendation) is loose; the LP dual of the
  // final prices is tight. Start with a large ε and shrink it only until
  // the certificate shows the target.
  int32_t eps = AuctionEpsilon(g, opt);
  while (true) {
    Allocation a = AuctionRound(g, eps);
    if (eps == 1 || double(a.objective) >= (1.0 - opt.target_gap) * double(a.upper_bound)) return a;
    eps = std::max(1, eps / 4);
  }
}

int64_t DualBound(const Bipartite& g, const std::vector<int32_t>& price) {
  // LP dual of max Σ s·x, Σ_p x ≤ k, Σ_w x ≤ cap, 0 ≤ x ≤ 1: for prices
  // v ≥ 0 the best u_w is the k-th largest (s − v)⁺ of w's edges and each
  // edge adds (s − v − u_w)⁺; any v gives an upper bound on the optimum.
  int64_t bound = 0;
  for (uint32_t p = 0; p < g.num_postings; ++p) {
    if (g.posting_cap[p] > 0) bound += int64_t{g.posting_cap[p]} * std::max(0, price[p]);
  }
  std::vector<int64_t> red;
  for (uint32_t w = 0; w < g.num_workers; ++w) {
    red.clear();
    for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e) {
      uint32_t p = g.posting[e];
      if (g.posting_cap[p] == 0) continue;  // x_e = 0 forced: no dual cost
      int64_t v = int64_t{g.score[e]} - std::max(0, price[p]);
      if (v > 0) red.push_back(v);
    }
    size_t k = static_cast<size_t>(g.worker_cap);
    if (red.size() > k) {
      std::nth_element(red.begin(), red.begin() + static_cast<long>(k - 1), red.end(), std::greater<>());
      int64_t u = red[k - 1];
      bound += static_cast<int64_t>(k) * u;
      for (int64_t v : red) bound += std::max<int64_t>(0, v - u);
    } else {
      for (int64_t v : red) bound += v;
    }
  }
  return bound;
}

Status CheckFeasible(const Bipartite& g, const Allocation& a) {
  std::vector<uint32_t> per_worker(g.num_workers, 0), per_posting(g.num_postings, 0);
  std::vector<uint32_t> edge_worker(g.num_edges());
  for (uint32_t w = 0; w < g.num_workers; ++w)
    for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e) edge_worker[e] = w;
  for (size_t i = 0; i < a.edges.size(); ++i) {
    uint64_t e = a.edges[i];
    if (e >= g.num_edges()) return Internal(fmt::format("edge {} out of range", e));
    if (i > 0 && a.edges[i - 1] == e) return Internal(fmt::format("edge {} chosen twice", e));
    if (++per_worker[edge_worker[e]] > static_cast<uint32_t>(g.worker_cap)) {
      return Internal(fmt::format("worker {} over k = {}", edge_worker[e], g.worker_cap));
    }
    uint32_t p = g.posting[e];
    if (++per_posting[p] > g.posting_cap[p]) {
      return Internal(fmt::format("posting {} over capacity {}", p, g.posting_cap[p]));
    }
  }
  return Status::Ok();
}

}  // namespace xiezuo::match
