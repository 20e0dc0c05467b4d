#include "match/allocate.h"

#include <gtest/gtest.h>

#include "match/synthetic.h"

namespace xiezuo::match {
namespace {

// Small hand-made instance: two workers, one posting with capacity 1.
Bipartite Tiny() {
  Bipartite g;
  g.num_workers = 2;
  g.num_postings = 2;
  g.worker_cap = 1;
  g.offsets = {0, 2, 3};
  g.posting = {0, 1, 0};
  g.score = {10, 9, 8};
  g.posting_cap = {1, 1};
  return g;
}

TEST(AllocateTest, GreedyTakesTheBestEdgeFirstAndIsNotOptimal) {
  Bipartite g = Tiny();
  Allocation a = GreedyAllocate(g);
  EXPECT_TRUE(CheckFeasible(g, a).ok());
  EXPECT_EQ(a.objective, 10);  // worker 0 takes posting 0; worker 1 is left out
  auto opt = LemonAllocate(g);
  ASSERT_TRUE(opt.ok());
  EXPECT_EQ(opt->objective, 17);  // 9 + 8
}

TEST(AllocateTest, AuctionFindsTheOptimumOfTheTinyInstance) {
  Bipartite g = Tiny();
  Allocation a = AuctionAllocate(g);
  EXPECT_TRUE(CheckFeasible(g, a).ok());
  EXPECT_EQ(a.objective, 17);
}

TEST(AllocateTest, CheckFeasibleCatchesCapacityViolations) {
  Bipartite g = Tiny();
  Allocation a;
  a.edges = {0, 2};  // posting 0 twice, capacity 1
  EXPECT_FALSE(CheckFeasible(g, a).ok());
  a.edges = {0, 1};  // worker 0 twice, k = 1
  EXPECT_FALSE(CheckFeasible(g, a).ok());
}

TEST(AllocateTest, ZeroCapacityPostingGetsNobody) {
  Bipartite g = Tiny();
  g.posting_cap = {0, 1};
  for (const Allocation& a : {AuctionAllocate(g), GreedyAllocate(g), LemonAllocate(g).value()}) {
    EXPECT_TRUE(CheckFeasible(g, a).ok());
    for (uint64_t e : a.edges) EXPECT_NE(g.posting[e], 0u);
  }
}

// The fast allocator against LEMON's optimum on random Zipf instances with
// binding capacities: always feasible, within the ε bound, and in practice
// within 0.5 %.
TEST(AllocateTest, AuctionIsFeasibleAndWithinTheBoundOfLemonOnRandomInstances) {
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    BipartiteOptions o;
    o.workers = 300 + 97 * static_cast<int64_t>(seed);
    o.postings = 40 + 7 * static_cast<int64_t>(seed);
    o.degree = 1 + static_cast<int>(seed % 8) * 3;
    o.alpha = 1 + static_cast<int>(seed % 3);
    o.k = 1 + static_cast<int>(seed % 5);
    o.zipf = 0.8 + 0.1 * double(seed % 5);
    o.seed = seed;
    Bipartite g = SyntheticBipartite(o);
    auto opt = LemonAllocate(g);
    ASSERT_TRUE(opt.ok());
    ASSERT_TRUE(CheckFeasible(g, *opt).ok());
    Allocation fast = AuctionAllocate(g);
    ASSERT_TRUE(CheckFeasible(g, fast).ok()) << "seed " << seed;
    EXPECT_LE(fast.objective, opt->objective);
    // The LP dual certificate is a true upper bound and shows the target.
    EXPECT_GE(fast.upper_bound, opt->objective) << "seed " << seed;
    EXPECT_GE(double(fast.objective), 0.995 * double(fast.upper_bound)) << "seed " << seed;
    // With ε = 1 the ε-complementary-slackness bound: 1 per recommendation.
    Allocation exact = AuctionAllocate(g, {.epsilon = 1});
    ASSERT_TRUE(CheckFeasible(g, exact).ok());
    EXPECT_GE(exact.objective, opt->objective - static_cast<int64_t>(exact.edges.size()))
        << "seed " << seed;
    EXPECT_GE(double(fast.objective), 0.995 * double(opt->objective)) << "seed " << seed;
    Allocation greedy = GreedyAllocate(g);
    ASSERT_TRUE(CheckFeasible(g, greedy).ok());
    EXPECT_LE(greedy.objective, opt->objective);
  }
}

TEST(AllocateTest, CapacitiesAreUsedUpToTheirLimits) {
  BipartiteOptions o;
  o.workers = 2000;
  o.postings = 50;
  o.degree = 10;
  o.alpha = 3;
  o.k = 2;
  Bipartite g = SyntheticBipartite(o);
  Allocation a = AuctionAllocate(g);
  ASSERT_TRUE(CheckFeasible(g, a).ok());
  // Far more demand than capacity: every posting is full.
  std::vector<uint32_t> used(g.num_postings, 0);
  for (uint64_t e : a.edges) ++used[g.posting[e]];
  for (uint32_t p = 0; p < g.num_postings; ++p) EXPECT_EQ(used[p], g.posting_cap[p]) << p;
}

TEST(AllocateTest, SyntheticBipartiteIsReproducible) {
  BipartiteOptions o;
  o.workers = 500;
  o.postings = 80;
  Bipartite a = SyntheticBipartite(o), b = SyntheticBipartite(o);
  EXPECT_EQ(a.posting, b.posting);
  EXPECT_EQ(a.score, b.score);
  EXPECT_EQ(a.posting_cap, b.posting_cap);
}

}  // namespace
}  // namespace xiezuo::match

namespace xiezuo::match {
namespace {

TEST(AllocateTest, DualBoundIsAtLeastTheOptimumAndTight) {
  for (uint64_t seed = 20; seed < 26; ++seed) {
    BipartiteOptions o;
    o.workers = 800;
    o.postings = 90;
    o.seed = seed;
    Bipartite g = SyntheticBipartite(o);
    auto opt = LemonAllocate(g);
    ASSERT_TRUE(opt.ok());
    Allocation a = AuctionAllocate(g);
    ASSERT_GT(a.upper_bound, 0);
    EXPECT_GE(a.upper_bound, opt->objective);
    EXPECT_GE(double(a.objective), 0.995 * double(a.upper_bound));
    // Prices of zero give the trivial bound: every worker's k best edges.
    EXPECT_GE(DualBound(g, std::vector<int32_t>(g.num_postings, 0)), opt->objective);
  }
}

}  // namespace
}  // namespace xiezuo::match

namespace xiezuo::match {
namespace {

// Warm start: a solved auction takes one more posting, or more workers,
// and repairs locally. The result is feasible on the extended graph, its
// certificate is a true bound, and it is as good as a cold solve of the
// extended graph within the target gap (checked against LEMON's optimum).
class WarmStartTest : public ::testing::TestWithParam<uint64_t> {
 protected:
  static Bipartite Instance() {
    BipartiteOptions o;
    o.workers = 1500;
    o.postings = 120;
    o.seed = GetParam();
    return SyntheticBipartite(o);
  }
};

TEST_P(WarmStartTest, AddingAPostingMatchesAColdSolve) {
  Bipartite g = Instance();
  AuctionState st(g);
  int64_t before = st.Result().objective;
  // A new posting wanted by every tenth worker, scored like the best
  // posting they already have, so that it matters.
  std::vector<std::pair<uint32_t, int32_t>> edges;
  for (uint32_t w = 0; w < g.num_workers; w += 10) {
    int32_t best = 0;
    for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e) best = std::max(best, g.score[e]);
    edges.emplace_back(w, best + 5);
  }
  uint32_t p = st.AddPosting(30, edges);
  EXPECT_EQ(p, g.num_postings);
  Bipartite ext = st.Graph();
  Allocation warm = st.Result();
  ASSERT_TRUE(CheckFeasible(ext, warm).ok());
  size_t on_new = 0;
  for (uint64_t e : warm.edges) on_new += ext.posting[e] == p;
  EXPECT_EQ(on_new, 30u);  // the attractive new posting is filled
  EXPECT_GT(warm.objective, before);
  auto opt = LemonAllocate(ext);
  ASSERT_TRUE(opt.ok());
  EXPECT_GE(warm.upper_bound, opt->objective);
  EXPECT_LE(warm.objective, opt->objective);
  EXPECT_GE(double(warm.objective), 0.995 * double(opt->objective));
  Allocation cold = AuctionAllocate(ext);
  EXPECT_GE(double(warm.objective), 0.995 * double(cold.objective));
}

TEST_P(WarmStartTest, AddingWorkersMatchesAColdSolve) {
  Bipartite g = Instance();
  AuctionState st(g);
  // 100 new workers with the candidate lists of existing ones, scored higher.
  std::vector<std::vector<std::pair<uint32_t, int32_t>>> added;
  for (uint32_t w = 0; w < 100; ++w) {
    auto& edges = added.emplace_back();
    for (uint64_t e = g.offsets[w * 7]; e < g.offsets[w * 7 + 1]; ++e)
      edges.emplace_back(g.posting[e], g.score[e] + 3);
  }
  st.AddWorkers(added);
  Bipartite ext = st.Graph();
  ASSERT_EQ(ext.num_workers, g.num_workers + 100);
  Allocation warm = st.Result();
  ASSERT_TRUE(CheckFeasible(ext, warm).ok());
  auto opt = LemonAllocate(ext);
  ASSERT_TRUE(opt.ok());
  EXPECT_GE(warm.upper_bound, opt->objective);
  EXPECT_LE(warm.objective, opt->objective);
  EXPECT_GE(double(warm.objective), 0.995 * double(opt->objective));
  size_t new_recs = 0;
  for (uint64_t e : warm.edges) {
    uint32_t w = static_cast<uint32_t>(
        std::upper_bound(ext.offsets.begin(), ext.offsets.end(), e) - ext.offsets.begin() - 1);
    new_recs += w >= g.num_workers;
  }
  EXPECT_GT(new_recs, 0u);  // the better-scored newcomers win places
}

INSTANTIATE_TEST_SUITE_P(Seeds, WarmStartTest, ::testing::Values(3, 7, 11, 19));

}  // namespace
}  // namespace xiezuo::match
