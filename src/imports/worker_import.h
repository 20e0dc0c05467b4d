// Bulk import of a job-seeker list (求职清单) from CSV or XLSX.
//
//   WorkerImporter importer(db, workers, codebook, cipher);
//   ImportOptions o;  o.mode = Mode::kAllOrNothing;  o.dry_run = true;
//   ASSIGN_OR_RETURN(ImportReport r, importer.ImportFile(principal, "名单.xlsx", o));
//
// Columns by name (see kWorkerFields in the .cc): required 姓名, 身份证号,
// 手机号, 户籍地. The 手机号 column must be present but a cell may be empty:
// some villagers have no phone; the row is imported with a warning that the
// person will get no SMS. Every row is validated by WorkerService (the same
// rules as the console); the importer only turns cells into a WorkerInput
// (names of places and occupations to codes, Excel numbers and dates to
// text) and maps the service's field errors back to the sheet's columns.
//
// Idempotent: a person is identified by the ID number (keyed hash). A row
// whose person exists is an update (what changed is reported; nothing is
// written when nothing changed); columns absent from the file keep the
// stored values, and the job-seeking status is never changed by an import.
// The same ID number twice in a file: the later rows are rejected.
//
// Speed (bench/imports): every row is validated once, by
// WorkerService::Prepare, which also encrypts and hashes it; a reader
// thread reads, parses and prepares batches while the calling thread writes
// them: one lookup of the stored people per 256 rows, new people in
// multi-row INSERTs, existing ones through WorkerService::UpdateIn (history
// and an audit row each). A bulk create writes one audit record per import
// ("worker.import": the file's SHA-256, mode and counts), not one a person.
//
// Memory: the reader streams; at most three batches of rows are queued (one
// being read, two waiting), the open transaction's rows (commit_rows) are
// held for a replay, SQLite's page cache is fixed while the import writes,
// the report is capped, and about 24 bytes per row for the duplicate check.
// Thread-safety: an importer may be shared; each call is independent and
// uses one extra thread while it runs.
#ifndef XIEZUO_IMPORTS_WORKER_IMPORT_H_
#define XIEZUO_IMPORTS_WORKER_IMPORT_H_

#include <functional>
#include <string>

#include "auth/principal.h"
#include "codes/codebook.h"
#include "imports/columns.h"
#include "imports/report.h"
#include "imports/table_reader.h"
#include "security/pii.h"
#include "store/database.h"
#include "workers/worker.h"

namespace xiezuo::imports {

struct ImportOptions {
  Mode mode = Mode::kValidRowsOnly;
  // Validate and simulate the writes in a transaction that is rolled back.
  bool dry_run = false;
  ReaderLimits limits;
  // Rows read, validated and written together. Default 1000.
  int batch_rows = 1000;
  // kValidRowsOnly: rows written per transaction, with no savepoint; the
  // transaction's prepared rows are held until it commits, so that when a
  // write fails it is rolled back and its rows written again with a
  // savepoint a batch (a row where needed), losing nothing but the bad row.
  // Default 50,000: the keyed-hash indexes take rows in random places, so
  // every commit rewrites about as many index pages as it has rows; fewer
  // commits write far less (1,000,000 rows, release build: 42k rows/s at
  // 20,000, 48k at 50,000), and the write lock is held about a second.
  // A held row costs ~1.5 KB once written (its INSERT values are dropped).
  int64_t commit_rows = 50000;
  // Called after every batch with the rows read so far (progress bars), on
  // the thread that called ImportFile.
  std::function<void(int64_t)> progress;
};

// The worker columns, for the template and the documentation.
const std::vector<FieldSpec>& WorkerFields();

// Shared by the worker and posting importers: fills the report's header
// facts (kind, format, encoding, mode, header row, unknown columns, labels)
// and returns where each field's column is.
StatusOr<HeaderMap> BeginReport(const char* kind, TableReader& reader, const ImportOptions& o,
                                const std::vector<FieldSpec>& fields, ImportReport* r);

// The status an import returns from its transaction to roll it back on
// purpose (dry run, all-or-nothing with rejected rows), and its test.
Status RollbackOnPurpose();
bool IsRollbackOnPurpose(const Status& s);

class WorkerImporter {
 public:
  WorkerImporter(store::Database& db, workers::WorkerService& workers,
                 const codes::Codebook& codebook, const security::PiiCipher& cipher)
      : db_(db), workers_(workers), codebook_(codebook), cipher_(cipher) {}

  // Errors that stop the whole file (unreadable, no header, a missing
  // required column) are returned as a Status; row problems are in the report.
  StatusOr<ImportReport> ImportFile(const auth::Principal& p, const std::string& path,
                                    const ImportOptions& options);
  StatusOr<ImportReport> Import(const auth::Principal& p, TableReader& reader,
                                const ImportOptions& options);

 private:
  StatusOr<ImportReport> Run(const auth::Principal& p, TableReader& reader,
                             const ImportOptions& options, const std::string& sha256);

  store::Database& db_;
  workers::WorkerService& workers_;
  const codes::Codebook& codebook_;
  const security::PiiCipher& cipher_;
};

}  // namespace xiezuo::imports

#endif  // XIEZUO_IMPORTS_WORKER_IMPORT_H_
