// xiezuo: the server and its command-line tools.
//   xiezuo serve [--demo-if-empty]   start the HTTP server (default command)
//   xiezuo demo                      load the demo data set into an empty database
//   xiezuo migrate                   bring the schema up to date
//   xiezuo audit verify              check the audit log's hash chain
//   xiezuo sms callback-token        the token for Kannel's DLR/MO callback URLs
//   xiezuo import workers|postings FILE --as USERNAME [--dry-run] [--all-or-nothing] [--report-xlsx OUT]
//                                    bulk import; prints the report as JSON, exit 3 if rows were rejected
//   xiezuo lists publish --pair 天等县:江门市 --month 2025-03 [--out DIR] [--as USERNAME]
//                                    the month's supply and demand lists (xlsx), stored for download
//   xiezuo match --pair 天等县:江门市 [--out recs.xlsx] | --county 天等县 | --province 53
//                                    a matching batch with the current policy; prints its quality
//   xiezuo bench match [--workers N --postings M …]   the matching benchmark (no database)
// Configuration comes from XIEZUO_* environment variables (see README).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>

#include "app/app.h"
#include "imports/report.h"
#include "match/quality.h"
#ifdef XIEZUO_HAVE_MATCH_BENCH
#include "match_bench.h"
#endif

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
  auto* sms = cli.add_subcommand("sms", "SMS tools");
  sms->require_subcommand(1);
  auto* sms_token =
      sms->add_subcommand("callback-token", "Print the token Kannel's DLR/MO URLs must carry");

  auto* import_cmd = cli.add_subcommand("import", "Bulk import a worker or posting list (.xlsx/.csv)");
  std::string import_kind, import_file, import_as, import_report_xlsx;
  bool import_dry_run = false, import_all_or_nothing = false;
  import_cmd->add_option("kind", import_kind, "workers or postings")
      ->required()
      ->check(CLI::IsMember({"workers", "postings"}));
  import_cmd->add_option("file", import_file, "The .xlsx or .csv file")->required();
  import_cmd->add_option("--as", import_as, "Import as this account (its scope applies)")
      ->required();
  import_cmd->add_flag("--dry-run", import_dry_run, "Validate and report; write nothing");
  import_cmd->add_flag("--all-or-nothing", import_all_or_nothing,
                       "Write nothing if any row is rejected (default: the valid rows)");
  import_cmd->add_option("--report-xlsx", import_report_xlsx,
                         "Also write the report as xlsx with the faulty cells marked");
  auto* lists_cmd = cli.add_subcommand("lists", "The monthly list exchange");
  lists_cmd->require_subcommand(1);
  auto* lists_publish = lists_cmd->add_subcommand("publish", "Publish a month's supply and demand lists");
  std::string pair, month, lists_out = ".", lists_as;
  lists_publish->add_option("--pair", pair, "exporting county:receiving city, e.g. 天等县:江门市")
      ->required();
  lists_publish->add_option("--month", month, "YYYY-MM")->required();
  lists_publish->add_option("--out", lists_out, "Directory for the two xlsx files (default .)");
  lists_publish->add_option("--as", lists_as, "Publish as this account (default: system)");

  auto* match_cmd = cli.add_subcommand("match", "Run a matching batch (issue 4)");
  std::string match_pair, match_county, match_province, match_out;
  match_cmd->add_option("--pair", match_pair, "exporting county:receiving city, e.g. 天等县:江门市");
  match_cmd->add_option("--county", match_county, "an exporting county (name or code)");
  match_cmd->add_option("--province", match_province, "a province (name or code, e.g. 53)");
  match_cmd->add_option("--out", match_out, "Write the recommendations to this .xlsx file");
  auto* bench_cmd = cli.add_subcommand("bench", "Benchmarks (no database)");
  auto* bench_match = bench_cmd->add_subcommand("match", "The matching benchmark");
#ifdef XIEZUO_HAVE_MATCH_BENCH
  xiezuo::bench::MatchBenchOptions bench_opt;
  bench_match->add_option("--workers", bench_opt.workers, "workers");
  bench_match->add_option("--postings", bench_opt.alloc_postings, "postings in the allocation instance");
  bench_match->add_option("--batch-postings", bench_opt.batch_postings, "postings in the batch instance");
  bench_match->add_option("--sql-workers", bench_opt.sql_workers, "workers in the SQL baseline");
  bench_match->add_option("--sections", bench_opt.sections,
                          "alloc,batch,warm,incremental,sql,province (province: 10 M × 1.5 M, not by default)");
  bench_match->add_option("--province-workers", bench_opt.province_workers, "workers in the province section");
  bench_match->add_option("--province-postings", bench_opt.province_postings,
                          "postings in the province section");
  bench_match->add_option("--lemon", bench_opt.lemon, "run LEMON (1/0)");
  bench_match->add_option("--seed", bench_opt.seed, "generator seed");
#endif

  CLI11_PARSE(cli, argc, argv);

  if (*bench_match) {
#ifdef XIEZUO_HAVE_MATCH_BENCH
    return xiezuo::bench::RunMatchBenchmark(bench_opt, std::cout);
#else
    fmt::print(stderr, "built without benchmarks (XIEZUO_BUILD_BENCH=OFF)\n");
    return 2;
#endif
  }

  // The import report is JSON on stdout: keep the log on stderr.
  if (*import_cmd) spdlog::set_default_logger(spdlog::stderr_color_mt("xiezuo"));
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
  if (*import_cmd) {
    xiezuo::imports::ImportOptions o;
    o.dry_run = import_dry_run;
    o.mode = import_all_or_nothing ? xiezuo::imports::Mode::kAllOrNothing
                                   : xiezuo::imports::Mode::kValidRowsOnly;
    o.progress = [](int64_t rows) { fmt::print(stderr, "… {} rows\n", rows); };
    auto rep = (*app)->ImportFile(import_kind, import_file, import_as, o);
    if (!rep.ok()) return Fail(rep.status());
    fmt::print("{}\n", rep->ToJson().dump(2));
    if (!import_report_xlsx.empty()) {
      auto x = xiezuo::imports::ReportToXlsx(*rep);
      if (!x.ok()) return Fail(x.status());
      std::ofstream(import_report_xlsx, std::ios::binary) << *x;
    }
    return rep->rows_rejected > 0 ? 3 : 0;
  }
  if (*lists_publish) {
    auto pub = (*app)->PublishLists(pair, month, lists_as);
    if (!pub.ok()) return Fail(pub.status());
    std::string base = lists_out + "/" + pub->supply.exporting_code + "-" +
                       pub->supply.receiving_code + "-" + month;
    std::ofstream(base + "-supply.xlsx", std::ios::binary) << pub->supply_xlsx;
    std::ofstream(base + "-demand.xlsx", std::ios::binary) << pub->demand_xlsx;
    fmt::print("供给清单 supply: 企业 {} 家, 岗位 {} 个, 招聘 {} 人 -> {}-supply.xlsx\n",
               pub->supply.enterprises, pub->supply.postings, pub->supply.openings, base);
    fmt::print("求职清单 demand: 求职人员 {} 人 -> {}-demand.xlsx\n", pub->demand.workers, base);
    return 0;
  }
  if (*match_cmd) {
    std::string scope = !match_pair.empty() ? match_pair
                        : !match_county.empty() ? match_county
                                                : match_province;
    if (scope.empty()) {
      fmt::print(stderr, "请给出 --pair、--county 或 --province / give --pair, --county or --province\n");
      return 2;
    }
    auto rep = (*app)->RunMatch(scope, match_out);
    if (!rep.ok()) return Fail(rep.status());
    fmt::print("匹配批次 batch {}: policy v{}, {} workers, {} postings, {} skipped, {:.2f} s\n",
               rep->batch_id, rep->policy_version, rep->workers, rep->postings, rep->skipped,
               rep->seconds);
    fmt::print("{}", xiezuo::match::FormatQuality(rep->quality));
    for (const auto& line : rep->skip_log) fmt::print(stderr, "  {}\n", line);
    if (!match_out.empty()) fmt::print("-> {}\n", match_out);
    return 0;
  }
  if (*sms_token) {
    fmt::print("{}\n", (*app)->SmsCallbackToken());
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
