#include "match/quality.h"

#include <gtest/gtest.h>

#include "match/synthetic.h"

namespace xiezuo::match {
namespace {

TEST(QualityTest, BatchOnSyntheticProblemReportsEveryFigure) {
  Problem prob = SyntheticProblem({.workers = 5000, .postings = 500, .seed = 5});
  Policy pol;
  Engine eng(prob, pol, 20600);
  Bipartite g = eng.Candidates();
  Allocation a = AuctionAllocate(g);
  ASSERT_TRUE(CheckFeasible(g, a).ok());
  Quality q = Measure(eng, g, a);
  EXPECT_GT(q.workers_available, 3000);
  EXPECT_GT(q.coverage, 0.3);
  EXPECT_LE(q.coverage, 1.0);
  EXPECT_EQ(q.recommendations, static_cast<int64_t>(a.edges.size()));
  EXPECT_LE(q.max_recs_per_opening, pol.alpha + 1e-9);  // α caps recs per opening
  EXPECT_GE(q.gini_recs_per_opening, 0.0);
  EXPECT_LT(q.gini_recs_per_opening, 1.0);
  EXPECT_GT(q.expected_placements, 0.0);
  EXPECT_LE(q.expected_placements, double(q.openings));
  EXPECT_GT(q.priority_share, 0.0);
  std::string text = FormatQuality(q);
  EXPECT_NE(text.find("coverage"), std::string::npos);
  EXPECT_NE(QualityToJson(q).find("\"gini_recs_per_opening\""), std::string::npos);
}

TEST(QualityTest, GiniIsZeroWhenEveryOpeningGetsTheSame) {
  Problem prob;
  for (int i = 0; i < 2; ++i) {
    PostingRecord p;
    p.id = i + 1;
    p.occupation = 6180204;
    p.county = 440703;
    p.openings = 1;
    p.wage_min = p.wage_max = 5000;
    p.flags = kPublished;
    ASSERT_TRUE(prob.AddPosting(p));
  }
  WorkerRecord w;
  w.id = 1;
  w.age = 30;
  w.home_county = 451425;
  w.occupations = {6180204};
  w.wanted = {440700};
  ASSERT_TRUE(prob.AddWorker(w));
  prob.Finish();
  Engine eng(prob, Policy(), 20600);
  Bipartite g = eng.Candidates();
  Allocation a = AuctionAllocate(g);
  Quality q = Measure(eng, g, a);
  EXPECT_EQ(q.recommendations, 2);
  EXPECT_DOUBLE_EQ(q.coverage, 1.0);
  EXPECT_DOUBLE_EQ(q.gini_recs_per_opening, 0.0);
  EXPECT_DOUBLE_EQ(q.max_recs_per_opening, 1.0);
}

}  // namespace
}  // namespace xiezuo::match
