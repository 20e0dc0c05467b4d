-- The SMS gateway's health as the dispatchers last saw it (issue 5): one
-- row per gateway, written by a dispatcher when the gateway goes down or
-- comes back (and now and then while it stays down), read by
-- GET /api/v1/sms/status. Kept in the database, not in memory, so that
-- every server process sharing the outbox reports the same.
CREATE TABLE sms_gateway_state (
  name TEXT PRIMARY KEY,
  -- up | down
  state TEXT NOT NULL,
  -- when it entered this state
  since BIGINT NOT NULL,
  -- the last failure (no phone numbers: the gateway's answer or a
  -- connection error)
  last_error TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL
);
