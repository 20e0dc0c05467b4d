// HttpClient: a minimal, synchronous HTTP/1.1 client over plain TCP, for
// talking to local gateways (Kannel's sendsms). It keeps one connection
// alive and reconnects once when the server closed it in between.
//
//   HttpClient client({.host = "127.0.0.1", .port = 13002});
//   ASSIGN_OR_RETURN(ClientResponse r, client.Get("/cgi-bin/sendsms?..."));
//   if (r.status == 202) ...
//
// No TLS, no redirects, no chunked request bodies: the gateway sits next to
// the server. Boost.Beast stays inside client.cc (this header does not
// include Boost). Errors: kUnavailable for connect/read/write failures and
// timeouts (the message names the host and port, never the target, which
// may carry a phone number).
//
// Thread-safety: one HttpClient per thread; it is not safe for concurrent
// use. Parse helpers are pure.
#ifndef XIEZUO_HTTP_CLIENT_H_
#define XIEZUO_HTTP_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace xiezuo::http {

struct ClientOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 80;
  // Connect + write + read of one request. Default 10 s.
  std::chrono::milliseconds timeout{10000};
};

struct ClientResponse {
  int status = 0;
  std::string body;
};

class HttpClient {
 public:
  explicit HttpClient(ClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // target: path and query, already percent-encoded.
  StatusOr<ClientResponse> Get(std::string_view target);
  void Close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Splits "http://host:port/path?q" into its parts; false if not http://.
bool ParseHttpUrl(std::string_view url, std::string* host, uint16_t* port,
                  std::string* target);

// Percent-encodes every byte outside [A-Za-z0-9-._~].
std::string UrlEncode(std::string_view s);

}  // namespace xiezuo::http

#endif  // XIEZUO_HTTP_CLIENT_H_
