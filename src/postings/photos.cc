#include "postings/photos.h"

#include <fmt/format.h>

#include <optional>

#include "postings/verification.h"
#include "security/digest.h"

namespace xiezuo::postings {

namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

uint16_t Be16(std::string_view s, size_t at) {
  return static_cast<uint16_t>((static_cast<unsigned char>(s[at]) << 8) |
                               static_cast<unsigned char>(s[at + 1]));
}

// The Orientation (1..8) in an Exif APP1 payload ("Exif\0\0" + TIFF), if
// the IFD0 entry is there and every offset lies inside the payload.
std::optional<int> ExifOrientation(std::string_view app1) {
  if (!StartsWith(app1, std::string_view("Exif\0\0", 6))) return std::nullopt;
  std::string_view tiff = app1.substr(6);
  if (tiff.size() < 8) return std::nullopt;
  bool le = StartsWith(tiff, "II");
  if (!le && !StartsWith(tiff, "MM")) return std::nullopt;
  auto u16 = [&](size_t at) -> uint32_t {
    auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(tiff[i])); };
    return le ? b(at) | b(at + 1) << 8 : b(at) << 8 | b(at + 1);
  };
  auto u32 = [&](size_t at) -> uint32_t {
    return le ? u16(at) | u16(at + 2) << 16 : u16(at) << 16 | u16(at + 2);
  };
  uint32_t ifd = u32(4);
  if (ifd + 2 > tiff.size()) return std::nullopt;
  uint32_t n = u16(ifd);
  for (uint32_t i = 0; i < n; ++i) {
    size_t e = ifd + 2 + size_t{i} * 12;
    if (e + 12 > tiff.size()) return std::nullopt;
    if (u16(e) == 0x0112 && u16(e + 2) == 3) {
      uint32_t v = u16(e + 8);
      if (v >= 1 && v <= 8) return static_cast<int>(v);
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// A minimal big-endian Exif APP1 segment holding only the Orientation.
std::string OrientationSegment(int orientation) {
  static constexpr char kHead[] = {
      '\xFF', '\xE1', 0, 34, 'E', 'x', 'i', 'f', 0, 0,              // APP1, length, Exif\0\0
      'M', 'M', 0, 42, 0, 0, 0, 8,                                 // TIFF header, IFD0 at 8
      0, 1,                                                        // one entry
      1, 0x12, 0, 3, 0, 0, 0, 1};                                  // Orientation SHORT x1
  std::string s(kHead, sizeof kHead);
  s += {'\0', static_cast<char>(orientation), '\0', '\0'};         // the value
  s += std::string(4, '\0');                                       // no next IFD
  return s;
}

}  // namespace

std::string SniffImageType(std::string_view b) {
  if (b.size() >= 3 && StartsWith(b, "\xFF\xD8\xFF")) return "image/jpeg";
  if (b.size() >= 8 && StartsWith(b, "\x89PNG\r\n\x1A\n")) return "image/png";
  return "";
}

std::string StripJpegMetadata(std::string_view in) {
  if (SniffImageType(in) != "image/jpeg") return std::string(in);
  std::string out("\xFF\xD8", 2);
  std::optional<int> orientation;
  size_t insert_at = out.size();  // after SOI, or after JFIF's APP0
  size_t i = 2;
  bool first = true;
  while (true) {
    // Every segment starts with 0xFF (fill bytes allowed) and a marker.
    if (i >= in.size() || static_cast<unsigned char>(in[i]) != 0xFF) return std::string(in);
    while (i < in.size() && static_cast<unsigned char>(in[i]) == 0xFF) ++i;
    if (i >= in.size()) return std::string(in);
    unsigned char m = static_cast<unsigned char>(in[i++]);
    if (m == 0xD8 || m == 0xD9 || m == 0x00) return std::string(in);  // SOI/EOI before SOS
    if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) {  // no length
      out += {'\xFF', static_cast<char>(m)};
      continue;
    }
    if (i + 2 > in.size()) return std::string(in);
    size_t len = Be16(in, i);
    if (len < 2 || i + len > in.size()) return std::string(in);
    std::string_view payload = in.substr(i + 2, len - 2);
    std::string_view segment = in.substr(i - 2, len + 2);
    if (m == 0xDA) {  // start of scan: the image data follows, copied as is
      out.append(in.substr(i - 2));
      break;
    }
    bool keep = !(m >= 0xE1 && m <= 0xEF && m != 0xE2 && m != 0xEE) && m != 0xFE;
    if (m == 0xE1 && !orientation) orientation = ExifOrientation(payload);
    if (keep) {
      out.append(segment);
      if (first && m == 0xE0) insert_at = out.size();
    }
    first = false;
    i += len;
  }
  if (orientation && *orientation != 1) out.insert(insert_at, OrientationSegment(*orientation));
  return out;
}

namespace {

Photo PhotoFrom(const store::ResultSet& rs, size_t r) {
  Photo ph;
  ph.id = rs.Int(r, 0);
  ph.posting_id = rs.Int(r, 1);
  ph.review_id = rs.Int(r, 2);
  ph.sha256 = rs.Text(r, 3);
  ph.filename = rs.Text(r, 4);
  ph.uploaded_by = rs.Int(r, 5);
  ph.uploaded_at = rs.Int(r, 6);
  ph.content_type = rs.Text(r, 7);
  ph.size = rs.Int(r, 8);
  return ph;
}

constexpr const char* kPhotoColumns =
    "SELECT p.id, p.posting_id, p.review_id, p.sha256, p.filename, p.uploaded_by,"
    " p.uploaded_at, b.content_type, b.size FROM posting_photos p"
    " JOIN photo_blobs b ON b.sha256 = p.sha256 ";

Status FileError(const std::string& filename, const std::string& zh, const std::string& en) {
  return FieldInvalid("photo", "照片“" + filename + "”" + zh, "Photo \"" + filename + "\" " + en);
}

}  // namespace

StatusOr<Photo> PhotoService::Upload(const auth::Principal& p, int64_t posting_id,
                                     const std::string& filename_in, std::string_view bytes) {
  std::string filename = filename_in.empty() ? "photo" : filename_in.substr(0, 200);
  if (!CanVerify(p)) {
    return PermissionDenied("只有驻外劳务协作站、输入地人社部门或管理员可以上传核查照片",
                            "Only station and receiving officers or admins upload visit photos");
  }
  RETURN_IF_ERROR(postings_.GetPosting(p, posting_id).status());  // scope: 404 outside it
  if (bytes.empty()) return FileError(filename, "是空文件", "is empty");
  if (bytes.size() > kMaxPhotoBytes) {
    return FileError(filename,
                     fmt::format("大小为 {:.1f} MB，超过 5 MB 上限，请压缩后重传",
                                 static_cast<double>(bytes.size()) / (1024 * 1024)),
                     "is larger than 5 MB; reduce it and upload again");
  }
  std::string type = SniffImageType(bytes);
  if (type.empty()) {
    return FileError(filename, "不是 JPEG 或 PNG 图片（文件内容不符），请用手机相机拍照或选择 JPG/PNG 图片",
                     "is not a JPEG or PNG image (by its content)");
  }
  std::string stored = type == "image/jpeg" ? StripJpegMetadata(bytes) : std::string(bytes);
  std::string sha = security::Sha256Hex(stored);
  const int64_t now = clock_.NowSeconds();
  Photo ph;
  RETURN_IF_ERROR(db_.Transact([&](store::Connection& c) -> Status {
    RETURN_IF_ERROR(c.LockForUpdate(0x70570000 + posting_id));
    ASSIGN_OR_RETURN(auto same, c.Query(std::string(kPhotoColumns) +
                                            "WHERE p.posting_id = ? AND p.review_id IS NULL"
                                            " AND p.sha256 = ?",
                                        {posting_id, sha}));
    if (!same.empty()) {  // the same picture sent twice (a retried upload)
      ph = PhotoFrom(same, 0);
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(int64_t n, c.QueryInt("SELECT COUNT(*) FROM posting_photos"
                                           " WHERE posting_id = ? AND review_id IS NULL",
                                           {posting_id}));
    if (n >= kMaxPhotosPerVisit) {
      return FileError(filename, fmt::format("未保存：每次核查最多 {} 张照片", kMaxPhotosPerVisit),
                       fmt::format("was not saved: at most {} photos per visit", kMaxPhotosPerVisit));
    }
    RETURN_IF_ERROR(c.Execute("INSERT INTO photo_blobs (sha256, content_type, size, data_base64,"
                              " created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
                              {sha, type, static_cast<int64_t>(stored.size()),
                               security::Base64(stored), now})
                        .status());
    ASSIGN_OR_RETURN(auto rs, c.Query("INSERT INTO posting_photos (posting_id, review_id, sha256,"
                                      " filename, uploaded_by, uploaded_at)"
                                      " VALUES (?, NULL, ?, ?, ?, ?) RETURNING id",
                                      {posting_id, sha, filename,
                                       p.user_id ? store::Param(p.user_id) : store::Param(nullptr),
                                       now}));
    ph = {rs.Int(0, 0), posting_id, 0, sha, filename, type,
          static_cast<int64_t>(stored.size()), p.user_id, now};
    return audit_.Append(c, {p.user_id, "photo.upload", "posting:" + std::to_string(posting_id),
                             "ok", "photo:" + std::to_string(ph.id) + " sha256:" + sha});
  }));
  return ph;
}

namespace {
// Workers see published postings, but visit photos (dormitories, canteens,
// people at work) are for officials and the posting's own enterprise.
Status MaySeePhotos(const auth::Principal& p) {
  if (p.role == auth::Role::kWorker) return NotFound("未找到该照片", "Photo not found");
  return Status::Ok();
}
}  // namespace

StatusOr<std::vector<Photo>> PhotoService::List(const auth::Principal& p, int64_t posting_id) {
  RETURN_IF_ERROR(MaySeePhotos(p));
  RETURN_IF_ERROR(postings_.GetPosting(p, posting_id).status());
  std::vector<Photo> out;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kPhotoColumns) +
                                          "WHERE p.posting_id = ?"
                                          " ORDER BY COALESCE(p.review_id, 0) = 0 DESC,"
                                          " p.review_id DESC, p.id",
                                      {posting_id}));
    for (size_t r = 0; r < rs.size(); ++r) out.push_back(PhotoFrom(rs, r));
    return Status::Ok();
  }));
  return out;
}

StatusOr<Photo> PhotoService::Meta(store::Connection& c, int64_t photo_id) {
  ASSIGN_OR_RETURN(auto rs, c.Query(std::string(kPhotoColumns) + "WHERE p.id = ?", {photo_id}));
  if (rs.empty()) return NotFound("未找到该照片", "Photo not found");
  return PhotoFrom(rs, 0);
}

StatusOr<PhotoData> PhotoService::Get(const auth::Principal& p, int64_t photo_id) {
  RETURN_IF_ERROR(MaySeePhotos(p));
  PhotoData d;
  int64_t posting_id = 0;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Photo ph, Meta(c, photo_id));
    posting_id = ph.posting_id;
    d.content_type = ph.content_type;
    d.sha256 = ph.sha256;
    return Status::Ok();
  }));
  // Outside the viewer's scope a photo is as missing as its posting.
  if (auto s = postings_.GetPosting(p, posting_id).status(); !s.ok()) {
    if (s.code() == StatusCode::kNotFound) return NotFound("未找到该照片", "Photo not found");
    return s;
  }
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(auto rs, c.Query("SELECT data_base64 FROM photo_blobs WHERE sha256 = ?",
                                      {d.sha256}));
    if (rs.empty()) return NotFound("未找到该照片", "Photo not found");
    auto bytes = security::Unbase64(rs.Text(0, 0));
    if (!bytes) return Internal("stored photo is not base64: " + d.sha256);
    d.bytes = std::move(*bytes);
    return Status::Ok();
  }));
  return d;
}

Status PhotoService::Remove(const auth::Principal& p, int64_t photo_id) {
  int64_t posting_id = 0;
  RETURN_IF_ERROR(db_.WithConnection([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Photo ph, Meta(c, photo_id));
    posting_id = ph.posting_id;
    return Status::Ok();
  }));
  if (auto s = postings_.GetPosting(p, posting_id).status(); !s.ok()) {
    if (s.code() == StatusCode::kNotFound) return NotFound("未找到该照片", "Photo not found");
    return s;
  }
  return db_.Transact([&](store::Connection& c) -> Status {
    ASSIGN_OR_RETURN(Photo ph, Meta(c, photo_id));
    if (ph.review_id != 0) {
      return FailedPrecondition("该照片已随核查结果提交，不能删除",
                                "The photo belongs to a completed review and cannot be removed");
    }
    if (!p.is_admin() && ph.uploaded_by != p.user_id) {
      return PermissionDenied("只能删除自己上传的照片", "You can remove only photos you uploaded");
    }
    RETURN_IF_ERROR(c.Execute("DELETE FROM posting_photos WHERE id = ?", {photo_id}).status());
    return audit_.Append(c, {p.user_id, "photo.remove", "posting:" + std::to_string(posting_id),
                             "ok", "photo:" + std::to_string(photo_id)});
  });
}

StatusOr<std::vector<int64_t>> PhotoService::AttachPending(store::Connection& c, int64_t posting_id,
                                                           int64_t review_id) {
  ASSIGN_OR_RETURN(auto rs, c.Query("SELECT id FROM posting_photos WHERE posting_id = ?"
                                    " AND review_id IS NULL ORDER BY id",
                                    {posting_id}));
  std::vector<int64_t> ids;
  for (size_t r = 0; r < rs.size(); ++r) ids.push_back(rs.Int(r, 0));
  RETURN_IF_ERROR(c.Execute("UPDATE posting_photos SET review_id = ? WHERE posting_id = ?"
                            " AND review_id IS NULL",
                            {review_id, posting_id})
                      .status());
  return ids;
}

}  // namespace xiezuo::postings
