// Versioned schema migrations, shared by both backends.
//
// Each migration is migrations/NNNN_name.sql (both dialects; "{{PK}}" is
// replaced by the dialect's auto-increment key) plus optional
// NNNN_name.sqlite.sql / NNNN_name.postgres.sql for what only one dialect
// can say. They are embedded into the binary at build time. Each migration
// runs in its own transaction and is recorded in schema_migrations; on
// PostgreSQL an advisory lock keeps two starting servers from migrating at
// once.
#ifndef XIEZUO_STORE_MIGRATIONS_H_
#define XIEZUO_STORE_MIGRATIONS_H_

#include <string>
#include <vector>

#include "store/database.h"

namespace xiezuo::store {

struct Migration {
  int version;
  std::string name;
  std::string common_sql;
  std::string sqlite_sql;
  std::string postgres_sql;
};

// The embedded migrations, ordered by version.
const std::vector<Migration>& AllMigrations();

// Brings the schema to the newest version. Returns the number applied.
StatusOr<int> Migrate(Database& db);

// The highest applied version (0 for an empty database).
StatusOr<int> SchemaVersion(Database& db);

}  // namespace xiezuo::store

#endif  // XIEZUO_STORE_MIGRATIONS_H_
