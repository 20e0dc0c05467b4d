-- Blind indexes keep a prefix of the keyed hash (security/pii.h,
-- BlindIndexBytes): 32 hex characters for the ID number, 24 for a phone,
-- 16 for the last four ID digits, instead of all 64. The three worker
-- indexes were ~80 MB each per million people and every imported row wrote
-- one entry at a random place in each. A prefix of the old value is the new
-- value, so stored rows are cut in place; rows already short are left alone.
UPDATE workers SET
  id_hash = substr(id_hash, 1, 32),
  id_last4_hash = substr(id_last4_hash, 1, 16),
  phone_hash = substr(phone_hash, 1, 24)
WHERE length(id_hash) = 64;
UPDATE sms_outbox SET phone_hash = substr(phone_hash, 1, 24) WHERE length(phone_hash) = 64;
UPDATE sms_optouts SET phone_hash = substr(phone_hash, 1, 24) WHERE length(phone_hash) = 64;
UPDATE sms_daily_counts SET phone_hash = substr(phone_hash, 1, 24) WHERE length(phone_hash) = 64;
UPDATE sms_inbound SET phone_hash = substr(phone_hash, 1, 24) WHERE length(phone_hash) = 64;
UPDATE sms_login_codes SET phone_hash = substr(phone_hash, 1, 24) WHERE length(phone_hash) = 64;
