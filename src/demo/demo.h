// The demo data set: a deterministic, realistic picture of East–West labour
// cooperation on the seeds' geography, for `make run`, the console and
// load tests.
//
//   demo::DemoOptions opt;                 // 20,000 workers, 300 enterprises
//   ASSIGN_OR_RETURN(demo::DemoReport rep,
//                    demo::LoadDemo(db, codebook, auth, workers, postings, clock, opt));
//   for (const auto& a : rep.accounts) std::cout << a.username << " " << a.password << "\n";
//
// What it writes (all codes are real, looked up by name in the codebook):
//   orgs       platform; 4 exporting provinces and 6 city bureaus; 7 county
//              bureaus (巧家, 松桃, 天等, 宜章, 绥宁, 威宁, 赫章), each with 3–4
//              townships of 2–3 villages; 6 receiving-city bureaus (温州,
//              广州, 江门, 深圳, 东莞, 上海), the 宝华工业社区 in 江门; one or two
//              stations per county in its partner cities; one enterprise org
//              per enterprise HR account.
//   pairs      each exporting county with its station cities (天等县:江门市 …).
//   users      admin, one officer per county, two village officers per
//              county, one per station, per receiving bureau, the community,
//              and ~10 enterprise HR accounts; all with opt.password.
//   data       enterprises with valid credit codes (~2% on the arrears
//              blacklist), postings, workers with valid ID numbers and
//              mobiles, ~0.15 applications per worker, placements.
//
// Everything goes through the services' Insert* functions (validation,
// encryption, audit) inside ONE transaction: a failure leaves nothing. The
// actor is auth::SystemPrincipal(). Region codes that the scope filters
// compare — a station's or receiving bureau's region_code, postings'
// city_code, workers' current_city_code, pairs — are CITY codes ("440700";
// 上海 is "310100", 东莞 "441900"), because auth::WorkerScope matches them
// exactly.
//
// Determinism: the same seed, options, code tables and clock give the same
// rows in the same order on SQLite and PostgreSQL (ids included, on a fresh
// database). The generator draws from std::mt19937_64 with its own integer
// helpers rather than <random>'s distributions, whose output differs between
// standard libraries. Ages and dates are relative to `clock`.
//
// Cost: dominated by per-row validation, encryption and the audit chain
// (one audit row per worker, enterprise and posting); the figures for the
// default size are in demo_benchmark.cc. Password hashing uses the
// AuthService's params: pass PasswordParams::FastForTests() for tests and
// demos, or ~60 Interactive() hashes add a few seconds.
//
// Thread-safety: LoadDemo holds one database connection for the whole load;
// call it once, from one thread. It prints nothing.
#ifndef XIEZUO_DEMO_DEMO_H_
#define XIEZUO_DEMO_DEMO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "auth/auth_service.h"
#include "codes/codebook.h"
#include "common/clock.h"
#include "common/status.h"
#include "postings/postings.h"
#include "store/database.h"
#include "workers/worker.h"

namespace xiezuo::demo {

struct DemoOptions {
  // Seeds the generator: the same seed gives the same data.
  uint64_t seed = 20261125;
  // Workers registered across the seven exporting counties.
  int workers = 20000;
  // Enterprises in the six receiving cities (at least 6 puts one in each).
  int enterprises = 300;
  // Job postings spread over the enterprises (at least one each if there
  // are as many postings as enterprises).
  int postings = 1500;
  // Password of every demo account; must satisfy the password policy.
  std::string password = "Xiezuo@2026";
};

// A sign-in the demo created, for `make run` to print.
struct DemoAccount {
  std::string username, password, role, org_name;
  std::string note;  // what the account sees, in zh-CN
};

struct DemoReport {
  int orgs = 0, users = 0, workers = 0, enterprises = 0, postings = 0, applications = 0,
      pairs = 0;
  // admin first, then the county officers, village officers, station
  // officers, receiving officers and enterprise HR.
  std::vector<DemoAccount> accounts;
};

// Loads the demo data set. kFailedPrecondition if the database already has
// workers (the demo is for an empty database) or one of the demo usernames
// is taken; kInvalidArgument if opt is out of range or opt.password fails
// the policy. REQUIRES: codebook loaded with villages; the services were
// built on `db`.
StatusOr<DemoReport> LoadDemo(store::Database& db, const codes::Codebook& codebook,
                              auth::AuthService& auth, workers::WorkerService& workers,
                              postings::PostingService& postings, const Clock& clock,
                              const DemoOptions& opt);

}  // namespace xiezuo::demo

#endif  // XIEZUO_DEMO_DEMO_H_
