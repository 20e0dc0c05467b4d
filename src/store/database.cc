#include "store/database.h"

#include <charconv>

namespace xiezuo::store {

const char* DialectName(Dialect d) {
  return d == Dialect::kSqlite ? "sqlite" : "postgresql";
}

Param OptText(const std::optional<std::string>& v) {
  if (!v) return nullptr;
  return *v;
}
Param OptInt(const std::optional<int64_t>& v) {
  if (!v) return nullptr;
  return *v;
}

const std::string& ResultSet::Text(size_t row, size_t col) const {
  static const std::string kEmpty;
  const auto& v = rows[row][col];
  return v ? *v : kEmpty;
}

std::optional<int64_t> ResultSet::OptInt(size_t row, size_t col) const {
  const auto& v = rows[row][col];
  if (!v || v->empty()) return std::nullopt;
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc()) return std::nullopt;
  return out;
}

int64_t ResultSet::Int(size_t row, size_t col) const { return OptInt(row, col).value_or(0); }

std::optional<std::string> ResultSet::OptText(size_t row, size_t col) const {
  return rows[row][col];
}

StatusOr<int64_t> Connection::QueryInt(std::string_view sql, const Params& params) {
  ASSIGN_OR_RETURN(ResultSet rs, Query(sql, params));
  if (rs.empty() || rs.rows[0].empty() || !rs.rows[0][0]) {
    return NotFound("未找到记录", "No row");
  }
  return rs.Int(0, 0);
}

Status Database::WithConnection(const std::function<Status(Connection&)>& fn) {
  ASSIGN_OR_RETURN(auto conn, Acquire());
  return fn(*conn);
}

Status Database::Transact(const std::function<Status(Connection&)>& fn) {
  ASSIGN_OR_RETURN(auto conn, Acquire());
  return Transact(*conn, fn);
}

Status Database::Transact(Connection& conn, const std::function<Status(Connection&)>& fn) {
  RETURN_IF_ERROR(Begin(conn));
  Status s;
  try {
    s = fn(conn);
  } catch (...) {
    (void)conn.ExecScript("ROLLBACK");
    throw;
  }
  if (!s.ok()) {
    (void)conn.ExecScript("ROLLBACK");
    return s;
  }
  Status c = conn.ExecScript("COMMIT");
  if (!c.ok()) (void)conn.ExecScript("ROLLBACK");
  return c;
}

Status Database::Ping() {
  return WithConnection([](Connection& c) -> Status { return c.QueryInt("SELECT 1").status(); });
}

std::string RewritePlaceholdersForPostgres(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char ch : sql) {
    if (quote) {
      out.push_back(ch);
      if (ch == quote) quote = 0;
      continue;
    }
    if (ch == '\'' || ch == '"') {
      quote = ch;
      out.push_back(ch);
    } else if (ch == '?') {
      out.push_back('$');
      out += std::to_string(++n);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

}  // namespace xiezuo::store
