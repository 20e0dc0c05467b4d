#include "store/migrations.h"

#include <algorithm>
#include <ctime>

namespace xiezuo::store {

// Defined in the generated migrations_data.cc.
std::vector<Migration> EmbeddedMigrations();

const std::vector<Migration>& AllMigrations() {
  static const std::vector<Migration> kAll = [] {
    auto v = EmbeddedMigrations();
    std::sort(v.begin(), v.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return v;
  }();
  return kAll;
}

namespace {

constexpr int64_t kMigrationLockKey = 0x78697a756f01;  // "xizuo" + 1

std::string ForDialect(const Migration& m, Dialect d) {
  std::string sql = m.common_sql;
  const std::string pk = d == Dialect::kSqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                               : "BIGSERIAL PRIMARY KEY";
  for (size_t pos; (pos = sql.find("{{PK}}")) != std::string::npos;) sql.replace(pos, 6, pk);
  sql += "\n";
  sql += d == Dialect::kSqlite ? m.sqlite_sql : m.postgres_sql;
  return sql;
}

Status EnsureTable(Connection& c) {
  return c.ExecScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
}

}  // namespace

StatusOr<int> SchemaVersion(Database& db) {
  int version = 0;
  RETURN_IF_ERROR(db.WithConnection([&](Connection& c) -> Status {
    RETURN_IF_ERROR(EnsureTable(c));
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    version = static_cast<int>(rs.Int(0, 0));
    return Status::Ok();
  }));
  return version;
}

StatusOr<int> Migrate(Database& db) {
  RETURN_IF_ERROR(db.WithConnection([](Connection& c) { return EnsureTable(c); }));
  int applied = 0;
  for (const Migration& m : AllMigrations()) {
    bool did = false;
    RETURN_IF_ERROR(db.Transact([&](Connection& c) -> Status {
      RETURN_IF_ERROR(c.LockForUpdate(kMigrationLockKey));
      ASSIGN_OR_RETURN(auto rs, c.Query("SELECT 1 FROM schema_migrations WHERE version = ?",
                                        {static_cast<int64_t>(m.version)}));
      if (!rs.empty()) return Status::Ok();
      RETURN_IF_ERROR(c.ExecScript(ForDialect(m, c.dialect())));
      RETURN_IF_ERROR(c.Execute(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
          {static_cast<int64_t>(m.version), m.name,
           static_cast<int64_t>(std::time(nullptr))}).status());
      did = true;
      return Status::Ok();
    }));
    if (did) ++applied;
  }
  return applied;
}

}  // namespace xiezuo::store
