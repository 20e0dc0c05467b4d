#include "http/json_util.h"

#include <gtest/gtest.h>

namespace xiezuo::http {
namespace {

using nlohmann::json;

Request JsonRequest(std::string body, std::string content_type =
                                          "application/json; charset=utf-8") {
  Request req;
  req.method = "POST";
  req.headers["content-type"] = std::move(content_type);
  req.body = std::move(body);
  return req;
}

// The messages of the field errors of `s`, keyed by field.
std::map<std::string, std::string> FieldsZh(const Status& s) {
  std::map<std::string, std::string> out;
  for (const auto& f : s.fields()) out[f.field] = f.zh;
  return out;
}

TEST(ErrorResponseTest, ShapeIsExact) {
  Status s = InvalidArgument("数据有误", "Invalid data");
  s.AddField("id_number", "身份证号格式不对", "id_number is malformed");
  Response res = ErrorResponse(s);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.content_type, "application/json; charset=utf-8");
  json expected = {
      {"error",
       {{"code", "invalid_argument"},
        {"message", {{"zh", "数据有误"}, {"en", "Invalid data"}}},
        {"fields", json::array({{{"field", "id_number"},
                                 {"message",
                                  {{"zh", "身份证号格式不对"},
                                   {"en", "id_number is malformed"}}}}})}}}};
  EXPECT_EQ(json::parse(res.body), expected);
}

TEST(ErrorResponseTest, FieldsAlwaysPresent) {
  json body = json::parse(ErrorResponse(NotFound("无", "none")).body);
  ASSERT_TRUE(body["error"]["fields"].is_array());
  EXPECT_TRUE(body["error"]["fields"].empty());
}

TEST(ErrorResponseTest, StatusCodesMapToHttp) {
  EXPECT_EQ(HttpStatusFor(InvalidArgument("", "")), 400);
  EXPECT_EQ(HttpStatusFor(Unauthenticated("", "")), 401);
  EXPECT_EQ(HttpStatusFor(PermissionDenied("", "")), 403);
  EXPECT_EQ(HttpStatusFor(NotFound("", "")), 404);
  EXPECT_EQ(HttpStatusFor(AlreadyExists("", "")), 409);
  EXPECT_EQ(HttpStatusFor(FailedPrecondition("", "")), 409);
  EXPECT_EQ(HttpStatusFor(ResourceExhausted("", "")), 429);
  EXPECT_EQ(HttpStatusFor(Unavailable("", "")), 503);
  EXPECT_EQ(HttpStatusFor(Internal("")), 500);
}

TEST(ErrorResponseTest, BodyTooLargeDetailMapsTo413) {
  Status s = ResourceExhausted("太大", "too large");
  s.set_detail("body_too_large");
  Response res = ErrorResponse(s);
  EXPECT_EQ(res.status, 413);
  EXPECT_EQ(json::parse(res.body)["error"]["code"], "resource_exhausted");
}

TEST(ErrorResponseTest, InternalMessageIsNotShownToClients) {
  Response res = ErrorResponse(Internal("sqlite: no such table workers_v2"));
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.body.find("sqlite"), std::string::npos);
}

TEST(ErrorResponseTest, DetailIsNotShownToClients) {
  Status s = AlreadyExists("已存在", "exists");
  s.set_detail("workers.id_number");
  EXPECT_EQ(ErrorResponse(s).body.find("workers.id_number"), std::string::npos);
}

TEST(JsonResponseTest, InvalidUtf8IsReplacedNotThrown) {
  Response res = JsonResponse(200, {{"name", std::string("a\xff")}});
  EXPECT_EQ(res.status, 200);
  EXPECT_NE(res.body.find("a\xEF\xBF\xBD"), std::string::npos);  // U+FFFD
}

TEST(ParseJsonBodyTest, AcceptsObject) {
  auto v = ParseJsonBody(JsonRequest(R"({"a":1})"));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ((*v)["a"], 1);
}

TEST(ParseJsonBodyTest, MalformedGivesByteOffset) {
  auto v = ParseJsonBody(JsonRequest(R"({"a":1,})"));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(v.status().en().find("byte 8"), std::string::npos)
      << v.status().en();
  EXPECT_NE(v.status().zh().find("第 8 字节"), std::string::npos)
      << v.status().zh();
}

TEST(ParseJsonBodyTest, NonObjectIsRejected) {
  auto v = ParseJsonBody(JsonRequest("[1,2]"));
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().en().find("object"), std::string::npos);
}

TEST(ParseJsonBodyTest, WrongContentTypeIsRejected) {
  EXPECT_FALSE(ParseJsonBody(JsonRequest(R"({"a":1})", "text/plain")).ok());
  EXPECT_FALSE(ParseJsonBody(JsonRequest(R"({"a":1})", "")).ok());
  EXPECT_FALSE(
      ParseJsonBody(JsonRequest(R"({"a":1})", "application/json; charset=gbk"))
          .ok());
  EXPECT_TRUE(
      ParseJsonBody(JsonRequest(R"({"a":1})", "Application/JSON")).ok());
}

TEST(ParseJsonBodyTest, EmptyBodyIsRejected) {
  EXPECT_FALSE(ParseJsonBody(JsonRequest("  ")).ok());
}

TEST(ParseJsonBodyTest, DeepNestingIsRejected) {
  std::string deep =
      "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  auto v = ParseJsonBody(JsonRequest(deep));
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().en().find("nested"), std::string::npos);
}

TEST(ParseJsonBodyTest, BracketsInsideStringsDoNotCountAsNesting) {
  std::string body = "{\"a\":\"" + std::string(100, '[') + "\\\"\"}";
  EXPECT_TRUE(ParseJsonBody(JsonRequest(body)).ok());
}

TEST(JsonReaderTest, ReadsValidFields) {
  json obj = {{"name", "张三"},
              {"age", 30},
              {"ok", true},
              {"skills", {"焊工", "电工"}}};
  JsonReader in(obj, {"name", "age", "ok", "skills"});
  EXPECT_EQ(in.String("name", true, 10), "张三");
  EXPECT_EQ(in.Int("age", true, 16, 80), 30);
  EXPECT_EQ(in.Bool("ok", true), true);
  EXPECT_EQ(in.StringArray("skills", true, 5, 10),
            (std::vector<std::string>{"焊工", "电工"}));
  EXPECT_TRUE(in.status().ok());
}

TEST(JsonReaderTest, WrongTypesNameTheField) {
  json obj = {{"name", 5}, {"age", "30"}, {"ok", 1}, {"skills", {1}}};
  JsonReader in(obj, {"name", "age", "ok", "skills"});
  EXPECT_FALSE(in.String("name", true, 10));
  EXPECT_FALSE(in.Int("age", true, 0, 100));
  EXPECT_FALSE(in.Bool("ok", true));
  EXPECT_FALSE(in.StringArray("skills", true, 5, 10));
  Status s = in.status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  auto zh = FieldsZh(s);
  EXPECT_EQ(zh["name"], "「name」应为文字");
  EXPECT_EQ(zh["age"], "「age」应为整数");
  EXPECT_NE(zh["ok"].find("true/false"), std::string::npos);
  EXPECT_EQ(zh["skills"], "「skills」应为文字列表");
  for (const auto& f : s.fields()) {
    EXPECT_NE(f.en.find(f.field), std::string::npos) << f.en;
  }
}

TEST(JsonReaderTest, FloatIsNotAnInteger) {
  json obj = {{"age", 3.0}};
  JsonReader in(obj, {"age"});
  EXPECT_FALSE(in.Int("age", true, 0, 100));
  EXPECT_EQ(FieldsZh(in.status())["age"], "「age」应为整数");
}

TEST(JsonReaderTest, MissingRequiredAndBlankAreReported) {
  json obj = {{"name", "  "}, {"phone", nullptr}};
  JsonReader in(obj, {"name", "phone", "age"});
  EXPECT_FALSE(in.String("name", true, 10));
  EXPECT_FALSE(in.String("phone", true, 11));
  EXPECT_FALSE(in.Int("age", true, 0, 100));
  auto zh = FieldsZh(in.status());
  EXPECT_EQ(zh["name"], "「name」不能为空");
  EXPECT_EQ(zh["phone"], "「phone」为必填项");
  EXPECT_EQ(zh["age"], "「age」为必填项");
}

TEST(JsonReaderTest, OptionalAbsentIsFine) {
  json obj = json::object();
  JsonReader in(obj, {"note"});
  EXPECT_FALSE(in.String("note", false, 10));
  EXPECT_TRUE(in.status().ok());
}

TEST(JsonReaderTest, TooLongCountsCharactersNotBytes) {
  json obj = {{"a", "张三李四"}, {"b", "张三李四五"}};
  JsonReader in(obj, {"a", "b"});
  EXPECT_TRUE(in.String("a", true, 4));
  EXPECT_FALSE(in.String("b", true, 4));
  EXPECT_EQ(FieldsZh(in.status())["b"], "「b」最多 4 个字");
}

TEST(JsonReaderTest, OutOfRangeIntegerIsReported) {
  json obj = {{"age", 12}, {"big", 18446744073709551615ull}};
  JsonReader in(obj, {"age", "big"});
  EXPECT_FALSE(in.Int("age", true, 16, 80));
  EXPECT_FALSE(in.Int("big", true, 0, 100));
  auto zh = FieldsZh(in.status());
  EXPECT_EQ(zh["age"], "「age」应在 16 到 80 之间");
  EXPECT_EQ(zh["big"], "「big」应在 0 到 100 之间");
}

TEST(JsonReaderTest, UnknownFieldIsReported) {
  json obj = {{"name", "a"}, {"nmae", "b"}};
  JsonReader in(obj, {"name"});
  EXPECT_TRUE(in.String("name", true, 10));
  Status s = in.status();
  ASSERT_EQ(s.fields().size(), 1u);
  EXPECT_EQ(s.fields()[0].field, "nmae");
  EXPECT_NE(s.fields()[0].zh.find("未知字段"), std::string::npos);
  EXPECT_NE(s.fields()[0].en.find("nmae"), std::string::npos);
}

TEST(JsonReaderTest, OneErrorPerField) {
  json obj = {{"age", "x"}};
  JsonReader in(obj, {"age"});
  EXPECT_FALSE(in.Int("age", true, 0, 1));
  EXPECT_FALSE(in.Int("age", true, 0, 1));
  EXPECT_EQ(in.status().fields().size(), 1u);
}

TEST(JsonReaderTest, ArrayLimitsAreEnforced) {
  json obj = {{"many", {"a", "b", "c"}}, {"long", {"ok", "toolong"}}};
  JsonReader in(obj, {"many", "long"});
  EXPECT_FALSE(in.StringArray("many", true, 2, 10));
  EXPECT_FALSE(in.StringArray("long", true, 5, 3));
  auto zh = FieldsZh(in.status());
  EXPECT_EQ(zh["many"], "「many」最多 2 项");
  EXPECT_EQ(zh["long"], "「long」第 2 项最多 3 个字");
}

TEST(ParsePageTest, DefaultsWhenAbsent) {
  Request req;
  auto p = ParsePage(req, 25);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->page, 1);
  EXPECT_EQ(p->page_size, 25);
  EXPECT_EQ(p->offset(), 0);
}

TEST(ParsePageTest, ComputesOffset) {
  Request req;
  req.query = {{"page", "3"}, {"page_size", "50"}};
  auto p = ParsePage(req);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->offset(), 100);
}

TEST(ParsePageTest, RejectsBadValuesWithFieldErrors) {
  Request req;
  req.query = {{"page", "0"}, {"page_size", "500"}};
  auto p = ParsePage(req, 20, 200);
  ASSERT_FALSE(p.ok());
  auto zh = FieldsZh(p.status());
  EXPECT_TRUE(zh.count("page"));
  EXPECT_TRUE(zh.count("page_size"));
  req.query = {{"page", "abc"}};
  EXPECT_FALSE(ParsePage(req).ok());
}

}  // namespace
}  // namespace xiezuo::http
