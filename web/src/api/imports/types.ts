/** Import jobs (docs/openapi.json: ImportJob, ImportReport). */
export type ImportKind = 'workers' | 'postings'
export type ImportMode = 'valid_rows_only' | 'all_or_nothing'
export type JobState = 'queued' | 'running' | 'done' | 'failed'

export interface ImportIssue {
  row: number
  column: string
  /** Spreadsheet cell, e.g. "D7"; absent for a whole-row problem. */
  cell?: string
  severity: 'error' | 'warning'
  message: string
  message_en: string
}

export interface ImportReport {
  kind: ImportKind
  format: string
  encoding: string
  header_row: number
  unknown_columns: string[]
  dry_run: boolean
  mode: ImportMode
  committed: boolean
  rows_total: number
  rows_valid: number
  rows_rejected: number
  inserted: number
  updated: number
  unchanged: number
  issues: ImportIssue[]
  issues_omitted: number
}

export interface ImportSummary {
  rows_total?: number
  rows_valid?: number
  rows_rejected?: number
  inserted?: number
  updated?: number
  unchanged?: number
  committed?: boolean
}

export interface ImportJob {
  id: number
  kind: ImportKind
  file_name: string
  file_bytes: number
  mode: ImportMode
  dry_run: boolean
  state: JobState
  rows_done: number
  /** Counted before the import, title and header rows included: show "约". */
  rows_estimate: number
  estimate_exact: boolean
  percent: number
  summary: ImportSummary
  has_report_xlsx: boolean
  created_by: string
  /** Unix seconds. */
  created_at: number
  started_at: number
  finished_at: number
  error?: { message: string; message_en: string }
  report?: ImportReport
}

export interface UploadOptions {
  kind: ImportKind
  mode: ImportMode
  dryRun: boolean
  file: File
  /** Bytes sent so far and the total, as the browser reports them. */
  onProgress?: (loaded: number, total: number) => void
}
