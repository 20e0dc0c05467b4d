#include "http/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace xiezuo::http {
namespace {

using nlohmann::json;

// A handler that answers with its own name, so tests see which route ran.
Handler Named(std::string name) {
  return [name](Request&) {
    Response r;
    r.body = name;
    return r;
  };
}

Request Make(std::string method, std::string target) {
  Request req;
  req.method = std::move(method);
  req.target = std::move(target);
  EXPECT_TRUE(ParseTarget(req.target, &req)) << req.target;
  return req;
}

std::string HeaderValue(const Response& res, std::string_view name) {
  for (const auto& [k, v] : res.headers) {
    if (k == name) return v;
  }
  return "";
}

TEST(RouterTest, LiteralSegmentWinsOverParam) {
  Router r;
  r.Add("GET", "/api/v1/workers/{id}", Named("by_id"));
  r.Add("GET", "/api/v1/workers/me", Named("me"));
  Request req = Make("GET", "/api/v1/workers/me");
  EXPECT_EQ(r.Dispatch(req).body, "me");
}

TEST(RouterTest, EarlierLiteralBeatsLaterLiteral) {
  Router r;
  r.Add("GET", "/api/{a}/x", Named("param_first"));
  r.Add("GET", "/api/v1/{b}", Named("literal_first"));
  Request req = Make("GET", "/api/v1/x");
  EXPECT_EQ(r.Dispatch(req).body, "literal_first");
}

TEST(RouterTest, ParamsAreBoundAndDecoded) {
  Router r;
  std::map<std::string, std::string> seen;
  r.Add("GET", "/api/v1/orgs/{org}/workers/{id}", [&](Request& req) {
    seen = req.path_params;
    return Response{};
  });
  Request req = Make("GET", "/api/v1/orgs/%E5%8D%8F%E4%BD%9C/workers/42?x=1");
  EXPECT_EQ(r.Dispatch(req).status, 200);
  EXPECT_EQ(seen["org"], "协作");
  EXPECT_EQ(seen["id"], "42");
}

TEST(RouterTest, UnknownPathIs404InErrorShape) {
  Router r;
  r.Add("GET", "/api/v1/workers", Named("list"));
  Request req = Make("GET", "/api/v1/nothing");
  Response res = r.Dispatch(req);
  EXPECT_EQ(res.status, 404);
  json body = json::parse(res.body);
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_TRUE(body["error"]["message"].contains("zh"));
  EXPECT_TRUE(body["error"]["fields"].is_array());
}

TEST(RouterTest, KnownPathWithOtherMethodIs405WithAllow) {
  Router r;
  r.Add("GET", "/api/v1/workers/{id}", Named("get"));
  r.Add("PUT", "/api/v1/workers/{id}", Named("put"));
  Request req = Make("DELETE", "/api/v1/workers/7");
  Response res = r.Dispatch(req);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(HeaderValue(res, "Allow"), "GET, HEAD, PUT");
  EXPECT_EQ(json::parse(res.body)["error"]["code"], "invalid_argument");
}

TEST(RouterTest, MethodFallsBackToLessSpecificPattern) {
  Router r;
  r.Add("GET", "/api/v1/workers/me", Named("me"));
  r.Add("DELETE", "/api/v1/workers/{id}", Named("delete"));
  Request req = Make("DELETE", "/api/v1/workers/me");
  EXPECT_EQ(r.Dispatch(req).body, "delete");
}

TEST(RouterTest, HeadRunsGetRoute) {
  Router r;
  r.Add("GET", "/api/v1/ping", Named("ping"));
  Request req = Make("HEAD", "/api/v1/ping");
  EXPECT_EQ(r.Dispatch(req).body, "ping");
}

TEST(RouterTest, ParamDoesNotMatchEmptySegment) {
  Router r;
  r.Add("GET", "/api/v1/workers/{id}", Named("get"));
  Request req = Make("GET", "/api/v1/workers/");
  EXPECT_EQ(r.Dispatch(req).status, 404);
}

TEST(RouterTest, TrailingSlashIsSignificant) {
  Router r;
  r.Add("GET", "/api/v1/workers", Named("list"));
  EXPECT_TRUE(r.Matches("/api/v1/workers"));
  EXPECT_FALSE(r.Matches("/api/v1/workers/"));
}

TEST(RouterTest, MatchesIgnoresMethod) {
  Router r;
  r.Add("POST", "/api/v1/login", Named("login"));
  EXPECT_TRUE(r.Matches("/api/v1/login"));
  EXPECT_FALSE(r.Matches("/api/v1/logout"));
}

TEST(RouterTest, RoutesListedInInsertionOrder) {
  Router r;
  r.Add("POST", "/api/v1/b", Named("b"));
  r.Add("GET", "/api/v1/a/{id}", Named("a"));
  auto routes = r.Routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].method, "POST");
  EXPECT_EQ(routes[0].pattern, "/api/v1/b");
  EXPECT_EQ(routes[1].method, "GET");
  EXPECT_EQ(routes[1].pattern, "/api/v1/a/{id}");
}

TEST(RouterTest, SameShapeTwiceThrows) {
  Router r;
  r.Add("GET", "/api/v1/workers/{id}", Named("a"));
  EXPECT_THROW(r.Add("GET", "/api/v1/workers/{name}", Named("b")),
               std::logic_error);
  EXPECT_NO_THROW(r.Add("PUT", "/api/v1/workers/{name}", Named("c")));
}

TEST(RouterTest, MalformedPatternThrows) {
  Router r;
  EXPECT_THROW(r.Add("GET", "api/v1", Named("a")), std::logic_error);
  EXPECT_THROW(r.Add("GET", "/api/{}", Named("a")), std::logic_error);
  EXPECT_THROW(r.Add("GET", "/api/{a}/{a}", Named("a")), std::logic_error);
  EXPECT_THROW(r.Add("GET", "/api/x{a}", Named("a")), std::logic_error);
}

TEST(ParseTargetTest, DecodesPathAndQuery) {
  Request req;
  ASSERT_TRUE(
      ParseTarget("/api/a%20b?name=%E5%BC%A0+%E4%B8%89&empty&x=1&x=2", &req));
  EXPECT_EQ(req.path, "/api/a b");
  EXPECT_EQ(req.query["name"], "张 三");
  EXPECT_EQ(req.query["empty"], "");
  EXPECT_EQ(req.query["x"], "1");
}

TEST(ParseTargetTest, PlusInPathStaysPlus) {
  Request req;
  ASSERT_TRUE(ParseTarget("/api/a+b", &req));
  EXPECT_EQ(req.path, "/api/a+b");
}

TEST(ParseTargetTest, RefusesDotSegmentsEvenEncoded) {
  Request req;
  EXPECT_FALSE(ParseTarget("/../etc/passwd", &req));
  EXPECT_FALSE(ParseTarget("/assets/%2e%2e/%2E%2E/etc/passwd", &req));
  EXPECT_FALSE(ParseTarget("/a/./b", &req));
}

TEST(ParseTargetTest, RefusesEncodedSlashNulAndBadEscapes) {
  Request req;
  EXPECT_FALSE(ParseTarget("/api/a%2Fb", &req));
  EXPECT_FALSE(ParseTarget("/api/a%00b", &req));
  EXPECT_FALSE(ParseTarget("/api/a%4", &req));
  EXPECT_FALSE(ParseTarget("/api/a%zz", &req));
  EXPECT_FALSE(ParseTarget("/api?q=%G1", &req));
  EXPECT_FALSE(ParseTarget("http://example.com/", &req));
}

TEST(RequestTest, CookieParsesPairsAndQuotes) {
  Request req;
  req.headers["cookie"] = "a=1; sid=\"abc\";theme=dark";
  EXPECT_EQ(req.Cookie("sid"), "abc");
  EXPECT_EQ(req.Cookie("theme"), "dark");
  EXPECT_EQ(req.Cookie("missing"), "");
}

TEST(RequestTest, HeaderAndQueryDefaults) {
  Request req;
  req.headers["x-a"] = "1";
  req.query["q"] = "v";
  EXPECT_EQ(req.Header("x-a"), "1");
  EXPECT_EQ(req.Header("x-b"), "");
  EXPECT_EQ(req.Query("q"), "v");
  EXPECT_EQ(req.Query("r", "def"), "def");
}

}  // namespace
}  // namespace xiezuo::http
