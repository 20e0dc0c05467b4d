// PolicyFromJsonStrict: what PUT /api/v1/match/policy accepts. Every bad
// field is named, unknown keys included, and nothing half-valid passes.
#include <gtest/gtest.h>

#include <algorithm>

#include "match/policy.h"

namespace xiezuo::match {
namespace {

bool Names(const Status& st, const std::string& field) {
  return std::any_of(st.fields().begin(), st.fields().end(),
                     [&](const FieldError& f) { return f.field == field; });
}

TEST(PolicyStrictTest, AcceptsAValidPolicy) {
  auto p = PolicyFromJsonStrict(R"({"weights":{"pay":40},"alpha":4,"k":6})");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->weights.pay, 40);
  EXPECT_EQ(p->weights.occupation, Policy::Default().weights.occupation);
  EXPECT_EQ(p->alpha, 4);
  EXPECT_EQ(p->k, 6);
}

TEST(PolicyStrictTest, RoundTripsThroughItsJson) {
  Policy p;
  p.weights.travel = 0;
  p.priority_disabled = 30;
  auto q = PolicyFromJsonStrict(PolicyToJson(p));
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(PolicyToJson(*q), PolicyToJson(p));
}

TEST(PolicyStrictTest, UnknownKeysAreNamed) {
  auto p = PolicyFromJsonStrict(R"({"weights":{"pai":3},"beta":1})");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Names(p.status(), "weights.pai"));
  EXPECT_TRUE(Names(p.status(), "beta"));
}

TEST(PolicyStrictTest, NegativeAndOutOfRangeWeightsAreNamed) {
  auto p = PolicyFromJsonStrict(R"({"weights":{"pay":-1,"place":101},"k":51})");
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(Names(p.status(), "weights.pay"));
  EXPECT_TRUE(Names(p.status(), "weights.place"));
  EXPECT_TRUE(Names(p.status(), "k"));
}

TEST(PolicyStrictTest, NonIntegersAreNamed) {
  // NaN cannot travel in JSON: a browser's JSON.stringify sends null.
  auto p = PolicyFromJsonStrict(R"({"weights":{"pay":null,"board":2.5,"travel":"5"},"alpha":true})");
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(Names(p.status(), "weights.pay"));
  EXPECT_TRUE(Names(p.status(), "weights.board"));
  EXPECT_TRUE(Names(p.status(), "weights.travel"));
  EXPECT_TRUE(Names(p.status(), "alpha"));
}

TEST(PolicyStrictTest, UnknownAndBadValuesAreReportedTogether) {
  auto p = PolicyFromJsonStrict(R"({"weights":{"pai":3,"pay":-2}})");
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(Names(p.status(), "weights.pai"));
  EXPECT_TRUE(Names(p.status(), "weights.pay"));
}

TEST(PolicyStrictTest, AllWeightsZeroIsRefused) {
  auto p = PolicyFromJsonStrict(
      R"({"weights":{"occupation":0,"certificate":0,"pay":0,"place":0,"travel":0,)"
      R"("lodging":0,"board":0,"inspection":0,"enterprise":0}})");
  ASSERT_FALSE(p.ok());
  EXPECT_TRUE(Names(p.status(), "weights"));
}

TEST(PolicyStrictTest, NotAnObjectIsRefused) {
  EXPECT_FALSE(PolicyFromJsonStrict("[1,2]").ok());
  EXPECT_FALSE(PolicyFromJsonStrict("{\"weights\":[]}").ok());
}

}  // namespace
}  // namespace xiezuo::match
