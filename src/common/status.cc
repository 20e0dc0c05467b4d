#include "common/status.h"

namespace xiezuo {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kNotFound: return "not_found";
    case StatusCode::kAlreadyExists: return "already_exists";
    case StatusCode::kFailedPrecondition: return "failed_precondition";
    case StatusCode::kPermissionDenied: return "permission_denied";
    case StatusCode::kUnauthenticated: return "unauthenticated";
    case StatusCode::kResourceExhausted: return "resource_exhausted";
    case StatusCode::kUnavailable: return "unavailable";
    case StatusCode::kInternal: return "internal";
  }
  return "internal";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string s = StatusCodeName(code_);
  s += ": ";
  s += en_;
  for (const auto& f : fields_) {
    s += " [";
    s += f.field;
    s += ": ";
    s += f.en;
    s += "]";
  }
  return s;
}

Status InvalidArgument(std::string zh, std::string en) {
  return Status(StatusCode::kInvalidArgument, std::move(zh), std::move(en));
}
Status NotFound(std::string zh, std::string en) {
  return Status(StatusCode::kNotFound, std::move(zh), std::move(en));
}
Status AlreadyExists(std::string zh, std::string en) {
  return Status(StatusCode::kAlreadyExists, std::move(zh), std::move(en));
}
Status FailedPrecondition(std::string zh, std::string en) {
  return Status(StatusCode::kFailedPrecondition, std::move(zh), std::move(en));
}
Status PermissionDenied(std::string zh, std::string en) {
  return Status(StatusCode::kPermissionDenied, std::move(zh), std::move(en));
}
Status Unauthenticated(std::string zh, std::string en) {
  return Status(StatusCode::kUnauthenticated, std::move(zh), std::move(en));
}
Status ResourceExhausted(std::string zh, std::string en) {
  return Status(StatusCode::kResourceExhausted, std::move(zh), std::move(en));
}
Status Unavailable(std::string zh, std::string en) {
  return Status(StatusCode::kUnavailable, std::move(zh), std::move(en));
}
Status Internal(std::string en) {
  return Status(StatusCode::kInternal, "系统内部错误，请稍后重试或联系管理员",
                std::move(en));
}

Status FieldInvalid(std::string field, std::string zh, std::string en) {
  Status s = InvalidArgument("提交的数据有误，请按提示修改", "The submitted data is invalid; see the field errors");
  s.AddField(std::move(field), std::move(zh), std::move(en));
  return s;
}

}  // namespace xiezuo
