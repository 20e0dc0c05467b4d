#include "match/policy.h"

#include <gtest/gtest.h>

namespace xiezuo::match {
namespace {

TEST(PolicyTest, DefaultIsValid) {
  Policy p = Policy::Default();
  EXPECT_TRUE(ValidatePolicy(p).ok());
  EXPECT_EQ(p.alpha, 3);
  EXPECT_EQ(p.k, 5);
}

TEST(PolicyTest, InvalidWeightIsRefusedWithItsFieldNamed) {
  Policy p;
  p.weights.pay = -5;
  Status st = ValidatePolicy(p);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  ASSERT_EQ(st.fields().size(), 1u);
  EXPECT_EQ(st.fields()[0].field, "weights.pay");
  EXPECT_NE(st.fields()[0].zh.find("weights.pay"), std::string::npos);
}

TEST(PolicyTest, AlphaAndKOutOfRangeAreNamed) {
  Policy p;
  p.alpha = 0;
  p.k = 1000;
  Status st = ValidatePolicy(p);
  ASSERT_EQ(st.fields().size(), 2u);
  EXPECT_EQ(st.fields()[0].field, "alpha");
  EXPECT_EQ(st.fields()[1].field, "k");
}

TEST(PolicyTest, JsonRoundTripKeepsEveryField) {
  Policy p;
  p.version = 7;
  p.weights.travel = 9;
  p.priority_disabled = 20;
  p.alpha = 4;
  auto q = PolicyFromJson(PolicyToJson(p));
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->version, 7);
  EXPECT_EQ(q->weights.travel, 9);
  EXPECT_EQ(q->priority_disabled, 20);
  EXPECT_EQ(q->alpha, 4);
}

TEST(PolicyTest, JsonWithNonIntegerWeightNamesTheField) {
  auto q = PolicyFromJson(R"({"weights":{"occupation":"high"}})");
  ASSERT_FALSE(q.ok());
  ASSERT_FALSE(q.status().fields().empty());
  EXPECT_EQ(q.status().fields()[0].field, "weights.occupation");
}

TEST(PolicyTest, JsonWeightOutOfRangeNamesTheField) {
  auto q = PolicyFromJson(R"({"weights":{"board":101}})");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.status().fields()[0].field, "weights.board");
}

}  // namespace
}  // namespace xiezuo::match
