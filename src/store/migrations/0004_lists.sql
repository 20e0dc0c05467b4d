-- The lists issue: minimum wages, posting verification against the
-- inspection outline, and the monthly list exchange.

-- Minimum wage by province and tier (一类/二类/三类), editable by admins.
-- Amounts in whole yuan: monthly, and hourly for part-time work.
CREATE TABLE min_wages (
  province_code TEXT NOT NULL,
  tier INTEGER NOT NULL,
  monthly BIGINT NOT NULL,
  hourly BIGINT NOT NULL,
  effective_from TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (province_code, tier)
);
-- Which tier a city or county belongs to (the most specific code wins);
-- places without a row are checked against the province's lowest tier.
CREATE TABLE min_wage_tiers (
  region_code TEXT PRIMARY KEY,
  tier INTEGER NOT NULL
);
-- 云南省, from 2025-10-01 (DOMAIN.md): 1,990 / 1,840 / 1,690 a month,
-- 19 / 18 / 17 an hour.
INSERT INTO min_wages (province_code, tier, monthly, hourly, effective_from, source, updated_at)
  VALUES ('530000', 1, 1990, 19, '2025-10-01', '云南省人民政府（见 DOMAIN.md）', 0);
INSERT INTO min_wages (province_code, tier, monthly, hourly, effective_from, source, updated_at)
  VALUES ('530000', 2, 1840, 18, '2025-10-01', '云南省人民政府（见 DOMAIN.md）', 0);
INSERT INTO min_wages (province_code, tier, monthly, hourly, effective_from, source, updated_at)
  VALUES ('530000', 3, 1690, 17, '2025-10-01', '云南省人民政府（见 DOMAIN.md）', 0);

-- A requirement by sex, ethnicity or origin is allowed only with a
-- recorded exception (e.g. work the law closes to women).
ALTER TABLE postings ADD COLUMN requirement_exception TEXT NOT NULL DEFAULT '';

-- The inspection outline (8 categories, 88 items), versioned: a review
-- keeps the version it was filled against.
CREATE TABLE inspection_outlines (
  version INTEGER PRIMARY KEY,
  body TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);

-- Each step of a posting's verification: submit, verify, reject, publish,
-- fill, expire; with the outline answers and reasons.
CREATE TABLE posting_reviews (
  id {{PK}},
  posting_id BIGINT NOT NULL REFERENCES postings(id),
  action TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  outline_version INTEGER,
  answers TEXT NOT NULL DEFAULT '{}',
  reasons TEXT NOT NULL DEFAULT '[]',
  photos TEXT NOT NULL DEFAULT '[]',
  actor BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX ix_posting_reviews_posting ON posting_reviews(posting_id, id);

-- Published monthly lists (三来三往): one supply and one demand workbook per
-- pair and month, kept so that past months stay downloadable.
CREATE TABLE list_publications (
  id {{PK}},
  exporting_code TEXT NOT NULL,
  receiving_code TEXT NOT NULL,
  month TEXT NOT NULL,
  kind TEXT NOT NULL,
  enterprises BIGINT NOT NULL,
  postings BIGINT NOT NULL,
  openings BIGINT NOT NULL,
  workers BIGINT NOT NULL,
  xlsx_base64 TEXT NOT NULL,
  published_by BIGINT,
  published_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_list_publications ON list_publications(exporting_code, receiving_code, month, kind);

-- Search by pinyin and initials: "zhangsan zs" for 张三, written by the
-- worker service (ICU Han-Latin); rows from before are filled at start-up.
ALTER TABLE workers ADD COLUMN name_search TEXT NOT NULL DEFAULT '';
