#include "notify/outbox.h"

#include <algorithm>
#include <climits>
#include <map>
#include <cstdint>
#include <string_view>
#include <unordered_map>

#include "codes/mobile_check.h"
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

namespace {

// Rows per multi-row INSERT: 13 parameters each, well under SQLite's
// 32,766 and PostgreSQL's 65,535 bound parameters.
constexpr size_t kRowsPerInsert = 1000;

// Checks one message; `where` prefixes the field names ("" or
// "messages[3]."). Sets *phone to the normalised number.
Status CheckMessage(const NewMessage& m, const std::string& where, std::string* phone) {
  if (m.idempotency_key.empty() || m.idempotency_key.size() > 200) {
    return FieldInvalid(where + "idempotency_key", "幂等键不能为空且不超过 200 字节",
                        "idempotency_key must be 1-200 bytes");
  }
  // Remembers accepted number blocks (号段): libphonenumber's parse was 40%
  // of the time of queuing a million messages.
  codes::PhoneResult mobile = codes::ValidateMobileFast(m.phone);
  if (!mobile.ok()) {
    return FieldInvalid(where + "phone", "不是有效的手机号码", "Not a valid mobile number");
  }
  *phone = std::move(mobile.normalized);
  if (m.body.empty()) return FieldInvalid(where + "body", "短信内容为空", "Message body is empty");
  return Status::Ok();
}

}  // namespace

StatusOr<std::vector<EnqueueResult>> Outbox::InsertChecked(store::Connection& c,
                                                           const std::vector<NewMessage>& ms,
                                                           const std::vector<std::string>& phones) {
  const int64_t now = clock_.NowSeconds();
  std::vector<EnqueueResult> out(ms.size());
  // Parts are counted once per distinct body (a campaign has few).
  std::unordered_map<std::string_view, int64_t> parts_of;
  for (size_t start = 0; start < ms.size(); start += kRowsPerInsert) {
    const size_t end = std::min(ms.size(), start + kRowsPerInsert);
    std::string sql =
        "INSERT INTO sms_outbox (idempotency_key, campaign_id, worker_id, phone_enc, phone_hash, "
        "phone_masked, body, parts, priority, state, not_before, created_at, updated_at) VALUES ";
    store::Params params;
    params.reserve((end - start) * 12);
    // A key repeated within one statement is inserted once (its first row).
    std::unordered_map<std::string_view, size_t> first;
    std::vector<size_t> dup_of(end - start, SIZE_MAX);
    for (size_t i = start; i < end; ++i) {
      const NewMessage& m = ms[i];
      auto [it, fresh] = first.emplace(m.idempotency_key, i);
      if (!fresh) {
        dup_of[i - start] = it->second;
        continue;
      }
      auto [pit, new_body] = parts_of.emplace(m.body, 0);
      if (new_body) pit->second = CountSms(m.body).parts;
      if (params.size() > 0) sql += ',';
      sql += "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)";
      params.emplace_back(m.idempotency_key);
      params.emplace_back(store::OptInt(m.campaign_id));
      params.emplace_back(store::OptInt(m.worker_id));
      params.emplace_back(cipher_.Encrypt(phones[i], kOutboxPhoneContext));
      params.emplace_back(cipher_.BlindIndex(phones[i], security::pii_context::kPhone));
      params.emplace_back(codes::MaskPhone(phones[i]));
      params.emplace_back(m.body);
      params.emplace_back(pit->second);
      params.emplace_back(static_cast<int64_t>(m.priority));
      params.emplace_back(m.not_before > 0 ? m.not_before : now);
      params.emplace_back(now);
      params.emplace_back(now);
    }
    sql += " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key";
    ASSIGN_OR_RETURN(auto rs, c.Query(sql, params));
    std::unordered_map<std::string, int64_t> inserted;
    inserted.reserve(rs.size());
    for (size_t r = 0; r < rs.size(); ++r) inserted.emplace(rs.Text(r, 1), rs.Int(r, 0));
    // Keys that were already there: their existing ids.
    std::string in;
    store::Params existing_keys;
    for (size_t i = start; i < end; ++i) {
      if (dup_of[i - start] != SIZE_MAX) continue;
      auto it = inserted.find(ms[i].idempotency_key);
      if (it != inserted.end()) {
        out[i] = {it->second, true};
      } else {
        in += in.empty() ? "?" : ", ?";
        existing_keys.emplace_back(ms[i].idempotency_key);
      }
    }
    if (!existing_keys.empty()) {
      ASSIGN_OR_RETURN(auto ex, c.Query("SELECT id, idempotency_key FROM sms_outbox WHERE "
                                        "idempotency_key IN (" + in + ")",
                                        existing_keys));
      std::unordered_map<std::string, int64_t> ids;
      for (size_t r = 0; r < ex.size(); ++r) ids.emplace(ex.Text(r, 1), ex.Int(r, 0));
      for (size_t i = start; i < end; ++i) {
        if (dup_of[i - start] == SIZE_MAX && !out[i].inserted) {
          out[i] = {ids[ms[i].idempotency_key], false};
        }
      }
    }
    for (size_t i = start; i < end; ++i) {
      if (dup_of[i - start] != SIZE_MAX) out[i] = {out[dup_of[i - start]].id, false};
    }
  }
  return out;
}

StatusOr<EnqueueResult> Outbox::Enqueue(store::Connection& c, const NewMessage& m) {
  std::vector<std::string> phones(1);
  RETURN_IF_ERROR(CheckMessage(m, "", &phones[0]));
  ASSIGN_OR_RETURN(auto r, InsertChecked(c, {m}, phones));
  return r[0];
}

StatusOr<std::vector<EnqueueResult>> Outbox::EnqueueBatch(store::Connection& c,
                                                          const std::vector<NewMessage>& ms,
                                                          bool skip_invalid) {
  std::vector<std::string> phones(ms.size());
  std::vector<size_t> valid;  // indexes of the messages to insert
  valid.reserve(ms.size());
  for (size_t i = 0; i < ms.size(); ++i) {
    Status s = CheckMessage(ms[i], "messages[" + std::to_string(i) + "].", &phones[i]);
    if (s.ok()) {
      valid.push_back(i);
    } else if (!skip_invalid) {
      return s;
    }
  }
  if (valid.size() == ms.size()) return InsertChecked(c, ms, phones);
  std::vector<NewMessage> kept;
  std::vector<std::string> kept_phones;
  kept.reserve(valid.size());
  kept_phones.reserve(valid.size());
  for (size_t i : valid) {
    kept.push_back(ms[i]);
    kept_phones.push_back(std::move(phones[i]));
  }
  ASSIGN_OR_RETURN(auto inserted, InsertChecked(c, kept, kept_phones));
  std::vector<EnqueueResult> out(ms.size());  // skipped: {0, false}
  for (size_t k = 0; k < valid.size(); ++k) out[valid[k]] = inserted[k];
  return out;
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

Status Outbox::Release(const std::vector<int64_t>& ids) {
  if (ids.empty()) return Status::Ok();
  std::string in;
  for (int64_t id : ids) in += (in.empty() ? "" : ",") + std::to_string(id);
  const int64_t now = clock_.NowSeconds();
  return db_.Transact([&](store::Connection& c) -> Status {
    return c.Execute("UPDATE sms_outbox SET state = 'queued', lease_owner = '', lease_until = 0, "
                     "attempts = attempts - 1, updated_at = ? WHERE state = 'sending' AND id IN (" +
                         in + ")",
                     {now})
        .status();
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

Status Outbox::RecordGatewayState(const std::string& gateway, bool up,
                                  const std::string& error) {
  const int64_t now = clock_.NowSeconds();
  const std::string state = up ? "up" : "down";
  std::string e = Truncate(error, 200);
  return db_.Transact([&](store::Connection& c) -> Status {
    // "since" moves only when the state changes; the error is the latest.
    return c.Execute("INSERT INTO sms_gateway_state (name, state, since, last_error, updated_at) "
                     "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                     "since = CASE WHEN sms_gateway_state.state = excluded.state "
                     "THEN sms_gateway_state.since ELSE excluded.since END, "
                     "state = excluded.state, "
                     "last_error = CASE WHEN excluded.last_error = '' "
                     "THEN sms_gateway_state.last_error ELSE excluded.last_error END, "
                     "updated_at = excluded.updated_at",
                     {gateway, state, now, e, now})
        .status();
  });
}

StatusOr<GatewayStatus> Outbox::GetGatewayStatus(const std::string& gateway) {
  GatewayStatus g;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT state, since, last_error, updated_at FROM "
                                      "sms_gateway_state WHERE name = ?",
                                      {gateway}));
    if (!rs.empty()) {
      g.state = rs.Text(0, 0);
      g.since = rs.Int(0, 1);
      g.last_error = rs.Text(0, 2);
      g.updated_at = rs.Int(0, 3);
    }
    // A range instead of LIKE: both dialects use the (state, …) index.
    ASSIGN_OR_RETURN(auto w, c.Query("SELECT COUNT(*), MIN(not_before) FROM sms_outbox WHERE "
                                     "state = 'queued' AND reason >= 'gateway_unavailable' AND "
                                     "reason < 'gateway_unavailablf'"));
    g.waiting = w.Int(0, 0);
    g.next_retry_at = w.OptInt(0, 1);
    return Status::Ok();
  }));
  return g;
}

}  // namespace xiezuo::notify
