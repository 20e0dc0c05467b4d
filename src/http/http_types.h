// Request and Response: the plain values that handler code sees. Handlers are
// `Response Handler(Request&)` functions; nothing here (or in router.h and
// json_util.h) includes Boost, so handler files compile quickly. The Beast
// server (server.cc) is the only code that builds a Request from the wire and
// writes a Response back.
//
//   Response GetWorker(Request& req) {
//     const std::string& id = req.path_params.at("id");
//     req.log_user = session.user_id;          // for the access log
//     if (auto w = repo.Get(id); !w.ok()) return ErrorResponse(w.status());
//     return JsonResponse(200, ToJson(*w));
//   }
//
// Thread-safety: values. A Request is owned by the connection that read it and
// lives until its Response has been produced.
#ifndef XIEZUO_HTTP_HTTP_TYPES_H_
#define XIEZUO_HTTP_HTTP_TYPES_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xiezuo::http {

struct Request {
  std::string method;  // "GET", "POST", ... exactly as sent (upper case)
  std::string target;  // raw request target, including the query string
  std::string path;    // percent-decoded path, no query; never contains "." or
                       // ".." segments, NUL or an encoded '/' (those get 400)
  std::map<std::string, std::string> query;  // percent-decoded, '+' = space;
                                             // first value wins on repeats
  std::map<std::string, std::string>
      path_params;                             // filled by Router from {name}
  std::map<std::string, std::string> headers;  // names lower-cased; repeated
                                               // headers joined with ", "
  std::string body;
  // Set instead of `body` on upload routes (ServerOptions::upload_path_prefixes):
  // the path of a private file holding the body. The server removes it after
  // the handler returns; a handler that keeps the upload renames it.
  std::string body_file;
  // Peer IP. With ServerOptions::trust_proxy, the last X-Forwarded-For entry
  // (the one our own reverse proxy appended) instead.
  std::string remote_addr;
  // TLS in front: X-Forwarded-Proto: https, honoured only with trust_proxy.
  bool secure = false;

  // Header value by lower-case name; "" if absent.
  std::string Header(std::string_view lower_name) const;
  // Decoded query parameter, or `def` if absent.
  std::string Query(std::string_view name, std::string_view def = "") const;
  // Value of one cookie from the Cookie header ("" if absent). Surrounding
  // double quotes are removed; the first cookie of that name wins.
  std::string Cookie(std::string_view name) const;

  // Set by handlers for the access log: the user id, never personal data.
  mutable std::string log_user;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  // Extra headers, e.g. Set-Cookie (may repeat), Content-Disposition,
  // Cache-Control (overrides the server's default for that response). The
  // server drops, with a warning, headers it sets itself (Content-Type, use
  // content_type; Content-Length, Transfer-Encoding, Connection, Date, ...)
  // and any name or value containing control characters.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // If set, the server streams this file as the body (downloads, static
  // files) and ignores `body`. A file that cannot be opened gives a 404.
  std::string file_path;
};

// Called concurrently from the server's threads: must be thread-safe.
using Handler = std::function<Response(Request&)>;

// ---- inline definitions (small, so that no extra translation unit is needed)

inline std::string Request::Header(std::string_view lower_name) const {
  auto it = headers.find(std::string(lower_name));
  return it == headers.end() ? std::string() : it->second;
}

inline std::string Request::Query(std::string_view name,
                                  std::string_view def) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string(def) : it->second;
}

inline std::string Request::Cookie(std::string_view name) const {
  auto it = headers.find("cookie");
  if (it == headers.end()) return "";
  std::string_view rest = it->second;
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
      s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
      s.remove_suffix(1);
    return s;
  };
  while (!rest.empty()) {
    size_t semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view()
                                          : rest.substr(semi + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) != name) continue;
    std::string_view value = trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return "";
}

}  // namespace xiezuo::http

#endif  // XIEZUO_HTTP_HTTP_TYPES_H_
