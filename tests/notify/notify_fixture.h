// Services fixture plus the SMS pieces: an outbox with test options, the
// notify service, an admin and a county officer, and a recording gateway.
#ifndef XIEZUO_TESTS_NOTIFY_NOTIFY_FIXTURE_H_
#define XIEZUO_TESTS_NOTIFY_NOTIFY_FIXTURE_H_

#include <mutex>
#include <set>

#include "notify/dispatcher.h"
#include "notify/notify_service.h"
#include "tests/services/services_fixture.h"

namespace xiezuo::testing {

// Records what it was asked to send; answers `next` (accepted by default).
class RecordingGateway final : public notify::SmsGateway {
 public:
  notify::SendResult Send(const notify::ClaimedMessage& m) override {
    std::lock_guard<std::mutex> lock(mu);
    sent.push_back(m);
    return {m.id, next, next == notify::SendOutcome::kAccepted ? "0: Accepted for delivery"
                                                               : "connection refused"};
  }
  std::mutex mu;
  std::vector<notify::ClaimedMessage> sent;
  notify::SendOutcome next = notify::SendOutcome::kAccepted;
};

class NotifyTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    outbox_ = std::make_unique<notify::Outbox>(db(), *cipher_, clock_, outbox_options_);
    notify_ = std::make_unique<notify::NotifyService>(db(), *cipher_, *keys_, *audit_, clock_,
                                                      *outbox_, notify::NotifyOptions{});
    admin_ = AddUser("admin", "admin", AddOrg(orgs::OrgType::kPlatform, "平台", ""));
    officer_ = AddQiaojiaOfficer();
  }

  int64_t AddWorker(const std::string& name, const std::string& seq) {
    auto id = workers_->Create(officer_, Worker(name, "530622001001", seq));
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  notify::NewMessage Msg(const std::string& key, const std::string& phone = "13900000001",
                         int priority = notify::kPriorityCampaign) {
    notify::NewMessage m;
    m.idempotency_key = key;
    m.phone = phone;
    m.body = "【协作就业】" + key + " 回复TD退订";
    m.priority = priority;
    return m;
  }

  // An approved template and a campaign to the given workers.
  int64_t ApprovedTemplate(const std::string& body = "{{name}}您好，{{enterprise}}招{{job}}") {
    auto t = notify_->CreateTemplate(officer_, {"招工通知", body});
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    EXPECT_TRUE(notify_->ApproveTemplate(admin_, *t, true).ok());
    return *t;
  }

  // A dispatcher over outbox_ whose gateway (made on first use) is a
  // RecordingGateway, left in *gw.
  template <typename Gateway = RecordingGateway>
  std::unique_ptr<notify::Dispatcher> DispatcherWith(Gateway** gw, notify::DispatcherOptions o) {
    return std::make_unique<notify::Dispatcher>(
        *outbox_,
        [gw]() {
          auto g = std::make_unique<Gateway>();
          *gw = g.get();
          return g;
        },
        o);
  }

  notify::OutboxOptions outbox_options_;
  std::unique_ptr<notify::Outbox> outbox_;
  std::unique_ptr<notify::NotifyService> notify_;
  auth::Principal admin_;
  auth::Principal officer_;
};

}  // namespace xiezuo::testing

#endif  // XIEZUO_TESTS_NOTIFY_NOTIFY_FIXTURE_H_
