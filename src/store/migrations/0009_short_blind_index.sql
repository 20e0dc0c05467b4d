-- Blind indexes keep a prefix of the keyed hash (security/pii.h,
-- BlindIndexBytes): 32 hex characters for the ID number, 24 for a phone,
-- instead of all 64. The worker indexes were ~80 MB each per million people
-- and every imported row wrote one entry at a random place in each. A
-- prefix of the old value is the new value, so stored rows are cut in
-- place; rows already short are left alone.
-- (This once cut id_last4_hash to 16 too. 0010 drops that column, so a
-- database migrating from before 0009 keeps its long values there until
-- 0010 removes them.)
UPDATE workers SET
  id_hash = substr(id_hash, 1, 32),
  phone_hash = substr(phone_hash, 1, 24)
WHERE length(id_hash) = 64;
UPDATE sms_outbox SET phone_hash = substr(phone_hash, 1, 24) WHERE length(phone_hash) = 64;
UPDATE sms_optouts SET phone_hash = substr(phone_hash, 1, 24) WHERE length(phone_hash) = 64;
UPDATE sms_daily_counts SET phone_hash = substr(phone_hash, 1, 24) WHERE length(phone_hash) = 64;
UPDATE sms_inbound SET phone_hash = substr(phone_hash, 1, 24) WHERE length(phone_hash) = 64;
UPDATE sms_login_codes SET phone_hash = substr(phone_hash, 1, 24) WHERE length(phone_hash) = 64;
