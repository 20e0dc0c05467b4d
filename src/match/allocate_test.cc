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
