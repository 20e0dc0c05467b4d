// Photos a station officer takes on a verification visit: JPEG or PNG,
// checked by their magic bytes (not by the name or the Content-Type), at
// most 5 MB each and 20 per visit, stored in the database by content
// (sha256) and served only to officials and enterprise HR who may see the
// posting (never to workers, who see published postings).
//
//   PhotoService photos(db, postings, audit, clock);
//   ASSIGN_OR_RETURN(Photo ph, photos.Upload(station, posting_id, "宿舍.jpg", bytes));
//   ASSIGN_OR_RETURN(auto list, photos.List(viewer, posting_id));
//   ASSIGN_OR_RETURN(PhotoData d, photos.Get(viewer, ph.id));
//
// A visit is the set of photos uploaded since the posting's last verify or
// reject: VerificationService::Verify/Reject attach them to their review
// (AttachPending). JPEG files lose their Exif/XMP segments and comments
// (phone make, GPS, owner names) when the segment structure parses cleanly
// up to the image data; an Orientation tag is kept so portrait photos stay
// upright. Anything that does not parse is stored unchanged (we strip
// nothing we cannot parse safely). PNG files are stored unchanged.
//
// Thread-safety: safe for concurrent use.
#ifndef XIEZUO_POSTINGS_PHOTOS_H_
#define XIEZUO_POSTINGS_PHOTOS_H_

#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.h"
#include "auth/principal.h"
#include "common/clock.h"
#include "postings/postings.h"
#include "store/database.h"

namespace xiezuo::postings {

inline constexpr size_t kMaxPhotoBytes = 5 * 1024 * 1024;
inline constexpr int kMaxPhotosPerVisit = 20;

struct Photo {
  int64_t id = 0;
  int64_t posting_id = 0;
  int64_t review_id = 0;  // 0 while the visit is under way
  std::string sha256, filename, content_type;
  int64_t size = 0;
  int64_t uploaded_by = 0;
  int64_t uploaded_at = 0;
};

struct PhotoData {
  std::string content_type;
  std::string bytes;
  std::string sha256;
};

// "image/jpeg", "image/png", or "" when the bytes are neither.
std::string SniffImageType(std::string_view bytes);

// JPEG without APPn metadata (Exif, XMP, ...) and COM segments, keeping a
// minimal Exif with the Orientation tag when there was one; the input
// unchanged when its segments do not parse.
std::string StripJpegMetadata(std::string_view jpeg);

class PhotoService {
 public:
  PhotoService(store::Database& db, PostingService& postings, audit::AuditLog& audit,
               const Clock& clock)
      : db_(db), postings_(postings), audit_(audit), clock_(clock) {}

  // Station and receiving officers and admins who see the posting. Errors
  // name the file (field "photo").
  StatusOr<Photo> Upload(const auth::Principal& p, int64_t posting_id, const std::string& filename,
                         std::string_view bytes);
  // Photos of the posting, the current visit's first, then by review.
  StatusOr<std::vector<Photo>> List(const auth::Principal& p, int64_t posting_id);
  StatusOr<PhotoData> Get(const auth::Principal& p, int64_t photo_id);
  // Removes a photo of the visit under way (its uploader or an admin).
  Status Remove(const auth::Principal& p, int64_t photo_id);

  // Links the visit's photos to review_id; returns their ids. Runs inside
  // the caller's transaction.
  static StatusOr<std::vector<int64_t>> AttachPending(store::Connection& c, int64_t posting_id,
                                                      int64_t review_id);

 private:
  StatusOr<Photo> Meta(store::Connection& c, int64_t photo_id);

  store::Database& db_;
  PostingService& postings_;
  audit::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace xiezuo::postings

#endif  // XIEZUO_POSTINGS_PHOTOS_H_
