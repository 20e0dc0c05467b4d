// StaticFiles: serves the built web console (web/dist) for non-API paths,
// with the single-page-app fallback to index.html.
//
//   ASSIGN_OR_RETURN(auto files, StaticFiles::Open("web/dist"));
//   Response res = files->Serve(req);   // res.file_path set on success
//
// Rules:
//  - GET and HEAD only (others: 405, Allow: GET, HEAD).
//  - A path naming a regular file under the root serves it with a content
//    type from its extension. Files under /assets/ (Vite's hashed output) get
//    "Cache-Control: public, max-age=31536000, immutable"; everything else,
//    index.html included, gets "no-cache" so a deploy is picked up at once.
//  - Any other path falls back to index.html (client-side routes such as
//    /workers/42), except paths under /assets/ and paths whose last segment
//    has a known static extension (.js, .png, ...): those are 404, so a
//    missing bundle fails loudly instead of being answered with HTML.
//  - Never serves outside the root: "." / ".." segments and hidden
//    (dot-file) segments are refused, and the resolved file (after symlinks)
//    must lie inside the canonical root.
//
// Thread-safety: immutable after Open; Serve may be called concurrently.
#ifndef XIEZUO_HTTP_STATIC_FILES_H_
#define XIEZUO_HTTP_STATIC_FILES_H_

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "http/http_types.h"

namespace xiezuo::http {

class StaticFiles {
 public:
  // `root` must be an existing directory (invalid_argument otherwise).
  static StatusOr<std::unique_ptr<StaticFiles>> Open(const std::string& root);

  // REQUIRES: req.path is not an /api path (the server routes those).
  Response Serve(const Request& req) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  explicit StaticFiles(std::filesystem::path canonical_root)
      : root_(std::move(canonical_root)) {}

  std::filesystem::path root_;  // canonical, absolute
};

// Content type by file extension (case-insensitive), e.g. "app.js" ->
// "text/javascript; charset=utf-8"; "" for an unknown extension.
std::string_view ContentTypeForPath(std::string_view path);

}  // namespace xiezuo::http

#endif  // XIEZUO_HTTP_STATIC_FILES_H_
