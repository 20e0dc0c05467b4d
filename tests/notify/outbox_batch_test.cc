// Campaign-sized queuing (Outbox::EnqueueBatch: multi-row INSERTs) and the
// gateway health the dispatchers record for GET /api/v1/sms/status, on
// both backends. Time moves on the FakeClock.
#include <set>

#include "tests/notify/notify_fixture.h"

namespace xiezuo {
namespace {

using notify::SendOutcome;
using testing::NotifyTest;

class OutboxBatchTest : public NotifyTest {
 protected:
  std::vector<notify::NewMessage> Msgs(int from, int n) {
    std::vector<notify::NewMessage> ms;
    for (int i = from; i < from + n; ++i) {
      ms.push_back(Msg("batch:" + std::to_string(i), "139" + std::to_string(10000000 + i)));
    }
    return ms;
  }
  StatusOr<std::vector<notify::EnqueueResult>> Batch(const std::vector<notify::NewMessage>& ms) {
    std::vector<notify::EnqueueResult> out;
    RETURN_IF_ERROR(db().Transact([&](store::Connection& c) -> Status {
      ASSIGN_OR_RETURN(out, outbox_->EnqueueBatch(c, ms));
      return Status::Ok();
    }));
    return out;
  }
};

TEST_P(OutboxBatchTest, ResultsFollowTheInputAndKnownOrRepeatedKeysAddNothing) {
  ASSERT_TRUE(outbox_->Enqueue(Msg("batch:1", "13910000001")).ok());
  auto ms = Msgs(0, 3);    // batch:0 batch:1 (known) batch:2
  ms.push_back(ms[2]);     // batch:2 again, in the same statement
  auto r = Batch(ms);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 4u);
  EXPECT_TRUE((*r)[0].inserted);
  EXPECT_FALSE((*r)[1].inserted);
  EXPECT_TRUE((*r)[2].inserted);
  EXPECT_FALSE((*r)[3].inserted);
  EXPECT_EQ((*r)[3].id, (*r)[2].id);
  EXPECT_EQ(outbox_->CountAll()->total(), 3);
  for (int i : {0, 1, 2}) {
    auto m = outbox_->Get((*r)[i].id);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->idempotency_key, "batch:" + std::to_string(i));
    EXPECT_EQ(m->phone_masked, "139****000" + std::to_string(i));
  }
}

TEST_P(OutboxBatchTest, ABadRowIsNamedAndNothingIsWritten) {
  auto ms = Msgs(0, 5);
  ms[3].phone = "0871-1234567";  // a landline
  auto r = Batch(ms);
  ASSERT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().fields()[0].field, "messages[3].phone");
  EXPECT_EQ(outbox_->CountAll()->total(), 0);
}

TEST_P(OutboxBatchTest, InvalidNumberInAKnownSegmentIsStillRefused) {
  // 1390000 is a valid segment; the same digits with a letter are not a
  // number, and an 11-digit number in an unassigned segment is refused too.
  auto ms = Msgs(0, 2);
  ms.push_back(Msg("batch:x", "1391000000x"));
  EXPECT_EQ(Batch(ms).status().fields()[0].field, "messages[2].phone");
  ms.back().phone = "10010000000";
  EXPECT_EQ(Batch(ms).status().fields()[0].field, "messages[2].phone");
  EXPECT_EQ(outbox_->CountAll()->total(), 0);
}

TEST_P(OutboxBatchTest, ACampaignLargerThanOneStatementIsQueuedWhole) {
  auto r = Batch(Msgs(0, 2500));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::set<int64_t> ids;
  for (const auto& e : *r) {
    EXPECT_TRUE(e.inserted);
    ids.insert(e.id);
  }
  EXPECT_EQ(ids.size(), 2500u);
  EXPECT_EQ(outbox_->CountAll()->queued, 2500);
  // Queuing it again (a double click) adds nothing and answers the same ids.
  auto again = Batch(Msgs(0, 2500));
  ASSERT_TRUE(again.ok());
  for (size_t i = 0; i < again->size(); ++i) {
    EXPECT_FALSE((*again)[i].inserted);
    EXPECT_EQ((*again)[i].id, (*r)[i].id);
  }
  EXPECT_EQ(outbox_->CountAll()->total(), 2500);
  auto claimed = outbox_->Claim("t", 1);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].phone, "13910000000");
}

TEST_P(OutboxBatchTest, StatusShowsTheOutageSinceItBeganTheWaitingAndTheNextRetry) {
  ASSERT_TRUE(Batch(Msgs(0, 30)).ok());
  auto unknown = outbox_->GetGatewayStatus("kannel");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->state, "unknown");

  testing::RecordingGateway* gw = nullptr;
  auto dispatcher = DispatcherWith(
      &gw, {.threads = 1, .batch = 10, .flush_every = 4, .down_refresh = std::chrono::seconds(0)});
  auto& d = *dispatcher;
  ASSERT_EQ(*d.RunOnce(), 10);
  auto up = outbox_->GetGatewayStatus("kannel");
  EXPECT_EQ(up->state, "up");
  EXPECT_EQ(up->waiting, 0);

  clock_.Advance(std::chrono::seconds(7));
  const int64_t down_at = clock_.NowSeconds();
  gw->next = SendOutcome::kTemporary;
  ASSERT_EQ(*d.RunOnce(), 10);
  auto down = outbox_->GetGatewayStatus("kannel");
  ASSERT_TRUE(down.ok());
  EXPECT_EQ(down->state, "down");
  EXPECT_EQ(down->since, down_at);
  EXPECT_EQ(down->last_error, "connection refused");
  EXPECT_EQ(down->waiting, 10);
  EXPECT_EQ(down->next_retry_at, down_at + outbox_->Backoff(1));

  // Still down a little later (the first ten are backing off, so ten more
  // are tried): "since" keeps the start of the outage.
  clock_.Advance(std::chrono::seconds(5));
  ASSERT_EQ(*d.RunOnce(), 10);
  down = outbox_->GetGatewayStatus("kannel");
  EXPECT_EQ(down->since, down_at);
  EXPECT_EQ(down->waiting, 20);

  clock_.Advance(std::chrono::seconds(outbox_->Backoff(2)));
  gw->next = SendOutcome::kAccepted;
  const int64_t back_at = clock_.NowSeconds();
  while (*d.RunOnce() > 0) {
  }
  auto back = outbox_->GetGatewayStatus("kannel");
  EXPECT_EQ(back->state, "up");
  EXPECT_EQ(back->since, back_at);
  EXPECT_EQ(back->last_error, "connection refused");  // the last one, for the record
  EXPECT_EQ(back->waiting, 0);
  EXPECT_FALSE(back->next_retry_at.has_value());
  EXPECT_EQ(outbox_->CountAll()->sent, 30);
}

XIEZUO_INSTANTIATE_STORE_TESTS(OutboxBatchTest);

}  // namespace
}  // namespace xiezuo
