// SQLite backend: the embedded default. WAL journal, foreign keys on, a busy
// timeout, BEGIN IMMEDIATE for transactions so that two writers never
// deadlock on a lock upgrade. Prepared statements are cached per connection.
#ifndef XIEZUO_STORE_SQLITE_SQLITE_DATABASE_H_
#define XIEZUO_STORE_SQLITE_SQLITE_DATABASE_H_

#include <memory>
#include <string>

#include "store/database.h"

namespace xiezuo::store {

// path: a file path or ":memory:" (a shared in-memory database for tests).
StatusOr<std::unique_ptr<Database>> OpenSqlite(const std::string& path,
                                               const DatabaseOptions& options);

}  // namespace xiezuo::store

#endif  // XIEZUO_STORE_SQLITE_SQLITE_DATABASE_H_
