// The only translation unit besides server.cc that includes Boost.Beast.
#include "http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>

namespace xiezuo::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

struct HttpClient::Impl {
  ClientOptions options;
  asio::io_context io;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  // Beast's timeouts (expires_after) apply to asynchronous operations only:
  // each step is started asynchronously and run to completion here.
  void Run() {
    io.restart();
    io.run();
  }

  Status Fail(std::string_view what, const beast::error_code& ec) {
    stream.reset();
    return Unavailable("无法连接短信网关", "Gateway " + options.host + ":" +
                                               std::to_string(options.port) +
                                               " " + std::string(what) +
                                               " failed: " + ec.message());
  }

  Status Connect() {
    asio::ip::tcp::resolver resolver(io);
    beast::error_code ec;
    auto results =
        resolver.resolve(options.host, std::to_string(options.port), ec);
    if (ec) return Fail("resolve", ec);
    stream.emplace(io);
    stream->expires_after(options.timeout);
    stream->async_connect(results, [&](const beast::error_code& e, const auto&) { ec = e; });
    Run();
    if (ec) return Fail("connect", ec);
    stream->socket().set_option(asio::ip::tcp::no_delay(true), ec);
    buffer.clear();
    return Status::Ok();
  }

  StatusOr<ClientResponse> Once(std::string_view target, bool* retryable) {
    *retryable = false;
    bool fresh = false;
    if (!stream) {
      RETURN_IF_ERROR(Connect());
      fresh = true;
    }
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, std::string(target),
                                          11};
    req.set(bhttp::field::host, options.host);
    req.set(bhttp::field::user_agent, "xiezuo");
    req.keep_alive(true);
    beast::error_code ec;
    stream->expires_after(options.timeout);
    bhttp::async_write(*stream, req, [&](const beast::error_code& e, size_t) { ec = e; });
    Run();
    if (ec) {
      *retryable = !fresh;
      return Fail("write", ec);
    }
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(1 << 20);
    stream->expires_after(options.timeout);
    bhttp::async_read(*stream, buffer, parser, [&](const beast::error_code& e, size_t) { ec = e; });
    Run();
    if (ec) {
      // A kept-alive connection the server closed: nothing was processed.
      *retryable = !fresh && (ec == bhttp::error::end_of_stream ||
                              ec == asio::error::eof ||
                              ec == asio::error::connection_reset);
      return Fail("read", ec);
    }
    auto res = parser.release();
    ClientResponse out;
    out.status = static_cast<int>(res.result_int());
    out.body = std::move(res.body());
    if (!res.keep_alive()) stream.reset();
    return out;
  }
};

HttpClient::HttpClient(ClientOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}
HttpClient::~HttpClient() = default;

StatusOr<ClientResponse> HttpClient::Get(std::string_view target) {
  bool retryable = false;
  auto r = impl_->Once(target, &retryable);
  if (!r.ok() && retryable) return impl_->Once(target, &retryable);
  return r;
}

void HttpClient::Close() { impl_->stream.reset(); }

bool ParseHttpUrl(std::string_view url, std::string* host, uint16_t* port,
                  std::string* target) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) return false;
  url.remove_prefix(kScheme.size());
  size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  *target =
      slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos) {
    *host = std::string(authority);
    *port = 80;
  } else {
    *host = std::string(authority.substr(0, colon));
    int p = 0;
    for (char c : authority.substr(colon + 1)) {
      if (c < '0' || c > '9') return false;
      p = p * 10 + (c - '0');
      if (p > 65535) return false;
    }
    if (p == 0) return false;
    *port = static_cast<uint16_t>(p);
  }
  return !host->empty();
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace xiezuo::http
