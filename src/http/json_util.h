// JSON helpers for handlers: responses, the one Status -> HTTP mapping, the
// error shape, body parsing and a field reader that collects field errors.
//
//   Response CreateWorker(Request& req) {
//     auto body = ParseJsonBody(req);
//     if (!body.ok()) return ErrorResponse(body.status());
//     JsonReader in(*body, {"name", "age", "skills"});
//     auto name = in.String("name", /*required=*/true, /*max_chars=*/50);
//     auto age = in.Int("age", false, 16, 80);
//     auto skills = in.StringArray("skills", false, 20, 30);
//     if (!in.status().ok()) return ErrorResponse(in.status());
//     ...
//     return JsonResponse(201, {{"id", id}});
//   }
//
// Error shape (every non-2xx JSON response of the API):
//   {"error":{"code":"invalid_argument",
//             "message":{"zh":"…","en":"…"},
//             "fields":[{"field":"id_number","message":{"zh":"…","en":"…"}}]}}
// "fields" is always present (possibly empty).
//
// Thread-safety: free functions are pure; a JsonReader is used by one thread.
#ifndef XIEZUO_HTTP_JSON_UTIL_H_
#define XIEZUO_HTTP_JSON_UTIL_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "http/http_types.h"

namespace xiezuo::http {

// `body` serialised (invalid UTF-8 in strings is replaced, never thrown).
Response JsonResponse(int status, const nlohmann::json& body);

// The one place where a StatusCode becomes an HTTP status:
//   invalid_argument 400, unauthenticated 401, permission_denied 403,
//   not_found 404, already_exists 409, failed_precondition 409,
//   resource_exhausted 429 (413 when detail() == "body_too_large"),
//   unavailable 503, internal 500 (and ok 200).
int HttpStatusFor(const Status& status);

// The error shape above. For internal errors the English message is replaced
// by a generic one (it may describe internals); the original goes to the log.
nlohmann::json ErrorJson(const Status& status);

// ErrorJson with HttpStatusFor. REQUIRES: !status.ok().
Response ErrorResponse(const Status& status);
// Same shape with an explicit HTTP status, for the few protocol-level answers
// that have no StatusCode of their own (405, 431).
Response ErrorResponse(int http_status, const Status& status);

// The request body as a JSON object. invalid_argument (bilingual) when the
// Content-Type is not application/json, the body is empty, malformed (the
// message gives the byte offset), nested deeper than 64, or not an object.
StatusOr<nlohmann::json> ParseJsonBody(const Request& req);

// Reads typed fields from a JSON object and accumulates one FieldError per
// bad field; handlers check status() once after reading everything.
// JSON null counts as absent. Fields present in the object but not in
// `allowed_fields` are reported as unknown ("未知字段"), so that typos in
// client code surface instead of being silently ignored.
// `obj` must outlive the reader; a non-object gives one error on field "".
class JsonReader {
 public:
  JsonReader(const nlohmann::json& obj, std::set<std::string> allowed_fields);

  // A string of at most max_chars code points. Required strings must not be
  // blank (whitespace only counts as missing). The value is returned as sent.
  std::optional<std::string> String(std::string_view name, bool required,
                                    size_t max_chars);
  // An integer in [min, max]; 3.0 and "3" are type errors.
  std::optional<int64_t> Int(std::string_view name, bool required, int64_t min,
                             int64_t max);
  std::optional<bool> Bool(std::string_view name, bool required);
  // An array of at most max_items strings, each at most max_chars_each code
  // points.
  std::optional<std::vector<std::string>> StringArray(std::string_view name,
                                                      bool required,
                                                      size_t max_items,
                                                      size_t max_chars_each);

  // OK, or invalid_argument carrying the field errors in reading order
  // (unknown fields first).
  Status status() const;

 private:
  // The value, or nullptr when absent/null (records "missing" if required).
  const nlohmann::json* Find(std::string_view name, bool required);
  void Fail(std::string_view name, std::string zh, std::string en);

  const nlohmann::json& obj_;
  std::set<std::string> allowed_;
  std::vector<FieldError> errors_;
  std::set<std::string, std::less<>> failed_;  // at most one error per field
};

// Pagination from the query: ?page=1&page_size=20 (page is 1-based).
struct Page {
  int page = 1;
  int page_size = 20;
  int64_t offset() const { return static_cast<int64_t>(page - 1) * page_size; }
};
// Absent values take the defaults; non-integers, page < 1, page > 1000000 or
// page_size outside [1, max_size] give field errors on "page"/"page_size".
StatusOr<Page> ParsePage(const Request& req, int default_size = 20,
                         int max_size = 200);

}  // namespace xiezuo::http

#endif  // XIEZUO_HTTP_JSON_UTIL_H_
