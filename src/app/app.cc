#include "app/app.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "demo/demo.h"
#include "http/api/api.h"
#include "http/router.h"
#include "http/server.h"
#include "security/crypto.h"
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
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - t0)
                .count();
  spdlog::info("opened {} database ({} migrations applied), {} divisions, key {} in {} ms",
               store::DialectName(app->db_->dialect()), applied, app->codebook_->divisions->size(),
               app->keys_->Fingerprint(), ms);
  return app;
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
  if (std::filesystem::exists(config_.static_dir + "/index.html")) {
    opts.static_dir = config_.static_dir;
  } else {
    spdlog::warn("console not built ({} missing): serving the API only", config_.static_dir);
  }
  http::Router router;
  http::ApiContext ctx{*db_,       *codebook_, *auth_, *workers_, *postings_, *audit_, clock_,
                       config_.secure_cookies};
  http::RegisterApi(router, ctx);
  http::Server server(opts, router);
  RETURN_IF_ERROR(server.Start());
  server.InstallSignalHandlers();
  spdlog::info("xiezuo listening on http://{}:{}", opts.address, server.port());
  server.Wait();
  spdlog::info("stopped");
  return Status::Ok();
}

}  // namespace xiezuo::app
