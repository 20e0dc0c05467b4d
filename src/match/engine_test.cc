#include "match/engine.h"

#include <gtest/gtest.h>

#include "match/synthetic.h"

namespace xiezuo::match {
namespace {

constexpr int kToday = 20600;
constexpr uint32_t kTiandeng = 451425;
constexpr uint32_t kJiangmen = 440700;
constexpr uint32_t kPengjiang = 440703;
const uint32_t kWelder = PackOccupation("6-18-02-04");

// A worker and a posting that match; each test breaks one rule.
WorkerRecord Welder() {
  WorkerRecord w;
  w.id = 1;
  w.age = 30;
  w.home_county = kTiandeng;
  w.occupations = {kWelder};
  w.wanted = {kJiangmen};
  w.wage_floor = 4500;
  w.flags = kWantsLodging;
  return w;
}
PostingRecord WelderJob() {
  PostingRecord p;
  p.id = 10;
  p.enterprise_id = 3;
  p.occupation = kWelder;
  p.county = kPengjiang;
  p.openings = 5;
  p.wage_min = 5500;
  p.wage_max = 5500;
  p.age_min = 18;
  p.age_max = 45;
  p.dorm_size = 4;
  p.valid_until_day = kToday + 30;
  p.flags = kPublished | kLodging;
  return p;
}

struct One {
  Problem prob;
  Rule rule;
  One(const WorkerRecord& w, const PostingRecord& p) {
    EXPECT_TRUE(prob.AddWorker(w));
    EXPECT_TRUE(prob.AddPosting(p));
    prob.occupation_names[kWelder] = "焊工";
    prob.region_names[kJiangmen] = "江门";
    prob.Finish();
    rule = Engine(prob, Policy(), kToday).CheckRules(0, 0);
  }
};

TEST(RulesTest, MatchingPairPasses) { EXPECT_EQ(One(Welder(), WelderJob()).rule, Rule::kOk); }

TEST(RulesTest, UnpublishedPostingIsNeverRecommended) {
  PostingRecord p = WelderJob();
  p.flags &= ~kPublished;
  EXPECT_EQ(One(Welder(), p).rule, Rule::kPostingNotLive);
}

TEST(RulesTest, ExpiredPostingIsNeverRecommended) {
  PostingRecord p = WelderJob();
  p.valid_until_day = kToday - 1;
  EXPECT_EQ(One(Welder(), p).rule, Rule::kPostingNotLive);
}

TEST(RulesTest, PostingWithNoOpeningsLeftIsNeverRecommended) {
  PostingRecord p = WelderJob();
  p.openings = 0;
  EXPECT_EQ(One(Welder(), p).rule, Rule::kPostingNotLive);
}

TEST(RulesTest, AgeAboveTheLawfulRangeIsRefused) {
  WorkerRecord w = Welder();
  w.age = 46;
  EXPECT_EQ(One(w, WelderJob()).rule, Rule::kAgeOutOfRange);
}

TEST(RulesTest, AgeBelowTheRangeIsRefused) {
  WorkerRecord w = Welder();
  w.age = 17;
  EXPECT_EQ(One(w, WelderJob()).rule, Rule::kAgeOutOfRange);
}

TEST(RulesTest, RequiredCertificateMustBeHeld) {
  PostingRecord p = WelderJob();
  p.required_certs = 1u << 1;
  EXPECT_EQ(One(Welder(), p).rule, Rule::kMissingCertificate);
  WorkerRecord w = Welder();
  w.certificates = 1u << 1;
  EXPECT_EQ(One(w, p).rule, Rule::kOk);
}

TEST(RulesTest, PlaceOutsideWantedRegionsIsRefused) {
  PostingRecord p = WelderJob();
  p.county = 440303;  // 深圳
  EXPECT_EQ(One(Welder(), p).rule, Rule::kPlaceNotAcceptable);
}

TEST(RulesTest, LocalOnlyWorkerIsOfferedOnlyHomeCounty) {
  WorkerRecord w = Welder();
  w.flags |= kLocalOnly;
  w.wanted = {};
  EXPECT_EQ(One(w, WelderJob()).rule, Rule::kPlaceNotAcceptable);
  PostingRecord p = WelderJob();
  p.county = kTiandeng;
  EXPECT_EQ(One(w, p).rule, Rule::kOk);
}

TEST(RulesTest, WorkFromHomeWorkerIsOfferedOnlyRemoteWork) {
  WorkerRecord w = Welder();
  w.flags |= kWorkFromHome;
  EXPECT_EQ(One(w, WelderJob()).rule, Rule::kPlaceNotAcceptable);
  PostingRecord p = WelderJob();
  p.flags |= kRemoteOk;
  EXPECT_EQ(One(w, p).rule, Rule::kOk);
}

TEST(RulesTest, PayBelowTheFloorIsRefusedUnlessAllowed) {
  PostingRecord p = WelderJob();
  p.wage_min = 4000;
  EXPECT_EQ(One(Welder(), p).rule, Rule::kPayBelowFloor);
  WorkerRecord w = Welder();
  w.flags |= kAllowBelowFloor;
  EXPECT_EQ(One(w, p).rule, Rule::kOk);
}

TEST(RulesTest, BlacklistedEnterpriseIsExcluded) {
  PostingRecord p = WelderJob();
  p.flags |= kBlacklisted;
  EXPECT_EQ(One(Welder(), p).rule, Rule::kBlacklisted);
}

TEST(RulesTest, PlacedWorkerIsNotRecommended) {
  WorkerRecord w = Welder();
  w.status = WorkerStatus::kPlaced;
  EXPECT_EQ(One(w, WelderJob()).rule, Rule::kWorkerNotAvailable);
}

TEST(RulesTest, WorkerNotSeekingIsNotRecommended) {
  WorkerRecord w = Welder();
  w.status = WorkerStatus::kNotSeeking;
  EXPECT_EQ(One(w, WelderJob()).rule, Rule::kWorkerNotAvailable);
}

TEST(RulesTest, CoupleIsOfferedOnlyPlacesThatTakeBoth) {
  WorkerRecord w = Welder();
  w.flags |= kCouple;
  EXPECT_EQ(One(w, WelderJob()).rule, Rule::kCoupleNeedsTwo);
  PostingRecord p = WelderJob();
  p.flags |= kCoupleOk;
  EXPECT_EQ(One(w, p).rule, Rule::kOk);
  p.openings = 1;  // one opening cannot take both
  EXPECT_EQ(One(w, p).rule, Rule::kCoupleNeedsTwo);
}

TEST(ReasonsTest, SayPayLodgingOccupationAndPlaceInBothLanguages) {
  One one(Welder(), WelderJob());
  Reasons r = Engine(one.prob, Policy(), kToday).Explain(0, 0);
  EXPECT_EQ(r.zh, "月薪5,500元 ≥ 期望4,500元；包住，4人间；焊工对口；江门为意向地区");
  EXPECT_EQ(r.en,
            "pay 5,500 yuan/month ≥ wanted 4,500; dormitory, 4 to a room; 焊工: same occupation; "
            "江门 is a wanted region");
}

TEST(ReasonsTest, NamePriorityGroupAndTravel) {
  WorkerRecord w = Welder();
  w.flags |= kPoverty;
  One one(w, WelderJob());
  one.prob.SetTravelHours(kTiandeng, kJiangmen, 14);
  Reasons r = Engine(one.prob, Policy(), kToday).Explain(0, 0);
  EXPECT_NE(r.zh.find("距家约14小时车程"), std::string::npos);
  EXPECT_NE(r.zh.find("脱贫劳动力优先"), std::string::npos);
  EXPECT_NE(r.en.find("priority: poverty-alleviated"), std::string::npos);
}

TEST(ScoreTest, ExactOccupationBeatsSameGroupAndPriorityAddsBonus) {
  Problem prob;
  WorkerRecord w = Welder();
  ASSERT_TRUE(prob.AddWorker(w));
  w.id = 2;
  w.flags |= kPoverty;
  ASSERT_TRUE(prob.AddWorker(w));
  PostingRecord exact = WelderJob(), near = WelderJob();
  near.id = 11;
  near.occupation = PackOccupation("6-18-02-01");
  ASSERT_TRUE(prob.AddPosting(exact));
  ASSERT_TRUE(prob.AddPosting(near));
  prob.Finish();
  Policy pol;
  Engine eng(prob, pol, kToday);
  EXPECT_GT(eng.Score(0, 0), eng.Score(0, 1));
  EXPECT_EQ(eng.Score(1, 0) - eng.Score(0, 0), 100 * pol.priority_poverty);
  EXPECT_EQ(eng.Score(0, 0), eng.Parts(0, 0).total);
  EXPECT_EQ(eng.Score(1, 1), eng.Parts(1, 1).total);
}

TEST(ProblemTest, ContradictoryRecordsAreSkippedAndCounted) {
  Problem prob;
  PostingRecord p = WelderJob();
  p.wage_min = 6000;
  p.wage_max = 5000;
  EXPECT_FALSE(prob.AddPosting(p));
  p = WelderJob();
  p.age_min = 50;
  p.age_max = 20;
  EXPECT_FALSE(prob.AddPosting(p));
  WorkerRecord w = Welder();
  w.occupations = {};
  EXPECT_FALSE(prob.AddWorker(w));
  w = Welder();
  w.age = 0;
  EXPECT_FALSE(prob.AddWorker(w));
  EXPECT_EQ(prob.total_skipped(), 4);
  EXPECT_EQ(prob.skipped[static_cast<int>(SkipReason::kPostingPayRange)], 1);
  EXPECT_EQ(prob.skip_log.size(), 4u);
  EXPECT_EQ(prob.skip_log[0], "posting 10 skipped: posting_pay_range");
}

TEST(ProblemTest, PacksCodes) {
  EXPECT_EQ(PackOccupation("6-18-02-04"), 6180204u);
  EXPECT_EQ(PackOccupation("6-18"), 6180000u);
  EXPECT_EQ(PackOccupation("x-18-02-04"), 0u);
  EXPECT_EQ(PackOccupation("6-18-0"), 0u);
  EXPECT_EQ(UnpackOccupation(6180204), "6-18-02-04");
  EXPECT_EQ(PackRegion("451425"), 451425u);
  EXPECT_EQ(PackRegion("451425101"), 451425u);
  EXPECT_TRUE(RegionIn(440703, 440700));
  EXPECT_TRUE(RegionIn(440703, 440000));
  EXPECT_FALSE(RegionIn(440303, 440700));
}

// Every candidate the engine generates passes every hard rule, and a
// worker's candidates are exactly the best eligible postings among those of
// their occupation in places they accept.
TEST(CandidatesTest, AreEligibleBestFirstAndCapped) {
  Problem prob = SyntheticProblem({.workers = 2000, .postings = 400, .seed = 7});
  Policy pol;
  Engine eng(prob, pol, 20600);
  Bipartite g = eng.Candidates(2);
  ASSERT_EQ(g.num_workers, prob.num_workers());
  ASSERT_EQ(g.offsets.size(), prob.num_workers() + 1);
  size_t with = 0;
  for (uint32_t w = 0; w < g.num_workers; ++w) {
    ASSERT_LE(g.offsets[w + 1] - g.offsets[w], static_cast<uint64_t>(pol.candidates_per_worker));
    if (g.offsets[w + 1] > g.offsets[w]) ++with;
    for (uint64_t e = g.offsets[w]; e < g.offsets[w + 1]; ++e) {
      ASSERT_EQ(eng.CheckRules(w, g.posting[e]), Rule::kOk);
      ASSERT_EQ(g.score[e], eng.Score(w, g.posting[e]));
      if (e > g.offsets[w]) {
        ASSERT_LE(g.score[e], g.score[e - 1]);
      }
    }
  }
  EXPECT_GT(with, 500u);
  // Single-threaded generation gives the same graph.
  Bipartite g1 = eng.Candidates(1);
  EXPECT_EQ(g1.posting, g.posting);
  EXPECT_EQ(g1.score, g.score);
}

TEST(CandidatesTest, SameAsBruteForceOverEveryPostingOfTheTrade) {
  Problem prob = SyntheticProblem({.workers = 300, .postings = 300, .seed = 11});
  Engine eng(prob, Policy(), 20600);
  Bipartite g = eng.Candidates();
  for (uint32_t w = 0; w < prob.num_workers(); ++w) {
    // Brute force over all postings with an exact occupation.
    std::vector<int32_t> scores;
    for (uint32_t p = 0; p < prob.num_postings(); ++p) {
      bool occ = false;
      for (int i = 0; i < Problem::kMaxOcc; ++i) occ |= prob.w_occ[w * Problem::kMaxOcc + i] == prob.p_occ[p];
      if (occ && eng.CheckRules(w, p) == Rule::kOk) scores.push_back(eng.Score(w, p));
    }
    std::sort(scores.rbegin(), scores.rend());
    size_t n = g.offsets[w + 1] - g.offsets[w];
    if (scores.size() >= 20) {
      ASSERT_EQ(n, 20u);
      for (size_t i = 0; i < n; ++i) ASSERT_EQ(g.score[g.offsets[w] + i], scores[i]);
    } else {
      ASSERT_GE(n, scores.size());  // widened to the mid group
    }
  }
}

TEST(IncrementalTest, RankWorkersIsBestFirstAndEligible) {
  Problem prob = SyntheticProblem({.workers = 3000, .postings = 200, .seed = 3});
  Engine eng(prob, Policy(), 20600);
  size_t checked = 0;
  for (uint32_t p = 0; p < 50; ++p) {
    auto ranked = eng.RankWorkers(p, 15);
    for (size_t i = 0; i < ranked.size(); ++i) {
      ASSERT_EQ(eng.CheckRules(ranked[i].first, p), Rule::kOk);
      if (i) {
        ASSERT_LE(ranked[i].second, ranked[i - 1].second);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 0u);
  auto posts = eng.RankPostings(0, 10);
  for (auto& [p, s] : posts) EXPECT_EQ(eng.CheckRules(0, p), Rule::kOk);
}

// The compact-feature scan gives the same ranked scores as CheckRules and
// Score over every worker, and each listed worker's score is Score's, under
// a policy whose weights differ from the default.
TEST(IncrementalTest, FastRankWorkersEqualsTheRulesAndScoreOnEveryWorker) {
  Problem prob = SyntheticProblem({.workers = 6000, .postings = 300, .seed = 5});
  Policy pol;
  pol.weights.travel = 17;
  pol.weights.occupation = 41;
  pol.priority_disabled = 3;
  Engine eng(prob, pol, 20600);
  size_t listed = 0;
  for (uint32_t p = 0; p < prob.num_postings(); ++p) {
    auto fast = eng.RankWorkers(p, 3u * prob.p_openings[p]);
    auto slow = eng.RankWorkersSlow(p, 3u * prob.p_openings[p]);
    ASSERT_EQ(fast.size(), slow.size()) << "posting " << p;
    for (size_t i = 0; i < fast.size(); ++i) {
      ASSERT_EQ(fast[i].second, slow[i].second) << "posting " << p << " rank " << i;
      ASSERT_EQ(eng.CheckRules(fast[i].first, p), Rule::kOk);
      ASSERT_EQ(eng.Score(fast[i].first, p), fast[i].second);
    }
    listed += fast.size();
  }
  EXPECT_GT(listed, 1000u);
}

}  // namespace
}  // namespace xiezuo::match
