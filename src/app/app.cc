#include "app/app.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <unistd.h>

#include "demo/demo.h"
#include "http/api/api.h"
#include "http/router.h"
#include "http/server.h"
#include "security/crypto.h"
#include "security/tokens.h"
#include "store/migrations.h"

namespace xiezuo::app {

namespace {
std::string Env(const char* name, const std::string& def) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : def;
}
bool EnvFlag(const char* name) {
  const char* v = std::getenv(name);
  return v && (std::string(v) == "1" || std::string(v) == "true");
}
}  // namespace

Config Config::FromEnv() {
  Config c;
  c.db_url = Env("XIEZUO_DB", c.db_url);
  c.listen = Env("XIEZUO_LISTEN", c.listen);
  c.static_dir = Env("XIEZUO_STATIC_DIR", c.static_dir);
  c.divisions_dir = Env("XIEZUO_DIVISIONS_DIR", c.divisions_dir);
  c.data_dir = Env("XIEZUO_DATA_DIR", c.data_dir);
  c.key = security::KeySourceFromEnv();
  c.secure_cookies = EnvFlag("XIEZUO_SECURE_COOKIES");
  c.trust_proxy = EnvFlag("XIEZUO_TRUST_PROXY");
  c.fast_password_hash = EnvFlag("XIEZUO_FAST_PASSWORD_HASH");
  c.threads = std::atoi(Env("XIEZUO_THREADS", "4").c_str());
  if (c.threads < 1) c.threads = 4;
  c.kannel_url = Env("XIEZUO_KANNEL_URL", c.kannel_url);
  c.kannel_user = Env("XIEZUO_KANNEL_USER", c.kannel_user);
  c.kannel_password = Env("XIEZUO_KANNEL_PASSWORD", c.kannel_password);
  c.sms_from = Env("XIEZUO_SMS_FROM", c.sms_from);
  c.sms_signature = Env("XIEZUO_SMS_SIGNATURE", c.sms_signature);
  c.sms_callback_base = Env("XIEZUO_SMS_CALLBACK_URL", c.sms_callback_base);
  c.sms_threads = std::atoi(Env("XIEZUO_SMS_THREADS", "4").c_str());
  if (c.sms_threads < 1) c.sms_threads = 4;
  c.sms_daily_cap = std::atoi(Env("XIEZUO_SMS_DAILY_CAP", "3").c_str());
  c.sms_quiet_hours = Env("XIEZUO_SMS_QUIET_HOURS", c.sms_quiet_hours);
  c.sms_lease_seconds = std::max(1, std::atoi(Env("XIEZUO_SMS_LEASE_SECONDS", "60").c_str()));
  c.sms_flush_every = std::max(1, std::atoi(Env("XIEZUO_SMS_FLUSH_EVERY", "20").c_str()));
  c.max_upload_mb = std::atoi(Env("XIEZUO_MAX_UPLOAD_MB", "64").c_str());
  if (c.max_upload_mb < 1) c.max_upload_mb = 64;
  c.upload_dir = Env("XIEZUO_UPLOAD_DIR", c.upload_dir);
  return c;
}

StatusOr<std::unique_ptr<App>> App::Open(const Config& config) {
  auto app = std::unique_ptr<App>(new App());
  app->config_ = config;
  RETURN_IF_ERROR(security::InitCrypto());
  auto t0 = std::chrono::steady_clock::now();

  security::KeySource ks = config.key;
  if (!ks.hex) ks.create_if_missing = true;
  ASSIGN_OR_RETURN(app->keys_, security::KeyRing::Load(ks));
  app->cipher_ = std::make_unique<security::PiiCipher>(*app->keys_);

  codes::CodebookPaths paths;
  paths.divisions_dir = config.divisions_dir;
  paths.occupations = config.data_dir + "/occupations_2022.tsv";
  paths.industries = config.data_dir + "/industries_gb4754_2017.tsv";
  ASSIGN_OR_RETURN(app->codebook_, codes::Codebook::Load(paths));

  if (config.db_url.rfind("postgres", 0) != 0) {
    std::string path = config.db_url.rfind("sqlite:", 0) == 0 ? config.db_url.substr(7)
                                                             : config.db_url;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty() && path != ":memory:") std::filesystem::create_directories(parent);
  }
  ASSIGN_OR_RETURN(app->db_, store::OpenDatabase(config.db_url, {.pool_size = config.threads + 1}));
  ASSIGN_OR_RETURN(int applied, store::Migrate(*app->db_));

  app->audit_ = std::make_unique<audit::AuditLog>(*app->db_, *app->keys_, app->clock_);
  auth::AuthOptions ao;
  if (config.fast_password_hash) ao.password_params = security::PasswordParams::FastForTests();
  app->auth_ = std::make_unique<auth::AuthService>(*app->db_, *app->keys_, app->clock_,
                                                   *app->audit_, ao);
  app->workers_ = std::make_unique<workers::WorkerService>(*app->db_, *app->codebook_,
                                                           *app->cipher_, *app->audit_, app->clock_);
  app->postings_ = std::make_unique<postings::PostingService>(
      *app->db_, *app->codebook_, *app->cipher_, *app->audit_, app->clock_);
  if (auto filled = app->workers_->BackfillNameSearch(); !filled.ok()) {
    spdlog::warn("pinyin search keys not filled: {}", filled.status().message());
  } else if (*filled > 0) {
    spdlog::info("pinyin search keys filled for {} workers", *filled);
  }
  app->verification_ =
      std::make_unique<postings::VerificationService>(*app->db_, *app->audit_, app->clock_);
  {
    // data/codes -> data/inspection/outline_v1.json (seeded once as version 1).
    auto outline = std::filesystem::path(config.data_dir).parent_path() / "inspection" /
                   "outline_v1.json";
    Status seeded = app->verification_->SeedOutline(outline.string());
    if (!seeded.ok()) spdlog::warn("inspection outline not loaded: {}", seeded.message());
  }
  app->photos_ = std::make_unique<postings::PhotoService>(*app->db_, *app->postings_,
                                                         *app->audit_, app->clock_);
  app->min_wages_ = std::make_unique<postings::MinWageService>(*app->db_, *app->codebook_,
                                                               *app->audit_, app->clock_);
  app->lists_ = std::make_unique<lists::ListService>(*app->db_, *app->codebook_, *app->audit_,
                                                     app->clock_);
  app->match_ = std::make_unique<match::MatchService>(*app->db_, *app->codebook_, *app->audit_,
                                                      app->clock_);
  app->worker_importer_ = std::make_unique<imports::WorkerImporter>(
      *app->db_, *app->workers_, *app->codebook_, *app->cipher_);
  app->posting_importer_ = std::make_unique<imports::PostingImporter>(
      *app->db_, *app->postings_, *app->codebook_, app->clock_);
  notify::OutboxOptions oo;
  oo.daily_cap = config.sms_daily_cap;
  oo.lease_seconds = config.sms_lease_seconds;
  if (config.sms_quiet_hours == "off") {
    oo.quiet_hours.start = oo.quiet_hours.end = 0;
  } else {
    int h1, m1, h2, m2;
    if (std::sscanf(config.sms_quiet_hours.c_str(), "%d:%d-%d:%d", &h1, &m1, &h2, &m2) != 4 ||
        h1 < 0 || h1 > 23 || h2 < 0 || h2 > 23 || m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59) {
      return InvalidArgument("XIEZUO_SMS_QUIET_HOURS 应为 21:00-08:00 或 off",
                             "XIEZUO_SMS_QUIET_HOURS must look like 21:00-08:00, or off");
    }
    oo.quiet_hours.start = h1 * 3600 + m1 * 60;
    oo.quiet_hours.end = h2 * 3600 + m2 * 60;
  }
  app->outbox_ = std::make_unique<notify::Outbox>(*app->db_, *app->cipher_, app->clock_, oo);
  notify::NotifyOptions no;
  no.signature = config.sms_signature;
  app->notify_ = std::make_unique<notify::NotifyService>(*app->db_, *app->cipher_, *app->keys_,
                                                         *app->audit_, app->clock_, *app->outbox_,
                                                         no);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - t0)
                .count();
  spdlog::info("opened {} database ({} migrations applied), {} divisions, key {} in {} ms",
               store::DialectName(app->db_->dialect()), applied, app->codebook_->divisions->size(),
               app->keys_->Fingerprint(), ms);
  return app;
}

std::string App::SmsCallbackToken() const {
  return security::HashToken(*keys_, "sms-callback-token").substr(0, 32);
}

namespace {
StatusOr<auth::Principal> PrincipalOf(store::Database& db, auth::AuthService& auth,
                                      const std::string& username) {
  auth::Principal p;
  RETURN_IF_ERROR(db.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id FROM users WHERE username = ?", {username}));
    if (rs.empty()) {
      return NotFound("找不到账号“" + username + "”", "No account named '" + username + "'");
    }
    ASSIGN_OR_RETURN(p, auth.LoadPrincipal(c, rs.Int(0, 0)));
    return Status::Ok();
  }));
  return p;
}
}  // namespace

StatusOr<imports::ImportReport> App::ImportFile(const std::string& kind, const std::string& path,
                                                const std::string& username,
                                                const imports::ImportOptions& options) {
  ASSIGN_OR_RETURN(auth::Principal p, PrincipalOf(*db_, *auth_, username));
  if (kind == "workers") return worker_importer_->ImportFile(p, path, options);
  if (kind == "postings") return posting_importer_->ImportFile(p, path, options);
  return InvalidArgument("只能导入 workers（求职人员）或 postings（岗位）",
                         "Import kind must be workers or postings");
}

StatusOr<lists::Publication> App::PublishLists(const std::string& pair, const std::string& month,
                                               const std::string& username) {
  auth::Principal p = auth::SystemPrincipal();
  if (!username.empty()) {
    ASSIGN_OR_RETURN(p, PrincipalOf(*db_, *auth_, username));
  }
  return lists_->Publish(p, pair, month);
}

StatusOr<match::BatchReport> App::RunMatch(const std::string& scope_text,
                                           const std::string& out_xlsx) {
  auth::Principal p = auth::SystemPrincipal();
  ASSIGN_OR_RETURN(match::BatchScope scope, match_->ResolveScope(scope_text));
  ASSIGN_OR_RETURN(match::Policy policy, match_->CurrentPolicy());
  ASSIGN_OR_RETURN(match::BatchReport rep, match_->RunBatch(p, scope, policy));
  if (!out_xlsx.empty()) {
    ASSIGN_OR_RETURN(int64_t rows, match_->ExportXlsx(p, rep.batch_id, out_xlsx));
    (void)rows;
  }
  return rep;
}

StatusOr<bool> App::LoadDemoIfEmpty(bool print_accounts) {
  int64_t workers = 0;
  RETURN_IF_ERROR(db_->WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(workers, c.QueryInt("SELECT COUNT(*) FROM workers"));
    return Status::Ok();
  }));
  if (workers > 0) return false;
  auto t0 = std::chrono::steady_clock::now();
  // The demo's accounts share one published password: hash it cheaply.
  auth::AuthOptions ao = auth_->options();
  ao.password_params = security::PasswordParams::FastForTests();
  auth::AuthService demo_auth(*db_, *keys_, clock_, *audit_, ao);
  ASSIGN_OR_RETURN(auto report, demo::LoadDemo(*db_, *codebook_, demo_auth, *workers_, *postings_,
                                               clock_, demo::DemoOptions{}));
  // One matching batch per exporting county, so that the demo accounts see
  // recommendations and candidates from the start (issue 4).
  std::vector<std::string> counties;
  RETURN_IF_ERROR(db_->WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT DISTINCT county_code FROM workers ORDER BY county_code"));
    for (size_t r = 0; r < rs.size(); ++r) counties.push_back(rs.Text(r, 0));
    return Status::Ok();
  }));
  for (const auto& county : counties) {
    ASSIGN_OR_RETURN(match::BatchReport rep, RunMatch(county, ""));
    spdlog::info("demo match batch {} for county {}: {} recommendations", rep.batch_id, county,
                 rep.quality.recommendations);
  }
  auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  spdlog::info("demo data loaded in {:.1f} s: {} workers, {} enterprises, {} postings, {} users",
               secs, report.workers, report.enterprises, report.postings, report.users);
  if (print_accounts) {
    fmt::print("\n演示账号 / Demo accounts (password 密码: {})\n", report.accounts.empty()
                                                                    ? ""
                                                                    : report.accounts[0].password);
    for (const auto& a : report.accounts) {
      fmt::print("  {:<24} {:<18} {}\n", a.username, a.role, a.org_name);
    }
    fmt::print("\n");
  }
  return true;
}

Status App::Serve() {
  http::ServerOptions opts;
  auto colon = config_.listen.rfind(':');
  if (colon == std::string::npos) {
    return InvalidArgument("XIEZUO_LISTEN 应为 地址:端口", "XIEZUO_LISTEN must be address:port");
  }
  opts.address = config_.listen.substr(0, colon);
  opts.port = static_cast<uint16_t>(std::atoi(config_.listen.substr(colon + 1).c_str()));
  opts.threads = config_.threads;
  opts.trust_proxy = config_.trust_proxy;
  // Import uploads stream into the spool directory (so a job takes its file
  // by renaming it) and may be larger than other requests.
  opts.upload_path_prefixes = {"/api/v1/imports/"};
  opts.max_upload_bytes = static_cast<size_t>(config_.max_upload_mb) << 20;
  opts.upload_dir = config_.upload_dir;
  {
    char host[256] = {};
    gethostname(host, sizeof(host) - 1);
    import_jobs_ = std::make_unique<imports::ImportJobStore>(
        *db_, clock_, std::string(host) + ":" + std::to_string(opts.port));
    auto run = [](auto* importer) -> imports::ImportFn {
      return [importer](const auth::Principal& p, const std::string& path,
                        const imports::ImportOptions& o) { return importer->ImportFile(p, path, o); };
    };
    imports::RunnerOptions ro;
    ro.spool_dir = config_.upload_dir;
    import_runner_ = std::make_unique<imports::ImportJobRunner>(
        *import_jobs_,
        std::map<std::string, imports::ImportFn>{{"workers", run(worker_importer_.get())},
                                                 {"postings", run(posting_importer_.get())}},
        ro);
    RETURN_IF_ERROR(import_runner_->Start());
  }
  if (std::filesystem::exists(config_.static_dir + "/index.html")) {
    opts.static_dir = config_.static_dir;
  } else {
    spdlog::warn("console not built ({} missing): serving the API only", config_.static_dir);
  }
  http::Router router;
  http::ApiContext ctx{*db_,       *codebook_, *auth_, *workers_, *postings_, *audit_, clock_,
                       config_.secure_cookies};
  ctx.notify = notify_.get();
  ctx.worker_importer = worker_importer_.get();
  ctx.posting_importer = posting_importer_.get();
  ctx.import_jobs = import_jobs_.get();
  ctx.import_runner = import_runner_.get();
  ctx.verification = verification_.get();
  ctx.lists = lists_.get();
  ctx.photos = photos_.get();
  ctx.min_wages = min_wages_.get();
  opts.upload_body_bytes = http::kPhotoUploadBodyBytes;
  opts.is_upload = http::IsPhotoUpload;
  ctx.match = match_.get();
  ctx.sms_callback_token = SmsCallbackToken();
  http::RegisterApi(router, ctx);
  http::Server server(opts, router);
  RETURN_IF_ERROR(server.Start());
  server.InstallSignalHandlers();
  spdlog::info("xiezuo listening on http://{}:{}", opts.address, server.port());
  if (!config_.kannel_url.empty()) {
    notify::KannelOptions k;
    k.sendsms_url = config_.kannel_url;
    k.username = config_.kannel_user;
    k.password = config_.kannel_password;
    k.from = config_.sms_from;
    std::string base = config_.sms_callback_base.empty()
                           ? "http://" + opts.address + ":" + std::to_string(server.port())
                           : config_.sms_callback_base;
    k.dlr_url = base + "/api/v1/sms/dlr?token=" + SmsCallbackToken();
    notify::DispatcherOptions d;
    d.threads = config_.sms_threads;
    d.flush_every = config_.sms_flush_every;
    d.send_timeout = std::chrono::milliseconds(k.timeout_ms);
    dispatcher_ = std::make_unique<notify::Dispatcher>(
        *outbox_, [k] { return std::make_unique<notify::KannelGateway>(k); }, d);
    dispatcher_->Start();
  } else {
    spdlog::warn("XIEZUO_KANNEL_URL not set: SMS stay queued (no dispatcher)");
  }
  server.Wait();
  if (dispatcher_) dispatcher_->Stop();
  import_runner_->Stop();
  spdlog::info("stopped");
  return Status::Ok();
}

}  // namespace xiezuo::app
