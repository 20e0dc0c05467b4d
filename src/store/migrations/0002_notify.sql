-- Notifications: SMS templates, campaigns, the transactional outbox the
-- dispatcher drains into Kannel, opt-outs, per-number daily counts, inbound
-- messages, and SMS sign-in codes for workers.
-- Phone numbers are never stored in clear: *_enc is PiiCipher ciphertext,
-- *_hash the keyed blind index (same context as workers.phone_hash, so an
-- opt-out matches a worker's row directly).

CREATE TABLE sms_templates (
  id {{PK}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  -- Body with {{variable}} placeholders; the signature and the opt-out
  -- line are added when a message is composed.
  body TEXT NOT NULL,
  variables TEXT NOT NULL DEFAULT '[]',
  -- draft -> approved (by an admin) | rejected
  status TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  approved_by BIGINT,
  approved_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX ix_sms_templates_org ON sms_templates(org_id, id);

CREATE TABLE sms_campaigns (
  id {{PK}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  template_id BIGINT NOT NULL REFERENCES sms_templates(id),
  -- {"filter":{...}} or {"worker_ids":[...]}, and the campaign's variables.
  audience TEXT NOT NULL,
  variables TEXT NOT NULL DEFAULT '{}',
  -- draft -> sending (queued into the outbox) ; recipients counted on send
  status TEXT NOT NULL,
  recipients BIGINT NOT NULL DEFAULT 0,
  skipped BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX ix_sms_campaigns_org ON sms_campaigns(org_id, id);

CREATE TABLE sms_outbox (
  id {{PK}},
  -- e.g. "campaign:12:worker:345", "login:77": unique, so the same worker
  -- never gets the same message twice, however often it is enqueued.
  idempotency_key TEXT NOT NULL,
  campaign_id BIGINT,
  worker_id BIGINT,
  phone_enc TEXT NOT NULL,
  phone_hash TEXT NOT NULL,
  phone_masked TEXT NOT NULL,
  body TEXT NOT NULL,
  parts INTEGER NOT NULL,
  -- 0 login codes and other transactional messages (sent first, also at
  -- night, not capped); 10 campaigns.
  priority INTEGER NOT NULL,
  -- queued -> sending (leased) -> sent -> delivered | failed
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before BIGINT NOT NULL,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until BIGINT NOT NULL DEFAULT 0,
  gateway_answer TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  sent_at BIGINT,
  delivered_at BIGINT
);
CREATE UNIQUE INDEX ux_sms_outbox_key ON sms_outbox(idempotency_key);
CREATE INDEX ix_sms_outbox_ready ON sms_outbox(state, priority, id);
CREATE INDEX ix_sms_outbox_lease ON sms_outbox(state, lease_until);
CREATE INDEX ix_sms_outbox_campaign ON sms_outbox(campaign_id, state);
CREATE INDEX ix_sms_outbox_worker ON sms_outbox(worker_id, id);

CREATE TABLE sms_optouts (
  phone_hash TEXT PRIMARY KEY,
  opted_out_at BIGINT NOT NULL
);

-- Campaign messages sent to a number on one Asia/Shanghai day.
CREATE TABLE sms_daily_counts (
  phone_hash TEXT NOT NULL,
  day BIGINT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (phone_hash, day)
);

CREATE TABLE sms_inbound (
  id {{PK}},
  phone_hash TEXT NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  received_at BIGINT NOT NULL
);

CREATE TABLE sms_login_codes (
  id {{PK}},
  phone_hash TEXT NOT NULL,
  worker_id BIGINT,
  addr_hash TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  used INTEGER NOT NULL DEFAULT 0,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX ix_sms_login_codes_phone ON sms_login_codes(phone_hash, created_at);
CREATE INDEX ix_sms_login_codes_addr ON sms_login_codes(addr_hash, created_at);

-- Sessions of workers signed in by SMS code (self-service pages).
CREATE TABLE worker_sessions (
  token_hash TEXT PRIMARY KEY,
  worker_id BIGINT NOT NULL REFERENCES workers(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
