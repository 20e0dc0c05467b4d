// The transactional outbox on both backends: idempotency, leases, crash
// re-claims, retries with back-off, quiet hours, opt-out, daily cap,
// priority, delivery reports. Time moves on the FakeClock, never by sleeping.
#include <thread>

#include "tests/notify/notify_fixture.h"

namespace xiezuo {
namespace {

using notify::SendOutcome;
using testing::NotifyTest;

class OutboxTest : public NotifyTest {
 protected:
  // The gateway accepted every message of a claim.
  void Accept(const std::vector<notify::ClaimedMessage>& claimed) {
    std::vector<notify::SendResult> r;
    for (const auto& m : claimed) r.push_back({m.id, SendOutcome::kAccepted, "0: Accepted"});
    ASSERT_TRUE(outbox_->RecordResults(r).ok());
  }
};

TEST_P(OutboxTest, SameIdempotencyKeyIsQueuedOnce) {
  auto a = outbox_->Enqueue(Msg("campaign:1:worker:7"));
  auto b = outbox_->Enqueue(Msg("campaign:1:worker:7"));
  ASSERT_TRUE(a.ok() && b.ok()) << a.status().ToString() << b.status().ToString();
  EXPECT_TRUE(a->inserted);
  EXPECT_FALSE(b->inserted);
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(outbox_->CountAll()->total(), 1);
}

TEST_P(OutboxTest, EnqueueCommitsOrRollsBackWithTheCallersTransaction) {
  Status s = db().Transact([&](store::Connection& c) -> Status {
    RETURN_IF_ERROR(outbox_->Enqueue(c, Msg("k1")).status());
    return FailedPrecondition("业务失败", "the business change failed");
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(outbox_->CountAll()->total(), 0);
}

TEST_P(OutboxTest, InvalidMobileIsRefusedNamingTheField) {
  auto r = outbox_->Enqueue(Msg("k", "0871-1234567"));
  ASSERT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().fields()[0].field, "phone");
}

TEST_P(OutboxTest, PhoneIsNotStoredInClear) {
  ASSERT_TRUE(outbox_->Enqueue(Msg("k", "13912345678")).ok());
  ASSERT_TRUE(db().WithConnection([&](store::Connection& c) -> Status {
                    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT * FROM sms_outbox"));
                    for (const auto& v : rs.rows[0]) {
                      if (v) {
                        EXPECT_EQ(v->find("13912345678"), std::string::npos) << *v;
                      }
                    }
                    return Status::Ok();
                  }).ok());
  auto claimed = outbox_->Claim("t", 10);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].phone, "13912345678");
}

TEST_P(OutboxTest, ClaimLeasesSoASecondClaimGetsNothing) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(outbox_->Enqueue(Msg("k" + std::to_string(i), "1390000000" + std::to_string(i))).ok());
  }
  auto a = outbox_->Claim("a", 3);
  auto b = outbox_->Claim("b", 10);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 3u);
  EXPECT_EQ(b->size(), 2u);
  EXPECT_EQ(outbox_->Claim("c", 10)->size(), 0u);
  EXPECT_EQ(outbox_->CountAll()->sending, 5);
}

TEST_P(OutboxTest, ExpiredLeaseIsClaimedAgainAfterACrash) {
  ASSERT_TRUE(outbox_->Enqueue(Msg("k")).ok());
  ASSERT_EQ(outbox_->Claim("crashed", 10)->size(), 1u);
  clock_.Advance(std::chrono::seconds(outbox_options_.lease_seconds - 1));
  EXPECT_EQ(outbox_->Claim("other", 10)->size(), 0u);
  clock_.Advance(std::chrono::seconds(1));
  auto again = outbox_->Claim("other", 10);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].attempts, 2);
}

TEST_P(OutboxTest, ResultOfALostLeaseDoesNotOverwriteTheNewOwner) {
  ASSERT_TRUE(outbox_->Enqueue(Msg("k")).ok());
  auto first = outbox_->Claim("a", 1);
  ASSERT_TRUE(outbox_->RecordResults({{(*first)[0].id, SendOutcome::kAccepted, "0: Accepted"}}).ok());
  // Recorded once: a second (late) record is a no-op on a sent message.
  ASSERT_TRUE(outbox_->RecordResults({{(*first)[0].id, SendOutcome::kTemporary, "late"}}).ok());
  EXPECT_EQ(outbox_->Get((*first)[0].id)->state, "sent");
}

TEST_P(OutboxTest, TemporaryFailureRetriesWithBackoff) {
  ASSERT_TRUE(outbox_->Enqueue(Msg("k")).ok());
  auto c1 = outbox_->Claim("a", 1);
  ASSERT_TRUE(outbox_->RecordResults({{(*c1)[0].id, SendOutcome::kTemporary, "refused"}}).ok());
  auto m = outbox_->Get((*c1)[0].id);
  EXPECT_EQ(m->state, "queued");
  EXPECT_NE(m->reason.find("gateway_unavailable"), std::string::npos);
  EXPECT_EQ(outbox_->Claim("a", 1)->size(), 0u);  // waiting for the back-off
  clock_.Advance(std::chrono::seconds(outbox_->Backoff(1)));
  auto c2 = outbox_->Claim("a", 1);
  ASSERT_EQ(c2->size(), 1u);
  ASSERT_TRUE(outbox_->RecordResults({{(*c2)[0].id, SendOutcome::kTemporary, "refused"}}).ok());
  clock_.Advance(std::chrono::seconds(outbox_->Backoff(1)));
  EXPECT_EQ(outbox_->Claim("a", 1)->size(), 0u);  // second back-off is twice as long
  clock_.Advance(std::chrono::seconds(outbox_->Backoff(2) - outbox_->Backoff(1)));
  EXPECT_EQ(outbox_->Claim("a", 1)->size(), 1u);
}

TEST_P(OutboxTest, RejectionFailsWithTheGatewaysReason) {
  ASSERT_TRUE(outbox_->Enqueue(Msg("k")).ok());
  auto c = outbox_->Claim("a", 1);
  ASSERT_TRUE(outbox_->RecordResults({{(*c)[0].id, SendOutcome::kRejected, "Missing receiver"}}).ok());
  auto m = outbox_->Get((*c)[0].id);
  EXPECT_EQ(m->state, "failed");
  EXPECT_NE(m->reason.find("Missing receiver"), std::string::npos);
}

TEST_P(OutboxTest, LoginCodesGoBeforeCampaignMessages) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(outbox_->Enqueue(Msg("c" + std::to_string(i))).ok());
  ASSERT_TRUE(outbox_->Enqueue(Msg("login:1", "13900000002", notify::kPriorityLogin)).ok());
  auto c = outbox_->Claim("a", 1);
  ASSERT_EQ(c->size(), 1u);
  EXPECT_EQ((*c)[0].idempotency_key, "login:1");
}

TEST_P(OutboxTest, CampaignMessagesWaitForTheMorningButLoginCodesDoNot) {
  clock_.Advance(std::chrono::hours(14));  // 22:00 Asia/Shanghai
  ASSERT_TRUE(outbox_->Enqueue(Msg("campaign")).ok());
  ASSERT_TRUE(outbox_->Enqueue(Msg("login:1", "13900000002", notify::kPriorityLogin)).ok());
  auto night = outbox_->Claim("a", 10);
  ASSERT_EQ(night->size(), 1u);
  EXPECT_EQ((*night)[0].idempotency_key, "login:1");
  Accept(*night);
  clock_.Advance(std::chrono::hours(9) + std::chrono::minutes(59));  // 07:59
  EXPECT_EQ(outbox_->Claim("a", 10)->size(), 0u);
  clock_.Advance(std::chrono::minutes(1));  // 08:00
  auto morning = outbox_->Claim("a", 10);
  ASSERT_EQ(morning->size(), 1u);
  EXPECT_EQ((*morning)[0].idempotency_key, "campaign");
}

TEST_P(OutboxTest, OptedOutNumberGetsNoCampaignMessage) {
  std::string hash = cipher_->BlindIndex("13900000001", security::pii_context::kPhone);
  ASSERT_TRUE(db().Transact([&](store::Connection& c) { return outbox_->SetOptOut(c, hash, true); })
                  .ok());
  auto e = outbox_->Enqueue(Msg("campaign"));
  ASSERT_TRUE(outbox_->Enqueue(Msg("login:1", "13900000001", notify::kPriorityLogin)).ok());
  auto c = outbox_->Claim("a", 10);
  ASSERT_EQ(c->size(), 1u);
  EXPECT_EQ((*c)[0].idempotency_key, "login:1");
  auto m = outbox_->Get(e->id);
  EXPECT_EQ(m->state, "failed");
  EXPECT_EQ(m->reason, "opted_out");
}

TEST_P(OutboxTest, DailyCapDefersTheRestToTomorrowMorning) {
  for (int i = 0; i < outbox_options_.daily_cap + 2; ++i) {
    ASSERT_TRUE(outbox_->Enqueue(Msg("c" + std::to_string(i))).ok());
  }
  ASSERT_TRUE(outbox_->Enqueue(Msg("other", "13900000002")).ok());
  auto today = outbox_->Claim("a", 100);
  EXPECT_EQ(static_cast<int>(today->size()), outbox_options_.daily_cap + 1);  // + other number
  Accept(*today);
  EXPECT_EQ(outbox_->Claim("a", 100)->size(), 0u);
  clock_.Advance(std::chrono::hours(24) - std::chrono::seconds(1));  // 07:59:59 tomorrow
  EXPECT_EQ(outbox_->Claim("a", 100)->size(), 0u);
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(outbox_->Claim("a", 100)->size(), 2u);
}

TEST_P(OutboxTest, DeliveryReportsFinishMessagesAndAreNeverUndone) {
  ASSERT_TRUE(outbox_->Enqueue(Msg("a")).ok());
  ASSERT_TRUE(outbox_->Enqueue(Msg("b", "13900000002")).ok());
  auto c = outbox_->Claim("x", 10);
  ASSERT_EQ(c->size(), 2u);
  int64_t a = (*c)[0].id, b = (*c)[1].id;
  // The SMSC's report can arrive before the dispatcher records "sent".
  ASSERT_TRUE(outbox_->ApplyDeliveryReport(a, 8, "ACK/").ok());
  EXPECT_EQ(outbox_->Get(a)->state, "sent");
  ASSERT_TRUE(outbox_->ApplyDeliveryReport(a, 1, "").ok());
  ASSERT_TRUE(outbox_->RecordResults({{a, SendOutcome::kAccepted, "0: Accepted"},
                                      {b, SendOutcome::kAccepted, "0: Accepted"}})
                  .ok());
  EXPECT_EQ(outbox_->Get(a)->state, "delivered");
  ASSERT_TRUE(outbox_->ApplyDeliveryReport(b, 2, "NACK/absent subscriber").ok());
  EXPECT_EQ(outbox_->Get(b)->state, "failed");
  EXPECT_NE(outbox_->Get(b)->reason.find("absent subscriber"), std::string::npos);
  ASSERT_TRUE(outbox_->ApplyDeliveryReport(b, 1, "").ok());
  EXPECT_EQ(outbox_->Get(b)->state, "failed");
  EXPECT_EQ(outbox_->ApplyDeliveryReport(9999, 1, "").code(), StatusCode::kNotFound);
}

TEST_P(OutboxTest, ConcurrentClaimersNeverShareAMessage) {
  ASSERT_TRUE(db().Transact([&](store::Connection& c) -> Status {
                    for (int i = 0; i < 400; ++i) {
                      RETURN_IF_ERROR(outbox_->Enqueue(c, Msg("k" + std::to_string(i),
                                                              "139" + std::to_string(10000000 + i)))
                                          .status());
                    }
                    return Status::Ok();
                  }).ok());
  std::mutex mu;
  std::vector<int64_t> all;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (;;) {
        auto c = outbox_->Claim("t" + std::to_string(t), 25);
        if (!c.ok()) continue;  // SQLite busy: try again
        if (c->empty()) break;
        std::lock_guard<std::mutex> lock(mu);
        for (const auto& m : *c) all.push_back(m.id);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<int64_t> unique(all.begin(), all.end());
  EXPECT_EQ(all.size(), 400u);
  EXPECT_EQ(unique.size(), 400u);
}

TEST_P(OutboxTest, DispatcherDrainsAndRequeuesWhenTheGatewayFails) {
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(outbox_->Enqueue(Msg("k" + std::to_string(i), "139" + std::to_string(20000000 + i)))
                    .ok());
  }
  testing::RecordingGateway* gw = nullptr;
  auto dispatcher = DispatcherWith(&gw, {.threads = 1, .batch = 10, .flush_every = 4});
  auto& d = *dispatcher;
  ASSERT_EQ(*d.RunOnce(), 10);
  ASSERT_NE(gw, nullptr);
  EXPECT_EQ(outbox_->CountAll()->sent, 10);
  gw->next = SendOutcome::kTemporary;  // the gateway goes down
  ASSERT_EQ(*d.RunOnce(), 10);
  EXPECT_EQ(gw->sent.size(), 11u);  // stops at the first failure
  EXPECT_EQ(outbox_->CountAll()->queued, 20);
  gw->next = SendOutcome::kAccepted;  // back up
  clock_.Advance(std::chrono::seconds(outbox_->Backoff(1)));
  while (*d.RunOnce() > 0) {
  }
  auto counts = outbox_->CountAll();
  EXPECT_EQ(counts->sent, 30);
  std::set<std::string> keys;
  for (const auto& m : gw->sent) keys.insert(m.idempotency_key);
  EXPECT_EQ(keys.size(), 30u);
  EXPECT_EQ(gw->sent.size(), 31u);  // 30 accepted + the one refused while down
}

XIEZUO_INSTANTIATE_STORE_TESTS(OutboxTest);

}  // namespace
}  // namespace xiezuo
