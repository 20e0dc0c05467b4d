// xiezuo: the server and its command-line tools.
//   xiezuo serve [--demo-if-empty]   start the HTTP server (default command)
//   xiezuo demo                      load the demo data set into an empty database
//   xiezuo migrate                   bring the schema up to date
//   xiezuo audit verify              check the audit log's hash chain
// Configuration comes from XIEZUO_* environment variables (see README).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/app.h"

using xiezuo::Status;
using xiezuo::app::App;
using xiezuo::app::Config;

namespace {

int Fail(const Status& s) {
  fmt::print(stderr, "错误 / error: {}\n  {}\n", s.zh(), s.en());
  for (const auto& f : s.fields()) fmt::print(stderr, "  {}: {} / {}\n", f.field, f.zh, f.en);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"xiezuo 协作 — East–West labour cooperation platform"};
  cli.require_subcommand(0, 1);
  Config config = Config::FromEnv();
  cli.add_option("--db", config.db_url, "Database URL (XIEZUO_DB)");

  auto* serve = cli.add_subcommand("serve", "Start the HTTP server");
  bool demo_if_empty = false;
  serve->add_flag("--demo-if-empty", demo_if_empty, "Load the demo data set if the database is empty");
  serve->add_option("--listen", config.listen, "address:port (XIEZUO_LISTEN)");
  auto* demo = cli.add_subcommand("demo", "Load the demo data set into an empty database");
  auto* migrate = cli.add_subcommand("migrate", "Apply pending schema migrations");
  auto* audit = cli.add_subcommand("audit", "Audit log tools");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Verify the audit log's hash chain");

  CLI11_PARSE(cli, argc, argv);

  auto app = App::Open(config);
  if (!app.ok()) return Fail(app.status());

  if (*migrate) {
    fmt::print("schema up to date\n");
    return 0;
  }
  if (*demo) {
    auto loaded = (*app)->LoadDemoIfEmpty(true);
    if (!loaded.ok()) return Fail(loaded.status());
    if (!*loaded) {
      fmt::print(stderr, "数据库中已有人员数据，未加载演示数据 / database not empty; demo not loaded\n");
      return 1;
    }
    return 0;
  }
  if (*verify) {
    auto rep = (*app)->audit().Verify();
    if (!rep.ok()) return Fail(rep.status());
    if (rep->ok) {
      fmt::print("审计日志完整 / audit log intact: {} rows verified\n", rep->rows_checked);
      return 0;
    }
    fmt::print("审计日志被篡改 / AUDIT LOG TAMPERED: row {}: {} ({} rows checked)\n",
               rep->first_bad_id, rep->problem, rep->rows_checked);
    return 2;
  }
  // serve (also the default)
  if (demo_if_empty) {
    auto loaded = (*app)->LoadDemoIfEmpty(true);
    if (!loaded.ok()) return Fail(loaded.status());
  }
  Status s = (*app)->Serve();
  if (!s.ok()) return Fail(s);
  return 0;
}
