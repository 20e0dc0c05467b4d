// A migrated database (SQLite or PostgreSQL) with every service wired as the
// app wires it, a fake clock, a test key, and helpers that create
// organisations, accounts and workers. Services tests build on this so that
// each case runs unchanged on both backends.
#ifndef XIEZUO_TESTS_SERVICES_SERVICES_FIXTURE_H_
#define XIEZUO_TESTS_SERVICES_SERVICES_FIXTURE_H_

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/auth_service.h"
#include "codes/codebook.h"
#include "codes/validators.h"
#include "postings/postings.h"
#include "security/keys.h"
#include "security/pii.h"
#include "tests/store/store_fixture.h"
#include "workers/worker.h"

namespace xiezuo::testing {

// Loaded once per test process: the tables are immutable.
inline const codes::Codebook& SharedCodebook() {
  static std::unique_ptr<codes::Codebook> cb = [] {
    codes::CodebookPaths paths;
    if (const char* d = std::getenv("XIEZUO_DIVISIONS_DIR")) paths.divisions_dir = d;
    paths.load_villages = true;
    auto r = codes::Codebook::Load(paths);
    if (!r.ok()) {
      ADD_FAILURE() << r.status().ToString();
      std::abort();
    }
    return std::move(r).value();
  }();
  return *cb;
}

// "530622" + "19900101" + "123" + check character.
inline std::string MakeIdNumber(const std::string& region6, const std::string& birth8,
                                const std::string& seq3) {
  std::string body = region6 + birth8 + seq3;
  return body + *codes::IdNumberCheckChar(body);
}

inline std::string MakeCreditCode(const std::string& region6, const std::string& org9) {
  std::string body = "91" + region6 + org9;
  return body + *codes::CreditCodeCheckChar(body);
}

class ServicesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (::testing::Test::IsSkipped() || ::testing::Test::HasFailure()) return;
    keys_ = security::KeyRing::ForTesting(7);
    cipher_ = std::make_unique<security::PiiCipher>(*keys_);
    audit_ = std::make_unique<audit::AuditLog>(db(), *keys_, clock_);
    auth::AuthOptions ao;
    ao.password_params = security::PasswordParams::FastForTests();
    auth_ = std::make_unique<auth::AuthService>(db(), *keys_, clock_, *audit_, ao);
    workers_ = std::make_unique<workers::WorkerService>(db(), SharedCodebook(), *cipher_, *audit_,
                                                        clock_);
    postings_ = std::make_unique<postings::PostingService>(db(), SharedCodebook(), *cipher_,
                                                           *audit_, clock_);
  }

  int64_t AddOrg(orgs::OrgType type, const std::string& name, const std::string& region,
                 const std::string& home = "") {
    int64_t id = 0;
    Status s = db().Transact([&](store::Connection& c) -> Status {
      orgs::Org o;
      o.type = type;
      o.name = name;
      o.region_code = region;
      o.home_region_code = home;
      o.created_at = clock_.NowSeconds();
      ASSIGN_OR_RETURN(id, orgs::InsertOrg(c, o));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return id;
  }

  // 巧家县's employment bureau and its county officer "qiaojia": the area
  // most tests read and write in.
  auth::Principal AddQiaojiaOfficer() {
    return AddUser("qiaojia", "county_officer",
                   AddOrg(orgs::OrgType::kCountyBureau, "巧家县人社局", "530622"));
  }

  // The single integer a query returns (-1, and a failed expectation, if
  // it fails).
  int64_t CountOf(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                      ASSIGN_OR_RETURN(n, c.QueryInt(sql));
                      return Status::Ok();
                    }).ok());
    return n;
  }

  // Creates an account and returns its loaded principal.
  auth::Principal AddUser(const std::string& username, const std::string& role, int64_t org_id) {
    auth::Principal p;
    Status s = db().Transact([&](store::Connection& c) -> Status {
      ASSIGN_OR_RETURN(int64_t id,
                       auth_->InsertUser(c, {username, username, role, org_id, kPassword}));
      ASSIGN_OR_RETURN(p, auth_->LoadPrincipal(c, id));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return p;
  }

  workers::WorkerInput Worker(const std::string& name, const std::string& region,
                              const std::string& seq) {
    workers::WorkerInput in;
    in.name = name;
    in.id_number = MakeIdNumber(region.substr(0, 6), "19900101", seq);
    in.phone = "139" + std::string(8 - seq.size(), '0') + seq;
    in.region_code = region;
    in.category = "poverty_alleviated";
    in.occupations = {"6-29-01-01"};
    return in;
  }

  static constexpr const char* kPassword = "Xiezuo@2026";
  // 2026-11-25 08:00 Asia/Shanghai.
  FakeClock clock_{1795564800};
  std::unique_ptr<security::KeyRing> keys_;
  std::unique_ptr<security::PiiCipher> cipher_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<workers::WorkerService> workers_;
  std::unique_ptr<postings::PostingService> postings_;
};

// ServicesTest with 巧家县's county officer as officer_: where most worker
// and import tests start.
class QiaojiaTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    if (::testing::Test::IsSkipped() || ::testing::Test::HasFailure()) return;
    officer_ = AddQiaojiaOfficer();
  }
  // The names officer_ finds by the console's 关键词 q, sorted.
  std::vector<std::string> NamesFound(const std::string& q) {
    int64_t total = 0;
    workers::WorkerFilter f;
    f.q = q;
    auto rows = workers_->List(officer_, f, 0, 50, &total);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    std::vector<std::string> out;
    if (rows.ok())
      for (const auto& w : *rows) out.push_back(w.name);
    std::sort(out.begin(), out.end());
    return out;
  }
  auth::Principal officer_;
};

}  // namespace xiezuo::testing

#endif  // XIEZUO_TESTS_SERVICES_SERVICES_FIXTURE_H_
