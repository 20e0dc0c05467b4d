// Candidate generation prunes by blocks (engine.h): these tests compare the
// pruned lists with the unpruned answer, CheckRules and Score over every
// posting, on instances small enough to enumerate.
#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "match/engine.h"
#include "match/synthetic.h"

namespace xiezuo::match {
namespace {

// Every eligible posting of one of w's own occupations, best first (higher
// score, then lower number): what candidate generation must return when
// there are at least C of them.
std::vector<std::pair<int32_t, uint32_t>> BruteForceExact(const Engine& eng, uint32_t w) {
  const Problem& prob = eng.problem();
  std::vector<std::pair<int32_t, uint32_t>> all;
  for (uint32_t p = 0; p < prob.num_postings(); ++p) {
    bool occ = false;
    for (int i = 0; i < Problem::kMaxOcc; ++i) {
      uint32_t o = prob.w_occ[size_t{w} * Problem::kMaxOcc + i];
      occ |= o != 0 && o == prob.p_occ[p];
    }
    if (occ && eng.CheckRules(w, p) == Rule::kOk) all.emplace_back(eng.Score(w, p), p);
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  return all;
}

// Checks g against the brute force for every worker; returns how many
// workers had at least C exact candidates (compared entry by entry).
size_t CompareWithBruteForce(const Engine& eng, const Bipartite& g) {
  const size_t C = static_cast<size_t>(eng.policy().candidates_per_worker);
  size_t full = 0;
  for (uint32_t w = 0; w < g.num_workers; ++w) {
    auto brute = BruteForceExact(eng, w);
    const size_t n = g.offsets[w + 1] - g.offsets[w];
    std::set<uint32_t> distinct;
    for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e) {
      EXPECT_EQ(eng.CheckRules(w, g.posting[e]), Rule::kOk) << "worker " << w;
      EXPECT_EQ(g.score[e], eng.Score(w, g.posting[e])) << "worker " << w;
      distinct.insert(g.posting[e]);
    }
    EXPECT_EQ(distinct.size(), n) << "worker " << w << " got a posting twice";
    if (brute.size() >= C) {
      ++full;
      EXPECT_EQ(n, C) << "worker " << w;
      for (size_t i = 0; i < std::min(n, C); ++i) {
        EXPECT_EQ(g.posting[g.offsets[w] + i], brute[i].second) << "worker " << w << " rank " << i;
        EXPECT_EQ(g.score[g.offsets[w] + i], brute[i].first) << "worker " << w << " rank " << i;
      }
    } else {
      // Fewer than C of their own trade: widening to the mid group may add
      // (or, with better scores, displace), but never make a rank worse.
      EXPECT_GE(n, brute.size()) << "worker " << w;
      for (size_t i = 0; i < std::min(n, brute.size()); ++i) {
        EXPECT_GE(g.score[g.offsets[w] + i], brute[i].first) << "worker " << w << " rank " << i;
      }
    }
  }
  return full;
}

TEST(CandidatePruningTest, EqualsUnprunedTopCWhenPostingsAreMany) {
  // Many postings per worker: most blocks are pruned, most lists are full.
  Problem prob = SyntheticProblem({.workers = 400, .postings = 6000, .seed = 41});
  Engine eng(prob, Policy(), 20600);
  Bipartite g = eng.Candidates(2);
  EXPECT_GT(CompareWithBruteForce(eng, g), 80u);
}

TEST(CandidatePruningTest, EqualsUnprunedTopCWhenPostingsAreFew) {
  // Few postings: lists run short, the widening to the mid group runs.
  Problem prob = SyntheticProblem({.workers = 600, .postings = 250, .seed = 42});
  Engine eng(prob, Policy(), 20600);
  CompareWithBruteForce(eng, eng.Candidates(1));
}

TEST(CandidatePruningTest, EqualsUnprunedTopCUnderOtherWeightsAndAShortList) {
  // The bound must hold for any policy: pay and place dominate here, and a
  // list of 3 makes the pruning bite early.
  Problem prob = SyntheticProblem({.workers = 400, .postings = 4000, .seed = 43});
  Policy pol;
  pol.weights.pay = 100;
  pol.weights.place = 60;
  pol.weights.travel = 40;
  pol.weights.certificate = 50;
  pol.weights.occupation = 5;
  pol.candidates_per_worker = 3;
  pol.priority_poverty = 30;
  Engine eng(prob, pol, 20600);
  EXPECT_GT(CompareWithBruteForce(eng, eng.Candidates(2)), 80u);
}

TEST(CandidatePruningTest, RankPostingsEqualsUnprunedTopLimit) {
  Problem prob = SyntheticProblem({.workers = 200, .postings = 5000, .seed = 44});
  Engine eng(prob, Policy(), 20600);
  size_t compared = 0;
  for (uint32_t w = 0; w < prob.num_workers(); ++w) {
    auto brute = BruteForceExact(eng, w);
    // A shorter list widens to the mid group (as the batch does for a
    // worker with fewer than C): compare at C.
    const size_t C = static_cast<size_t>(eng.policy().candidates_per_worker);
    if (brute.size() < C) continue;
    auto ranked = eng.RankPostings(w, C);
    ASSERT_EQ(ranked.size(), C);
    for (size_t i = 0; i < C; ++i) {
      EXPECT_EQ(ranked[i].first, brute[i].second) << "worker " << w << " rank " << i;
      EXPECT_EQ(ranked[i].second, brute[i].first) << "worker " << w << " rank " << i;
    }
    ++compared;
  }
  EXPECT_GT(compared, 40u);
}

// Equal scores are frequent (few distinct feature values): the fast scan,
// which visits workers by place class, must keep the same workers as the
// slow one in worker order, not only the same scores.
TEST(CandidatePruningTest, RankWorkersBreaksTiesByWorkerNumberLikeTheSlowScan) {
  Problem prob = SyntheticProblem({.workers = 5000, .postings = 100, .seed = 45});
  Engine eng(prob, Policy(), 20600);
  size_t listed = 0;
  for (uint32_t p = 0; p < prob.num_postings(); ++p) {
    auto fast = eng.RankWorkers(p, 25);
    auto slow = eng.RankWorkersSlow(p, 25);
    ASSERT_EQ(fast, slow) << "posting " << p;
    listed += fast.size();
  }
  EXPECT_GT(listed, 500u);
}

// A worker whose two occupations are the same code was scanned twice and
// could be offered the same posting twice.
TEST(CandidatePruningTest, RepeatedOccupationGivesEachPostingOnce) {
  Problem prob;
  PostingRecord p;
  p.occupation = PackOccupation("6-18-02-04");
  p.county = 440703;
  p.openings = 5;
  p.wage_min = p.wage_max = 5000;
  p.flags = kPublished;
  for (int i = 0; i < 3; ++i) {
    p.id = i + 1;
    ASSERT_TRUE(prob.AddPosting(p));
  }
  WorkerRecord w;
  w.id = 1;
  w.age = 30;
  w.home_county = 451425;
  w.occupations = {p.occupation, p.occupation};
  w.wanted = {440700};
  w.wage_floor = 4000;
  ASSERT_TRUE(prob.AddWorker(w));
  prob.Finish();
  Engine eng(prob, Policy(), 20600);
  Bipartite g = eng.Candidates();
  ASSERT_EQ(g.offsets[1], 3u);
  EXPECT_EQ(std::set<uint32_t>(g.posting.begin(), g.posting.end()).size(), 3u);
}

}  // namespace
}  // namespace xiezuo::match
