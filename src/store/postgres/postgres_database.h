// PostgreSQL backend over libpq (production). Parameters are sent as text
// with server-inferred types; `?` placeholders are rewritten to $n.
// Unique violations come back as kAlreadyExists with detail "table.column",
// the same shape the SQLite backend gives, so services map them to fields
// once for both.
#ifndef XIEZUO_STORE_POSTGRES_POSTGRES_DATABASE_H_
#define XIEZUO_STORE_POSTGRES_POSTGRES_DATABASE_H_

#include <memory>
#include <string>

#include "store/database.h"

namespace xiezuo::store {

StatusOr<std::unique_ptr<Database>> OpenPostgres(const std::string& conninfo,
                                                 const DatabaseOptions& options);

}  // namespace xiezuo::store

#endif  // XIEZUO_STORE_POSTGRES_POSTGRES_DATABASE_H_
