#include "http/static_files.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <system_error>
#include <utility>
#include <vector>

#include "http/json_util.h"

namespace xiezuo::http {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";

struct TypeEntry {
  std::string_view ext;
  std::string_view type;
};
constexpr std::array<TypeEntry, 21> kTypes{{
    {"html", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/x-icon"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
    {"ttf", "font/ttf"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"webmanifest", "application/manifest+json"},
    {"txt", "text/plain; charset=utf-8"},
    {"wasm", "application/wasm"},
    {"xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"csv", "text/csv; charset=utf-8"},
}};

std::string_view Extension(std::string_view path) {
  size_t slash = path.find_last_of('/');
  std::string_view name =
      slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = name.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return name.substr(dot + 1);
}

bool IsUnder(const fs::path& file, const fs::path& root) {
  auto [r, f] =
      std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  return r == root.end();
}

Response NotFoundResponse() {
  return ErrorResponse(NotFound("找不到该文件", "File not found"));
}

Response FileResponse(const fs::path& file, std::string_view cache_control) {
  Response res;
  res.file_path = file.string();
  std::string_view type = ContentTypeForPath(res.file_path);
  res.content_type =
      type.empty() ? "application/octet-stream" : std::string(type);
  res.headers.emplace_back("Cache-Control", std::string(cache_control));
  return res;
}

}  // namespace

std::string_view ContentTypeForPath(std::string_view path) {
  std::string ext(Extension(path));
  for (char& c : ext)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const TypeEntry& t : kTypes) {
    if (t.ext == ext) return t.type;
  }
  return {};
}

StatusOr<std::unique_ptr<StaticFiles>> StaticFiles::Open(
    const std::string& root) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec || !fs::is_directory(canonical, ec)) {
    return InvalidArgument("静态文件目录不存在：" + root,
                           "Static file directory does not exist: " + root);
  }
  return std::unique_ptr<StaticFiles>(new StaticFiles(std::move(canonical)));
}

Response StaticFiles::Serve(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") {
    Response res = ErrorResponse(
        405, InvalidArgument("此处只支持 GET 请求",
                             "Only GET and HEAD are allowed here"));
    res.headers.emplace_back("Allow", "GET, HEAD");
    return res;
  }

  // Build the relative path segment by segment, refusing anything that could
  // step outside the root. ParseTarget already rejects dot segments; this is
  // the second lock on the door.
  fs::path relative;
  std::string_view rest = req.path;
  std::string_view last;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view()
                                           : rest.substr(slash + 1);
    if (seg.empty()) continue;
    if (seg.front() == '.' || seg.find('\\') != std::string_view::npos ||
        seg.find('\0') != std::string_view::npos) {
      return NotFoundResponse();
    }
    relative /= fs::path(std::string(seg));
    last = seg;
  }

  const bool under_assets = req.path.rfind("/assets/", 0) == 0;
  if (!relative.empty()) {
    std::error_code ec;
    fs::path candidate = root_ / relative;
    if (fs::is_regular_file(candidate, ec)) {
      fs::path real = fs::canonical(candidate, ec);
      if (ec || !IsUnder(real, root_)) return NotFoundResponse();
      return FileResponse(real, under_assets ? kImmutable : kNoCache);
    }
  }

  // Missing assets stay missing; everything else is a client-side route.
  if (under_assets || !ContentTypeForPath(last).empty())
    return NotFoundResponse();
  std::error_code ec;
  fs::path index = root_ / "index.html";
  if (!fs::is_regular_file(index, ec)) return NotFoundResponse();
  return FileResponse(index, kNoCache);
}

}  // namespace xiezuo::http
