// Server: the HTTP/1.1 server (Boost.Beast, confined to server.cc) that feeds
// a Router and serves the web console.
//
//   Router router;
//   router.Add("GET", "/api/v1/health", Health);
//   ServerOptions opt;
//   opt.port = 8080;
//   opt.static_dir = "web/dist";
//   Server server(opt, router);
//   RETURN_IF_ERROR(server.Start());
//   server.InstallSignalHandlers();
//   server.Wait();                       // until SIGINT/SIGTERM or Stop()
//
// Request path: /api and /api/... -> router; any other path the router
// matches (e.g. /healthz) -> router; everything else -> static files (with
// SPA fallback) if static_dir is set, else 404. Every response carries the
// security headers (nosniff, DENY framing, no-referrer, a CSP for the Vite +
// Element Plus console); router responses default to Cache-Control: no-store.
// A handler that throws gets a 500 in the JSON error shape. One access-log
// line per request at info: method, path without query, status, body bytes,
// milliseconds and Request::log_user; never queries, bodies or cookies.
//
// Ownership: the Router is borrowed and must outlive the Server. Handlers run
// on the server's `threads` threads, concurrently; a handler that blocks
// (database) occupies one thread for that time.
// Thread-safety: Start/Stop/Wait may be called from different threads, but
// never from inside a handler (Stop joins the handler threads).
#ifndef XIEZUO_HTTP_SERVER_H_
#define XIEZUO_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "http/router.h"

namespace xiezuo::http {

struct ServerOptions {
  // IP address to listen on; "0.0.0.0" or "::" for all interfaces.
  std::string address = "127.0.0.1";
  // TCP port; 0 picks an ephemeral port (tests), see Server::port().
  uint16_t port = 8080;
  // Threads running the event loop and the handlers (at least 1).
  int threads = 2;
  // Largest request body. Larger -> 413 in the JSON error shape, checked
  // against Content-Length before the body is read; the connection is closed.
  size_t max_body_bytes = 1 << 20;
  // Upload routes: a POST whose raw path starts with one of these prefixes
  // may send up to max_upload_bytes instead (413 beyond, naming the limit).
  // Its body is never held in memory: it is streamed into a private file in
  // upload_dir, handed to the handler as Request::body_file and removed when
  // the handler returns (a handler keeps it by renaming it). Default: none.
  std::vector<std::string> upload_path_prefixes;
  // Largest upload body. Default 64 MiB.
  size_t max_upload_bytes = 64 << 20;
  // Directory for streamed uploads; "" = $TMPDIR, else /tmp. Start() fails if
  // it is set but does not exist.
  std::string upload_dir;
  // A larger in-memory body limit for small uploads (photos): requests for which is_upload
  // (method, raw target) is true may send up to upload_body_bytes; others
  // keep max_body_bytes. Unset: max_body_bytes for every request.
  size_t upload_body_bytes = 0;
  std::function<bool(std::string_view method, std::string_view target)> is_upload;
  // Largest request line + headers. Larger -> 431 and the connection closes.
  size_t max_header_bytes = 16 << 10;
  // Slowloris protection: a whole request (headers and body) must arrive
  // within this time of its first byte (of the connection, for the first
  // request); otherwise the connection is closed without a response.
  std::chrono::seconds read_timeout{15};
  // A keep-alive connection with no new request for this long is closed.
  std::chrono::seconds idle_timeout{60};
  // A response write that makes no progress for this long is abandoned
  // (a large download may take longer in total; it only must keep moving).
  std::chrono::seconds write_timeout{30};
  // Stop() waits this long for in-flight requests before cutting them off.
  std::chrono::seconds shutdown_grace{10};
  // Directory of the built console (web/dist); empty = no static serving.
  // Start() fails if it is set but does not exist.
  std::string static_dir;
  // Behind our own reverse proxy: take the client IP from the last
  // X-Forwarded-For entry and `secure` from X-Forwarded-Proto. Never enable
  // when clients can reach the server directly (they could forge both).
  bool trust_proxy = false;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router);
  ~Server();  // Stop()s
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads. Errors: invalid_argument for a bad
  // address or static_dir, unavailable when the port cannot be bound (e.g.
  // already in use), failed_precondition if already started.
  Status Start();
  // The bound port (useful with port 0). REQUIRES: Start() succeeded.
  uint16_t port() const;
  // Graceful and idempotent: stops accepting, closes idle keep-alive
  // connections, lets requests already being handled finish and answer
  // (with Connection: close), waits up to shutdown_grace, then joins.
  void Stop();
  // Blocks until Stop() has completed, or until SIGINT/SIGTERM (after
  // InstallSignalHandlers), in which case it performs the Stop() itself.
  void Wait();
  // Turns SIGINT and SIGTERM into a graceful stop, observed by Wait().
  void InstallSignalHandlers();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xiezuo::http

#endif  // XIEZUO_HTTP_SERVER_H_
