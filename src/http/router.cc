#include "http/router.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "common/status.h"
#include "http/json_util.h"

namespace xiezuo::http {

namespace {

// "/a/b" -> {"a", "b"}; "/" -> {""}; "/a/" -> {"a", ""}.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  for (;;) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool PercentDecode(std::string_view in, bool plus_as_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]);
      int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

bool ParseTarget(std::string_view target, Request* req) {
  if (target.empty() || target.front() != '/') return false;
  size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  std::string_view raw_query =
      q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  // A fragment is never sent by browsers; drop it if a client does.
  if (size_t hash = raw_query.find('#'); hash != std::string_view::npos) {
    raw_query = raw_query.substr(0, hash);
  }

  // Decode segment by segment so that an encoded '/' cannot create segments.
  req->path.clear();
  std::string decoded;
  for (std::string_view seg : SplitPath(raw_path)) {
    if (!PercentDecode(seg, /*plus_as_space=*/false, &decoded)) return false;
    if (decoded.find('/') != std::string::npos ||
        decoded.find('\0') != std::string::npos) {
      return false;
    }
    if (decoded == "." || decoded == "..") return false;
    req->path += '/';
    req->path += decoded;
  }

  req->query.clear();
  while (!raw_query.empty()) {
    size_t amp = raw_query.find('&');
    std::string_view pair = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view()
                                              : raw_query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key, value;
    if (!PercentDecode(pair.substr(0, eq), true, &key)) return false;
    if (eq != std::string_view::npos &&
        !PercentDecode(pair.substr(eq + 1), true, &value)) {
      return false;
    }
    req->query.emplace(std::move(key), std::move(value));  // first one wins
  }
  return true;
}

void Router::Add(std::string method, std::string pattern, Handler handler) {
  if (method.empty()) throw std::logic_error("Router::Add: empty method");
  if (pattern.empty() || pattern.front() != '/') {
    throw std::logic_error("Router::Add: pattern must start with '/': " +
                           pattern);
  }
  if (!handler)
    throw std::logic_error("Router::Add: null handler for " + pattern);
  Route route{std::move(method), std::move(pattern), {}, std::move(handler)};
  std::set<std::string> names;
  for (std::string_view seg : SplitPath(route.pattern)) {
    Segment s;
    if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
      s.is_param = true;
      s.text = std::string(seg.substr(1, seg.size() - 2));
      if (s.text.empty() || !names.insert(s.text).second) {
        throw std::logic_error("Router::Add: empty or repeated param in " +
                               route.pattern);
      }
    } else {
      if (seg.find_first_of("{}") != std::string_view::npos) {
        throw std::logic_error(
            "Router::Add: braces must span a whole segment: " + route.pattern);
      }
      s.text = std::string(seg);
    }
    route.segments.push_back(std::move(s));
  }
  for (const Route& other : routes_) {
    if (other.method != route.method ||
        other.segments.size() != route.segments.size()) {
      continue;
    }
    bool same_shape = true;
    for (size_t i = 0; i < route.segments.size() && same_shape; ++i) {
      const Segment& a = route.segments[i];
      const Segment& b = other.segments[i];
      same_shape = a.is_param == b.is_param && (a.is_param || a.text == b.text);
    }
    if (same_shape) {
      throw std::logic_error("Router::Add: " + route.method + " " +
                             route.pattern + " clashes with " + other.pattern);
    }
  }
  routes_.push_back(std::move(route));
}

std::vector<const Router::Route*> Router::Candidates(
    const std::vector<std::string_view>& segments) const {
  std::vector<const Route*> out;
  for (const Route& r : routes_) {
    if (r.segments.size() != segments.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < segments.size() && ok; ++i) {
      const Segment& s = r.segments[i];
      ok = s.is_param ? !segments[i].empty() : s.text == segments[i];
    }
    if (ok) out.push_back(&r);
  }
  // Most specific first: at the first segment where two patterns differ in
  // kind, the literal one wins. Stable, so equal shapes keep insertion order.
  std::stable_sort(out.begin(), out.end(), [](const Route* a, const Route* b) {
    for (size_t i = 0; i < a->segments.size(); ++i) {
      if (a->segments[i].is_param != b->segments[i].is_param) {
        return !a->segments[i].is_param;
      }
    }
    return false;
  });
  return out;
}

Response Router::Dispatch(Request& req) const {
  std::vector<std::string_view> segments = SplitPath(req.path);
  std::vector<const Route*> candidates = Candidates(segments);
  if (candidates.empty()) {
    return ErrorResponse(
        NotFound("找不到该接口，请检查网址",
                 "No API endpoint at this path; check the URL"));
  }
  const Route* chosen = nullptr;
  for (const Route* r : candidates) {
    if (r->method == req.method) {
      chosen = r;
      break;
    }
  }
  if (chosen == nullptr && req.method == "HEAD") {
    for (const Route* r : candidates) {
      if (r->method == "GET") {
        chosen = r;
        break;
      }
    }
  }
  if (chosen == nullptr) {
    std::set<std::string> methods;
    for (const Route* r : candidates) {
      methods.insert(r->method);
      if (r->method == "GET") methods.insert("HEAD");
    }
    std::string allow;
    for (const std::string& m : methods) {
      if (!allow.empty()) allow += ", ";
      allow += m;
    }
    Response res = ErrorResponse(
        405,
        InvalidArgument("该接口不支持 " + req.method + " 请求，可用：" + allow,
                        "Method " + req.method +
                            " is not allowed here; allowed: " + allow));
    res.headers.emplace_back("Allow", allow);
    return res;
  }
  req.path_params.clear();
  for (size_t i = 0; i < segments.size(); ++i) {
    if (chosen->segments[i].is_param) {
      req.path_params[chosen->segments[i].text] = std::string(segments[i]);
    }
  }
  return chosen->handler(req);
}

bool Router::Matches(std::string_view path) const {
  return !Candidates(SplitPath(path)).empty();
}

std::vector<Router::RouteEntry> Router::Routes() const {
  std::vector<RouteEntry> out;
  out.reserve(routes_.size());
  for (const Route& r : routes_) out.push_back({r.method, r.pattern});
  return out;
}

}  // namespace xiezuo::http
