#include "http/json_util.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <utility>

#include "common/strings.h"

namespace xiezuo::http {

namespace {

using nlohmann::json;

constexpr int kMaxJsonDepth = 64;
constexpr size_t kMaxUnknownFieldsReported = 20;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// "application/json" or "application/json; charset=utf-8" (any case).
bool IsJsonContentType(std::string_view ct) {
  size_t semi = ct.find(';');
  if (Lower(TrimSpaces(ct.substr(0, semi))) != "application/json") return false;
  while (semi != std::string_view::npos) {
    ct.remove_prefix(semi + 1);
    semi = ct.find(';');
    std::string param = Lower(TrimSpaces(ct.substr(0, semi)));
    if (param.rfind("charset=", 0) == 0) {
      std::string cs = param.substr(8);
      if (cs.size() >= 2 && cs.front() == '"' && cs.back() == '"') {
        cs = cs.substr(1, cs.size() - 2);
      }
      if (cs != "utf-8" && cs != "utf8") return false;
    }
  }
  return true;
}

// Byte offset at which nesting exceeds `limit`, or npos. Counts brackets
// outside strings; the real parser validates everything else. This keeps a
// 1 MiB body of '[' from building a million-level tree.
size_t DepthExceededAt(std::string_view s, int limit) {
  int depth = 0;
  bool in_string = false, escape = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}

std::string Quoted(std::string_view name) {
  return "「" + std::string(name) + "」";
}

}  // namespace

Response JsonResponse(int status, const json& body) {
  Response res;
  res.status = status;
  res.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return res;
}

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kResourceExhausted:
      return status.detail() == "body_too_large" ? 413 : 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

json ErrorJson(const Status& status) {
  std::string en = status.en();
  if (status.code() == StatusCode::kInternal) {
    en = "Internal server error; please try again later or contact the "
         "administrator";
  }
  json fields = json::array();
  for (const FieldError& f : status.fields()) {
    fields.push_back(
        {{"field", f.field}, {"message", {{"zh", f.zh}, {"en", f.en}}}});
  }
  return {{"error",
           {{"code", StatusCodeName(status.code())},
            {"message", {{"zh", status.zh()}, {"en", en}}},
            {"fields", std::move(fields)}}}};
}

Response ErrorResponse(const Status& status) {
  return ErrorResponse(HttpStatusFor(status), status);
}

Response ErrorResponse(int http_status, const Status& status) {
  if (status.code() == StatusCode::kInternal) {
    // Status messages never carry personal data (status.h), so this is safe.
    spdlog::error("internal error: {}", status.message());
  }
  return JsonResponse(http_status, ErrorJson(status));
}

StatusOr<json> ParseJsonBody(const Request& req) {
  if (!IsJsonContentType(req.Header("content-type"))) {
    return InvalidArgument(
        "请求格式不对：请以 JSON 提交（Content-Type: application/json; "
        "charset=utf-8）",
        "Send the body as JSON (Content-Type: application/json; "
        "charset=utf-8)");
  }
  if (TrimSpaces(req.body).empty()) {
    return InvalidArgument("请求内容为空，应为 JSON 对象",
                           "The request body is empty; expected a JSON object");
  }
  if (size_t at = DepthExceededAt(req.body, kMaxJsonDepth);
      at != std::string_view::npos) {
    return InvalidArgument(
        "JSON 嵌套层数过多（第 " + std::to_string(at) + " 字节处超过 " +
            std::to_string(kMaxJsonDepth) + " 层）",
        "JSON nested too deeply (more than " + std::to_string(kMaxJsonDepth) +
            " levels at byte " + std::to_string(at) + ")");
  }
  json value;
  try {
    value = json::parse(req.body);
  } catch (const json::parse_error& e) {
    // e.byte is 1-based: the byte at which the parser gave up.
    std::string at = std::to_string(e.byte);
    return InvalidArgument(
        "请求内容不是有效的 JSON（第 " + at + " 字节附近有误）",
        "The request body is not valid JSON (error near byte " + at + ")");
  }
  if (!value.is_object()) {
    return InvalidArgument("请求内容应为 JSON 对象（{…}）",
                           "The request body must be a JSON object ({...})");
  }
  return value;
}

JsonReader::JsonReader(const json& obj, std::set<std::string> allowed_fields)
    : obj_(obj), allowed_(std::move(allowed_fields)) {
  if (!obj_.is_object()) {
    Fail("", "请求内容应为 JSON 对象", "Expected a JSON object");
    return;
  }
  size_t reported = 0;
  for (const auto& [key, value] : obj_.items()) {
    if (allowed_.count(key) || reported >= kMaxUnknownFieldsReported) continue;
    ++reported;
    Fail(key, "未知字段" + Quoted(key) + "，请删除或检查拼写",
         "Unknown field " + key + "; remove it or check the spelling");
  }
}

void JsonReader::Fail(std::string_view name, std::string zh, std::string en) {
  if (!failed_.emplace(name).second) return;
  errors_.push_back({std::string(name), std::move(zh), std::move(en)});
}

const json* JsonReader::Find(std::string_view name, bool required) {
  const json* v = nullptr;
  if (obj_.is_object()) {
    auto it = obj_.find(name);
    if (it != obj_.end() && !it->is_null()) v = &*it;
  }
  if (v == nullptr && required) {
    Fail(name, Quoted(name) + "为必填项", std::string(name) + " is required");
  }
  return v;
}

std::optional<std::string> JsonReader::String(std::string_view name,
                                              bool required, size_t max_chars) {
  const json* v = Find(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    Fail(name, Quoted(name) + "应为文字",
         std::string(name) + " must be a string");
    return std::nullopt;
  }
  const std::string& s = v->get_ref<const std::string&>();
  if (required && Trim(s).empty()) {
    Fail(name, Quoted(name) + "不能为空",
         std::string(name) + " must not be empty");
    return std::nullopt;
  }
  if (Utf8Length(s) > max_chars) {
    Fail(name, Quoted(name) + "最多 " + std::to_string(max_chars) + " 个字",
         std::string(name) + " must be at most " + std::to_string(max_chars) +
             " characters");
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> JsonReader::Int(std::string_view name, bool required,
                                       int64_t min, int64_t max) {
  const json* v = Find(name, required);
  if (v == nullptr) return std::nullopt;
  auto out_of_range = [&] {
    Fail(name,
         Quoted(name) + "应在 " + std::to_string(min) + " 到 " +
             std::to_string(max) + " 之间",
         std::string(name) + " must be between " + std::to_string(min) +
             " and " + std::to_string(max));
  };
  if (v->is_number_unsigned()) {
    uint64_t u = v->get<uint64_t>();
    if (max < 0 || u > static_cast<uint64_t>(max)) {
      out_of_range();
      return std::nullopt;
    }
    int64_t i = static_cast<int64_t>(u);
    if (i < min) {
      out_of_range();
      return std::nullopt;
    }
    return i;
  }
  if (!v->is_number_integer()) {
    Fail(name, Quoted(name) + "应为整数",
         std::string(name) + " must be an integer");
    return std::nullopt;
  }
  int64_t i = v->get<int64_t>();
  if (i < min || i > max) {
    out_of_range();
    return std::nullopt;
  }
  return i;
}

std::optional<bool> JsonReader::Bool(std::string_view name, bool required) {
  const json* v = Find(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    Fail(name, Quoted(name) + "应为是或否（true/false）",
         std::string(name) + " must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> JsonReader::StringArray(
    std::string_view name, bool required, size_t max_items,
    size_t max_chars_each) {
  const json* v = Find(name, required);
  if (v == nullptr) return std::nullopt;
  auto type_error = [&] {
    Fail(name, Quoted(name) + "应为文字列表",
         std::string(name) + " must be an array of strings");
  };
  if (!v->is_array()) {
    type_error();
    return std::nullopt;
  }
  if (v->size() > max_items) {
    Fail(name, Quoted(name) + "最多 " + std::to_string(max_items) + " 项",
         std::string(name) + " must have at most " + std::to_string(max_items) +
             " items");
    return std::nullopt;
  }
  std::vector<std::string> out;
  out.reserve(v->size());
  for (size_t i = 0; i < v->size(); ++i) {
    const json& item = (*v)[i];
    if (!item.is_string()) {
      type_error();
      return std::nullopt;
    }
    const std::string& s = item.get_ref<const std::string&>();
    if (Utf8Length(s) > max_chars_each) {
      std::string n = std::to_string(i + 1);
      std::string max = std::to_string(max_chars_each);
      Fail(name, Quoted(name) + "第 " + n + " 项最多 " + max + " 个字",
           "item " + n + " of " + std::string(name) + " must be at most " +
               max + " characters");
      return std::nullopt;
    }
    out.push_back(s);
  }
  return out;
}

Status JsonReader::status() const {
  if (errors_.empty()) return Status::Ok();
  Status s =
      InvalidArgument("提交的数据有误，请按提示修改",
                      "The submitted data is invalid; see the field errors");
  for (const FieldError& f : errors_) s.AddField(f);
  return s;
}

StatusOr<Page> ParsePage(const Request& req, int default_size, int max_size) {
  constexpr int64_t kMaxPage = 1000000;
  Page p;
  p.page_size = default_size;
  Status s =
      InvalidArgument("分页参数有误，请按提示修改",
                      "Invalid pagination parameters; see the field errors");
  bool bad = false;
  if (auto it = req.query.find("page"); it != req.query.end()) {
    std::optional<int64_t> v = ParseInt64(it->second);
    if (!v || *v < 1 || *v > kMaxPage) {
      s.AddField(
          "page", "页码应为 1 到 " + std::to_string(kMaxPage) + " 之间的整数",
          "page must be an integer from 1 to " + std::to_string(kMaxPage));
      bad = true;
    } else {
      p.page = static_cast<int>(*v);
    }
  }
  if (auto it = req.query.find("page_size"); it != req.query.end()) {
    std::optional<int64_t> v = ParseInt64(it->second);
    if (!v || *v < 1 || *v > max_size) {
      s.AddField(
          "page_size",
          "每页条数应为 1 到 " + std::to_string(max_size) + " 之间的整数",
          "page_size must be an integer from 1 to " + std::to_string(max_size));
      bad = true;
    } else {
      p.page_size = static_cast<int>(*v);
    }
  }
  if (bad) return s;
  return p;
}

}  // namespace xiezuo::http
