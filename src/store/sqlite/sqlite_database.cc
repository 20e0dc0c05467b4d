#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <atomic>
#include <string>
#include <unordered_map>

#include "store/pool.h"

namespace xiezuo::store {
namespace {

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int primary = rc & 0xFF;
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    // "UNIQUE constraint failed: workers.id_hash" -> detail "workers.id_hash"
    std::string m = db ? sqlite3_errmsg(db) : "";
    auto pos = m.find(": ");
    Status s = AlreadyExists("记录已存在", "Record already exists");
    s.set_detail(pos == std::string::npos ? m : m.substr(pos + 2));
    return s;
  }
  if (primary == SQLITE_CONSTRAINT) {
    return FailedPrecondition("数据不满足约束条件", "Constraint violated").set_detail(msg);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return Unavailable("数据库繁忙，请稍后重试", "Database busy; retry shortly").set_detail(msg);
  }
  return Internal(msg);
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  StatusOr<ResultSet> Query(std::string_view sql, const Params& params) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
    ResultSet rs;
    int ncol = sqlite3_column_count(stmt);
    for (int i = 0; i < ncol; ++i) rs.columns.emplace_back(sqlite3_column_name(stmt, i));
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Status s = SqliteError(db_, sqlite3_extended_errcode(db_), "step");
        Done(stmt);
        return s;
      }
      auto& row = rs.rows.emplace_back();
      row.reserve(ncol);
      for (int i = 0; i < ncol; ++i) {
        if (sqlite3_column_type(stmt, i) == SQLITE_NULL) {
          row.emplace_back(std::nullopt);
        } else {
          const unsigned char* t = sqlite3_column_text(stmt, i);
          int n = sqlite3_column_bytes(stmt, i);
          row.emplace_back(std::string(reinterpret_cast<const char*>(t), n));
        }
      }
    }
    Done(stmt);
    return rs;
  }

  StatusOr<int64_t> Execute(std::string_view sql, const Params& params) override {
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
      Status s = SqliteError(db_, sqlite3_extended_errcode(db_), "execute");
      Done(stmt);
      return s;
    }
    Done(stmt);
    return static_cast<int64_t>(sqlite3_changes(db_));
  }

  Status ExecScript(std::string_view sql) override {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string m = err ? err : "";
      sqlite3_free(err);
      return SqliteError(db_, sqlite3_extended_errcode(db_), "exec");
    }
    return Status::Ok();
  }

  Status LockForUpdate(int64_t) override { return Status::Ok(); }

 private:
  // After the last step: the statement stays cached, without pointers to
  // the parameters it was bound to (they are bound SQLITE_STATIC).
  static void Done(sqlite3_stmt* stmt) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }

  StatusOr<sqlite3_stmt*> Prepare(std::string_view sql, const Params& params) {
    std::string key(sql);
    sqlite3_stmt* stmt = nullptr;
    auto it = cache_.find(key);
    if (it != cache_.end()) {
      stmt = it->second;
      sqlite3_clear_bindings(stmt);
    } else {
      int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare");
      cache_.emplace(std::move(key), stmt);
    }
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return Internal("parameter count mismatch");
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i) + 1;
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              return sqlite3_bind_null(stmt, idx);
            } else if constexpr (std::is_same_v<T, int64_t>) {
              return sqlite3_bind_int64(stmt, idx, v);
            } else if constexpr (std::is_same_v<T, double>) {
              return sqlite3_bind_double(stmt, idx, v);
            } else {
              // Not copied: `params` outlives the statement's use, and
              // Done() unbinds before the caller's strings go away.
              return sqlite3_bind_text(stmt, idx, v.data(), static_cast<int>(v.size()),
                                       SQLITE_STATIC);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "bind");
    }
    return stmt;
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDatabase final : public Database {
 public:
  Dialect dialect() const override { return Dialect::kSqlite; }
  ConnectionPool pool;

 protected:
  StatusOr<std::unique_ptr<Connection, std::function<void(Connection*)>>> Acquire() override {
    return pool.Acquire();
  }
  Status Begin(Connection& c) override { return c.ExecScript("BEGIN IMMEDIATE"); }
};

std::atomic<int> g_memdb_counter{0};

}  // namespace

StatusOr<std::unique_ptr<Database>> OpenSqlite(const std::string& path,
                                               const DatabaseOptions& options) {
  auto db = std::make_unique<SqliteDatabase>();
  std::string target = path;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  bool memory = path == ":memory:";
  if (memory) {
    // A named shared-cache in-memory database so that every pooled
    // connection sees the same data.
    target = "file:xiezuo_mem_" + std::to_string(g_memdb_counter++) + "?mode=memory&cache=shared";
    flags |= SQLITE_OPEN_URI;
  }
  int n = memory ? 1 : std::max(1, options.pool_size);
  for (int i = 0; i < n; ++i) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(target.c_str(), &raw, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string m = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
      if (raw) sqlite3_close_v2(raw);
      return Unavailable("无法打开数据库文件 " + path, "Cannot open database file " + path + ": " + m);
    }
    auto conn = std::make_unique<SqliteConnection>(raw);
    sqlite3_busy_timeout(raw, options.sqlite_busy_timeout_ms);
    std::string pragmas = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
    if (!memory) pragmas = "PRAGMA journal_mode=WAL; " + pragmas;
    RETURN_IF_ERROR(conn->ExecScript(pragmas));
    db->pool.Add(std::move(conn));
  }
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace xiezuo::store
