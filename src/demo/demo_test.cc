// The demo loader on both backends, at a small size (500 workers, 30
// enterprises, 100 postings): real and valid codes, the promised counts,
// determinism across loads and backends, one-transaction atomicity, and
// that the accounts it prints see data through the real scope filters.
#include "demo/demo.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "audit/audit_log.h"
#include "codes/codebook.h"
#include "codes/testing.h"
#include "codes/validators.h"
#include "orgs/org.h"
#include "security/keys.h"
#include "security/password.h"
#include "security/pii.h"
#include "store/migrations.h"
#include "tests/store/store_fixture.h"

namespace xiezuo::demo {
namespace {

// 2026-11-25 10:00 in Asia/Shanghai.
int64_t DemoNow() {
  int64_t days = 0;
  CivilToDays(2026, 11, 25, &days);
  return days * 86400 + 2 * 3600;
}

// Divisions with villages take a second or two to load: once per process.
const codes::Codebook* SharedCodebook() {
  static const codes::Codebook* cb = [] {
    codes::CodebookPaths paths;
    paths.divisions_dir = codes::testing::DivisionsDir();
    auto loaded = codes::Codebook::Load(paths);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
      return static_cast<const codes::Codebook*>(nullptr);
    }
    return static_cast<const codes::Codebook*>(std::move(loaded).value().release());
  }();
  return cb;
}

DemoOptions Small() {
  DemoOptions o;
  o.workers = 500;
  o.enterprises = 30;
  o.postings = 100;
  return o;
}

// The services LoadDemo writes through, wired as the app does.
struct Services {
  Services(store::Database& db, const codes::Codebook& cb, const Clock& clock)
      : db(db),
        cb(cb),
        clock(clock),
        keys(security::KeyRing::ForTesting(7)),
        cipher(*keys),
        audit(db, *keys, clock),
        auth(db, *keys, clock, audit,
             auth::AuthOptions{.password_params = security::PasswordParams::FastForTests()}),
        workers(db, cb, cipher, audit, clock),
        postings(db, cb, cipher, audit, clock) {}

  StatusOr<DemoReport> Load(const DemoOptions& opt) {
    return LoadDemo(db, cb, auth, workers, postings, clock, opt);
  }

  store::ResultSet Query(const std::string& sql, const store::Params& params = {}) {
    store::ResultSet out;
    Status s = db.WithConnection([&](store::Connection& c) -> Status {
      ASSIGN_OR_RETURN(out, c.Query(sql, params));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << sql;
    return out;
  }
  int64_t Count(const std::string& sql, const store::Params& params = {}) {
    auto rs = Query(sql, params);
    return rs.empty() ? -1 : rs.Int(0, 0);
  }
  StatusOr<auth::Principal> Principal(const std::string& username) {
    auth::Principal p;
    Status s = db.WithConnection([&](store::Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id FROM users WHERE username = ?", {username}));
      if (rs.empty()) return NotFound("no user", "no user " + username);
      ASSIGN_OR_RETURN(p, auth.LoadPrincipal(c, rs.Int(0, 0)));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return p;
  }

  store::Database& db;
  const codes::Codebook& cb;
  const Clock& clock;
  std::unique_ptr<security::KeyRing> keys;
  security::PiiCipher cipher;
  audit::AuditLog audit;
  auth::AuthService auth;
  workers::WorkerService workers;
  postings::PostingService postings;
};

// A second, SQLite database beside the fixture's, for comparisons.
class ScratchSqlite {
 public:
  ScratchSqlite() {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("xiezuo_demo_scratch_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
    auto db = store::OpenDatabase("sqlite:" + (dir_ / "scratch.db").string());
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto m = store::Migrate(*db_);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
  }
  ~ScratchSqlite() {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  store::Database& db() { return *db_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
};

class DemoTest : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    cb_ = SharedCodebook();
    ASSERT_NE(cb_, nullptr) << "code tables not found (run from the repository root)";
    svc_ = std::make_unique<Services>(db(), *cb_, clock_);
  }
  void TearDown() override {
    svc_.reset();
    StoreTest::TearDown();
  }

  // Loads the small demo; fails the test on error.
  DemoReport LoadSmall() {
    auto rep = svc_->Load(Small());
    EXPECT_TRUE(rep.ok()) << rep.status().ToString();
    return rep.ok() ? *rep : DemoReport{};
  }

  FakeClock clock_{DemoNow()};
  const codes::Codebook* cb_ = nullptr;
  std::unique_ptr<Services> svc_;
};

// What a load produced, row by row in id order, personal data excepted.
using Fingerprint = std::vector<std::vector<std::optional<std::string>>>;
Fingerprint Snapshot(Services& s) {
  Fingerprint out;
  for (const char* sql :
       {"SELECT id, type, name, region_code, home_region_code, parent_id FROM orgs ORDER BY id",
        "SELECT id, username, role, org_id FROM users ORDER BY id",
        "SELECT exporting_region_code, receiving_region_code FROM coop_pairs ORDER BY id",
        "SELECT id, name, credit_code, region_code, industry_code, contact_name, blacklisted,"
        " org_id FROM enterprises ORDER BY id",
        "SELECT id, enterprise_id, title, occupation_code, region_code, city_code, openings,"
        " wage_min, wage_max, pay_type, status, valid_until FROM postings ORDER BY id",
        "SELECT id, name, sex, birth_date, id_masked, phone_masked, region_code, category, status,"
        " occupations, wanted_regions, wage_floor, family_needs, skills, leave_date,"
        " current_city_code FROM workers ORDER BY id",
        "SELECT worker_id, posting_id, status, created_at FROM applications ORDER BY id"}) {
    auto rs = s.Query(sql);
    for (auto& row : rs.rows) out.push_back(row);
    out.push_back({std::string("--")});
  }
  return out;
}

TEST_P(DemoTest, CountsMatchOptionsAndTables) {
  DemoReport rep = LoadSmall();
  EXPECT_EQ(rep.workers, 500);
  EXPECT_EQ(rep.enterprises, 30);
  EXPECT_EQ(rep.postings, 100);
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM workers"), rep.workers);
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM enterprises"), rep.enterprises);
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM postings"), rep.postings);
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM applications"), rep.applications);
  EXPECT_EQ(rep.applications, 75);  // 15% of the workers
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM orgs"), rep.orgs);
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM users"), rep.users);
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM coop_pairs"), rep.pairs);
  EXPECT_EQ(static_cast<int>(rep.accounts.size()), rep.users);
  // Every row written through a service left its audit row.
  EXPECT_GE(svc_->Count("SELECT COUNT(*) FROM audit_log"),
            rep.workers + rep.enterprises + rep.postings);
  EXPECT_GE(svc_->Count("SELECT COUNT(*) FROM enterprises WHERE blacklisted = 1"), 1);
}

TEST_P(DemoTest, AccountsListAdminThenCountyOfficers) {
  DemoReport rep = LoadSmall();
  ASSERT_GE(rep.accounts.size(), 8u);
  EXPECT_EQ(rep.accounts[0].username, "admin");
  EXPECT_EQ(rep.accounts[0].role, "admin");
  std::vector<std::string> counties;
  for (size_t i = 1; i <= 7; ++i) {
    EXPECT_EQ(rep.accounts[i].role, "county_officer") << rep.accounts[i].username;
    counties.push_back(rep.accounts[i].username);
  }
  EXPECT_EQ(counties, (std::vector<std::string>{"qiaojia", "songtao", "tiandeng", "yizhang",
                                                "suining", "weining", "hezhang"}));
  std::set<std::string> names;
  for (const auto& a : rep.accounts) {
    EXPECT_EQ(a.password, Small().password);
    EXPECT_FALSE(a.org_name.empty()) << a.username;
    EXPECT_FALSE(a.note.empty()) << a.username;
    names.insert(a.username);
  }
  for (const char* u : {"qiaojia_v1", "qiaojia_v2", "station_tiandeng_jm", "station_songtao_wz",
                        "jiangmen_rs", "baohua_sq", "hr_1", "hr_10"}) {
    EXPECT_TRUE(names.count(u)) << u;
  }
}

TEST_P(DemoTest, AccountsSignInWithTheDemoPassword) {
  LoadSmall();
  auto login = svc_->auth.Login("tiandeng", Small().password, "127.0.0.1");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->session.principal.org.region_code, "451425");
}

TEST_P(DemoTest, SameSeedGivesSameRowsOnEitherBackend) {
  LoadSmall();
  // The reference load is always SQLite, so on the PostgreSQL instance this
  // compares the two backends.
  ScratchSqlite other;
  Services ref(other.db(), *cb_, clock_);
  auto rep = ref.Load(Small());
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  Fingerprint a = Snapshot(*svc_), b = Snapshot(ref);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i], b[i]) << "row " << i;
  }
}

TEST_P(DemoTest, OtherSeedGivesOtherPeople) {
  LoadSmall();
  ScratchSqlite other;
  Services ref(other.db(), *cb_, clock_);
  DemoOptions opt = Small();
  opt.seed += 1;
  ASSERT_TRUE(ref.Load(opt).ok());
  auto a = svc_->Query("SELECT name, region_code FROM workers ORDER BY id");
  auto b = ref.Query("SELECT name, region_code FROM workers ORDER BY id");
  EXPECT_NE(a.rows, b.rows);
}

TEST_P(DemoTest, EveryIdNumberValidatesAndAgreesWithSexAndBirthDate) {
  LoadSmall();
  auto rs = svc_->Query("SELECT id_number_enc, sex, birth_date, county_code FROM workers");
  ASSERT_EQ(rs.size(), 500u);
  int x_check = 0, old_prefix = 0;
  for (size_t r = 0; r < rs.size(); ++r) {
    auto id = svc_->cipher.Decrypt(rs.Text(r, 0), security::pii_context::kIdNumber);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    auto v = codes::ValidateIdNumber(*id, *cb_->divisions, clock_);
    ASSERT_TRUE(v.ok()) << "row " << r << ": " << v.en;
    EXPECT_EQ(v.sex == codes::Sex::kMale ? "M" : "F", rs.Text(r, 1));
    EXPECT_EQ(v.birth_date, rs.Text(r, 2));
    int age = 2026 - std::stoi(v.birth_date.substr(0, 4));
    EXPECT_GE(age, 18);
    EXPECT_LE(age, 61);
    if (v.region_prefix == rs.Text(r, 3)) {
      // current code of the worker's county
    } else {
      // 松桃's pre-2011 code (铜仁地区 → 铜仁市), on older cards only
      EXPECT_EQ(v.region_prefix, "522229");
      EXPECT_EQ(rs.Text(r, 3), "520628");
      ++old_prefix;
    }
    if (id->back() == 'X') ++x_check;
  }
  EXPECT_GT(x_check, 10);  // ~1 in 11
  EXPECT_GT(old_prefix, 0);
}

// The service derives sex from the ID number, so the column cannot tell
// whether the generator put the right sex digit in. The given name can:
// these characters are drawn only for women, or only for men.
TEST_P(DemoTest, SexDigitAgreesWithTheGivenName) {
  LoadSmall();
  const std::vector<std::string> female = {"芳", "娟", "霞", "燕", "婷", "娜", "琴", "萍", "梅"};
  const std::vector<std::string> male = {"强", "军", "勇", "杰", "刚", "磊", "鹏", "斌", "兵"};
  auto rs = svc_->Query("SELECT name, id_number_enc FROM workers");
  int checked = 0;
  for (size_t r = 0; r < rs.size(); ++r) {
    const std::string& name = rs.Text(r, 0);
    auto id = svc_->cipher.Decrypt(rs.Text(r, 1), security::pii_context::kIdNumber);
    ASSERT_TRUE(id.ok());
    bool odd = ((*id)[16] - '0') % 2 == 1;
    for (const auto& ch : female) {
      if (name.ends_with(ch)) {
        EXPECT_FALSE(odd) << name;
        ++checked;
      }
    }
    for (const auto& ch : male) {
      if (name.ends_with(ch)) {
        EXPECT_TRUE(odd) << name;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 50);
}

TEST_P(DemoTest, EveryPhoneIsAValidMobileAndFewAreMissing) {
  LoadSmall();
  auto rs = svc_->Query("SELECT phone_enc FROM workers");
  int missing = 0;
  for (size_t r = 0; r < rs.size(); ++r) {
    if (rs.IsNull(r, 0)) {
      ++missing;
      continue;
    }
    auto phone = svc_->cipher.Decrypt(rs.Text(r, 0), security::pii_context::kPhone);
    ASSERT_TRUE(phone.ok());
    EXPECT_TRUE(codes::ValidateMobile(*phone).ok()) << "row " << r;
  }
  EXPECT_GT(missing, 0);
  EXPECT_LT(missing, 40);  // ~3% of 500
}

TEST_P(DemoTest, EveryCreditCodeValidatesWithoutWarning) {
  LoadSmall();
  auto rs = svc_->Query("SELECT credit_code, credit_code_warning, region_code, industry_code"
                        " FROM enterprises");
  ASSERT_EQ(rs.size(), 30u);
  for (size_t r = 0; r < rs.size(); ++r) {
    auto v = codes::ValidateCreditCode(rs.Text(r, 0), *cb_->divisions);
    EXPECT_TRUE(v.ok()) << rs.Text(r, 0) << ": " << v.en;
    EXPECT_TRUE(rs.IsNull(r, 1));
    EXPECT_EQ(v.region_prefix, rs.Text(r, 2).substr(0, 6));
    EXPECT_NE(cb_->industries->Find(rs.Text(r, 3)), nullptr);
  }
}

TEST_P(DemoTest, PostingsUseRealOccupationsAndPlausibleTerms) {
  LoadSmall();
  auto rs = svc_->Query("SELECT occupation_code, openings, wage_min, wage_max, pay_type,"
                        " dorm_size, lodging, age_min, age_max, valid_until, status FROM postings");
  std::map<std::string, int> statuses;
  for (size_t r = 0; r < rs.size(); ++r) {
    const auto* occ = cb_->occupations->Find(rs.Text(r, 0));
    ASSERT_NE(occ, nullptr) << rs.Text(r, 0);
    EXPECT_EQ(occ->level, "occupation");
    EXPECT_GE(rs.Int(r, 1), 1);
    EXPECT_LE(rs.Int(r, 1), 60);
    EXPECT_GE(rs.Int(r, 2), 3480);  // 20 yuan/h × 174 h is the lowest
    EXPECT_LE(rs.Int(r, 3), 9000);
    if (rs.Int(r, 6)) {
      EXPECT_GE(rs.Int(r, 5), 4);
      EXPECT_LE(rs.Int(r, 5), 8);
    }
    EXPECT_GE(rs.Int(r, 7), 18);
    EXPECT_LE(rs.Int(r, 8), 55);
    EXPECT_TRUE(rs.Text(r, 9).starts_with("2026-") || rs.Text(r, 9).starts_with("2027-"));
    ++statuses[rs.Text(r, 10)];
  }
  EXPECT_GT(statuses["published"], 50);
  EXPECT_GT(statuses["published"], statuses["draft"] + statuses["verified"] + statuses["filled"]);
}

TEST_P(DemoTest, WorkersLiveInRealVillagesOfTheExportingCounties) {
  LoadSmall();
  const std::set<std::string> counties = {"530622", "520628", "451425", "431022",
                                          "430527", "520526", "520527"};
  auto rs = svc_->Query("SELECT region_code, county_code FROM workers");
  int villages = 0;
  for (size_t r = 0; r < rs.size(); ++r) {
    const std::string& code = rs.Text(r, 0);
    const codes::Division* d = cb_->divisions->Find(code);
    ASSERT_NE(d, nullptr) << code;
    EXPECT_GE(d->level(), codes::Level::kCounty);
    EXPECT_TRUE(counties.count(rs.Text(r, 1))) << rs.Text(r, 1);
    if (d->level() == codes::Level::kVillage) ++villages;
  }
  EXPECT_GT(villages, 300);
  // Village orgs are real 12-digit villages of their county.
  auto vs = svc_->Query("SELECT o.region_code, c.region_code FROM orgs o"
                        " JOIN orgs t ON t.id = o.parent_id JOIN orgs c ON c.id = t.parent_id"
                        " WHERE o.type = 'village'");
  ASSERT_GE(vs.size(), 7u * 6);
  for (size_t r = 0; r < vs.size(); ++r) {
    const codes::Division* d = cb_->divisions->Find(vs.Text(r, 0));
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->level(), codes::Level::kVillage);
    EXPECT_TRUE(codes::IsWithin(vs.Text(r, 0), vs.Text(r, 1)));
  }
}

TEST_P(DemoTest, SecondLoadRefuses) {
  DemoReport first = LoadSmall();
  int64_t audit_rows = svc_->Count("SELECT COUNT(*) FROM audit_log");
  auto again = svc_->Load(Small());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM workers"), first.workers);
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM users"), first.users);
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM audit_log"), audit_rows);
}

TEST_P(DemoTest, AFailureLeavesNothingWritten) {
  // The password is checked when the first account is written, after the
  // organisations: the rollback must take those with it.
  DemoOptions opt = Small();
  opt.password = "short";
  auto rep = svc_->Load(opt);
  ASSERT_FALSE(rep.ok());
  EXPECT_EQ(rep.status().code(), StatusCode::kInvalidArgument);
  for (const char* table : {"orgs", "users", "coop_pairs", "enterprises", "postings", "workers",
                            "applications", "audit_log"}) {
    EXPECT_EQ(svc_->Count(std::string("SELECT COUNT(*) FROM ") + table), 0) << table;
  }
  // And the database is still fit for a proper load.
  EXPECT_TRUE(svc_->Load(Small()).ok());
}

TEST_P(DemoTest, StationsSitInTheirCityAndBelongToTheirCounty) {
  LoadSmall();
  auto rs = svc_->Query("SELECT s.name, s.region_code, s.home_region_code, b.type, b.region_code"
                        " FROM orgs s JOIN orgs b ON b.id = s.parent_id"
                        " WHERE s.type = 'station' ORDER BY s.id");
  ASSERT_EQ(rs.size(), 10u);
  for (size_t r = 0; r < rs.size(); ++r) {
    SCOPED_TRACE(rs.Text(r, 0));
    const std::string& city = rs.Text(r, 1);
    const std::string& home = rs.Text(r, 2);
    ASSERT_EQ(city.size(), 6u);
    EXPECT_TRUE(city.ends_with("00"));
    EXPECT_EQ(cb_->divisions->LevelOf(city), codes::Level::kCity);
    EXPECT_EQ(cb_->divisions->LevelOf(home), codes::Level::kCounty);
    EXPECT_EQ(rs.Text(r, 3), "county_bureau");
    EXPECT_EQ(rs.Text(r, 4), home);
    EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM coop_pairs WHERE exporting_region_code = ?"
                          " AND receiving_region_code = ?",
                          {home, city}),
              1);
  }
}

TEST_P(DemoTest, TiandengIsPairedWithJiangmen) {
  LoadSmall();
  // The codes are the data's, not assumptions of the test.
  auto tiandeng = cb_->divisions->ResolveUnique("崇左市天等县");
  auto jiangmen = cb_->divisions->ResolveUnique("广东省江门市");
  ASSERT_TRUE(tiandeng.ok() && jiangmen.ok());
  EXPECT_EQ((*tiandeng)->code(), "451425");
  EXPECT_EQ((*jiangmen)->code(), "440700");
  std::vector<orgs::CoopPair> pairs;
  ASSERT_TRUE(svc_->db
                  .WithConnection([&](store::Connection& c) -> Status {
                    ASSIGN_OR_RETURN(pairs, orgs::ListPairs(c));
                    return Status::Ok();
                  })
                  .ok());
  bool found = false;
  for (const auto& p : pairs) {
    found |= p.exporting_region_code == "451425" && p.receiving_region_code == "440700";
  }
  EXPECT_TRUE(found);
}

TEST_P(DemoTest, PlacementsAndApplicationsAreConsistent) {
  DemoReport rep = LoadSmall();
  EXPECT_GT(svc_->Count("SELECT COUNT(*) FROM applications WHERE status = 'placed'"), 0);
  // A placed application means the worker is placed, in that city.
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM applications a JOIN workers w ON w.id = a.worker_id"
                        " JOIN postings p ON p.id = a.posting_id WHERE a.status = 'placed'"
                        " AND (w.status <> 'placed' OR w.current_city_code <> p.city_code)"),
            0);
  // Only to live postings of employers not on the blacklist, in a city
  // paired with the worker's county.
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM applications a JOIN postings p ON p.id = a.posting_id"
                        " JOIN enterprises e ON e.id = p.enterprise_id"
                        " WHERE p.status <> 'published' OR e.blacklisted <> 0"),
            0);
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM applications a JOIN workers w ON w.id = a.worker_id"
                        " JOIN postings p ON p.id = a.posting_id WHERE NOT EXISTS (SELECT 1"
                        " FROM coop_pairs cp WHERE cp.exporting_region_code = w.county_code"
                        " AND cp.receiving_region_code = p.city_code)"),
            0);
  // Every placed worker has a city of work; nobody else has one.
  EXPECT_EQ(svc_->Count("SELECT COUNT(*) FROM workers WHERE (status = 'placed') <>"
                        " (current_city_code <> '')"),
            0);
  EXPECT_EQ(rep.applications, svc_->Count("SELECT COUNT(*) FROM applications"));
}

TEST_P(DemoTest, SharesAreRoughlyAsDescribed) {
  LoadSmall();
  auto share = [&](const std::string& where) {
    return 100.0 * svc_->Count("SELECT COUNT(*) FROM workers WHERE " + where) / 500;
  };
  EXPECT_NEAR(share("category = 'poverty_alleviated'"), 45, 8);
  EXPECT_NEAR(share("category = 'relocated'"), 10, 5);
  EXPECT_NEAR(share("category = 'disabled'"), 5, 4);
  EXPECT_NEAR(share("status = 'placed'"), 25, 7);
  EXPECT_NEAR(share("status = 'not_seeking'"), 5, 4);
  EXPECT_NEAR(share("local_only = 1"), 10, 5);
}

TEST_P(DemoTest, StationOfficerSeesOwnCountysWorkersInItsCity) {
  LoadSmall();
  auto p = svc_->Principal("station_tiandeng_jm");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  int64_t total = 0;
  auto list = svc_->workers.List(*p, {}, 0, 100, &total);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_GE(total, 1);
  for (const auto& w : *list) EXPECT_TRUE(w.region_code.starts_with("451425")) << w.region_code;
}

TEST_P(DemoTest, EveryEnterpriseHrSeesExactlyItsApplicants) {
  DemoReport rep = LoadSmall();
  int hr = 0;
  for (const auto& a : rep.accounts) {
    if (a.role != "enterprise_hr") continue;
    ++hr;
    SCOPED_TRACE(a.username);
    auto p = svc_->Principal(a.username);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    ASSERT_TRUE(p->enterprise_id.has_value());
    int64_t total = 0;
    ASSERT_TRUE(svc_->workers.List(*p, {}, 0, 100, &total).ok());
    EXPECT_GE(total, 1);
    EXPECT_EQ(total, svc_->Count("SELECT COUNT(DISTINCT a.worker_id) FROM applications a JOIN"
                                 " postings p ON p.id = a.posting_id WHERE p.enterprise_id = ?",
                                 {*p->enterprise_id}));
  }
  EXPECT_EQ(hr, 10);
}

TEST_P(DemoTest, OfficersOfEachLevelSeeTheirOwnPeople) {
  LoadSmall();
  int64_t total = 0;
  auto county = svc_->Principal("tiandeng");
  ASSERT_TRUE(county.ok());
  ASSERT_TRUE(svc_->workers.List(*county, {}, 0, 1, &total).ok());
  EXPECT_EQ(total, svc_->Count("SELECT COUNT(*) FROM workers WHERE county_code = '451425'"));
  EXPECT_GT(total, 0);

  auto village = svc_->Principal("qiaojia_v1");
  ASSERT_TRUE(village.ok());
  auto vl = svc_->workers.List(*village, {}, 0, 100, &total);
  ASSERT_TRUE(vl.ok());
  EXPECT_GE(total, 1);
  for (const auto& w : *vl) EXPECT_EQ(w.region_code, village->org.region_code);

  for (const char* user : {"jiangmen_rs", "baohua_sq"}) {
    auto recv = svc_->Principal(user);
    ASSERT_TRUE(recv.ok());
    ASSERT_TRUE(svc_->workers.List(*recv, {}, 0, 1, &total).ok());
    EXPECT_GE(total, 1) << user;
  }
}

XIEZUO_INSTANTIATE_STORE_TESTS(DemoTest);

}  // namespace
}  // namespace xiezuo::demo
