// Dispatcher: drains the outbox into a gateway. Each of its threads claims
// a batch under a lease, sends the messages one by one on its own gateway
// connection, and records the answers every `flush_every` messages (so a
// crash leaves at most that many accepted-but-unrecorded messages per
// thread: the window in which a restart may send a message twice).
//
//   Dispatcher d(outbox, [&] { return std::make_unique<KannelGateway>(k); },
//                DispatcherOptions{.threads = 4});
//   d.Start();             // serve: background threads
//   ...
//   d.Stop();              // finishes the current message, records, joins
//
//   // tests: one synchronous pass, no threads
//   ASSIGN_OR_RETURN(int n, d.RunOnce());
//
// A message is only sent while its lease has room for the send and the
// recording of its answer (see DispatcherOptions::send_timeout), so a slow
// gateway never lets a lease run out on a message in flight.
//
// When the gateway fails (temporary), the rest of the batch goes back to the
// queue with back-off and the thread pauses for `idle_wait`: nothing is lost
// and the gateway is not hammered. Several processes may run dispatchers
// over one PostgreSQL database.
//
// Thread-safety: Start/Stop from one controlling thread; RunOnce must not
// run concurrently with Start's threads of the same instance.
#ifndef XIEZUO_NOTIFY_DISPATCHER_H_
#define XIEZUO_NOTIFY_DISPATCHER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "notify/gateway.h"
#include "notify/outbox.h"

namespace xiezuo::notify {

struct DispatcherOptions {
  // Sending threads, each with its own gateway connection. Default 4.
  int threads = 4;
  // Messages claimed at a time per thread.
  int batch = 100;
  // Answers recorded after this many sends (bounds the duplicate window).
  int flush_every = 20;
  // The longest one send may take (the gateway's timeout). A message is
  // sent only if this, plus time to record the answers, still fits in its
  // lease: otherwise the lease could run out while the gateway has it, and
  // another dispatcher would send it again. The rest of the batch is given
  // back (Outbox::Release).
  std::chrono::milliseconds send_timeout{10000};
  // Pause when the queue is empty or the gateway is failing.
  std::chrono::milliseconds idle_wait{500};
  // Lease owner prefix, e.g. host:pid. Default "pid<getpid()>".
  std::string owner;
  // Name under which the gateway's health is recorded (Outbox::
  // RecordGatewayState; GET /api/v1/sms/status reads it).
  std::string gateway_name = "kannel";
  // While the gateway stays down, its last error is rewritten at most this
  // often (the state change itself is written at once).
  std::chrono::seconds down_refresh{5};
};

struct DispatcherStats {
  int64_t claimed = 0, accepted = 0, temporary = 0, rejected = 0;
};

class Dispatcher {
 public:
  using GatewayFactory = std::function<std::unique_ptr<SmsGateway>()>;
  Dispatcher(Outbox& outbox, GatewayFactory factory, DispatcherOptions options = {});
  ~Dispatcher();

  void Start();
  void Stop();
  // Wakes idle threads (e.g. right after a campaign was queued).
  void Wake();

  // One claim-send-record pass on the calling thread; returns the number of
  // messages claimed. For tests and the benchmark.
  StatusOr<int> RunOnce();

  DispatcherStats stats() const;

 private:
  StatusOr<int> Pass(SmsGateway& gw, const std::string& owner, bool* gateway_failed);
  void Loop(int index);
  // Records the gateway's health on a change (and while down, every
  // down_refresh); logs the change once instead of once per failure.
  void NoteGateway(bool up, const std::string& error);

  Outbox& outbox_;
  GatewayFactory factory_;
  DispatcherOptions options_;
  std::unique_ptr<SmsGateway> sync_gateway_;
  // How long after a claim a message may still be sent (lease minus the
  // send timeout and a margin to record the answer).
  std::chrono::steady_clock::duration send_window_{};
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;  // guarded by mu_
  std::atomic<int64_t> claimed_{0}, accepted_{0}, temporary_{0}, rejected_{0};
  std::mutex health_mu_;
  int gateway_up_ = -1;  // GUARDED_BY(health_mu_); -1 not yet known
  std::chrono::steady_clock::time_point down_written_;  // GUARDED_BY(health_mu_)
};

}  // namespace xiezuo::notify

#endif  // XIEZUO_NOTIFY_DISPATCHER_H_
