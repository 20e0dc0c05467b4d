// Status and StatusOr: how expected failures travel through xiezuo.
//
//   StatusOr<Worker> w = repo.Get(id);
//   if (!w.ok()) return w.status();
//   ASSIGN_OR_RETURN(auto worker, repo.Get(id));
//   RETURN_IF_ERROR(repo.Update(worker));
//
// A Status carries one of a small fixed set of codes (mapped to HTTP statuses
// in one place, HttpStatusFor in src/http/json_util.cc), a message in zh-CN and en, and optional
// field errors that name the input which was wrong. Exceptions are reserved
// for aborting a request on programmer error; user input never throws.
//
// Thread-safety: values; copy freely.
#ifndef XIEZUO_COMMON_STATUS_H_
#define XIEZUO_COMMON_STATUS_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace xiezuo {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,  // throttled, locked out, body too large
  kUnavailable,
  kInternal,
};

// Stable lower_snake name of a code ("invalid_argument"), used in the API.
const char* StatusCodeName(StatusCode code);

// One problem with one input field, in both languages.
struct FieldError {
  std::string field;  // API field name, or "row 12, 身份证号" for imports
  std::string zh;
  std::string en;
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string zh, std::string en)
      : code_(code), zh_(std::move(zh)), en_(std::move(en)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& zh() const { return zh_; }
  const std::string& en() const { return en_; }
  // For logs: English message only (never contains personal data).
  const std::string& message() const { return en_; }
  const std::vector<FieldError>& fields() const { return fields_; }

  Status& AddField(std::string field, std::string zh, std::string en) {
    fields_.push_back({std::move(field), std::move(zh), std::move(en)});
    return *this;
  }
  Status& AddField(FieldError fe) {
    fields_.push_back(std::move(fe));
    return *this;
  }

  // Machine detail for internal routing (e.g. the table.column of a violated
  // unique constraint). Never shown to users verbatim.
  const std::string& detail() const { return detail_; }
  Status& set_detail(std::string d) {
    detail_ = std::move(d);
    return *this;
  }

  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string zh_;
  std::string en_;
  std::vector<FieldError> fields_;
  std::string detail_;
};

// Convenience constructors. Messages: zh first, then en.
Status InvalidArgument(std::string zh, std::string en);
Status NotFound(std::string zh, std::string en);
Status AlreadyExists(std::string zh, std::string en);
Status FailedPrecondition(std::string zh, std::string en);
Status PermissionDenied(std::string zh, std::string en);
Status Unauthenticated(std::string zh, std::string en);
Status ResourceExhausted(std::string zh, std::string en);
Status Unavailable(std::string zh, std::string en);
Status Internal(std::string en);  // zh is a generic "系统内部错误"

// A field error wrapped as an invalid-argument status.
Status FieldInvalid(std::string field, std::string zh, std::string en);

template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : v_(std::move(value)) {}           // NOLINT
  StatusOr(Status status) : v_(std::move(status)) {}    // NOLINT: must not be OK

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }
  T& operator*() & { return std::get<T>(v_); }
  const T& operator*() const& { return std::get<T>(v_); }

 private:
  std::variant<Status, T> v_;
};

}  // namespace xiezuo

#define XIEZUO_CONCAT_INNER_(a, b) a##b
#define XIEZUO_CONCAT_(a, b) XIEZUO_CONCAT_INNER_(a, b)

#define RETURN_IF_ERROR(expr)                        \
  do {                                               \
    ::xiezuo::Status _xz_status = (expr);            \
    if (!_xz_status.ok()) return _xz_status;         \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                           \
  if (!tmp.ok()) return tmp.status();          \
  lhs = std::move(tmp).value()

#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(XIEZUO_CONCAT_(_xz_statusor_, __LINE__), lhs, expr)

#endif  // XIEZUO_COMMON_STATUS_H_
