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
  // Pause when the queue is empty or the gateway is failing.
  std::chrono::milliseconds idle_wait{500};
  // Lease owner prefix, e.g. host:pid. Default "pid<getpid()>".
  std::string owner;
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

  Outbox& outbox_;
  GatewayFactory factory_;
  DispatcherOptions options_;
  std::unique_ptr<SmsGateway> sync_gateway_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;  // guarded by mu_
  std::atomic<int64_t> claimed_{0}, accepted_{0}, temporary_{0}, rejected_{0};
};

}  // namespace xiezuo::notify

#endif  // XIEZUO_NOTIFY_DISPATCHER_H_
