// The store: one database interface, two backends (sqlite/, postgres/).
//
//   ASSIGN_OR_RETURN(auto db, OpenDatabase("sqlite:var/xiezuo.db", {}));
//   RETURN_IF_ERROR(db->Transact([&](Connection& c) -> Status {
//     ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id FROM orgs WHERE name = ?",
//                                       {std::string("巧家县人社局")}));
//     ...
//     return Status::Ok();
//   }));
//
// SQL is written once, in the subset both SQLite (3.40) and PostgreSQL (15)
// accept: `?` placeholders (the PostgreSQL backend rewrites them to $n),
// INSERT ... RETURNING, integers as BIGINT, booleans as INTEGER 0/1, JSON kept
// as TEXT. Where the dialects differ (DDL for keys and triggers) the
// migrations carry per-dialect files; code that must differ asks dialect().
//
// Thread-safety: Database is safe for concurrent use (it is a pool). A
// Connection is used by one thread at a time, inside WithConnection/Transact.
#ifndef XIEZUO_STORE_DATABASE_H_
#define XIEZUO_STORE_DATABASE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"

namespace xiezuo::store {

enum class Dialect { kSqlite, kPostgres };
const char* DialectName(Dialect d);

using Param = std::variant<std::nullptr_t, int64_t, double, std::string>;
using Params = std::vector<Param>;

// Optional<string> to Param: nullopt becomes NULL.
Param OptText(const std::optional<std::string>& v);
Param OptInt(const std::optional<int64_t>& v);

// A fully materialised result. Values are text as the database printed them
// (NULL is nullopt); typed getters parse.
class ResultSet {
 public:
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;

  size_t size() const { return rows.size(); }
  bool empty() const { return rows.empty(); }
  bool IsNull(size_t row, size_t col) const { return !rows[row][col].has_value(); }
  const std::string& Text(size_t row, size_t col) const;  // "" for NULL
  int64_t Int(size_t row, size_t col) const;               // 0 for NULL
  std::optional<int64_t> OptInt(size_t row, size_t col) const;
  std::optional<std::string> OptText(size_t row, size_t col) const;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  virtual StatusOr<ResultSet> Query(std::string_view sql, const Params& params = {}) = 0;
  // Returns the number of rows changed.
  virtual StatusOr<int64_t> Execute(std::string_view sql, const Params& params = {}) = 0;
  // Several statements, no parameters (migrations, DDL).
  virtual Status ExecScript(std::string_view sql) = 0;

  // Serialises writers of one logical resource until the end of the current
  // transaction (pg_advisory_xact_lock on PostgreSQL; a no-op on SQLite,
  // where write transactions are already serial: BEGIN IMMEDIATE).
  virtual Status LockForUpdate(int64_t resource_key) = 0;

  // Convenience: the single integer of a one-row, one-column result.
  StatusOr<int64_t> QueryInt(std::string_view sql, const Params& params = {});
};

struct DatabaseOptions {
  // Connections kept in the pool. SQLite in WAL mode allows many readers and
  // one writer; PostgreSQL one backend process per connection.
  int pool_size = 4;
  // How long a writer waits for SQLite's write lock before failing.
  int sqlite_busy_timeout_ms = 10000;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  // Runs fn in one transaction: commit if it returns OK, roll back otherwise
  // (and on exceptions, which propagate). Every multi-row change goes here.
  Status Transact(const std::function<Status(Connection&)>& fn);
  // The same on a connection the caller holds (from WithConnection), for
  // work that spans several transactions on one connection with settings
  // of its own (a bulk import's SQLite page cache).
  Status Transact(Connection& c, const std::function<Status(Connection&)>& fn);
  // Runs fn on a pooled connection in autocommit mode (single reads).
  Status WithConnection(const std::function<Status(Connection&)>& fn);
  // Cheap liveness check for /readyz.
  Status Ping();

 protected:
  virtual StatusOr<std::unique_ptr<Connection, std::function<void(Connection*)>>> Acquire() = 0;
  virtual Status Begin(Connection& c) = 0;
};

// url: "sqlite:PATH", "sqlite::memory:", a path ending in .db, or
// "postgresql://…" / "postgres://…" (libpq connection URI).
StatusOr<std::unique_ptr<Database>> OpenDatabase(const std::string& url,
                                                 const DatabaseOptions& options = {});

// Rewrites `?` placeholders to `$1..$n`, leaving quoted strings alone.
std::string RewritePlaceholdersForPostgres(std::string_view sql);

}  // namespace xiezuo::store

#endif  // XIEZUO_STORE_DATABASE_H_
