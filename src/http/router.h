// Router: maps (method, path) to a Handler. Patterns are paths whose segments
// in braces bind Request::path_params:
//
//   Router r;
//   r.Add("GET", "/api/v1/workers/{id}", GetWorker);
//   r.Add("GET", "/api/v1/workers/me", GetMe);      // literal beats {id}
//   Response res = r.Dispatch(req);                  // fills path_params
//
// Matching. A path matches a pattern with the same number of segments whose
// literal segments are equal; a {param} matches any non-empty segment. Among
// the patterns that match and have a route for the request method, the most
// specific wins: compared segment by segment from the left, a literal beats a
// param. So with the two routes above, GET /api/v1/workers/me runs GetMe and
// DELETE /api/v1/workers/me would run a DELETE /api/v1/workers/{id} route if
// one existed. If no route matches the path: 404. If routes match the path but
// none has the method: 405 with an Allow header. HEAD runs the GET route (the
// server sends the headers only). Trailing slashes are significant.
//
// Thread-safety: Add() is for start-up wiring only; once the server runs,
// Dispatch/Matches/Routes are const and safe to call concurrently.
#ifndef XIEZUO_HTTP_ROUTER_H_
#define XIEZUO_HTTP_ROUTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "http/http_types.h"

namespace xiezuo::http {

class Router {
 public:
  // pattern like "/api/v1/workers/{id}"; segments in braces bind path_params.
  // Programmer errors throw std::logic_error at wiring time: a pattern not
  // starting with '/', an empty or repeated {param} name, or a second route
  // for the same method and pattern shape ("/a/{x}" and "/a/{y}" clash).
  void Add(std::string method, std::string pattern, Handler handler);

  // Finds the route, fills req.path_params and runs the handler. Unknown
  // path -> 404, known path with another method -> 405 with Allow; both in
  // the JSON error shape of json_util.h. Handler exceptions propagate (the
  // server turns them into 500).
  Response Dispatch(Request& req) const;

  // True if any route (any method) matches this decoded path.
  bool Matches(std::string_view path) const;

  struct RouteEntry {
    std::string method;
    std::string pattern;
  };
  // All routes in the order they were added.
  std::vector<RouteEntry> Routes() const;

 private:
  struct Segment {
    std::string text;  // literal text, or the param name
    bool is_param = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
  };

  // Routes whose pattern matches `segments`, most specific first.
  std::vector<const Route*> Candidates(
      const std::vector<std::string_view>& segments) const;

  std::vector<Route> routes_;
};

// Splits a raw request target into req->path (percent-decoded) and
// req->query (percent-decoded, '+' as space). Returns false, leaving the
// request unusable (answer 400), for: a target not starting with '/', bad
// percent-encoding, an encoded '/' or NUL in the path, or a "." or ".."
// segment (refused rather than normalised, so no layer can be tricked into
// leaving its root).
bool ParseTarget(std::string_view target, Request* req);

// Percent-decodes `in`; '+' becomes a space if plus_as_space. False on a
// malformed escape ("%4", "%zz").
bool PercentDecode(std::string_view in, bool plus_as_space, std::string* out);

}  // namespace xiezuo::http

#endif  // XIEZUO_HTTP_ROUTER_H_
