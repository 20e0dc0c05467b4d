#include "common/strings.h"
#include "store/database.h"
#include "store/sqlite/sqlite_database.h"
#ifdef XIEZUO_WITH_POSTGRES
#include "store/postgres/postgres_database.h"
#endif

namespace xiezuo::store {

StatusOr<std::unique_ptr<Database>> OpenDatabase(const std::string& url,
                                                 const DatabaseOptions& options) {
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) {
#ifdef XIEZUO_WITH_POSTGRES
    return OpenPostgres(url, options);
#else
    return FailedPrecondition("此版本未编译 PostgreSQL 支持", "Built without PostgreSQL support");
#endif
  }
  std::string path = url;
  if (StartsWith(path, "sqlite:")) path = path.substr(7);
  if (path.empty()) {
    return InvalidArgument("数据库地址为空", "Empty database URL (XIEZUO_DB)");
  }
  return OpenSqlite(path, options);
}

}  // namespace xiezuo::store
