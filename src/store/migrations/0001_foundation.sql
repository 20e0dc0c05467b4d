-- Foundation schema: organisations, accounts, sessions, cooperation pairs,
-- workers (personal data encrypted), enterprises, postings, applications and
-- the tamper-evident audit log.
-- {{PK}} becomes the dialect's auto-increment primary key.
-- Times are Unix seconds (UTC). Booleans are INTEGER 0/1. Lists are JSON text.

CREATE TABLE orgs (
  id {{PK}},
  parent_id BIGINT REFERENCES orgs(id),
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  -- Where the organisation sits: a county bureau's county, a village's
  -- 12-digit code, a station's or receiving bureau's city, an enterprise's place.
  region_code TEXT NOT NULL DEFAULT '',
  -- Stations only: the exporting county they belong to.
  home_region_code TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX ix_orgs_parent ON orgs(parent_id);
CREATE UNIQUE INDEX ux_orgs_type_name_region ON orgs(type, name, region_code);

CREATE TABLE users (
  id {{PK}},
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  password_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  last_login_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_users_username ON users(username);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX ix_sessions_user ON sessions(user_id);

CREATE TABLE coop_pairs (
  id {{PK}},
  exporting_region_code TEXT NOT NULL,
  receiving_region_code TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_coop_pairs ON coop_pairs(exporting_region_code, receiving_region_code);

CREATE TABLE workers (
  id {{PK}},
  name TEXT NOT NULL,
  sex TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  id_number_enc TEXT NOT NULL,
  id_hash TEXT NOT NULL,
  id_last4_hash TEXT NOT NULL,
  id_masked TEXT NOT NULL,
  phone_enc TEXT,
  phone_hash TEXT,
  phone_masked TEXT,
  -- 户籍地: a county, township or village code; county_code is its first
  -- six digits, kept for the scope filter.
  region_code TEXT NOT NULL,
  county_code TEXT NOT NULL,
  category TEXT NOT NULL,
  status TEXT NOT NULL,
  occupations TEXT NOT NULL DEFAULT '[]',
  wanted_regions TEXT NOT NULL DEFAULT '[]',
  local_only INTEGER NOT NULL DEFAULT 0,
  wage_floor BIGINT,
  family_needs TEXT NOT NULL DEFAULT '{}',
  skills TEXT NOT NULL DEFAULT '[]',
  training_wanted TEXT NOT NULL DEFAULT '',
  leave_date TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  -- The city where the worker works now (set on placement).
  current_city_code TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_workers_id_hash ON workers(id_hash);
CREATE INDEX ix_workers_county ON workers(county_code, id);
CREATE INDEX ix_workers_region ON workers(region_code);
CREATE INDEX ix_workers_phone_hash ON workers(phone_hash);
CREATE INDEX ix_workers_last4 ON workers(id_last4_hash);

-- What changed, by whom. Personal fields are recorded as "changed", never
-- with their values.
CREATE TABLE worker_history (
  id {{PK}},
  worker_id BIGINT NOT NULL REFERENCES workers(id),
  changed_at BIGINT NOT NULL,
  changed_by BIGINT,
  changes TEXT NOT NULL
);
CREATE INDEX ix_worker_history_worker ON worker_history(worker_id);

CREATE TABLE enterprises (
  id {{PK}},
  org_id BIGINT REFERENCES orgs(id),
  name TEXT NOT NULL,
  credit_code TEXT NOT NULL,
  credit_code_warning TEXT,
  credit_code_override_reason TEXT,
  region_code TEXT NOT NULL,
  industry_code TEXT NOT NULL DEFAULT '',
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone_enc TEXT,
  contact_phone_masked TEXT,
  blacklisted INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_enterprises_credit_code ON enterprises(credit_code);
CREATE INDEX ix_enterprises_region ON enterprises(region_code);

CREATE TABLE postings (
  id {{PK}},
  enterprise_id BIGINT NOT NULL REFERENCES enterprises(id),
  title TEXT NOT NULL,
  occupation_code TEXT NOT NULL,
  region_code TEXT NOT NULL,
  city_code TEXT NOT NULL,
  openings INTEGER NOT NULL CHECK (openings > 0),
  wage_min BIGINT NOT NULL,
  wage_max BIGINT NOT NULL,
  pay_type TEXT NOT NULL,
  board INTEGER NOT NULL DEFAULT 0,
  lodging INTEGER NOT NULL DEFAULT 0,
  dorm_size INTEGER,
  age_min INTEGER,
  age_max INTEGER,
  hours TEXT NOT NULL DEFAULT '',
  social_insurance INTEGER NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  valid_until TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (wage_max >= wage_min)
);
CREATE INDEX ix_postings_enterprise ON postings(enterprise_id);
CREATE INDEX ix_postings_city ON postings(city_code, status);

CREATE TABLE applications (
  id {{PK}},
  worker_id BIGINT NOT NULL REFERENCES workers(id),
  posting_id BIGINT NOT NULL REFERENCES postings(id),
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_applications_worker_posting ON applications(worker_id, posting_id);
CREATE INDEX ix_applications_posting ON applications(posting_id);

-- Append-only; each row's hash is a keyed MAC over its fields and the
-- previous row's hash (see src/audit/). Ids are assigned by the appender.
CREATE TABLE audit_log (
  id BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  result TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
