-- The matching engine (issue 4): policies, batches, recommendations with
-- their reasons, and the outcomes officials mark (stored for evaluation;
-- the engine learns nothing from them it was not told).

-- A versioned policy (weights, priorities, α, k) as JSON (match/policy.h).
CREATE TABLE match_policies (
  version BIGINT PRIMARY KEY,
  policy TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);

-- One batch run: its scope ("pair:451425:440700", "county:451425",
-- "province:530000"), the policy version it used, and its quality figures.
CREATE TABLE match_batches (
  id {{PK}},
  scope TEXT NOT NULL,
  policy_version BIGINT NOT NULL,
  workers INTEGER NOT NULL,
  postings INTEGER NOT NULL,
  skipped TEXT NOT NULL DEFAULT '{}',
  quality TEXT NOT NULL DEFAULT '{}',
  created_by BIGINT,
  created_at BIGINT NOT NULL
);

-- outcome: none | contacted | interested | applied | hired | declined
CREATE TABLE match_recommendations (
  id {{PK}},
  batch_id BIGINT NOT NULL REFERENCES match_batches(id),
  worker_id BIGINT NOT NULL REFERENCES workers(id),
  posting_id BIGINT NOT NULL REFERENCES postings(id),
  rank INTEGER NOT NULL,
  score BIGINT NOT NULL,
  reasons_zh TEXT NOT NULL,
  reasons_en TEXT NOT NULL,
  outcome TEXT NOT NULL DEFAULT 'none',
  outcome_reason TEXT NOT NULL DEFAULT '',
  outcome_by BIGINT,
  outcome_at BIGINT
);
CREATE INDEX ix_match_recs_worker ON match_recommendations(worker_id, batch_id);
CREATE INDEX ix_match_recs_posting ON match_recommendations(posting_id, batch_id);
