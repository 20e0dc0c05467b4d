#include "store/database.h"

#include <gtest/gtest.h>

namespace xiezuo::store {
namespace {

TEST(PlaceholderTest, RewritesQuestionMarksOutsideQuotes) {
  EXPECT_EQ(RewritePlaceholdersForPostgres("SELECT a FROM t WHERE b = ? AND c = '?' AND d = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = '?' AND d = $2");
}

TEST(OpenDatabaseTest, EmptyUrlIsRejectedWithAMessage) {
  auto db = OpenDatabase("");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace xiezuo::store
