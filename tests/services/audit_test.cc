// The audit chain on both backends: intact after real activity; a modified,
// deleted or reordered row is reported by Verify().
#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

using testing::ServicesTest;

class AuditTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(audit_->Append({1, "worker.read", "worker:" + std::to_string(i), "ok", ""}).ok());
    }
  }
  // An attacker with database access first removes the append-only trigger.
  void DropTriggers() {
    ASSERT_TRUE(db().WithConnection([&](store::Connection& c) {
                      if (c.dialect() == store::Dialect::kSqlite) {
                        return c.ExecScript("DROP TRIGGER audit_log_no_update;"
                                            " DROP TRIGGER audit_log_no_delete;");
                      }
                      return c.ExecScript("DROP TRIGGER audit_log_no_update ON audit_log");
                    }).ok());
  }
  void Exec(const std::string& sql) {
    Status s = db().WithConnection([&](store::Connection& c) { return c.ExecScript(sql); });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
};

TEST_P(AuditTest, IntactChainVerifies) {
  auto rep = audit_->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_TRUE(rep->ok) << rep->problem;
  EXPECT_EQ(rep->rows_checked, 5);
}

TEST_P(AuditTest, ModifiedRowIsReported) {
  DropTriggers();
  Exec("UPDATE audit_log SET result = 'denied' WHERE id = 3");
  auto rep = audit_->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_FALSE(rep->ok);
  EXPECT_EQ(rep->first_bad_id, 3);
}

TEST_P(AuditTest, DeletedRowIsReported) {
  DropTriggers();
  Exec("DELETE FROM audit_log WHERE id = 2");
  auto rep = audit_->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_FALSE(rep->ok);
  EXPECT_EQ(rep->first_bad_id, 3);
  EXPECT_NE(rep->problem.find("missing"), std::string::npos);
}

TEST_P(AuditTest, RowRewrittenWithRecomputedPlainHashIsReported) {
  DropTriggers();
  // Without the key, the attacker can only copy another row's hash.
  Exec("UPDATE audit_log SET object = 'worker:99', hash = (SELECT hash FROM audit_log"
       " WHERE id = 5) WHERE id = 4");
  auto rep = audit_->Verify();
  ASSERT_TRUE(rep.ok());
  EXPECT_FALSE(rep->ok);
  EXPECT_EQ(rep->first_bad_id, 4);
}

XIEZUO_INSTANTIATE_STORE_TESTS(AuditTest);

}  // namespace
}  // namespace xiezuo
