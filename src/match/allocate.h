// Congestion-aware allocation: choose recommendations (worker, posting
// edges of a bipartite candidate graph) so that each worker gets at most k,
// each posting at most its capacity (α × openings), and the total score is
// as large as possible.
//
//   match::Bipartite g = engine.Candidates();
//   match::Allocation fast = match::AuctionAllocate(g);          // any scale
//   StatusOr<Allocation> opt = match::LemonAllocate(g);          // exact
//   double gap = 1.0 - double(fast.objective) / opt->objective;
//
// Three allocators:
//  * GreedyAllocate: edges by score, take when both sides have room. The
//    baseline "a typical system" uses (~97.5 % of optimum on Zipf instances).
//  * AuctionAllocate: Bertsekas' auction for the transportation problem
//    with unit arc capacities (a worker is k "persons" who may not bid twice
//    for one posting; a posting is cap "objects" whose price is 0 while a
//    copy is free and the lowest bid it holds when full). Every held edge
//    satisfies ε-complementary slackness when it is won and keeps it (prices
//    only rise), so objective ≥ optimum − ε × (recommendations made); with
//    integer scores a small ε is near-exact but slow ("price wars" where
//    many workers value a posting alike), so ε starts large and shrinks
//    until the LP dual of the prices (Allocation::upper_bound) certifies
//    ≥ 99.5 % of the optimum — a guarantee checked at any scale, LEMON or
//    not (see AuctionOptions). The result is feasible by construction (a full posting
//    evicts its lowest bid). A worker stops bidding when no posting is worth
//    more than its price, so it terminates. Chosen over greedy + augmenting
//    paths because its cost is nearly linear in the edges on sparse graphs
//    (each serve scans one worker's ≤ 20 edges once and bids for all its
//    free slots against the next best value), it needs a heap of copies
//    per posting and one byte per edge, and its gap is bounded by a
//    stated ε rather than by luck.
//  * LemonAllocate: LEMON 1.3.1 NetworkSimplex min-cost flow on
//    s → workers (cap k) → postings (cap 1 per edge, cost −score) → t (cap
//    α·n), with an s → t bypass; exact. Its headers stay in lemon_allocate.cc.
//
// Thread-safety: functions on values; no shared state.
#ifndef XIEZUO_MATCH_ALLOCATE_H_
#define XIEZUO_MATCH_ALLOCATE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace xiezuo::match {

// Candidate edges grouped by worker (CSR): worker w's edges are
// [offsets[w], offsets[w+1]).
struct Bipartite {
  uint32_t num_workers = 0;
  uint32_t num_postings = 0;
  std::vector<uint64_t> offsets;  // num_workers + 1
  std::vector<uint32_t> posting;  // per edge
  std::vector<int32_t> score;     // per edge, ≥ 0
  int worker_cap = 5;             // k
  std::vector<uint32_t> posting_cap;  // α × openings, per posting

  size_t num_edges() const { return posting.size(); }
  size_t MemoryBytes() const {
    return offsets.capacity() * 8 + posting.capacity() * 4 + score.capacity() * 4 +
           posting_cap.capacity() * 4;
  }
};

struct Allocation {
  std::vector<uint64_t> edges;  // chosen edge indices, ascending
  int64_t objective = 0;        // Σ score of chosen edges
  // A certified upper bound on the optimum (LP dual from the auction's
  // prices), so objective / upper_bound is a guaranteed quality at any
  // scale, without LEMON. 0 when not computed (greedy, LEMON).
  int64_t upper_bound = 0;
};

// Σ cap·v + Σ_w (k·u_w + Σ_e (s − v − u_w)⁺) for posting prices v.
int64_t DualBound(const Bipartite& g, const std::vector<int32_t>& price);

Allocation GreedyAllocate(const Bipartite& g);

struct AuctionOptions {
  // Bid increment in score points; a fixed ε runs one round, whose gap is
  // at most ε × recommendations.
  // 0 = automatic: ε = start_gap × the mean of the workers' best scores
  // (about start_gap of a recommendation's score; a cheap scan, the LP
  // dual judges the result), then divide ε by 4 until the LP dual of the
  // final prices certifies objective ≥ (1 − target_gap) × optimum (or ε = 1).
  int epsilon = 0;
  double start_gap = 0.008;
  double target_gap = 0.005;
};
// The first ε AuctionAllocate uses.
int32_t AuctionEpsilon(const Bipartite& g, const AuctionOptions& opt);
Allocation AuctionAllocate(const Bipartite& g, const AuctionOptions& opt = {});

// The auction kept alive for warm starts: solve once, then add a posting or
// a batch of workers and repair locally from the solved prices and
// assignment (only the workers the change touches bid, at the final ε);
// Result() carries the LP-dual certificate of the extended graph, so the
// warm result's gap to the optimum is known without a cold solve.
//
//   match::AuctionState st(g);                  // g must outlive st
//   st.AddPosting(cap, {{worker, score}, …});   // new posting, last number
//   st.AddWorkers({{{posting, score}, …}, …});   // new workers, last numbers
//   match::Allocation a = st.Result();          // numbering of st.Graph()
//
// Edge numbers: the base graph's until something is added; then those of
// Graph(), which lists each worker's edges with AddPosting's after its own.
class AuctionState {
 public:
  explicit AuctionState(const Bipartite& g, const AuctionOptions& opt = {});
  ~AuctionState();
  AuctionState(const AuctionState&) = delete;
  AuctionState& operator=(const AuctionState&) = delete;

  // Returns the new posting's number. Edges: (worker, score).
  uint32_t AddPosting(uint32_t cap, const std::vector<std::pair<uint32_t, int32_t>>& edges);
  // Each new worker's edges: (posting, score), at most one per posting.
  void AddWorkers(const std::vector<std::vector<std::pair<uint32_t, int32_t>>>& workers);

  // Builds the posting → edges index warm starts use (O(edges), once;
  // otherwise the first addition builds it).
  void PrepareWarmStart();

  Allocation Result() const;  // O(edges) once something was added
  Bipartite Graph() const;    // the base graph with the additions, as CSR
  int32_t epsilon() const { return epsilon_; }

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
  int32_t epsilon_ = 1;
  Allocation result_;
};

// kResourceExhausted if the graph is too large for LEMON's 32-bit arc ids.
StatusOr<Allocation> LemonAllocate(const Bipartite& g);

// OK if no worker has more than k chosen edges, no posting more than its
// capacity, and no edge is chosen twice; else what is broken.
Status CheckFeasible(const Bipartite& g, const Allocation& a);

}  // namespace xiezuo::match

#endif  // XIEZUO_MATCH_ALLOCATE_H_
