-- Import jobs (issue 3): a large list uploaded through the console is
-- imported in the background; its progress and report live here so that
-- any server (stateless over PostgreSQL) can answer about it.
--
-- state: queued | running | done | failed. rows_estimate is a pre-count of
-- the file's rows (title and blank rows make it approximate, "约").
-- node names the server process that holds the upload and runs the job;
-- heartbeat_at moves with every progress write, so a job whose server died
-- is found (and marked failed) by its server on restart or by any server
-- once the heartbeat is stale.
CREATE TABLE import_jobs (
  id {{PK}},
  kind TEXT NOT NULL,
  file_name TEXT NOT NULL DEFAULT '',
  file_bytes BIGINT NOT NULL DEFAULT 0,
  mode TEXT NOT NULL,
  dry_run INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  rows_done BIGINT NOT NULL DEFAULT 0,
  rows_estimate BIGINT NOT NULL DEFAULT 0,
  summary TEXT NOT NULL DEFAULT '{}',
  report TEXT NOT NULL DEFAULT '',
  report_xlsx TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT '',
  error_en TEXT NOT NULL DEFAULT '',
  node TEXT NOT NULL DEFAULT '',
  user_id BIGINT NOT NULL,
  username TEXT NOT NULL DEFAULT '',
  org_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  started_at BIGINT NOT NULL DEFAULT 0,
  finished_at BIGINT NOT NULL DEFAULT 0,
  heartbeat_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX ix_import_jobs_org ON import_jobs(org_id, id);
CREATE INDEX ix_import_jobs_state ON import_jobs(state);
