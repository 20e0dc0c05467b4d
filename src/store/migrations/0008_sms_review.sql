-- SMS in the console: an admin who rejects a template says why, and the
-- author reads it beside the template.
ALTER TABLE sms_templates ADD COLUMN review_reason TEXT NOT NULL DEFAULT '';
