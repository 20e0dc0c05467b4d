// Sign-in, lockout and session expiry on both backends, with a fake clock.
#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

using testing::ServicesTest;

class AuthTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    AddQiaojiaOfficer();
  }
};

TEST_P(AuthTest, SignInGivesASessionAndStoresOnlyTheTokenHash) {
  auto login = auth_->Login("qiaojia", kPassword, "10.1.1.1");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->session.principal.org.region_code, "530622");
  EXPECT_GE(login->token.size(), 40u);
  ASSERT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT token_hash FROM sessions"));
                    EXPECT_EQ(rs.size(), 1u);
                    EXPECT_NE(rs.Text(0, 0), login->token);
                    return Status::Ok();
                  }).ok());
  auto s = auth_->Authenticate(login->token);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->principal.username, "qiaojia");
}

TEST_P(AuthTest, WrongPasswordAndUnknownUserGiveTheSameAnswer) {
  auto a = auth_->Login("qiaojia", "Wrong@Password1", "10.1.1.1");
  auto b = auth_->Login("nobody", "Wrong@Password1", "10.1.1.2");
  ASSERT_EQ(a.status().code(), StatusCode::kUnauthenticated);
  ASSERT_EQ(b.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(a.status().zh(), b.status().zh());
}

TEST_P(AuthTest, AccountLocksAfterFiveFailuresAndUnlocksAfterFifteenMinutes) {
  for (int i = 0; i < 5; ++i) {
    (void)auth_->Login("qiaojia", "Wrong@Password1", "10.1.1." + std::to_string(i));
  }
  auto locked = auth_->Login("qiaojia", kPassword, "10.1.1.9");
  ASSERT_EQ(locked.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(locked.status().zh().find("分钟"), std::string::npos);
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_TRUE(auth_->Login("qiaojia", kPassword, "10.1.1.9").ok());
}

TEST_P(AuthTest, SessionExpiresWhenIdle) {
  auto login = auth_->Login("qiaojia", kPassword, "10.1.1.1");
  ASSERT_TRUE(login.ok());
  clock_.Advance(std::chrono::minutes(29));
  ASSERT_TRUE(auth_->Authenticate(login->token).ok());  // touches the idle timer
  clock_.Advance(std::chrono::minutes(29));
  ASSERT_TRUE(auth_->Authenticate(login->token).ok());
  clock_.Advance(std::chrono::minutes(31));
  EXPECT_EQ(auth_->Authenticate(login->token).status().code(), StatusCode::kUnauthenticated);
}

TEST_P(AuthTest, SessionEndsAtTheAbsoluteLimitEvenWhenActive) {
  auto login = auth_->Login("qiaojia", kPassword, "10.1.1.1");
  ASSERT_TRUE(login.ok());
  for (int i = 0; i < 24; ++i) {  // 12 hours of activity every 30 minutes... minus one step
    clock_.Advance(std::chrono::minutes(29));
    if (!auth_->Authenticate(login->token).ok()) {
      EXPECT_GE(i, 23);
      return;
    }
  }
  clock_.Advance(std::chrono::minutes(29));
  EXPECT_FALSE(auth_->Authenticate(login->token).ok());
}

TEST_P(AuthTest, LogoutEndsTheSession) {
  auto login = auth_->Login("qiaojia", kPassword, "10.1.1.1");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(auth_->Logout(login->token).ok());
  EXPECT_FALSE(auth_->Authenticate(login->token).ok());
}

TEST_P(AuthTest, WeakPasswordIsRefusedNamingTheField) {
  auto org = AddOrg(orgs::OrgType::kCountyBureau, "天等县人社局", "451425");
  Status s = db().Transact([&](store::Connection& c) -> Status {
    return auth_->InsertUser(c, {"tiandeng", "天等", "county_officer", org, "abc123"}).status();
  });
  ASSERT_EQ(s.code(), StatusCode::kInvalidArgument);
  bool named = false;
  for (const auto& f : s.fields()) named |= f.field == "password";
  EXPECT_TRUE(named);
}

TEST_P(AuthTest, RoleMustFitTheOrganisation) {
  auto village = AddOrg(orgs::OrgType::kVillage, "沙坝社区", "530622001001");
  Status s = db().Transact([&](store::Connection& c) -> Status {
    return auth_->InsertUser(c, {"boss", "boss", "admin", village, kPassword}).status();
  });
  ASSERT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.fields()[0].field, "org_id");
}

XIEZUO_INSTANTIATE_STORE_TESTS(AuthTest);

}  // namespace
}  // namespace xiezuo
