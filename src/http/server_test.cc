// End-to-end tests of the Beast server: a real Server on an ephemeral port and
// a small Beast client that speaks raw HTTP/1.1 to it, so that malformed and
// slow requests can be sent byte by byte.
#include "http/server.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <sstream>
#include <thread>

#include "http/json_util.h"

namespace xiezuo::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using nlohmann::json;
using namespace std::chrono_literals;

// One parsed response, headers by lower-case name.
struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;
  std::string body;
  bool keep_alive = false;
  std::string Header(const std::string& lower) const {
    auto it = headers.find(lower);
    return it == headers.end() ? "" : it->second;
  }
};

// Raw HTTP/1.1 client. Every operation is asynchronous underneath so that it
// has a timeout: a broken server fails a test instead of hanging it.
class Client {
 public:
  explicit Client(uint16_t port) : stream_(ioc_) {
    connect_error_ = Run([&](Done done) {
      stream_.async_connect(
          tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
          [done](error_code ec) { done(ec, 0); });
    });
  }

  error_code connect_error() const { return connect_error_; }

  error_code Write(std::string_view raw) {
    return Run([&](Done done) {
      asio::async_write(stream_, asio::buffer(raw.data(), raw.size()), done);
    });
  }

  // Reads one response. `head` for responses to HEAD (no body follows).
  error_code Read(Reply* out, bool head = false,
                  std::chrono::seconds timeout = std::chrono::seconds(10)) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 << 20);
    parser.skip(head);
    error_code ec = Run(
        [&](Done done) { bhttp::async_read(stream_, buffer_, parser, done); },
        timeout);
    if (ec) return ec;
    auto& msg = parser.get();
    out->status = static_cast<int>(msg.result_int());
    out->keep_alive = msg.keep_alive();
    out->headers.clear();
    for (const auto& f : msg) {
      std::string name(f.name_string().data(), f.name_string().size());
      for (char& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out->headers[name] = std::string(f.value().data(), f.value().size());
    }
    out->body = std::move(msg.body());
    return ec;
  }

  Reply RoundTrip(std::string_view raw, bool head = false) {
    Reply r;
    error_code ec = Write(raw);
    EXPECT_FALSE(ec) << ec.message();
    ec = Read(&r, head);
    EXPECT_FALSE(ec) << ec.message();
    return r;
  }

  // Reads until the server closes. Returns the bytes that arrived; *ec is
  // eof/reset on close, timeout if the server kept the connection open.
  std::string ReadToEnd(error_code* ec, std::chrono::seconds timeout) {
    std::string got(static_cast<const char*>(buffer_.data().data()),
                    buffer_.size());
    buffer_.consume(buffer_.size());
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      char chunk[4096];
      size_t n = 0;
      auto left = std::chrono::duration_cast<std::chrono::seconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) left = std::chrono::seconds(1);
      *ec = Run(
          [&](Done done) {
            stream_.async_read_some(asio::buffer(chunk),
                                    [&, done](error_code e, size_t k) {
                                      n = k;
                                      done(e, k);
                                    });
          },
          left);
      got.append(chunk, n);
      if (*ec) return got;
    }
  }

  tcp::socket& socket() { return stream_.socket(); }

 private:
  using Done = std::function<void(error_code, std::size_t)>;

  error_code Run(const std::function<void(Done)>& start,
                 std::chrono::seconds timeout = std::chrono::seconds(10)) {
    error_code result;
    stream_.expires_after(timeout);
    start([&](error_code ec, std::size_t) { result = ec; });
    ioc_.restart();
    ioc_.run();
    return result;
  }

  asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  error_code connect_error_;
};

std::string Get(std::string_view target, std::string_view extra = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" +
         std::string(extra) + "\r\n";
}

std::string Post(std::string_view target, std::string_view body,
                 std::string_view extra = "") {
  return "POST " + std::string(target) +
         " HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
         "Content-Length: " +
         std::to_string(body.size()) + "\r\n" + std::string(extra) + "\r\n" +
         std::string(body);
}

bool IsClosed(const error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == bhttp::error::end_of_stream;
}

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    spdlog::set_level(
        spdlog::level::warn);  // keep access logs out of test output
    router_.Add("GET", "/api/hello", [](Request& req) {
      req.log_user = "u42";
      return JsonResponse(200, {{"hello", req.Query("name", "world")}});
    });
    router_.Add("POST", "/api/echo", [](Request& req) {
      auto body = ParseJsonBody(req);
      if (!body.ok()) return ErrorResponse(body.status());
      return JsonResponse(200, *body);
    });
    router_.Add("GET", "/api/throw", [](Request&) -> Response {
      throw std::runtime_error("boom 13800138000");
    });
    router_.Add("GET", "/api/sleep", [this](Request&) {
      entered_sleep_.set_value();
      std::this_thread::sleep_for(400ms);
      return JsonResponse(200, {{"slept", true}});
    });
    router_.Add("GET", "/api/whoami", [](Request& req) {
      return JsonResponse(200,
                          {{"ip", req.remote_addr}, {"secure", req.secure}});
    });
    router_.Add("GET", "/api/file", [this](Request&) {
      Response res;
      res.content_type = "text/csv; charset=utf-8";
      res.file_path = download_.string();
      res.headers.emplace_back("Content-Disposition",
                               "attachment; filename=\"w.csv\"");
      return res;
    });
    router_.Add("GET", "/api/cached", [](Request&) {
      Response res = JsonResponse(200, json::object());
      res.headers.emplace_back("Cache-Control", "private, max-age=60");
      return res;
    });
    router_.Add("GET", "/api/inject", [](Request&) {
      Response res = JsonResponse(200, json::object());
      res.headers.emplace_back("X-Test", "a\r\nSet-Cookie: evil=1");
      res.headers.emplace_back("Content-Length", "0");  // would break framing
      res.headers.emplace_back("X-Ok", "fine");
      return res;
    });
    router_.Add("GET", "/healthz", [](Request&) {
      return JsonResponse(200, {{"ok", true}});
    });

    base_ = fs::temp_directory_path() /
            ("xiezuo_server_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    fs::create_directories(base_ / "dist" / "assets");
    std::ofstream(base_ / "dist" / "index.html") << "<html>console</html>";
    std::ofstream(base_ / "dist" / "assets" / "app.js") << "console.log('xz')";
    std::ofstream(base_ / "secret.txt") << "top secret";
    download_ = base_ / "download.csv";
    std::ofstream out(download_, std::ios::binary);
    for (int i = 0; i < 20000; ++i) out << "row" << i << ",张三\n";
  }

  ~ServerTest() override {
    if (server_) server_->Stop();
    fs::remove_all(base_);
  }

  void StartServer(ServerOptions opt = {}) {
    opt.address = "127.0.0.1";
    opt.port = 0;
    server_ = std::make_unique<Server>(opt, router_);
    Status s = server_->Start();
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  ServerOptions WithStatic() {
    ServerOptions opt;
    opt.static_dir = (base_ / "dist").string();
    return opt;
  }

  uint16_t port() const { return server_->port(); }

  Router router_;
  std::unique_ptr<Server> server_;
  std::promise<void> entered_sleep_;
  fs::path base_;
  fs::path download_;
};

TEST_F(ServerTest, JsonRoundTrip) {
  StartServer();
  Client c(port());
  Reply r = c.RoundTrip(Post("/api/echo", R"({"name":"张三","n":1})"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(json::parse(r.body), json({{"name", "张三"}, {"n", 1}}));
}

TEST_F(ServerTest, QueryIsDecoded) {
  StartServer();
  Client c(port());
  Reply r = c.RoundTrip(Get("/api/hello?name=%E6%9D%8E+%E5%9B%9B"));
  EXPECT_EQ(json::parse(r.body)["hello"], "李 四");
}

TEST_F(ServerTest, MalformedJsonGets400WithOffset) {
  StartServer();
  Client c(port());
  Reply r = c.RoundTrip(Post("/api/echo", "{\"a\":"));
  EXPECT_EQ(r.status, 400);
  json body = json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], "invalid_argument");
  EXPECT_NE(body["error"]["message"]["en"].get<std::string>().find("byte"),
            std::string::npos);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartServer();
  Client c(port());
  for (int i = 0; i < 3; ++i) {
    Reply r = c.RoundTrip(Get("/api/hello"));
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.keep_alive);
  }
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  StartServer();
  Client c(port());
  ASSERT_FALSE(c.Write(Get("/api/hello?name=a") + Get("/api/hello?name=b")));
  Reply a, b;
  ASSERT_FALSE(c.Read(&a));
  ASSERT_FALSE(c.Read(&b));
  EXPECT_EQ(json::parse(a.body)["hello"], "a");
  EXPECT_EQ(json::parse(b.body)["hello"], "b");
}

TEST_F(ServerTest, OversizeBodyGets413WithoutReadingIt) {
  ServerOptions opt;
  opt.max_body_bytes = 1024;
  StartServer(opt);
  Client c(port());
  // Only the headers and a little of the announced 100 KB are sent: the
  // answer must come from Content-Length alone.
  ASSERT_FALSE(c.Write(
      "POST /api/echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Content-Length: 100000\r\n\r\n{\"a\":"));
  Reply r;
  ASSERT_FALSE(c.Read(&r));
  EXPECT_EQ(r.status, 413);
  EXPECT_FALSE(r.keep_alive);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "resource_exhausted");
}

TEST_F(ServerTest, ServerStillServesAfter413) {
  ServerOptions opt;
  opt.max_body_bytes = 1024;
  StartServer(opt);
  {
    Client c(port());
    Reply r = c.RoundTrip(
        Post("/api/echo", "{\"a\":\"" + std::string(5000, 'x') + "\"}"));
    EXPECT_EQ(r.status, 413);
  }
  Client c2(port());
  EXPECT_EQ(c2.RoundTrip(Post("/api/echo", "{}")).status, 200);
}

TEST_F(ServerTest, UploadRequestsGetTheLargerBodyLimitAndOthersDoNot) {
  ServerOptions opt;
  opt.max_body_bytes = 1024;
  opt.upload_body_bytes = 8192;
  opt.is_upload = [](std::string_view method, std::string_view target) {
    return method == "POST" && target.substr(0, 9) == "/api/echo" && target.find("upload") != target.npos;
  };
  StartServer(opt);
  const std::string body = "{\"a\":\"" + std::string(5000, 'x') + "\"}";
  Client c(port());
  EXPECT_EQ(c.RoundTrip(Post("/api/echo?upload=1", body)).status, 200);
  Client c2(port());
  EXPECT_EQ(c2.RoundTrip(Post("/api/echo", body)).status, 413);
  Client c3(port());
  Reply big = c3.RoundTrip(Post("/api/echo?upload=1", "{\"a\":\"" + std::string(9000, 'x') + "\"}"));
  EXPECT_EQ(big.status, 413);
  EXPECT_NE(big.body.find("8 KB"), std::string::npos) << big.body;
}

TEST_F(ServerTest, OversizeUploadIsDrainedNotReset) {
  // A browser uploading a too-large file sends the whole body before reading
  // the answer. The server answers 413 early and then drains the rest
  // (lingering close): the upload completes without a TCP reset, which the
  // browser would report as a network error instead of our 413 message.
  ServerOptions opt;
  opt.max_body_bytes = 1024;
  StartServer(opt);
  Client c(port());
  std::string big(4 << 20, 'x');
  error_code write_error;
  std::thread writer([&] {
    asio::write(
        c.socket(),
        asio::buffer("POST /api/echo HTTP/1.1\r\nHost: t\r\nContent-Type: "
                     "application/json\r\nContent-Length: " +
                     std::to_string(big.size()) + "\r\n\r\n"),
        write_error);
    if (!write_error) asio::write(c.socket(), asio::buffer(big), write_error);
  });
  writer.join();
  EXPECT_FALSE(write_error) << write_error.message();
  Reply r;
  error_code ec = c.Read(&r);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(r.status, 413);
}

TEST_F(ServerTest, MalformedRequestLineGets400AndCloses) {
  StartServer();
  Client c(port());
  Reply r = c.RoundTrip("NOT A REQUEST\r\n\r\n");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "invalid_argument");
  error_code ec;
  c.ReadToEnd(&ec, 5s);
  EXPECT_TRUE(IsClosed(ec)) << ec.message();
}

TEST_F(ServerTest, OversizeHeadersGet431) {
  ServerOptions opt;
  opt.max_header_bytes = 1024;
  StartServer(opt);
  Client c(port());
  Reply r = c.RoundTrip(
      Get("/api/hello", "X-Big: " + std::string(4000, 'a') + "\r\n"));
  EXPECT_EQ(r.status, 431);
}

TEST_F(ServerTest, ReadTimeoutClosesConnectionWithUnfinishedHeaders) {
  ServerOptions opt;
  opt.read_timeout = 1s;
  StartServer(opt);
  Client c(port());
  ASSERT_FALSE(
      c.Write("GET /api/hello HTTP/1.1\r\nHost: t\r\n"));  // no blank line
  auto start = std::chrono::steady_clock::now();
  error_code ec;
  std::string got = c.ReadToEnd(&ec, 10s);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(IsClosed(ec)) << ec.message();
  EXPECT_EQ(got, "");
  EXPECT_GE(elapsed, 800ms);
  EXPECT_LT(elapsed, 5s);
}

TEST_F(ServerTest, ReadTimeoutClosesSilentConnection) {
  ServerOptions opt;
  opt.read_timeout = 1s;
  StartServer(opt);
  Client c(port());
  error_code ec;
  c.ReadToEnd(&ec, 10s);
  EXPECT_TRUE(IsClosed(ec)) << ec.message();
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  ServerOptions opt;
  opt.idle_timeout = 1s;
  StartServer(opt);
  Client c(port());
  EXPECT_EQ(c.RoundTrip(Get("/api/hello")).status, 200);
  auto start = std::chrono::steady_clock::now();
  error_code ec;
  c.ReadToEnd(&ec, 10s);
  EXPECT_TRUE(IsClosed(ec)) << ec.message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST_F(ServerTest, StaticFileIsServedWithTypeAndCache) {
  StartServer(WithStatic());
  Client c(port());
  Reply r = c.RoundTrip(Get("/assets/app.js"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log('xz')");
  EXPECT_EQ(r.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=31536000, immutable");
}

TEST_F(ServerTest, UnknownClientRouteFallsBackToIndex) {
  StartServer(WithStatic());
  Client c(port());
  Reply r = c.RoundTrip(Get("/workers/42?tab=1"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<html>console</html>");
  EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("cache-control"), "no-cache");
}

TEST_F(ServerTest, UnknownApiPathIsJson404NotIndex) {
  StartServer(WithStatic());
  Client c(port());
  Reply r = c.RoundTrip(Get("/api/nope"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "not_found");
}

TEST_F(ServerTest, NonApiRouterPathIsRouted) {
  StartServer(WithStatic());
  Client c(port());
  Reply r = c.RoundTrip(Get("/healthz"));
  EXPECT_EQ(json::parse(r.body)["ok"], true);
}

TEST_F(ServerTest, PathTraversalIsRefused) {
  StartServer(WithStatic());
  for (std::string target :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/assets/%2E%2E/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
        "/api/../../secret.txt"}) {
    Client c(port());
    Reply r = c.RoundTrip(Get(target));
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.body.find("top secret"), std::string::npos) << target;
  }
}

TEST_F(ServerTest, SecurityHeadersOnEveryResponse) {
  StartServer(WithStatic());
  for (std::string raw :
       {Get("/api/hello"), Get("/api/nope"), Get("/assets/app.js"),
        Get("/workers"), std::string("BAD\r\n\r\n")}) {
    Client c(port());
    Reply r = c.RoundTrip(raw);
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << raw;
    EXPECT_EQ(r.Header("x-frame-options"), "DENY") << raw;
    EXPECT_EQ(r.Header("referrer-policy"), "no-referrer") << raw;
    std::string csp = r.Header("content-security-policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << raw;
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << raw;
    EXPECT_NE(csp.find("style-src 'self' 'unsafe-inline'"), std::string::npos)
        << raw;
    EXPECT_NE(csp.find("img-src 'self' data: blob:"), std::string::npos) << raw;
  }
}

TEST_F(ServerTest, ApiResponsesAreNoStore) {
  StartServer();
  Client c(port());
  EXPECT_EQ(c.RoundTrip(Get("/api/hello")).Header("cache-control"), "no-store");
  EXPECT_EQ(c.RoundTrip(Get("/api/nope")).Header("cache-control"), "no-store");
}

TEST_F(ServerTest, HandlerCacheControlIsKept) {
  StartServer();
  Client c(port());
  EXPECT_EQ(c.RoundTrip(Get("/api/cached")).Header("cache-control"),
            "private, max-age=60");
}

TEST_F(ServerTest, UnsafeOrFramingHeadersFromHandlerAreDropped) {
  StartServer();
  Client c(port());
  Reply r = c.RoundTrip(Get("/api/inject"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("x-test"), "");
  EXPECT_EQ(r.Header("set-cookie"), "");
  EXPECT_EQ(r.Header("x-ok"), "fine");
  EXPECT_EQ(r.body, "{}");  // the handler's Content-Length: 0 was not used
}

TEST_F(ServerTest, HandlerExceptionGives500WithoutDetails) {
  StartServer();
  Client c(port());
  Reply r = c.RoundTrip(Get("/api/throw"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "internal");
  EXPECT_EQ(r.body.find("boom"), std::string::npos);
  EXPECT_EQ(c.RoundTrip(Get("/api/hello")).status, 200);  // connection survives
}

TEST_F(ServerTest, HandlerExceptionIsLoggedWithoutTheValuesItEchoes) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
  StartServer();
  {
    Client c(port());
    EXPECT_EQ(c.RoundTrip(Get("/api/throw")).status, 500);
  }
  server_->Stop();
  spdlog::set_default_logger(previous);
  const std::string log = captured.str();
  EXPECT_NE(log.find("threw: boom ***********"), std::string::npos) << log;
  EXPECT_EQ(log.find("13800138000"), std::string::npos) << log;
}

TEST_F(ServerTest, FileResponseIsStreamed) {
  StartServer();
  Client c(port());
  Reply r = c.RoundTrip(Get("/api/file"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), fs::file_size(download_));
  EXPECT_EQ(r.body.substr(0, 4), "row0");
  EXPECT_EQ(r.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r.Header("content-disposition"), "attachment; filename=\"w.csv\"");
}

TEST_F(ServerTest, HeadSendsHeadersOnly) {
  StartServer();
  Client c(port());
  Reply r =
      c.RoundTrip("HEAD /api/file HTTP/1.1\r\nHost: t\r\n\r\n", /*head=*/true);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-length"),
            std::to_string(fs::file_size(download_)));
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(c.RoundTrip(Get("/api/hello")).status,
            200);  // stream still in sync
}

TEST_F(ServerTest, Expect100ContinueIsHonoured) {
  StartServer();
  Client c(port());
  std::string body = R"({"x":1})";
  ASSERT_FALSE(c.Write(
      "POST /api/echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n"));
  Reply interim;
  ASSERT_FALSE(c.Read(&interim));
  EXPECT_EQ(interim.status, 100);
  ASSERT_FALSE(c.Write(body));
  Reply r;
  ASSERT_FALSE(c.Read(&r));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["x"], 1);
}

TEST_F(ServerTest, ForwardedHeadersIgnoredWithoutTrustProxy) {
  StartServer();
  Client c(port());
  Reply r = c.RoundTrip(
      Get("/api/whoami",
          "X-Forwarded-For: 9.9.9.9\r\nX-Forwarded-Proto: https\r\n"));
  EXPECT_EQ(json::parse(r.body),
            json({{"ip", "127.0.0.1"}, {"secure", false}}));
}

TEST_F(ServerTest, TrustProxyTakesLastForwardedFor) {
  ServerOptions opt;
  opt.trust_proxy = true;
  StartServer(opt);
  Client c(port());
  Reply r = c.RoundTrip(Get("/api/whoami",
                            "X-Forwarded-For: 6.6.6.6, 10.1.2.3\r\n"
                            "X-Forwarded-Proto: https\r\n"));
  EXPECT_EQ(json::parse(r.body), json({{"ip", "10.1.2.3"}, {"secure", true}}));
}

TEST_F(ServerTest, ConcurrentClientsAllGetTheirOwnAnswers) {
  ServerOptions opt;
  opt.threads = 4;
  StartServer(opt);
  constexpr int kThreads = 8, kRequests = 25;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&, t] {
      Client c(port());
      for (int i = 0; i < kRequests; ++i) {
        json sent = {{"t", t}, {"i", i}};
        Reply r = c.RoundTrip(Post("/api/echo", sent.dump()));
        if (r.status == 200 && json::parse(r.body) == sent) ++ok;
      }
    });
  }
  for (auto& th : clients) th.join();
  EXPECT_EQ(ok.load(), kThreads * kRequests);
}

TEST_F(ServerTest, AccessLogHasPathStatusUserButNoQueryBodyOrCookie) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  auto previous = spdlog::default_logger();
  auto logger = std::make_shared<spdlog::logger>("capture", sink);
  logger->set_level(spdlog::level::info);
  spdlog::set_default_logger(logger);

  StartServer();
  {
    Client c(port());
    c.RoundTrip(
        Get("/api/hello?name=13800138000", "Cookie: sid=SECRETSESSION\r\n"));
    c.RoundTrip(Post("/api/echo", R"({"id_number":"110101199003077777"})"));
  }
  server_->Stop();  // the log line is written after the response; wait for it
  spdlog::set_default_logger(previous);

  std::string log = captured.str();
  EXPECT_NE(log.find("GET /api/hello 200"), std::string::npos) << log;
  EXPECT_NE(log.find("user=u42"), std::string::npos) << log;
  EXPECT_NE(log.find("POST /api/echo 200"), std::string::npos) << log;
  EXPECT_EQ(log.find("13800138000"), std::string::npos) << log;
  EXPECT_EQ(log.find("SECRETSESSION"), std::string::npos) << log;
  EXPECT_EQ(log.find("110101199003077777"), std::string::npos) << log;
}

TEST_F(ServerTest, AddressInUseIsAClearError) {
  StartServer();
  ServerOptions opt;
  opt.port = port();
  Server second(opt, router_);
  Status s = second.Start();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.en().find(std::to_string(port())), std::string::npos) << s.en();
}

TEST_F(ServerTest, MissingStaticDirIsAnError) {
  ServerOptions opt;
  opt.port = 0;
  opt.static_dir = (base_ / "no_such_dist").string();
  Server s(opt, router_);
  EXPECT_EQ(s.Start().code(), StatusCode::kInvalidArgument);
}

TEST_F(ServerTest, StopFinishesInFlightRequest) {
  StartServer();
  std::future<void> entered = entered_sleep_.get_future();
  Reply r;
  std::thread client([&] {
    Client c(port());
    r = c.RoundTrip(Get("/api/sleep"));
  });
  ASSERT_EQ(entered.wait_for(5s), std::future_status::ready);
  server_->Stop();
  client.join();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["slept"], true);
  EXPECT_FALSE(r.keep_alive);
}

TEST_F(ServerTest, StopClosesIdleConnectionsPromptly) {
  StartServer();  // idle_timeout 60 s
  Client c(port());
  EXPECT_EQ(c.RoundTrip(Get("/api/hello")).status, 200);
  auto start = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  error_code ec;
  c.ReadToEnd(&ec, 5s);
  EXPECT_TRUE(IsClosed(ec)) << ec.message();
}

TEST_F(ServerTest, WaitReturnsAfterStop) {
  StartServer();
  std::thread waiter([&] { server_->Wait(); });
  server_->Stop();
  waiter.join();  // hangs (and times out the test) if Wait ignored Stop
  Client c(port());
  EXPECT_TRUE(c.connect_error());  // no longer listening
}

TEST_F(ServerTest, SigtermEndsWait) {
  StartServer();
  server_->InstallSignalHandlers();
  std::thread waiter([&] { server_->Wait(); });
  std::this_thread::sleep_for(50ms);
  ::raise(SIGTERM);
  waiter.join();
  Client c(port());
  EXPECT_TRUE(c.connect_error());
}

// ---- upload routes (ServerOptions::upload_path_prefixes)

class UploadTest : public ServerTest {
 protected:
  UploadTest() {
    router_.Add("POST", "/api/up/file", [this](Request& req) {
      seen_path_ = req.body_file;
      std::ifstream in(req.body_file, std::ios::binary);
      std::string data((std::istreambuf_iterator<char>(in)), {});
      return JsonResponse(200, {{"in_memory", req.body.size()},
                                {"on_disk", data.size()},
                                {"same", data == expected_}});
    });
  }
  ServerOptions Options() {
    ServerOptions opt;
    opt.max_body_bytes = 1024;
    opt.max_upload_bytes = 64 << 10;
    opt.upload_path_prefixes = {"/api/up/"};
    opt.upload_dir = base_.string();
    return opt;
  }
  std::string expected_;
  std::string seen_path_;
};

TEST_F(UploadTest, UploadBodyGoesToAFileRemovedAfterTheHandler) {
  StartServer(Options());
  expected_ = std::string(40 << 10, 'x');  // over max_body_bytes
  Client c(port());
  Reply r = c.RoundTrip(Post("/api/up/file", expected_));
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = json::parse(r.body);
  EXPECT_EQ(j["in_memory"], 0);
  EXPECT_EQ(j["on_disk"], expected_.size());
  EXPECT_TRUE(j["same"]);
  EXPECT_EQ(fs::path(seen_path_).parent_path(), base_);
  EXPECT_FALSE(fs::exists(seen_path_));
}

TEST_F(UploadTest, UploadOverItsLimitGets413NamingIt) {
  StartServer(Options());
  Client c(port());
  ASSERT_FALSE(c.Write("POST /api/up/file HTTP/1.1\r\nHost: t\r\nContent-Length: 70000\r\n\r\nxx"));
  Reply r;
  ASSERT_FALSE(c.Read(&r));
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(json::parse(r.body)["error"]["message"]["en"].get<std::string>().find("64 KB"),
            std::string::npos)
      << r.body;
}

TEST_F(UploadTest, ChunkedUploadOverItsLimitGets413AndLeavesNoFile) {
  StartServer(Options());
  Client c(port());
  std::string chunk(40 << 10, 'y');
  char size[16];
  std::snprintf(size, sizeof(size), "%zx", chunk.size());
  std::string req = "POST /api/up/file HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 2; ++i) req += std::string(size) + "\r\n" + chunk + "\r\n";
  req += "0\r\n\r\n";
  Reply r = c.RoundTrip(req);
  EXPECT_EQ(r.status, 413);
  size_t left = 0;
  for (const auto& e : fs::directory_iterator(base_))
    if (e.path().filename().string().rfind("xiezuo-upload-", 0) == 0) ++left;
  EXPECT_EQ(left, 0u);
}

TEST_F(UploadTest, OtherRoutesKeepTheSmallLimit) {
  StartServer(Options());
  Client c(port());
  Reply r = c.RoundTrip(Post("/api/echo", "{\"a\":\"" + std::string(5000, 'x') + "\"}"));
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(json::parse(r.body)["error"]["message"]["en"].get<std::string>().find("1 KB"),
            std::string::npos)
      << r.body;
  // Also when the length is over the largest limit (checked while the header is read).
  Client c2(port());
  ASSERT_FALSE(c2.Write("POST /api/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 900000\r\n\r\n{"));
  Reply r2;
  ASSERT_FALSE(c2.Read(&r2));
  EXPECT_EQ(r2.status, 413);
  EXPECT_NE(r2.body.find("1 KB"), std::string::npos) << r2.body;
}

TEST_F(UploadTest, MissingUploadDirIsAnError) {
  ServerOptions opt = Options();
  opt.upload_dir = (base_ / "nope").string();
  Server server(opt, router_);
  EXPECT_EQ(server.Start().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace xiezuo::http
