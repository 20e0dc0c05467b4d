#include "store/postgres/postgres_database.h"

#include <libpq-fe.h>

#include <string>
#include <unordered_map>

#include "common/strings.h"
#include "store/pool.h"

namespace xiezuo::store {
namespace {

// "Key (id_hash)=(…) already exists." -> "id_hash". The value part is never
// kept: it may be personal data.
std::string KeyColumnsFromDetail(const char* detail) {
  if (!detail) return "";
  std::string d = detail;
  auto open = d.find("Key (");
  if (open == std::string::npos) return "";
  auto close = d.find(")=", open);
  if (close == std::string::npos) return "";
  return d.substr(open + 5, close - open - 5);
}

// PostgreSQL echoes offending values in its messages ('invalid input syntax
// for type bigint: "13812345678"'); internal errors end up in the log, so
// they pass through RedactValues (common/strings.h) first.
Status PgResultError(PGresult* res, PGconn* conn) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  std::string primary;
  if (res) {
    const char* p = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    primary = p ? p : "";
  } else {
    primary = PQerrorMessage(conn);
  }
  if (sqlstate == "23505") {
    const char* table = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
    std::string cols = KeyColumnsFromDetail(PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
    Status s = AlreadyExists("记录已存在", "Record already exists");
    s.set_detail(std::string(table ? table : "") + "." + cols);
    return s;
  }
  if (sqlstate.rfind("23", 0) == 0) {
    return FailedPrecondition("数据不满足约束条件", "Constraint violated").set_detail(primary);
  }
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate.rfind("08", 0) == 0 ||
      sqlstate == "57P01") {
    return Unavailable("数据库繁忙，请稍后重试", "Database busy or unreachable; retry shortly")
        .set_detail(primary);
  }
  return Internal("postgres " + sqlstate + ": " + RedactValues(primary));
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* c) : conn_(c) {}
  ~PgConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  StatusOr<ResultSet> Query(std::string_view sql, const Params& params) override {
    ASSIGN_OR_RETURN(PGresult * res, Run(sql, params));
    ResultSet rs;
    int ncol = PQnfields(res);
    int nrow = PQntuples(res);
    for (int i = 0; i < ncol; ++i) rs.columns.emplace_back(PQfname(res, i));
    rs.rows.reserve(nrow);
    for (int r = 0; r < nrow; ++r) {
      auto& row = rs.rows.emplace_back();
      row.reserve(ncol);
      for (int i = 0; i < ncol; ++i) {
        if (PQgetisnull(res, r, i)) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(std::string(PQgetvalue(res, r, i), PQgetlength(res, r, i)));
        }
      }
    }
    PQclear(res);
    return rs;
  }

  StatusOr<int64_t> Execute(std::string_view sql, const Params& params) override {
    ASSIGN_OR_RETURN(PGresult * res, Run(sql, params));
    const char* n = PQcmdTuples(res);
    int64_t changed = (n && *n) ? std::stoll(n) : 0;
    PQclear(res);
    return changed;
  }

  Status ExecScript(std::string_view sql) override {
    std::string s(sql);
    PGresult* res = PQexec(conn_, s.c_str());
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Status err = PgResultError(res, conn_);
      PQclear(res);
      return err;
    }
    PQclear(res);
    return Status::Ok();
  }

  Status LockForUpdate(int64_t key) override {
    return Query("SELECT pg_advisory_xact_lock(?)", {key}).status();
  }

  bool Healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  void Reset() { PQreset(conn_); }

 private:
  StatusOr<PGresult*> Run(std::string_view sql, const Params& params) {
    std::string text = RewritePlaceholdersForPostgres(sql);
    std::vector<std::string> values(params.size());
    std::vector<const char*> ptrs(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              ptrs[i] = nullptr;
            } else if constexpr (std::is_same_v<T, std::string>) {
              ptrs[i] = v.c_str();
            } else {
              values[i] = std::to_string(v);
              ptrs[i] = values[i].c_str();
            }
          },
          params[i]);
    }
    PGresult* res = PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr,
                                 ptrs.data(), nullptr, nullptr, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Status err = PgResultError(res, conn_);
      PQclear(res);
      return err;
    }
    return res;
  }

  PGconn* conn_;
};

class PgDatabase final : public Database {
 public:
  Dialect dialect() const override { return Dialect::kPostgres; }
  ConnectionPool pool;

 protected:
  StatusOr<std::unique_ptr<Connection, std::function<void(Connection*)>>> Acquire() override {
    auto c = pool.Acquire();
    auto* pg = static_cast<PgConnection*>(c.get());
    if (!pg->Healthy()) pg->Reset();
    if (!pg->Healthy()) {
      return Unavailable("数据库连接中断，请稍后重试", "PostgreSQL connection lost");
    }
    return c;
  }
  Status Begin(Connection& c) override { return c.ExecScript("BEGIN"); }
};

}  // namespace

StatusOr<std::unique_ptr<Database>> OpenPostgres(const std::string& conninfo,
                                                 const DatabaseOptions& options) {
  auto db = std::make_unique<PgDatabase>();
  for (int i = 0; i < std::max(1, options.pool_size); ++i) {
    PGconn* c = PQconnectdb(conninfo.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      // The message may echo the host but never a password we log.
      std::string m = PQerrorMessage(c);
      PQfinish(c);
      return Unavailable("无法连接 PostgreSQL 数据库，请检查 XIEZUO_DB 设置",
                         "Cannot connect to PostgreSQL (check XIEZUO_DB): " + m);
    }
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
    auto conn = std::make_unique<PgConnection>(c);
    RETURN_IF_ERROR(conn->ExecScript("SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'"));
    db->pool.Add(std::move(conn));
  }
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace xiezuo::store
