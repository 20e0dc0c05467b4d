// Outbox: the transactional SMS outbox. A message is written in the same
// transaction as the change that causes it; dispatchers (in this or other
// processes) claim ready messages under a lease, send them, and record the
// gateway's answer; delivery reports finish them.
//
//   // inside the caller's transaction:
//   ASSIGN_OR_RETURN(auto r, outbox.Enqueue(c, {.idempotency_key = "campaign:7:worker:42",
//                                               .phone = "13912345678", .body = text,
//                                               .priority = kPriorityCampaign}));
//   // a dispatcher:
//   ASSIGN_OR_RETURN(auto batch, outbox.Claim("host:pid:thread", 100));
//   ... send ...
//   RETURN_IF_ERROR(outbox.RecordResults(results));
//
// States: queued -> sending (leased to one owner until lease_until) -> sent
// (the gateway accepted it) -> delivered | failed (with a reason). A lease
// that expires (the dispatcher crashed) makes the message queued again, so
// it is sent again: at-least-once, and the only duplicate window is a
// message the gateway accepted whose "sent" was not yet committed.
//
// Claims: PostgreSQL selects with FOR UPDATE SKIP LOCKED, so several
// processes share the work without blocking each other; SQLite runs the
// claim inside BEGIN IMMEDIATE (writers are serial).
//
// Rules applied when claiming (not when enqueueing, so that a change of
// mind — an opt-out, the clock passing 21:00 — is honoured up to the last
// moment): campaign messages are not claimed in quiet hours, are failed
// with reason "opted_out" for opted-out numbers, and are deferred to the
// next morning beyond the per-number daily cap. Priority 0 (login codes)
// goes first and is exempt from all three.
//
// Thread-safety: safe for concurrent use (state is in the database).
#ifndef XIEZUO_NOTIFY_OUTBOX_H_
#define XIEZUO_NOTIFY_OUTBOX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "notify/sms_text.h"
#include "security/pii.h"
#include "store/database.h"

namespace xiezuo::notify {

inline constexpr int kPriorityLogin = 0;
inline constexpr int kPriorityCampaign = 10;

// Column context for the outbox's phone ciphertext.
inline constexpr std::string_view kOutboxPhoneContext = "sms_outbox.phone";

struct OutboxOptions {
  // How long a claim holds a message before another dispatcher may take it.
  int64_t lease_seconds = 60;
  // Campaign messages a number may receive per Asia/Shanghai day.
  int daily_cap = 3;
  QuietHours quiet_hours;
  // Back-off after a temporary gateway failure: base * 2^(attempts-1),
  // at most max_backoff_seconds.
  int64_t backoff_base_seconds = 10;
  int64_t max_backoff_seconds = 300;
  // Attempts (claims) after which a message fails for good ("gave_up").
  // High enough to ride out a long gateway outage.
  int max_attempts = 50;
};

struct NewMessage {
  std::string idempotency_key;
  std::string phone;  // normalised mobile, e.g. "13912345678"
  std::string body;   // complete text, signature included
  int priority = kPriorityCampaign;
  std::optional<int64_t> campaign_id;
  std::optional<int64_t> worker_id;
  int64_t not_before = 0;  // 0: now
};

struct EnqueueResult {
  int64_t id = 0;
  bool inserted = false;  // false: the key was already there (nothing added)
                          // or, with id 0, the message was invalid and skipped
};

struct ClaimedMessage {
  int64_t id = 0;
  std::string idempotency_key;
  std::string phone;  // decrypted; never log it
  std::string body;
  int priority = 0;
  int attempts = 0;  // including this claim
};

enum class SendOutcome {
  kAccepted,   // gateway took it: state sent
  kTemporary,  // gateway down/busy: queued again after back-off
  kRejected,   // gateway refused it for good: failed
};

struct SendResult {
  int64_t id = 0;
  SendOutcome outcome = SendOutcome::kAccepted;
  std::string answer;  // gateway's answer or error (no phone numbers)
};

struct OutboxMessage {
  int64_t id = 0;
  std::string idempotency_key;
  std::optional<int64_t> campaign_id;
  std::optional<int64_t> worker_id;
  std::string phone_masked;
  std::string body;
  int parts = 0;
  int priority = 0;
  std::string state;
  std::string reason;
  int attempts = 0;
  int64_t not_before = 0;
  int64_t created_at = 0;
  std::optional<int64_t> sent_at;
  std::optional<int64_t> delivered_at;
};

// The gateway's health as the dispatchers last recorded it, and what waits
// for it. state is "up", "down" or "unknown" (no dispatcher has run yet).
struct GatewayStatus {
  std::string state = "unknown";
  int64_t since = 0;
  std::string last_error;
  int64_t updated_at = 0;
  // Messages queued again after a gateway failure (reason
  // gateway_unavailable…) and the earliest time one of them is retried.
  int64_t waiting = 0;
  std::optional<int64_t> next_retry_at;
};

struct StateCounts {
  int64_t queued = 0, sending = 0, sent = 0, delivered = 0, failed = 0;
  int64_t total() const { return queued + sending + sent + delivered + failed; }
};

class Outbox {
 public:
  Outbox(store::Database& db, const security::PiiCipher& cipher, const Clock& clock,
         OutboxOptions options = {});

  // Inside the caller's transaction. A key seen before adds nothing and
  // returns the existing id with inserted = false.
  StatusOr<EnqueueResult> Enqueue(store::Connection& c, const NewMessage& m);
  // Own transaction.
  StatusOr<EnqueueResult> Enqueue(const NewMessage& m);
  // Many messages inside the caller's transaction, with multi-row INSERTs
  // (what a campaign of a million needs). Every message is checked first:
  // a bad one fails the whole call with an error naming it (field
  // "messages[i].phone" …) and nothing is written. Results in input order;
  // a key repeated within `ms` or seen before is inserted once.
  // With skip_invalid, a message that fails the checks is left out instead
  // (its result: id 0, inserted false) — for audiences whose numbers were
  // checked when they were recorded.
  StatusOr<std::vector<EnqueueResult>> EnqueueBatch(store::Connection& c,
                                                    const std::vector<NewMessage>& ms,
                                                    bool skip_invalid = false);

  // Leases up to `max` ready messages to `owner`, priority first, oldest
  // first. Expired leases are returned to the queue first.
  StatusOr<std::vector<ClaimedMessage>> Claim(const std::string& owner, int max);

  // Records what the gateway said, in one transaction. Only messages still
  // leased (state sending) change: a message whose delivery report already
  // arrived keeps its final state.
  Status RecordResults(const std::vector<SendResult>& results);

  // Gives back claimed messages that were not tried (the lease was running
  // out): queued again at once, the claim not counted as an attempt.
  Status Release(const std::vector<int64_t>& ids);

  // A delivery report (Kannel dlr-mask bits: 1 delivered, 2 undelivered,
  // 4 buffered, 8 accepted by the SMSC, 16 rejected by the SMSC).
  // not_found for an unknown id; final states are never undone.
  Status ApplyDeliveryReport(int64_t id, int dlr_status, const std::string& answer);

  // Failed messages of a campaign back to the queue (not opted-out ones).
  StatusOr<int64_t> RetryFailed(int64_t campaign_id);

  StatusOr<StateCounts> CountCampaign(int64_t campaign_id);
  StatusOr<StateCounts> CountAll();
  StatusOr<std::vector<OutboxMessage>> ListForWorker(int64_t worker_id, int64_t limit);
  StatusOr<std::vector<OutboxMessage>> ListCampaign(int64_t campaign_id, const std::string& state,
                                                    int64_t offset, int64_t limit);
  StatusOr<OutboxMessage> Get(int64_t id);

  // Opt-out list, by blind index (security::pii_context::kPhone).
  Status SetOptOut(store::Connection& c, const std::string& phone_hash, bool opted_out);
  StatusOr<bool> IsOptedOut(const std::string& phone_hash);

  // Gateway health, written by dispatchers: `up` false when a send failed
  // for a temporary reason (error: the answer, never a phone number).
  Status RecordGatewayState(const std::string& gateway, bool up, const std::string& error);
  StatusOr<GatewayStatus> GetGatewayStatus(const std::string& gateway);

  const OutboxOptions& options() const { return options_; }
  int64_t Backoff(int attempts) const;

 private:
  // Inserts messages already checked (phones: normalised numbers).
  StatusOr<std::vector<EnqueueResult>> InsertChecked(store::Connection& c,
                                                     const std::vector<NewMessage>& ms,
                                                     const std::vector<std::string>& phones);

  store::Database& db_;
  const security::PiiCipher& cipher_;
  const Clock& clock_;
  OutboxOptions options_;
};

}  // namespace xiezuo::notify

#endif  // XIEZUO_NOTIFY_OUTBOX_H_
