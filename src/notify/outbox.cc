#include "notify/outbox.h"

#include <algorithm>

#include "codes/validators.h"

namespace xiezuo::notify {

namespace {

constexpr const char* kColumns =
    "id, idempotency_key, campaign_id, worker_id, phone_masked, body, parts, priority, state, "
    "reason, attempts, not_before, created_at, sent_at, delivered_at";

OutboxMessage RowToMessage(const store::ResultSet& rs, size_t i) {
  OutboxMessage m;
  m.id = rs.Int(i, 0);
  m.idempotency_key = rs.Text(i, 1);
  m.campaign_id = rs.OptInt(i, 2);
  m.worker_id = rs.OptInt(i, 3);
  m.phone_masked = rs.Text(i, 4);
  m.body = rs.Text(i, 5);
  m.parts = static_cast<int>(rs.Int(i, 6));
  m.priority = static_cast<int>(rs.Int(i, 7));
  m.state = rs.Text(i, 8);
  m.reason = rs.Text(i, 9);
  m.attempts = static_cast<int>(rs.Int(i, 10));
  m.not_before = rs.Int(i, 11);
  m.created_at = rs.Int(i, 12);
  m.sent_at = rs.OptInt(i, 13);
  m.delivered_at = rs.OptInt(i, 14);
  return m;
}

std::string Truncate(std::string s, size_t n) {
  if (s.size() <= n) return s;
  s.resize(n);
  // Do not cut a UTF-8 sequence in half.
  while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
  if (!s.empty() && (static_cast<unsigned char>(s.back()) & 0x80)) s.pop_back();
  return s;
}

}  // namespace

Outbox::Outbox(store::Database& db, const security::PiiCipher& cipher, const Clock& clock,
               OutboxOptions options)
    : db_(db), cipher_(cipher), clock_(clock), options_(options) {}

int64_t Outbox::Backoff(int attempts) const {
  int64_t b = options_.backoff_base_seconds;
  for (int i = 1; i < attempts && b < options_.max_backoff_seconds; ++i) b *= 2;
  return std::min(b, options_.max_backoff_seconds);
}

StatusOr<EnqueueResult> Outbox::Enqueue(store::Connection& c, const NewMessage& m) {
  if (m.idempotency_key.empty() || m.idempotency_key.size() > 200) {
    return FieldInvalid("idempotency_key", "幂等键不能为空且不超过 200 字节",
                        "idempotency_key must be 1-200 bytes");
  }
  auto phone = codes::ValidateMobile(m.phone);
  if (!phone.ok()) {
    return FieldInvalid("phone", "不是有效的手机号码", "Not a valid mobile number");
  }
  if (m.body.empty()) return FieldInvalid("body", "短信内容为空", "Message body is empty");
  int64_t now = clock_.NowSeconds();
  SmsLength len = CountSms(m.body);
  ASSIGN_OR_RETURN(
      auto rs,
      c.Query("INSERT INTO sms_outbox (idempotency_key, campaign_id, worker_id, phone_enc, "
              "phone_hash, phone_masked, body, parts, priority, state, not_before, created_at, "
              "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?) "
              "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
              {m.idempotency_key, store::OptInt(m.campaign_id), store::OptInt(m.worker_id),
               cipher_.Encrypt(phone.normalized, kOutboxPhoneContext),
               cipher_.BlindIndex(phone.normalized, security::pii_context::kPhone),
               codes::MaskPhone(phone.normalized), m.body, static_cast<int64_t>(len.parts),
               static_cast<int64_t>(m.priority), m.not_before > 0 ? m.not_before : now, now,
               now}));
  if (!rs.empty()) return EnqueueResult{rs.Int(0, 0), true};
  ASSIGN_OR_RETURN(int64_t existing, c.QueryInt("SELECT id FROM sms_outbox WHERE idempotency_key = ?",
                                                {m.idempotency_key}));
  return EnqueueResult{existing, false};
}

StatusOr<EnqueueResult> Outbox::Enqueue(const NewMessage& m) {
  EnqueueResult r;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(r, Enqueue(c, m));
    return Status::Ok();
  }));
  return r;
}

StatusOr<std::vector<ClaimedMessage>> Outbox::Claim(const std::string& owner, int max) {
  std::vector<ClaimedMessage> out;
  if (max <= 0) return out;
  const int64_t now = clock_.NowSeconds();
  const bool quiet = InQuietHours(now, options_.quiet_hours);
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    out.clear();
    const bool pg = c.dialect() == store::Dialect::kPostgres;
    // Leases that ran out: their dispatcher died (or hung). Back to the
    // queue; they will be sent again.
    if (pg) {
      RETURN_IF_ERROR(c.Execute("UPDATE sms_outbox SET state = 'queued', lease_owner = '', "
                                "updated_at = ? WHERE id IN (SELECT id FROM sms_outbox WHERE "
                                "state = 'sending' AND lease_until <= ? FOR UPDATE SKIP LOCKED)",
                                {now, now})
                          .status());
    } else {
      RETURN_IF_ERROR(c.Execute("UPDATE sms_outbox SET state = 'queued', lease_owner = '', "
                                "updated_at = ? WHERE state = 'sending' AND lease_until <= ?",
                                {now, now})
                          .status());
    }
    // Fetch a little more than asked: some rows may be deferred or dropped.
    std::string sql =
        "SELECT o.id, o.idempotency_key, o.phone_enc, o.phone_hash, o.body, o.priority, "
        "o.attempts, CASE WHEN x.phone_hash IS NULL THEN 0 ELSE 1 END "
        "FROM sms_outbox o LEFT JOIN sms_optouts x ON x.phone_hash = o.phone_hash "
        "WHERE o.state = 'queued' AND o.not_before <= ?";
    if (quiet) sql += " AND o.priority = 0";
    sql += " ORDER BY o.priority, o.id LIMIT ?";
    if (pg) sql += " FOR UPDATE OF o SKIP LOCKED";
    ASSIGN_OR_RETURN(auto rs, c.Query(sql, {now, static_cast<int64_t>(max)}));
    const int64_t today = ChinaDay(now);
    std::string ids;
    for (size_t i = 0; i < rs.size(); ++i) {
      int64_t id = rs.Int(i, 0);
      int priority = static_cast<int>(rs.Int(i, 5));
      int attempts = static_cast<int>(rs.Int(i, 6)) + 1;
      bool opted_out = rs.Int(i, 7) == 1;
      if (priority > 0 && opted_out) {
        RETURN_IF_ERROR(c.Execute("UPDATE sms_outbox SET state = 'failed', reason = 'opted_out', "
                                  "updated_at = ? WHERE id = ?",
                                  {now, id})
                            .status());
        continue;
      }
      if (attempts > options_.max_attempts) {
        RETURN_IF_ERROR(c.Execute("UPDATE sms_outbox SET state = 'failed', reason = 'gave_up', "
                                  "updated_at = ? WHERE id = ?",
                                  {now, id})
                            .status());
        continue;
      }
      if (priority > 0 && options_.daily_cap > 0) {
        ASSIGN_OR_RETURN(
            int64_t n,
            c.QueryInt("INSERT INTO sms_daily_counts (phone_hash, day, n) VALUES (?, ?, 1) "
                       "ON CONFLICT (phone_hash, day) DO UPDATE SET n = sms_daily_counts.n + 1 "
                       "RETURNING n",
                       {rs.Text(i, 3), today}));
        if (n > options_.daily_cap) {
          RETURN_IF_ERROR(c.Execute("UPDATE sms_daily_counts SET n = n - 1 WHERE phone_hash = ? "
                                    "AND day = ?",
                                    {rs.Text(i, 3), today})
                              .status());
          RETURN_IF_ERROR(c.Execute("UPDATE sms_outbox SET not_before = ?, reason = 'daily_cap', "
                                    "updated_at = ? WHERE id = ?",
                                    {NextDayMorning(now, options_.quiet_hours), now, id})
                              .status());
          continue;
        }
      }
      auto phone = cipher_.Decrypt(rs.Text(i, 2), kOutboxPhoneContext);
      if (!phone.ok()) {
        RETURN_IF_ERROR(c.Execute("UPDATE sms_outbox SET state = 'failed', reason = "
                                  "'undecryptable', updated_at = ? WHERE id = ?",
                                  {now, id})
                            .status());
        continue;
      }
      ClaimedMessage m;
      m.id = id;
      m.idempotency_key = rs.Text(i, 1);
      m.phone = std::move(phone).value();
      m.body = rs.Text(i, 4);
      m.priority = priority;
      m.attempts = attempts;
      out.push_back(std::move(m));
      if (!ids.empty()) ids += ",";
      ids += std::to_string(id);
    }
    if (!ids.empty()) {
      RETURN_IF_ERROR(c.Execute("UPDATE sms_outbox SET state = 'sending', lease_owner = ?, "
                                "lease_until = ?, attempts = attempts + 1, reason = '', "
                                "updated_at = ? WHERE id IN (" + ids + ")",
                                {owner, now + options_.lease_seconds, now})
                          .status());
    }
    return Status::Ok();
  }));
  return out;
}

Status Outbox::RecordResults(const std::vector<SendResult>& results) {
  if (results.empty()) return Status::Ok();
  const int64_t now = clock_.NowSeconds();
  return db_.Transact([&](store::Connection& c) -> Status {
    for (const auto& r : results) {
      std::string answer = Truncate(r.answer, 200);
      switch (r.outcome) {
        case SendOutcome::kAccepted:
          RETURN_IF_ERROR(c.Execute("UPDATE sms_outbox SET state = 'sent', sent_at = ?, "
                                    "gateway_answer = ?, lease_until = 0, updated_at = ? "
                                    "WHERE id = ? AND state = 'sending'",
                                    {now, answer, now, r.id})
                              .status());
          break;
        case SendOutcome::kTemporary: {
          ASSIGN_OR_RETURN(int64_t attempts,
                           c.QueryInt("SELECT attempts FROM sms_outbox WHERE id = ?", {r.id}));
          RETURN_IF_ERROR(c.Execute("UPDATE sms_outbox SET state = 'queued', not_before = ?, "
                                    "reason = ?, lease_until = 0, updated_at = ? "
                                    "WHERE id = ? AND state = 'sending'",
                                    {now + Backoff(static_cast<int>(attempts)),
                                     "gateway_unavailable: " + answer, now, r.id})
                              .status());
          break;
        }
        case SendOutcome::kRejected:
          RETURN_IF_ERROR(c.Execute("UPDATE sms_outbox SET state = 'failed', reason = ?, "
                                    "gateway_answer = ?, lease_until = 0, updated_at = ? "
                                    "WHERE id = ? AND state = 'sending'",
                                    {"rejected: " + answer, answer, now, r.id})
                              .status());
          break;
      }
    }
    return Status::Ok();
  });
}

Status Outbox::ApplyDeliveryReport(int64_t id, int dlr_status, const std::string& answer) {
  const int64_t now = clock_.NowSeconds();
  std::string a = Truncate(answer, 200);
  return db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT state FROM sms_outbox WHERE id = ?", {id}));
    if (rs.empty()) return NotFound("没有这条短信", "No such message");
    const std::string& state = rs.Text(0, 0);
    if (state == "delivered" || state == "failed") return Status::Ok();  // final
    if (dlr_status & 1) {
      return c.Execute("UPDATE sms_outbox SET state = 'delivered', delivered_at = ?, "
                       "lease_until = 0, reason = '', updated_at = ? WHERE id = ?",
                       {now, now, id})
          .status();
    }
    if (dlr_status & (2 | 16)) {
      std::string reason = (dlr_status & 16 ? "smsc_rejected" : "undelivered");
      if (!a.empty()) reason += ": " + a;
      return c.Execute("UPDATE sms_outbox SET state = 'failed', reason = ?, lease_until = 0, "
                       "updated_at = ? WHERE id = ?",
                       {reason, now, id})
          .status();
    }
    if (dlr_status & 8) {
      // The SMSC took it; a "sending" message whose "sent" was not yet
      // recorded becomes sent here (the report can overtake the dispatcher).
      return c.Execute("UPDATE sms_outbox SET state = 'sent', sent_at = COALESCE(sent_at, ?), "
                       "lease_until = 0, updated_at = ? WHERE id = ? AND state IN ('sending', "
                       "'queued')",
                       {now, now, id})
          .status();
    }
    return Status::Ok();  // 4 (buffered): nothing to record
  });
}

StatusOr<int64_t> Outbox::RetryFailed(int64_t campaign_id) {
  int64_t n = 0;
  const int64_t now = clock_.NowSeconds();
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(n, c.Execute("UPDATE sms_outbox SET state = 'queued', attempts = 0, "
                                  "not_before = ?, reason = 'retried', updated_at = ? "
                                  "WHERE campaign_id = ? AND state = 'failed' "
                                  "AND reason <> 'opted_out'",
                                  {now, now, campaign_id}));
    return Status::Ok();
  }));
  return n;
}

namespace {
StateCounts CountsFrom(const store::ResultSet& rs) {
  StateCounts s;
  for (size_t i = 0; i < rs.size(); ++i) {
    const std::string& st = rs.Text(i, 0);
    int64_t n = rs.Int(i, 1);
    if (st == "queued") s.queued = n;
    else if (st == "sending") s.sending = n;
    else if (st == "sent") s.sent = n;
    else if (st == "delivered") s.delivered = n;
    else if (st == "failed") s.failed = n;
  }
  return s;
}
}  // namespace

StatusOr<StateCounts> Outbox::CountCampaign(int64_t campaign_id) {
  StateCounts s;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT state, COUNT(*) FROM sms_outbox WHERE campaign_id "
                                      "= ? GROUP BY state",
                                      {campaign_id}));
    s = CountsFrom(rs);
    return Status::Ok();
  }));
  return s;
}

StatusOr<StateCounts> Outbox::CountAll() {
  StateCounts s;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT state, COUNT(*) FROM sms_outbox GROUP BY state"));
    s = CountsFrom(rs);
    return Status::Ok();
  }));
  return s;
}

StatusOr<std::vector<OutboxMessage>> Outbox::ListForWorker(int64_t worker_id, int64_t limit) {
  std::vector<OutboxMessage> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string("SELECT ") + kColumns +
                                          " FROM sms_outbox WHERE worker_id = ? ORDER BY id DESC "
                                          "LIMIT ?",
                                      {worker_id, limit}));
    for (size_t i = 0; i < rs.size(); ++i) out.push_back(RowToMessage(rs, i));
    return Status::Ok();
  }));
  return out;
}

StatusOr<std::vector<OutboxMessage>> Outbox::ListCampaign(int64_t campaign_id,
                                                          const std::string& state,
                                                          int64_t offset, int64_t limit) {
  std::vector<OutboxMessage> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    std::string sql = std::string("SELECT ") + kColumns + " FROM sms_outbox WHERE campaign_id = ?";
    store::Params params{campaign_id};
    if (!state.empty()) {
      sql += " AND state = ?";
      params.emplace_back(state);
    }
    sql += " ORDER BY id LIMIT ? OFFSET ?";
    params.emplace_back(limit);
    params.emplace_back(offset);
    ASSIGN_OR_RETURN(auto rs, c.Query(sql, params));
    for (size_t i = 0; i < rs.size(); ++i) out.push_back(RowToMessage(rs, i));
    return Status::Ok();
  }));
  return out;
}

StatusOr<OutboxMessage> Outbox::Get(int64_t id) {
  OutboxMessage m;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string("SELECT ") + kColumns +
                                          " FROM sms_outbox WHERE id = ?",
                                      {id}));
    if (rs.empty()) return NotFound("没有这条短信", "No such message");
    m = RowToMessage(rs, 0);
    return Status::Ok();
  }));
  return m;
}

Status Outbox::SetOptOut(store::Connection& c, const std::string& phone_hash, bool opted_out) {
  if (opted_out) {
    return c.Execute("INSERT INTO sms_optouts (phone_hash, opted_out_at) VALUES (?, ?) "
                     "ON CONFLICT (phone_hash) DO NOTHING",
                     {phone_hash, clock_.NowSeconds()})
        .status();
  }
  return c.Execute("DELETE FROM sms_optouts WHERE phone_hash = ?", {phone_hash}).status();
}

StatusOr<bool> Outbox::IsOptedOut(const std::string& phone_hash) {
  bool out = false;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT 1 FROM sms_optouts WHERE phone_hash = ?",
                                      {phone_hash}));
    out = !rs.empty();
    return Status::Ok();
  }));
  return out;
}

}  // namespace xiezuo::notify
