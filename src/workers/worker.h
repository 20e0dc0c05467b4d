// Workers (务工人员): the job-seeker record a county keeps — who they are,
// where they are registered, what work they want — with the ID number and
// phone encrypted at rest, found by keyed hash, and masked on every list.
//
//   WorkerService workers(db, codebook, cipher, audit, clock);
//   ASSIGN_OR_RETURN(int64_t id, workers.Create(principal, input));
//   ASSIGN_OR_RETURN(auto page, workers.List(principal, filter, offset, limit));
//
// Every call takes the calling Principal and applies auth::WorkerScope: a
// worker outside scope is "not found" (and the attempt is audited).
// Thread-safety: safe for concurrent use.
#ifndef XIEZUO_WORKERS_WORKER_H_
#define XIEZUO_WORKERS_WORKER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "codes/codebook.h"
#include "common/clock.h"
#include "security/pii.h"
#include "store/database.h"

namespace xiezuo::workers {

// 人员类别
inline constexpr const char* kCategories[] = {"poverty_alleviated", "relocated", "disabled",
                                              "general"};
// 求职状态
inline constexpr const char* kStatuses[] = {"available", "placed", "not_seeking"};

struct FamilyNeeds {
  bool children = false;        // must stay near children / bring children
  bool elderly = false;         // cares for elderly relatives
  bool disability = false;      // the worker has a disability
  bool couple = false;          // a couple moving together
  bool work_from_home = false;  // can only work from home
};

struct WorkerInput {
  std::string name;
  std::string id_number;
  std::optional<std::string> phone;  // some workers have none
  std::string region_code;           // 户籍地: county, township or village
  std::string category = "general";
  std::string status = "available";
  std::vector<std::string> occupations;     // occupation codes wanted/held
  std::vector<std::string> wanted_regions;  // division codes
  bool local_only = false;
  std::optional<int64_t> wage_floor;  // yuan a month
  FamilyNeeds family_needs;
  std::vector<std::string> skills;  // certificates, free text
  std::string training_wanted;
  std::string leave_date;  // YYYY-MM-DD or ""
  std::string notes;
  std::optional<int64_t> version;  // required for updates (optimistic lock)
  // Updates only: keep the stored ID number / phone instead of the values
  // above (the console shows them masked and sends them only when retyped).
  bool keep_id_number = false;
  bool keep_phone = false;
};

struct Worker {
  int64_t id = 0;
  std::string name;
  std::string sex;  // "M" | "F"
  std::string birth_date;
  int age = 0;
  std::string id_masked;
  std::optional<std::string> phone_masked;
  std::string region_code;
  std::string category;
  std::string status;
  std::vector<std::string> occupations;
  std::vector<std::string> wanted_regions;
  bool local_only = false;
  std::optional<int64_t> wage_floor;
  FamilyNeeds family_needs;
  std::vector<std::string> skills;
  std::string training_wanted;
  std::string leave_date;
  std::string notes;
  std::string current_city_code;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t version = 0;
};

struct WorkerFilter {
  std::string q;            // name part, last 4 of the ID number, or a full phone
  std::string region_code;  // within this division
  std::string category;
  std::string status;
};

struct Revealed {
  std::string id_number;
  std::optional<std::string> phone;
};

// A worker validated once and ready to insert: the ciphertexts, keyed
// hashes, masks, JSON columns and the pinyin search key are computed by
// WorkerService::Prepare, so a bulk writer (the importer) does no more per
// row than bind them. Holds the ID number and phone in clear: keep it only
// as long as the batch it belongs to.
struct PreparedWorker {
  WorkerInput in;         // as validated: trimmed name, canonical codes
  std::string id_number;  // normalised, 18 characters
  std::string sex;        // "M" | "F", from the ID number
  std::string id_hash;    // BlindIndex of id_number (the person's key)
  store::Params values;   // the INSERT's values, in the order InsertPrepared binds
};

struct Summary {
  int64_t workers_total = 0;
  int64_t by_category[4] = {0, 0, 0, 0};
  int64_t by_status[3] = {0, 0, 0};
  int64_t placements_total = 0;
};

class WorkerService {
 public:
  WorkerService(store::Database& db, const codes::Codebook& codebook,
                const security::PiiCipher& cipher, audit::AuditLog& audit, const Clock& clock)
      : db_(db), codebook_(codebook), cipher_(cipher), audit_(audit), clock_(clock) {}

  StatusOr<int64_t> Create(const auth::Principal& p, const WorkerInput& in);
  // Inside a caller's transaction (demo loader, importer).
  StatusOr<int64_t> Insert(store::Connection& c, const auth::Principal& p, const WorkerInput& in);
  Status Update(const auth::Principal& p, int64_t id, const WorkerInput& in);
  StatusOr<Worker> Get(const auth::Principal& p, int64_t id);
  StatusOr<std::vector<Worker>> List(const auth::Principal& p, const WorkerFilter& f,
                                     int64_t offset, int64_t limit, int64_t* total);
  // Unmasked ID number and phone, for roles that contact workers; audited
  // with the officer's reason.
  StatusOr<Revealed> Reveal(const auth::Principal& p, int64_t id, const std::string& reason);
  // CSV (UTF-8 with BOM, for Excel) of the filtered workers, masked.
  StatusOr<std::string> ExportCsv(const auth::Principal& p, const WorkerFilter& f);
  StatusOr<Summary> Summarize(const auth::Principal& p);
  // Fills workers.name_search (pinyin) for rows written before it existed.
  // Returns the number of rows filled.
  StatusOr<int64_t> BackfillNameSearch();

  // Bulk creation, for the importer. Prepare validates and computes every
  // stored value (thread-safe, no database access: it may run on another
  // thread than the writer). The scope check is separate because an
  // importer learns only from the database whether a row is a create.
  StatusOr<PreparedWorker> Prepare(const WorkerInput& in) const;
  Status CheckCanInsert(const auth::Principal& p, const PreparedWorker& w) const;
  // Inserts the rows in the caller's transaction with multi-row INSERTs and
  // returns their ids in the order given. REQUIRES: CheckCanInsert passed for
  // each row. No audit row per person: the caller records the bulk action
  // with AuditBulk. A row whose ID number is already stored fails the call
  // (kAlreadyExists, field id_number). kRollBackTransaction (for a caller
  // that redoes its whole transaction when a write fails) lets SQLite end
  // the transaction on a constraint failure instead of undoing just the
  // statement, so it need not copy every page the statement changes to a
  // statement journal first; PostgreSQL aborts the transaction either way.
  // The rows' values are moved into the statements (no copy of two dozen
  // strings a row) and left empty: to write a row again, Prepare it again.
  enum class OnConflict { kUndoStatement, kRollBackTransaction };
  StatusOr<std::vector<int64_t>> InsertPrepared(store::Connection& c, const auth::Principal& p,
                                                const std::vector<PreparedWorker*>& rows,
                                                OnConflict on_conflict = OnConflict::kUndoStatement);
  // One audit row for a bulk action ("worker.import"); detail has no personal data.
  Status AuditBulk(store::Connection& c, const auth::Principal& p, const std::string& action,
                   const std::string& detail);

  // Validates and normalises input; the field errors name each bad field.
  struct Normalized;
  StatusOr<Normalized> Validate(const WorkerInput& in, bool for_update) const;
  // Validate's verdict for callers outside this file (the importer), which
  // cannot see Normalized.
  Status Check(const WorkerInput& in) const;

  // Update inside a caller's transaction; in.version must be the stored
  // version. Returns the changed field names ("id_number"/"phone" only as
  // changed, never their values). With skip_if_unchanged, a record with no
  // change is not written (idempotent re-import).
  StatusOr<std::vector<std::string>> UpdateIn(store::Connection& c, const auth::Principal& p,
                                              int64_t id, const WorkerInput& in,
                                              bool skip_if_unchanged);

 private:
  Status AuditDenied(const auth::Principal& p, const std::string& action, int64_t id);

  store::Database& db_;
  const codes::Codebook& codebook_;
  const security::PiiCipher& cipher_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace xiezuo::workers

#endif  // XIEZUO_WORKERS_WORKER_H_
