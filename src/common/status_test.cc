#include "common/status.h"

#include <gtest/gtest.h>

namespace xiezuo {
namespace {

StatusOr<int> Half(int x) {
  if (x % 2 != 0) return FieldInvalid("x", "必须是偶数", "must be even");
  return x / 2;
}

Status Quarter(int x, int* out) {
  ASSIGN_OR_RETURN(int h, Half(x));
  ASSIGN_OR_RETURN(int q, Half(h));
  *out = q;
  return Status::Ok();
}

TEST(StatusTest, AssignOrReturnPropagatesFieldError) {
  int out = 0;
  Status s = Quarter(6, &out);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  ASSERT_EQ(s.fields().size(), 1u);
  EXPECT_EQ(s.fields()[0].field, "x");
  EXPECT_EQ(s.fields()[0].zh, "必须是偶数");
}

TEST(StatusTest, AssignOrReturnPassesValues) {
  int out = 0;
  ASSERT_TRUE(Quarter(8, &out).ok());
  EXPECT_EQ(out, 2);
}

TEST(StatusTest, CodeNamesAreStable) {
  EXPECT_STREQ(StatusCodeName(StatusCode::kNotFound), "not_found");
  EXPECT_STREQ(StatusCodeName(StatusCode::kAlreadyExists), "already_exists");
}

}  // namespace
}  // namespace xiezuo
