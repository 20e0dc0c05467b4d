// The dispatcher never lets a lease run out on a message in flight: a slow
// gateway makes it give the rest of its batch back rather than send
// messages another dispatcher may already be sending (found in the
// ten-minute outage run: 20 messages sent twice when the first sends after
// recovery outlasted a 3-second lease). Both backends.
#include <thread>

#include "tests/notify/notify_fixture.h"

namespace xiezuo {
namespace {

using testing::NotifyTest;

// Accepts every message, slowly.
class SlowGateway final : public notify::SmsGateway {
 public:
  notify::SendResult Send(const notify::ClaimedMessage& m) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ++sent;
    return {m.id, notify::SendOutcome::kAccepted, "0: Accepted for delivery"};
  }
  int sent = 0;
};

class DispatcherTest : public NotifyTest {
 protected:
  void SetUp() override {
    outbox_options_.lease_seconds = 1;
    NotifyTest::SetUp();
  }
};

TEST_P(DispatcherTest, SlowGatewayGetsOnlyWhatFitsInTheLeaseAndTheRestGoesBack) {
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(outbox_->Enqueue(Msg("k" + std::to_string(i), "139" + std::to_string(30000000 + i)))
                    .ok());
  }
  SlowGateway* gw = nullptr;
  // A 1 s lease with a 10 s send timeout leaves a quarter of the lease
  // (250 ms) for sending: two or three messages at 100 ms each.
  auto dispatcher = DispatcherWith(&gw, {.threads = 1, .batch = 10, .flush_every = 1});
  auto& d = *dispatcher;
  ASSERT_EQ(*d.RunOnce(), 10);
  ASSERT_NE(gw, nullptr);
  EXPECT_GE(gw->sent, 1);
  EXPECT_LE(gw->sent, 4);
  auto counts = outbox_->CountAll();
  EXPECT_EQ(counts->sent, gw->sent);
  EXPECT_EQ(counts->queued, 10 - gw->sent);
  EXPECT_EQ(counts->sending, 0);
  // Given back at once, not as a failed attempt and without back-off.
  auto claimed = outbox_->Claim("other", 10);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(static_cast<int>(claimed->size()), 10 - gw->sent);
  for (const auto& m : *claimed) EXPECT_EQ(m.attempts, 1);
}

XIEZUO_INSTANTIATE_STORE_TESTS(DispatcherTest);

}  // namespace
}  // namespace xiezuo
