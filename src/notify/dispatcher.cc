#include "notify/dispatcher.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

namespace xiezuo::notify {

Dispatcher::Dispatcher(Outbox& outbox, GatewayFactory factory, DispatcherOptions options)
    : outbox_(outbox), factory_(std::move(factory)), options_(std::move(options)) {
  if (options_.owner.empty()) options_.owner = "pid" + std::to_string(::getpid());
  if (options_.threads < 1) options_.threads = 1;
  if (options_.flush_every < 1) options_.flush_every = 1;
}

Dispatcher::~Dispatcher() { Stop(); }

DispatcherStats Dispatcher::stats() const {
  return {claimed_.load(), accepted_.load(), temporary_.load(), rejected_.load()};
}

StatusOr<int> Dispatcher::Pass(SmsGateway& gw, const std::string& owner, bool* gateway_failed) {
  *gateway_failed = false;
  ASSIGN_OR_RETURN(auto batch, outbox_.Claim(owner, options_.batch));
  claimed_ += static_cast<int64_t>(batch.size());
  std::vector<SendResult> pending;
  pending.reserve(options_.flush_every);
  size_t i = 0;
  for (; i < batch.size(); ++i) {
    if (stop_.load() && pending.empty()) break;
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
      spdlog::warn("sms gateway unavailable: {} (message {} back in the queue)",
                   pending.back().answer, pending.back().id);
      ++i;
      break;
    }
    if (static_cast<int>(pending.size()) >= options_.flush_every) {
      RETURN_IF_ERROR(outbox_.RecordResults(pending));
      pending.clear();
    }
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
