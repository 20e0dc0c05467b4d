// The auction on instances built to provoke bidding wars: every score
// alike, one posting everybody wants, workers with more free slots than a
// scan fills at once. Each result must be feasible, its LP-dual
// certificate a true bound on LEMON's optimum, and within 0.5 % of it.
#include <random>

#include <gtest/gtest.h>

#include "match/allocate.h"

namespace xiezuo::match {
namespace {

// A random bipartite graph: each worker `degree` distinct postings, the
// score of an edge from `score(worker, posting, rng)`.
template <typename ScoreFn>
Bipartite RandomGraph(uint32_t workers, uint32_t postings, uint32_t degree, int k, uint32_t cap,
                      uint64_t seed, ScoreFn score) {
  std::mt19937_64 rng(seed);
  Bipartite g;
  g.num_workers = workers;
  g.num_postings = postings;
  g.worker_cap = k;
  g.posting_cap.assign(postings, cap);
  g.offsets.push_back(0);
  std::vector<uint32_t> all(postings);
  for (uint32_t p = 0; p < postings; ++p) all[p] = p;
  for (uint32_t w = 0; w < workers; ++w) {
    std::shuffle(all.begin(), all.end(), rng);
    for (uint32_t i = 0; i < std::min(degree, postings); ++i) {
      g.posting.push_back(all[i]);
      g.score.push_back(score(w, all[i], rng));
    }
    g.offsets.push_back(g.posting.size());
  }
  return g;
}

// Feasible, certified within 0.5 %, and within 0.5 % of LEMON's optimum.
void ExpectNearOptimal(const Bipartite& g, const Allocation& a, const std::string& what) {
  ASSERT_TRUE(CheckFeasible(g, a).ok()) << what << ": " << CheckFeasible(g, a).message();
  auto opt = LemonAllocate(g);
  ASSERT_TRUE(opt.ok()) << what;
  EXPECT_LE(a.objective, opt->objective) << what;
  EXPECT_GE(a.upper_bound, opt->objective) << what << ": the certificate is not a bound";
  EXPECT_GE(double(a.objective), 0.995 * double(a.upper_bound)) << what;
  EXPECT_GE(double(a.objective), 0.995 * double(opt->objective)) << what;
}

TEST(AllocateAdversarialTest, AllEqualScoresReachTheOptimum) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    // Demand far over capacity, so every posting is fought over by
    // workers who value it exactly alike.
    Bipartite g = RandomGraph(600, 40, 8, 1 + static_cast<int>(seed % 4), 2 + seed % 3, seed,
                              [](uint32_t, uint32_t, std::mt19937_64&) { return 1000; });
    Allocation a = AuctionAllocate(g);
    ExpectNearOptimal(g, a, "seed " + std::to_string(seed));
    // With all scores equal the optimum fills every posting.
    uint64_t cap = 0;
    for (uint32_t c : g.posting_cap) cap += c;
    EXPECT_EQ(a.edges.size(), cap) << "seed " << seed;
  }
}

TEST(AllocateAdversarialTest, OneHugelyPopularPostingIsFilledAndNearOptimal) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    // Every worker lists posting 0 at nearly the same top score; the rest
    // are ordinary. Posting 0 takes 5 of 2,000.
    Bipartite g = RandomGraph(2000, 150, 6, 3, 20, seed,
                              [](uint32_t, uint32_t, std::mt19937_64& rng) {
                                return static_cast<int32_t>(100 + rng() % 900);
                              });
    for (uint32_t w = 0; w < g.num_workers; ++w) {
      bool has = false;
      for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e) {
        if (g.posting[e] == 0) {
          g.score[e] = static_cast<int32_t>(5000 + w % 3);
          has = true;
        }
      }
      if (!has) {
        g.posting[g.offsets[w]] = 0;
        g.score[g.offsets[w]] = static_cast<int32_t>(5000 + w % 3);
      }
    }
    g.posting_cap[0] = 5;
    Allocation a = AuctionAllocate(g);
    ExpectNearOptimal(g, a, "seed " + std::to_string(seed));
    int on_popular = 0;
    for (uint64_t e : a.edges) on_popular += g.posting[e] == 0;
    EXPECT_EQ(on_popular, 5) << "seed " << seed;
  }
}

TEST(AllocateAdversarialTest, WorkersWithManySlotsAreFilledBeyondOneScan) {
  // k = 24 is more slots than one scan bids for (16): the worker scans again.
  Bipartite g = RandomGraph(200, 60, 40, 24, 50, 5, [](uint32_t w, uint32_t p, std::mt19937_64&) {
    return static_cast<int32_t>(100 + (w * 31 + p * 17) % 400);
  });
  Allocation a = AuctionAllocate(g);
  ExpectNearOptimal(g, a, "k = 24");
  // Capacity 60 × 50 = 3,000 < demand 200 × 24 = 4,800: the postings bind.
  EXPECT_EQ(a.edges.size(), 3000u);
}

TEST(AllocateAdversarialTest, WarmStartOnAContestedInstanceStaysNearOptimal) {
  Bipartite g = RandomGraph(1500, 100, 8, 3, 6, 9, [](uint32_t w, uint32_t p, std::mt19937_64&) {
    return static_cast<int32_t>(1000 + (w + p) % 4);  // near-ties everywhere
  });
  AuctionState st(g);
  std::vector<std::pair<uint32_t, int32_t>> edges;
  for (uint32_t w = 0; w < g.num_workers; w += 3) edges.emplace_back(w, 1500);
  uint32_t p = st.AddPosting(40, edges);
  Bipartite ext = st.Graph();
  Allocation warm = st.Result();
  ExpectNearOptimal(ext, warm, "warm +1 posting");
  int on_new = 0;
  for (uint64_t e : warm.edges) on_new += ext.posting[e] == p;
  EXPECT_EQ(on_new, 40);  // the better posting is filled

  std::vector<std::vector<std::pair<uint32_t, int32_t>>> added(50);
  for (uint32_t i = 0; i < 50; ++i) added[i] = {{i % 100, 2000}, {(i + 1) % 100, 1002}};
  st.AddWorkers(added);
  ExpectNearOptimal(st.Graph(), st.Result(), "warm +50 workers");
}

}  // namespace
}  // namespace xiezuo::match
