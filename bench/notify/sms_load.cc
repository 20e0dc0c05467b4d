// xiezuo_sms_load: drives the SMS outbox for the fault tests
// (scripts/sms_faults.sh) and the benchmark (bench/notify/run.sh).
//
//   xiezuo_sms_load enqueue --db URL --count N --prefix P [--start S]
//       queue N messages (keys load:P:<i>, i from S, distinct numbers, text carrying
//       "#<i>#" so the fake SMSC's log can be checked for loss and duplicates)
//   xiezuo_sms_load drain --db URL --kannel URL [--threads T] [--dlr-url U]
//       run a dispatcher until nothing is queued or sending
//   xiezuo_sms_load direct --kannel URL --count N [--threads T]
//       load Kannel directly (no database), for the side-by-side ceiling
//   xiezuo_sms_load counts --db URL
// Prints one line of figures per command: msgs/s and peak RSS (MB).
// The key comes from XIEZUO_KEY / XIEZUO_KEY_FILE like the server's.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "common/clock.h"
#include "http/client.h"
#include "notify/dispatcher.h"
#include "notify/gateway.h"
#include "notify/outbox.h"
#include "security/crypto.h"
#include "security/keys.h"
#include "store/migrations.h"

using namespace xiezuo;

namespace {

double PeakRssMb() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int Fail(const Status& s) {
  fmt::print(stderr, "error: {}\n", s.ToString());
  return 1;
}

std::string Phone(int64_t i) {
  // 139 + 8 digits: distinct for the first 100 million messages.
  return fmt::format("139{:08d}", i % 100000000);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"xiezuo SMS load tool (fault tests and benchmark)"};
  cli.require_subcommand(1);
  std::string db_url = "sqlite:var/sms_load.db", kannel, dlr_url, prefix = "run";
  int64_t count = 1000;
  int threads = 4, batch = 10000;
  auto* enqueue = cli.add_subcommand("enqueue", "Queue messages");
  enqueue->add_option("--db", db_url);
  enqueue->add_option("--count", count);
  enqueue->add_option("--prefix", prefix);
  enqueue->add_option("--batch", batch, "messages per transaction");
  int64_t first = 0;
  enqueue->add_option("--start", first, "first message number (a campaign queued in parts)");
  auto* drain = cli.add_subcommand("drain", "Dispatch until the queue is empty");
  drain->add_option("--db", db_url);
  drain->add_option("--kannel", kannel)->required();
  drain->add_option("--threads", threads);
  drain->add_option("--dlr-url", dlr_url);
  auto* direct = cli.add_subcommand("direct", "Load Kannel directly");
  direct->add_option("--kannel", kannel)->required();
  direct->add_option("--count", count);
  direct->add_option("--threads", threads);
  direct->add_option("--prefix", prefix);
  auto* counts = cli.add_subcommand("counts", "Messages by state");
  counts->add_option("--db", db_url);
  CLI11_PARSE(cli, argc, argv);

  if (Status s = security::InitCrypto(); !s.ok()) return Fail(s);
  SystemClock clock;

  if (*direct) {
    notify::KannelOptions k;
    k.sendsms_url = kannel;
    k.password = "xiezuo";
    std::atomic<int64_t> next{0}, ok{0}, bad{0};
    auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t) {
      ts.emplace_back([&] {
        notify::KannelGateway gw(k);
        for (int64_t i; (i = next++) < count;) {
          notify::ClaimedMessage m;
          m.id = i + 1;
          m.phone = Phone(i);
          m.body = fmt::format("【协作就业】直连第#{}:{}#条 回复TD退订", prefix, i);
          auto r = gw.Send(m);
          (r.outcome == notify::SendOutcome::kAccepted ? ok : bad)++;
        }
      });
    }
    for (auto& t : ts) t.join();
    double secs = Since(t0);
    fmt::print("direct: {} accepted, {} failed in {:.2f} s = {:.0f} msgs/s ({} threads), peak RSS "
               "{:.1f} MB\n",
               ok.load(), bad.load(), secs, ok.load() / secs, threads, PeakRssMb());
    return bad.load() == 0 ? 0 : 1;
  }

  auto keys = security::KeyRing::Load([] {
    auto ks = security::KeySourceFromEnv();
    if (!ks.hex) ks.create_if_missing = true;
    return ks;
  }());
  if (!keys.ok()) return Fail(keys.status());
  security::PiiCipher cipher(**keys);
  auto db = store::OpenDatabase(db_url, {.pool_size = threads + 2});
  if (!db.ok()) return Fail(db.status());
  if (auto m = store::Migrate(**db); !m.ok()) return Fail(m.status());
  notify::OutboxOptions oo;
  oo.daily_cap = 0;
  oo.quiet_hours.start = oo.quiet_hours.end = 0;  // load runs at any hour
  notify::Outbox outbox(**db, cipher, clock, oo);

  if (*counts) {
    auto c = outbox.CountAll();
    if (!c.ok()) return Fail(c.status());
    auto g = outbox.GetGatewayStatus("kannel");
    if (!g.ok()) return Fail(g.status());
    // The back-off schedule as lived: how many waiting messages are at
    // which attempt.
    std::string hist;
    Status hs = (*db)->WithConnection([&](store::Connection& conn) -> Status {
      ASSIGN_OR_RETURN(auto rs, conn.Query("SELECT attempts, COUNT(*) FROM sms_outbox WHERE state "
                                           "= 'queued' AND attempts > 0 GROUP BY attempts ORDER "
                                           "BY attempts"));
      for (size_t i = 0; i < rs.size(); ++i) {
        hist += fmt::format("{}{}:{}", hist.empty() ? "" : ",", rs.Int(i, 0), rs.Int(i, 1));
      }
      return Status::Ok();
    });
    if (!hs.ok()) return Fail(hs);
    const int64_t now = clock.NowSeconds();
    fmt::print("queued={} sending={} sent={} delivered={} failed={} total={} waiting_gateway={} "
               "gateway={} next_retry_in={} attempts_of_waiting=[{}]\n",
               c->queued, c->sending, c->sent, c->delivered, c->failed, c->total(), g->waiting,
               g->state, g->next_retry_at ? fmt::format("{}s", *g->next_retry_at - now) : "-",
               hist);
    return 0;
  }

  if (*enqueue) {
    auto t0 = std::chrono::steady_clock::now();
    int64_t done = first;
    const int64_t last = first + count;
    while (done < last) {
      int64_t end = std::min(last, done + batch);
      std::vector<notify::NewMessage> ms;
      ms.reserve(end - done);
      for (int64_t i = done; i < end; ++i) {
        notify::NewMessage m;
        m.idempotency_key = fmt::format("load:{}:{}", prefix, i);
        m.phone = Phone(i);
        m.body = fmt::format("【协作就业】招工信息#{}:{}#，详情请咨询县人社局。回复TD退订", prefix, i);
        m.priority = notify::kPriorityCampaign;
        ms.push_back(std::move(m));
      }
      Status s = (*db)->Transact([&](store::Connection& c) -> Status {
        return outbox.EnqueueBatch(c, ms).status();
      });
      if (!s.ok()) return Fail(s);
      done = end;
    }
    double secs = Since(t0);
    fmt::print("enqueue: {} messages in {:.2f} s = {:.0f} msgs/s, peak RSS {:.1f} MB\n", count,
               secs, count / secs, PeakRssMb());
    return 0;
  }

  if (*drain) {
    notify::KannelOptions k;
    k.sendsms_url = kannel;
    k.password = "xiezuo";
    k.dlr_url = dlr_url;
    notify::DispatcherOptions d;
    d.threads = threads;
    d.idle_wait = std::chrono::milliseconds(100);
    d.send_timeout = std::chrono::milliseconds(k.timeout_ms);
    notify::Dispatcher dispatcher(
        outbox, [k] { return std::make_unique<notify::KannelGateway>(k); }, d);
    auto before = outbox.CountAll();
    if (!before.ok()) return Fail(before.status());
    int64_t todo = before->queued + before->sending;
    auto t0 = std::chrono::steady_clock::now();
    dispatcher.Start();
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      auto c = outbox.CountAll();
      if (c.ok() && c->queued + c->sending == 0) break;
    }
    dispatcher.Stop();
    double secs = Since(t0);
    auto st = dispatcher.stats();
    fmt::print("drain: {} messages in {:.2f} s = {:.0f} msgs/s ({} threads; accepted {}, "
               "temporary {}, rejected {}), peak RSS {:.1f} MB\n",
               todo, secs, todo / secs, threads, st.accepted, st.temporary, st.rejected,
               PeakRssMb());
    return 0;
  }
  return 0;
}
