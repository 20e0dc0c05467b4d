#include "notify/dispatcher.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

namespace xiezuo::notify {

Dispatcher::Dispatcher(Outbox& outbox, GatewayFactory factory, DispatcherOptions options)
    : outbox_(outbox), factory_(std::move(factory)), options_(std::move(options)) {
  if (options_.owner.empty()) options_.owner = "pid" + std::to_string(::getpid());
  if (options_.threads < 1) options_.threads = 1;
  if (options_.flush_every < 1) options_.flush_every = 1;
  // Room to record the answers before the lease runs out.
  const std::chrono::milliseconds lease(outbox_.options().lease_seconds * 1000);
  const std::chrono::milliseconds record_margin(2000);
  send_window_ = lease - options_.send_timeout - record_margin;
  if (send_window_ < lease / 4) {
    spdlog::warn("sms lease ({} s) is short for the gateway timeout ({} ms): a send may outlast "
                 "its lease and be repeated; raise XIEZUO_SMS_LEASE_SECONDS",
                 outbox_.options().lease_seconds, options_.send_timeout.count());
    send_window_ = lease / 4;
  }
}

Dispatcher::~Dispatcher() { Stop(); }

DispatcherStats Dispatcher::stats() const {
  return {claimed_.load(), accepted_.load(), temporary_.load(), rejected_.load()};
}

StatusOr<int> Dispatcher::Pass(SmsGateway& gw, const std::string& owner, bool* gateway_failed) {
  *gateway_failed = false;
  // Measured from before the claim: the lease started no earlier.
  const auto claimed_at = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(auto batch, outbox_.Claim(owner, options_.batch));
  claimed_ += static_cast<int64_t>(batch.size());
  std::vector<SendResult> pending;
  pending.reserve(options_.flush_every);
  size_t i = 0;
  bool lease_short = false;
  for (; i < batch.size(); ++i) {
    if (stop_.load() && pending.empty()) break;
    if (std::chrono::steady_clock::now() - claimed_at >= send_window_) {
      lease_short = true;
      break;
    }
    SendResult r = gw.Send(batch[i]);
    switch (r.outcome) {
      case SendOutcome::kAccepted: ++accepted_; break;
      case SendOutcome::kRejected: ++rejected_; break;
      case SendOutcome::kTemporary: ++temporary_; break;
    }
    bool failed = r.outcome == SendOutcome::kTemporary;
    pending.push_back(std::move(r));
    if (failed) {
      *gateway_failed = true;
      NoteGateway(false, pending.back().answer);
      ++i;
      break;
    }
    if (i == 0) NoteGateway(true, "");
    if (static_cast<int>(pending.size()) >= options_.flush_every) {
      RETURN_IF_ERROR(outbox_.RecordResults(pending));
      pending.clear();
    }
  }
  if (lease_short) {
    RETURN_IF_ERROR(outbox_.RecordResults(pending));
    std::vector<int64_t> untried;
    for (; i < batch.size(); ++i) untried.push_back(batch[i].id);
    RETURN_IF_ERROR(outbox_.Release(untried));
    return static_cast<int>(batch.size());
  }
  // What was claimed but not tried goes back to the queue now rather than
  // waiting for its lease to run out.
  for (; i < batch.size(); ++i) {
    pending.push_back({batch[i].id, SendOutcome::kTemporary,
                       *gateway_failed ? "not tried: gateway unavailable" : "not tried: stopping"});
  }
  RETURN_IF_ERROR(outbox_.RecordResults(pending));
  return static_cast<int>(batch.size());
}

void Dispatcher::NoteGateway(bool up, const std::string& error) {
  const auto now = std::chrono::steady_clock::now();
  // The write happens under the lock, so that two threads seeing different
  // states cannot store them in the wrong order (a stale "down" while the
  // gateway works). It is rare: on a change, and while down every
  // down_refresh.
  std::lock_guard<std::mutex> lock(health_mu_);
  const int was = gateway_up_;
  if (up && was == 1) return;
  if (!up && was == 0 && now - down_written_ < options_.down_refresh) return;
  gateway_up_ = up ? 1 : 0;
  if (!up) down_written_ = now;
  if (up && was == 0) spdlog::info("sms gateway {} is back", options_.gateway_name);
  if (!up && was != 0) {
    spdlog::warn("sms gateway {} unavailable: {} (messages wait and are retried with back-off)",
                 options_.gateway_name, error);
  }
  Status s = outbox_.RecordGatewayState(options_.gateway_name, up, error);
  if (!s.ok()) spdlog::warn("sms gateway state not recorded: {}", s.message());
}

StatusOr<int> Dispatcher::RunOnce() {
  if (!sync_gateway_) sync_gateway_ = factory_();
  bool failed = false;
  return Pass(*sync_gateway_, options_.owner + ":sync", &failed);
}

void Dispatcher::Loop(int index) {
  auto gw = factory_();
  std::string owner = options_.owner + ":" + std::to_string(index);
  while (!stop_.load()) {
    bool failed = false;
    auto n = Pass(*gw, owner, &failed);
    if (!n.ok()) {
      spdlog::warn("sms dispatcher: {}", n.status().message());
      failed = true;
    }
    if (failed || (n.ok() && *n == 0)) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, options_.idle_wait, [&] { return stop_.load() || woken_; });
      woken_ = false;
    }
  }
}

void Dispatcher::Start() {
  if (!threads_.empty()) return;
  stop_ = false;
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this, i] { Loop(i); });
  spdlog::info("sms dispatcher started with {} threads", options_.threads);
}

void Dispatcher::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void Dispatcher::Stop() {
  if (threads_.empty()) return;
  stop_ = true;
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

}  // namespace xiezuo::notify
