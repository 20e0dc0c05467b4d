// The only translation unit (with server_test.cc) that includes Boost.Asio
// and Boost.Beast. Structure, following Beast's advanced_server example:
//
//   Core      owns the io_context, the acceptor, the threads and the registry
//             of live sessions (for a graceful Stop).
//   Session   one per TCP connection, on its own strand:
//               ReadRequest -> (idle wait) -> ReadHeader -> [100 Continue]
//               -> ReadBody -> Handle -> WriteSome... -> ReadRequest | close
//             On upload routes (ServerOptions::upload_path_prefixes) the
//             header-only parser is converted into a file_body parser after
//             ReadHeader, so the body streams into a temporary file.
//   Outgoing  a response message with its serializer, type-erased over the
//             body type (string_body or file_body), written chunk by chunk so
//             that write_timeout limits stalls, not total download time.
#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <condition_variable>
#include <ctime>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <unistd.h>

#include "common/strings.h"
#include "http/json_util.h"
#include "http/static_files.h"

namespace xiezuo::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;

// A bad request leaves unread input behind; closing at once would make the
// kernel send RST, which can destroy our error response before the client
// reads it. So after such a response we half-close and drain for this long.
constexpr std::chrono::seconds kLingerTime{2};
// Longest path written to the access log.
constexpr size_t kMaxLoggedPath = 200;

constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

std::string_view SV(beast::string_view s) { return {s.data(), s.size()}; }

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

// Last non-empty element of a comma-separated header value.
std::string LastListElement(std::string_view v) {
  while (!v.empty()) {
    size_t comma = v.rfind(',');
    std::string_view item =
        TrimSpaces(comma == std::string_view::npos ? v : v.substr(comma + 1));
    if (!item.empty()) return std::string(item);
    if (comma == std::string_view::npos) break;
    v = v.substr(0, comma);
  }
  return "";
}

// The raw path of a target (no query), shortened for the log. Beast rejects
// control characters in targets, so this cannot forge log lines.
std::string LoggedPath(std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  if (path.size() > kMaxLoggedPath)
    return std::string(path.substr(0, kMaxLoggedPath)) + "...";
  return std::string(path);
}

std::string HttpDate() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof(buf), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!(std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) !=
                                 std::string_view::npos)) {
      return false;
    }
  }
  return true;
}

// "1 MB", "64 KB", "100 B" for messages.
std::string FormatSize(size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
    return std::to_string(bytes >> 20) + " MB";
  if (bytes >= 1024 && bytes % 1024 == 0)
    return std::to_string(bytes >> 10) + " KB";
  return std::to_string(bytes) + " B";
}

// Headers that frame the message; the server alone sets them.
bool IsFramingHeader(std::string_view lower_name) {
  return lower_name == "content-length" || lower_name == "transfer-encoding" ||
         lower_name == "connection" || lower_name == "keep-alive" ||
         lower_name == "upgrade" || lower_name == "trailer" ||
         lower_name == "te" || lower_name == "content-type" ||
         lower_name == "date";
}

bool IsSafeHeaderValue(std::string_view s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

bool IsHttpParseError(const error_code& ec) {
  return ec.category() ==
         bhttp::make_error_code(bhttp::error::bad_method).category();
}

// Where streamed uploads go: the configured directory, else $TMPDIR, else /tmp.
std::string UploadDir(const ServerOptions& o) {
  if (!o.upload_dir.empty()) return o.upload_dir;
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? std::string(tmp) : std::string("/tmp");
}

class Session;

// The one completion handler type of every Session operation: a member
// function to continue with, and the Session kept alive meanwhile. Using a
// single type (instead of one lambda or bind per call site) means each Asio
// and Beast composed operation is instantiated once, which is most of this
// file's compile time.
struct Step {
  std::shared_ptr<Session> self;
  void (Session::*next)(error_code, std::size_t);
  void operator()(error_code ec, std::size_t n) const;
};

// A response being written: the message plus its serializer.
class Outgoing {
 public:
  virtual ~Outgoing() = default;
  virtual void WriteSome(beast::tcp_stream& stream, Step step) = 0;
  virtual bool Done() = 0;
};

template <class Body>
class OutgoingMessage final : public Outgoing {
 public:
  OutgoingMessage(bhttp::response<Body>&& msg, bool header_only)
      : msg_(std::move(msg)), sr_(msg_), header_only_(header_only) {}
  void WriteSome(beast::tcp_stream& stream, Step step) override {
    if (header_only_) {
      bhttp::async_write_header(stream, sr_, std::move(step));
    } else {
      bhttp::async_write_some(stream, sr_, std::move(step));
    }
  }
  bool Done() override {
    return header_only_ ? sr_.is_header_done() : sr_.is_done();
  }

 private:
  bhttp::response<Body> msg_;
  bhttp::response_serializer<Body> sr_;  // refers to msg_: never moved
  bool header_only_;
};

// Everything a Server owns. Member order matters for destruction: sessions
// still queued in the io_context are destroyed with it and unregister
// themselves, so the registry and its mutex must outlive `ioc`, and the I/O
// objects must die before `ioc`.
class Core {
 public:
  Core(ServerOptions options, const Router& router)
      : options(std::move(options)),
        router(router),
        ioc(std::max(1, this->options.threads)),
        acceptor(asio::make_strand(ioc)),
        accept_retry(acceptor.get_executor()) {}

  Status Start();
  void Stop();
  void Wait();
  void InstallSignalHandlers();

  void Register(Session* s, std::weak_ptr<Session> w) {
    std::lock_guard<std::mutex> lock(mu);
    sessions.emplace(s, std::move(w));
  }
  void Unregister(Session* s) {
    std::lock_guard<std::mutex> lock(mu);
    sessions.erase(s);
    if (sessions.empty()) cv.notify_all();
  }

  const ServerOptions options;
  const Router& router;
  std::unique_ptr<StaticFiles> static_files;  // set in Start, then read-only
  std::atomic<bool> stopping{false};
  uint16_t port = 0;  // set in Start before any thread runs

 private:
  void DoAccept();
  void OnAccept(error_code ec, tcp::socket socket);
  void RunLoop();

  std::mutex stop_mu;  // serialises Stop()
  std::mutex mu;
  std::condition_variable cv;
  bool started = false;          // GUARDED_BY(mu)
  bool stopped = false;          // GUARDED_BY(mu)
  bool signal_received = false;  // GUARDED_BY(mu)
  std::unordered_map<Session*, std::weak_ptr<Session>>
      sessions;  // GUARDED_BY(mu)

 public:
  asio::io_context ioc;

 private:
  tcp::acceptor acceptor;           // on its own strand
  asio::steady_timer accept_retry;  // same strand
  std::unique_ptr<asio::signal_set> signals;
  std::vector<std::thread> threads;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Core& core)
      : stream_(std::move(socket)), core_(core) {
    error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ip_ = ep.address().to_string();
  }
  ~Session() {
    RemoveUpload();
    core_.Unregister(this);
  }

  void Start() {
    core_.Register(this, weak_from_this());
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->ReadRequest(/*first=*/true);
    });
  }

  // Posted by Core::Stop. Idle and half-read connections close now; a request
  // being handled or written finishes first (ReadRequest then sees stopping).
  void Shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->state_ == State::kReading ||
          self->state_ == State::kLingering) {
        self->stream_.cancel();
      }
    });
  }

 private:
  enum class State { kReading, kHandling, kWriting, kLingering };

  Step Then(void (Session::*next)(error_code, std::size_t)) {
    return Step{shared_from_this(), next};
  }

  void ReadRequest(bool first) {
    if (core_.stopping) return Close();
    state_ = State::kReading;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<size_t>(core_.options.max_header_bytes, UINT32_MAX)));
    // The largest limit of any route while the header is read (Beast checks
    // Content-Length against it then); OnHeader applies the route's own.
    size_t largest = core_.options.max_body_bytes;
    if (!core_.options.upload_path_prefixes.empty())
      largest = std::max(largest, core_.options.max_upload_bytes);
    if (core_.options.is_upload)
      largest = std::max(largest, core_.options.upload_body_bytes);
    parser_->body_limit(static_cast<std::uint64_t>(largest));
    body_limit_ = core_.options.max_body_bytes;
    header_seen_ = false;
    if (first || buffer_.size() > 0) {
      stream_.expires_after(core_.options.read_timeout);
      return ReadHeader();
    }
    // Keep-alive: wait up to idle_timeout for the next request to begin; its
    // read_timeout starts with its first byte.
    stream_.expires_after(core_.options.idle_timeout);
    stream_.async_read_some(asio::mutable_buffer(buffer_.prepare(4096)),
                            Then(&Session::OnIdleData));
  }

  void OnIdleData(error_code ec, std::size_t n) {
    if (ec) return Close();
    buffer_.commit(n);
    stream_.expires_after(core_.options.read_timeout);
    ReadHeader();
  }

  void ReadHeader() {
    started_ = SteadyClock::now();
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             Then(&Session::OnHeader));
  }

  bool IsUploadRoute(bhttp::verb method, std::string_view target) const {
    if (method != bhttp::verb::post) return false;
    std::string_view path = target.substr(0, target.find('?'));
    for (const std::string& prefix : core_.options.upload_path_prefixes) {
      if (path.substr(0, prefix.size()) == prefix) return true;
    }
    return false;
  }

  // Streamed uploads (imports) and small in-memory ones (photos) have their
  // own limits; everything else keeps max_body_bytes.
  size_t BodyLimitFor(const bhttp::request<bhttp::string_body>& msg) const {
    if (IsUploadRoute(msg.method(), SV(msg.target()))) {
      return core_.options.max_upload_bytes;
    }
    if (core_.options.is_upload &&
        core_.options.is_upload(SV(msg.method_string()), SV(msg.target()))) {
      return std::max(core_.options.max_body_bytes,
                      core_.options.upload_body_bytes);
    }
    return core_.options.max_body_bytes;
  }

  void OnHeader(error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    const auto& msg = parser_->get();
    header_seen_ = true;
    log_method_ = std::string(SV(msg.method_string()));
    log_path_ = LoggedPath(SV(msg.target()));
    const bool upload = IsUploadRoute(msg.method(), SV(msg.target()));
    body_limit_ = BodyLimitFor(msg);
    if (auto length = parser_->content_length();
        length && *length > body_limit_) {
      return OnReadError(bhttp::error::body_limit);
    }
    // Checked again as chunks arrive (chunked uploads have no length).
    parser_->body_limit(static_cast<std::uint64_t>(body_limit_));
    if (upload && !parser_->is_done()) {
      if (Status st = StreamBodyToFile(); !st.ok()) {
        return SendError(500, st);
      }
    }
    auto expect = msg.find(bhttp::field::expect);
    if (expect != msg.end() && !parser_->is_done() &&
        Lower(TrimSpaces(SV(expect->value()))) == "100-continue") {
      static constexpr std::string_view kContinue =
          "HTTP/1.1 100 Continue\r\n\r\n";
      return asio::async_write(
          stream_, asio::const_buffer(kContinue.data(), kContinue.size()),
          Then(&Session::OnContinueSent));
    }
    ReadBody();
  }

  void OnContinueSent(error_code ec, std::size_t) {
    if (ec) return Close();
    ReadBody();
  }

  // Converts the header-only parser into one whose body is a private file
  // (mode 0600, from mkstemp), so an upload is never held in memory.
  Status StreamBodyToFile() {
    std::string path = UploadDir(core_.options) + "/xiezuo-upload-XXXXXX";
    int fd = ::mkstemp(path.data());
    if (fd < 0) {
      return Internal("cannot create an upload file in " +
                      UploadDir(core_.options));
    }
    ::close(fd);
    upload_path_ = path;
    file_parser_.emplace(std::move(*parser_));
    parser_.reset();
    file_parser_->body_limit(static_cast<std::uint64_t>(body_limit_));
    error_code ec;
    file_parser_->get().body().open(path.c_str(), beast::file_mode::write, ec);
    if (ec) return Internal("cannot open upload file: " + ec.message());
    return Status::Ok();
  }

  void RemoveUpload() {
    file_parser_.reset();
    if (!upload_path_.empty()) std::remove(upload_path_.c_str());
    upload_path_.clear();
  }

  void ReadBody() {
    if (file_parser_) {
      return bhttp::async_read(stream_, buffer_, *file_parser_,
                               Then(&Session::OnRead));
    }
    bhttp::async_read(stream_, buffer_, *parser_, Then(&Session::OnRead));
  }

  void OnRead(error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    Handle();
  }

  void OnReadError(error_code ec) {
    RemoveUpload();
    if (ec == bhttp::error::body_limit && !header_seen_ && parser_) {
      // Beast checked Content-Length against the largest limit while
      // reading the header (its fields are parsed): this route's limit.
      body_limit_ = BodyLimitFor(parser_->get());
    }
    if (ec == bhttp::error::body_limit) {
      const std::string limit = FormatSize(body_limit_);
      return SendError(
          413,
          ResourceExhausted("上传内容过大（上限 " + limit + "），请缩小后重试",
                            "Request body too large (limit " + limit + ")")
              .set_detail("body_too_large"));
    }
    if (ec == bhttp::error::header_limit) {
      return SendError(
          431, ResourceExhausted("请求头过大", "Request headers too large"));
    }
    if (IsHttpParseError(ec) && ec != bhttp::error::end_of_stream &&
        ec != bhttp::error::partial_message) {
      return SendError(
          400, InvalidArgument("请求格式错误", "Malformed HTTP request"));
    }
    // end_of_stream (client closed between requests), timeout (slowloris),
    // operation_aborted (Stop), resets: nothing useful to answer.
    Close();
  }

  // An answer to a request that could not be read: always closes.
  void SendError(int http_status, const Status& status) {
    RemoveUpload();
    if (!header_seen_) {
      log_method_ = "-";
      log_path_ = "-";
    }
    log_user_.clear();
    linger_ = true;
    Send(ErrorResponse(http_status, status), /*from_router=*/false,
         /*head=*/false, /*keep_alive=*/false, /*version=*/11);
  }

  void Handle() {
    state_ = State::kHandling;
    Request req;
    if (file_parser_) {
      file_parser_->get().body().close();  // flushed before the handler reads
      req.body_file = upload_path_;
      HandleMessage(file_parser_->get(), std::move(req));
    } else {
      req.body = std::move(parser_->get().body());
      HandleMessage(parser_->get(), std::move(req));
    }
  }

  template <class Body>
  void HandleMessage(bhttp::request<Body>& msg, Request req) {
    req.method = std::string(SV(msg.method_string()));
    req.target = std::string(SV(msg.target()));
    for (const auto& field : msg) {
      std::string name = Lower(SV(field.name_string()));
      std::string_view value = SV(field.value());
      auto [it, inserted] = req.headers.try_emplace(name, value);
      if (!inserted) {
        it->second += name == "cookie" ? "; " : ", ";
        it->second += value;
      }
    }
    req.remote_addr = peer_ip_;
    if (core_.options.trust_proxy) {
      if (std::string ip = LastListElement(req.Header("x-forwarded-for"));
          !ip.empty()) {
        req.remote_addr = std::move(ip);
      }
      req.secure =
          Lower(LastListElement(req.Header("x-forwarded-proto"))) == "https";
    }
    log_method_ = req.method;
    log_path_ = LoggedPath(req.target);
    const bool keep_alive = msg.keep_alive();
    const unsigned version = msg.version() == 10 ? 10 : 11;
    const bool head = msg.method() == bhttp::verb::head;

    Response res;
    bool from_router = false;
    if (!ParseTarget(req.target, &req)) {
      res = ErrorResponse(InvalidArgument("网址格式有误", "Malformed URL"));
    } else if (req.path == "/api" || req.path.rfind("/api/", 0) == 0 ||
               core_.router.Matches(req.path)) {
      from_router = true;
      try {
        res = core_.router.Dispatch(req);
      } catch (const std::exception& e) {
        res = ErrorResponse(Internal("handler for " + req.method + " " +
                                     log_path_ + " threw: " + RedactValues(e.what())));
      } catch (...) {
        res = ErrorResponse(Internal("handler for " + req.method + " " +
                                     log_path_ +
                                     " threw a non-standard exception"));
      }
    } else if (core_.static_files) {
      res = core_.static_files->Serve(req);
    } else {
      res = ErrorResponse(NotFound("找不到该页面", "Not found"));
    }
    log_user_ = req.log_user;
    parser_.reset();  // the request body can be large; free it before writing
    RemoveUpload();
    Send(std::move(res), from_router, head, keep_alive, version);
  }

  template <class Body>
  void FillHeaders(bhttp::response<Body>& m, Response& res, bool from_router,
                   bool keep_alive, unsigned version) {
    m.version(version);
    m.result(static_cast<unsigned>(res.status));
    m.set(bhttp::field::date, HttpDate());
    if (!res.content_type.empty() && IsSafeHeaderValue(res.content_type)) {
      m.set(bhttp::field::content_type, res.content_type);
    }
    m.set("X-Content-Type-Options", "nosniff");
    m.set("X-Frame-Options", "DENY");
    m.set("Referrer-Policy", "no-referrer");
    m.set("Content-Security-Policy",
          beast::string_view(kContentSecurityPolicy.data(),
                             kContentSecurityPolicy.size()));
    bool has_cache_control = false;
    for (const auto& [name, value] : res.headers) {
      const std::string lower = Lower(name);
      if (!IsToken(name) || !IsSafeHeaderValue(value) ||
          IsFramingHeader(lower)) {
        spdlog::warn(
            "dropping response header '{}' from handler for {}: invalid, or "
            "set by the server (use Response::content_type for Content-Type)",
            IsToken(name) ? name : "?", log_path_);
        continue;
      }
      if (lower == "cache-control") has_cache_control = true;
      m.insert(name, value);
    }
    if (from_router && !has_cache_control)
      m.set(bhttp::field::cache_control, "no-store");
    m.keep_alive(keep_alive);
  }

  void Send(Response res, bool from_router, bool head, bool keep_alive,
            unsigned version) {
    if (res.status < 100 || res.status > 599) {
      spdlog::error("handler for {} returned HTTP status {}", log_path_,
                    res.status);
      res = ErrorResponse(Internal("invalid HTTP status from handler"));
    }
    keep_alive = keep_alive && !core_.stopping && !linger_;
    const bool no_body =
        res.status < 200 || res.status == 204 || res.status == 304;

    if (!res.file_path.empty() && !no_body) {
      bhttp::file_body::value_type file;
      error_code ec;
      file.open(res.file_path.c_str(), beast::file_mode::scan, ec);
      if (!ec) {
        bhttp::response<bhttp::file_body> m;
        FillHeaders(m, res, from_router, keep_alive, version);
        const uint64_t bytes = file.size();
        m.body() = std::move(file);
        m.prepare_payload();
        return StartWrite(std::make_unique<OutgoingMessage<bhttp::file_body>>(
                              std::move(m), head),
                          res.status, bytes, keep_alive);
      }
      spdlog::warn("cannot open file for response to {}: {}", log_path_,
                   ec.message());
      res = ErrorResponse(NotFound("找不到该文件", "File not found"));
    }
    bhttp::response<bhttp::string_body> m;
    if (no_body) {
      res.body.clear();
      res.content_type.clear();
    }
    FillHeaders(m, res, from_router, keep_alive, version);
    const size_t bytes = res.body.size();
    m.body() = std::move(res.body);
    if (!no_body) m.prepare_payload();
    StartWrite(std::make_unique<OutgoingMessage<bhttp::string_body>>(
                   std::move(m), head),
               res.status, bytes, keep_alive);
  }

  void StartWrite(std::unique_ptr<Outgoing> out, int status, uint64_t bytes,
                  bool keep_alive) {
    state_ = State::kWriting;
    out_ = std::move(out);
    log_status_ = status;
    log_bytes_ = bytes;
    keep_alive_ = keep_alive;
    WriteSome();
  }

  void WriteSome() {
    stream_.expires_after(core_.options.write_timeout);
    out_->WriteSome(stream_, Then(&Session::OnWrite));
  }

  void OnWrite(error_code ec, std::size_t) {
    if (!ec && !out_->Done()) return WriteSome();
    LogAccess(ec);
    out_.reset();
    if (ec) return Close();
    if (linger_) return Linger();
    if (!keep_alive_) return Close();
    ReadRequest(false);
  }

  void LogAccess(error_code ec) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  SteadyClock::now() - started_)
                  .count();
    spdlog::info("http {} {} {} {}B {}ms user={}{}", log_method_, log_path_,
                 log_status_, log_bytes_, ms,
                 log_user_.empty() ? "-" : log_user_,
                 ec ? " (write failed: " + ec.message() + ")" : "");
  }

  // Half-close, then read and discard whatever the client is still sending
  // for at most kLingerTime, so our response is not lost to a TCP reset.
  void Linger() {
    state_ = State::kLingering;
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTime);
    linger_buf_.resize(16 << 10);
    DrainSome();
  }

  void DrainSome() {
    stream_.async_read_some(
        asio::mutable_buffer(linger_buf_.data(), linger_buf_.size()),
        Then(&Session::OnDrained));
  }

  void OnDrained(error_code ec, std::size_t) {
    if (ec) return;  // EOF, timeout, Stop: done, the socket closes with us
    DrainSome();
  }

  void Close() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  // Upload routes only, after the header: the body goes to upload_path_.
  std::optional<bhttp::request_parser<bhttp::file_body>> file_parser_;
  std::string upload_path_;
  size_t body_limit_ = 0;     // of the request being read
  bool header_seen_ = false;  // of the request being read
  Core& core_;
  std::string peer_ip_;
  State state_ = State::kReading;
  std::unique_ptr<Outgoing> out_;
  bool keep_alive_ = false;
  bool linger_ = false;
  std::vector<char> linger_buf_;
  // For the access log.
  SteadyClock::time_point started_ = SteadyClock::now();
  std::string log_method_, log_path_, log_user_;
  int log_status_ = 0;
  uint64_t log_bytes_ = 0;
};

void Step::operator()(error_code ec, std::size_t n) const {
  ((*self).*next)(ec, n);
}

Status Core::Start() {
  std::lock_guard<std::mutex> lock(mu);
  if (started) {
    return FailedPrecondition("服务器已启动过", "Server::Start called twice");
  }
  if (!options.static_dir.empty()) {
    auto files = StaticFiles::Open(options.static_dir);
    if (!files.ok()) return files.status();
    static_files = std::move(files).value();
  }
  if (!options.upload_dir.empty() && access(options.upload_dir.c_str(), W_OK) != 0) {
    return InvalidArgument("上传目录不存在或不可写：" + options.upload_dir,
                           "Upload directory missing or not writable: " + options.upload_dir);
  }
  error_code ec;
  asio::ip::address address = asio::ip::make_address(options.address, ec);
  if (ec) {
    return InvalidArgument("监听地址无效：" + options.address,
                           "Invalid listen address: " + options.address);
  }
  const std::string where =
      options.address + ":" + std::to_string(options.port);
  tcp::endpoint endpoint(address, options.port);
  auto fail = [&](const char* what) {
    error_code ignored;
    acceptor.close(ignored);
    return Unavailable(
        "无法在 " + where + " 上监听（" + ec.message() + "），端口可能已被占用",
        std::string("Cannot ") + what + " " + where + ": " + ec.message());
  };
  if (acceptor.open(endpoint.protocol(), ec)) return fail("open a socket for");
  if (acceptor.set_option(asio::socket_base::reuse_address(true), ec)) {
    return fail("set SO_REUSEADDR for");
  }
  if (acceptor.bind(endpoint, ec)) return fail("bind");
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec))
    return fail("listen on");
  port = acceptor.local_endpoint(ec).port();
  started = true;
  DoAccept();
  const int n = std::max(1, options.threads);
  threads.reserve(n);
  for (int i = 0; i < n; ++i) threads.emplace_back([this] { RunLoop(); });
  spdlog::info("http server listening on {}:{} ({} threads)", options.address,
               port, n);
  return Status::Ok();
}

void Core::RunLoop() {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      // Handler exceptions are caught per request; this is a last resort.
      spdlog::error("http event loop: {}", e.what());
    }
  }
}

void Core::DoAccept() {
  acceptor.async_accept(asio::make_strand(ioc),
                        beast::bind_front_handler(&Core::OnAccept, this));
}

void Core::OnAccept(error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
  if (ec) {
    // E.g. EMFILE: back off briefly instead of spinning.
    spdlog::warn("http accept: {}", ec.message());
    accept_retry.expires_after(std::chrono::milliseconds(100));
    accept_retry.async_wait([this](error_code tec) {
      if (!tec && acceptor.is_open()) DoAccept();
    });
    return;
  }
  std::make_shared<Session>(std::move(socket), *this)->Start();
  DoAccept();
}

void Core::Stop() {
  std::lock_guard<std::mutex> stop_lock(stop_mu);
  {
    std::lock_guard<std::mutex> lock(mu);
    if (!started || stopped) return;
  }
  stopping = true;
  // Stop accepting first, and wait for it: once Stop returns, connects fail.
  std::promise<void> closed;
  asio::post(acceptor.get_executor(), [this, &closed] {
    error_code ignored;
    acceptor.close(ignored);
    accept_retry.cancel();
    closed.set_value();
  });
  closed.get_future().wait();
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard<std::mutex> lock(mu);
    for (auto& [ptr, weak] : sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->Shutdown();
  live.clear();  // our references must not keep sessions alive
  {
    std::unique_lock<std::mutex> lock(mu);
    if (!cv.wait_for(lock, options.shutdown_grace,
                     [this] { return sessions.empty(); })) {
      spdlog::warn(
          "http server: {} connections still busy after {}s; closing them",
          sessions.size(), options.shutdown_grace.count());
    }
  }
  ioc.stop();
  for (std::thread& t : threads) t.join();
  threads.clear();
  {
    std::lock_guard<std::mutex> lock(mu);
    stopped = true;
  }
  cv.notify_all();
  spdlog::info("http server stopped");
}

void Core::Wait() {
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [this] { return !started || stopped || signal_received; });
    if (!started || stopped) return;
  }
  Stop();  // a signal arrived
}

void Core::InstallSignalHandlers() {
  signals = std::make_unique<asio::signal_set>(ioc, SIGINT, SIGTERM);
  signals->async_wait([this](error_code ec, int signo) {
    if (ec) return;
    spdlog::info("http server: signal {} received, stopping", signo);
    std::lock_guard<std::mutex> lock(mu);
    signal_received = true;
    cv.notify_all();
  });
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options, const Router& router)
      : core(std::move(options), router) {}
  Core core;
};

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() { Stop(); }

Status Server::Start() { return impl_->core.Start(); }
uint16_t Server::port() const { return impl_->core.port; }
void Server::Stop() { impl_->core.Stop(); }
void Server::Wait() { impl_->core.Wait(); }
void Server::InstallSignalHandlers() { impl_->core.InstallSignalHandlers(); }

}  // namespace xiezuo::http
