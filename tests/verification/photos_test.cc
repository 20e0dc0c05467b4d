// Visit photos on both backends: JPEG/PNG by content, 5 MB and 20 per
// visit, content-addressed, served only within the posting's scope, and
// attached to the review that ends the visit.
#include "postings/photos.h"

#include "postings/verification.h"
#include "tests/services/services_fixture.h"

namespace xiezuo {
namespace {

using testing::ServicesTest;

// A JPEG's structure (the pixels do not matter to the checks): JFIF APP0,
// an Exif APP1 with Orientation = 6 and a maker string, a comment, then the
// scan.
std::string Jpeg(std::string_view scan = "scan-data") {
  std::string s("\xFF\xD8", 2);
  s += std::string("\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);
  std::string tiff("MM\x00\x2A\x00\x00\x00\x08", 8);
  tiff += std::string("\x00\x02", 2);                                     // two entries
  tiff += std::string("\x01\x0F\x00\x02\x00\x00\x00\x04\x00\x00\x00\x26", 12);  // Make (ASCII)
  tiff += std::string("\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00", 12);  // Orientation 6
  tiff += std::string(4, '\0');
  tiff += "GPS-SECRET-PHONE";
  std::string app1 = std::string("Exif\0\0", 6) + tiff;
  s += "\xFF\xE1";
  s += static_cast<char>((app1.size() + 2) >> 8);
  s += static_cast<char>((app1.size() + 2) & 0xFF);
  s += app1;
  std::string com = "owner: 张三";
  s += "\xFF\xFE";
  s += static_cast<char>(0);
  s += static_cast<char>(com.size() + 2);
  s += com;
  s += std::string("\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00", 10);
  s += scan;
  s += "\xFF\xD9";
  return s;
}

std::string Png() { return std::string("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16) + "rest"; }

TEST(StripJpegMetadata, DropsExifAndCommentsButKeepsOrientationAndScan) {
  std::string in = Jpeg();
  std::string out = postings::StripJpegMetadata(in);
  EXPECT_EQ(out.find("GPS-SECRET"), std::string::npos);
  EXPECT_EQ(out.find("owner"), std::string::npos);
  EXPECT_NE(out.find("JFIF"), std::string::npos);
  EXPECT_NE(out.find("scan-data\xFF\xD9"), std::string::npos);
  // The minimal Exif keeps Orientation 6, right after JFIF's APP0.
  auto exif = out.find(std::string("Exif\0\0MM", 8));
  ASSERT_NE(exif, std::string::npos);
  EXPECT_EQ(exif, 2u + 18u + 4u);
  EXPECT_NE(out.find(std::string("\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06", 10)), std::string::npos);
  EXPECT_EQ(postings::SniffImageType(out), "image/jpeg");
}

TEST(StripJpegMetadata, LeavesWhatItCannotParseUnchanged) {
  std::string in = Jpeg();
  in[2 + 18 + 3] = '\x7F';  // APP1 length now runs past the end
  in[2 + 18 + 2] = '\x7F';
  EXPECT_EQ(postings::StripJpegMetadata(in), in);
  std::string truncated = Jpeg().substr(0, 30);
  EXPECT_EQ(postings::StripJpegMetadata(truncated), truncated);
}

class PhotosTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    admin_ = AddUser("admin", "admin", AddOrg(orgs::OrgType::kPlatform, "平台", ""));
    station_ = AddUser("station_km", "station_officer",
                       AddOrg(orgs::OrgType::kStation, "巧家县驻昆明劳务协作站", "530100", "530622"));
    other_hr_ = AddUser("hr_other", "enterprise_hr",
                        AddOrg(orgs::OrgType::kEnterprise, "江门某五金厂", "440703"));
    county_ = AddQiaojiaOfficer();
    photos_ = std::make_unique<postings::PhotoService>(db(), *postings_, *audit_, clock_);
    verify_ = std::make_unique<postings::VerificationService>(db(), *audit_, clock_);
    ASSERT_TRUE(verify_->SeedOutline("data/inspection/outline_v1.json").ok());
    postings::EnterpriseInput e;
    e.name = "昆明某电子有限公司";
    e.credit_code = testing::MakeCreditCode("530102", "MA6K12345");
    e.region_code = "530102";
    auto eid = postings_->CreateEnterprise(admin_, e);
    ASSERT_TRUE(eid.ok()) << eid.status().ToString();
    postings::PostingInput in;
    in.enterprise_id = *eid;
    in.title = "电子装配工";
    in.occupation_code = "6-05-01-03";
    in.region_code = "530102";
    in.openings = 20;
    in.wage_min = 3000;
    in.wage_max = 5000;
    auto pid = postings_->CreatePosting(admin_, in);
    ASSERT_TRUE(pid.ok()) << pid.status().ToString();
    posting_ = *pid;
  }

  int64_t Count(const std::string& table) { return CountOf("SELECT COUNT(*) FROM " + table); }

  auth::Principal admin_, station_, other_hr_, county_;
  std::unique_ptr<postings::PhotoService> photos_;
  std::unique_ptr<postings::VerificationService> verify_;
  int64_t posting_ = 0;
};

TEST_P(PhotosTest, JpegIsStoredWithoutMetadataAndServedBack) {
  auto ph = photos_->Upload(station_, posting_, "宿舍.jpg", Jpeg());
  ASSERT_TRUE(ph.ok()) << ph.status().ToString();
  EXPECT_EQ(ph->content_type, "image/jpeg");
  EXPECT_EQ(ph->sha256.size(), 64u);
  auto d = photos_->Get(station_, ph->id);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->bytes, postings::StripJpegMetadata(Jpeg()));
  EXPECT_EQ(d->bytes.find("GPS-SECRET"), std::string::npos);
  auto png = photos_->Upload(station_, posting_, "食堂.png", Png());
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  EXPECT_EQ(photos_->Get(admin_, png->id)->bytes, Png());  // PNG unchanged
}

TEST_P(PhotosTest, NotAnImageIsRefusedNamingTheFile) {
  auto r = photos_->Upload(station_, posting_, "合同.pdf", "%PDF-1.7 ...");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  ASSERT_FALSE(r.status().fields().empty());
  EXPECT_EQ(r.status().fields()[0].field, "photo");
  EXPECT_NE(r.status().fields()[0].zh.find("合同.pdf"), std::string::npos);
  EXPECT_NE(r.status().fields()[0].en.find("合同.pdf"), std::string::npos);
  EXPECT_EQ(Count("posting_photos"), 0);
}

TEST_P(PhotosTest, OverFiveMegabytesIsRefusedNamingTheFile) {
  std::string big = Jpeg(std::string(postings::kMaxPhotoBytes, 'x'));
  auto r = photos_->Upload(station_, posting_, "大图.jpg", big);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().fields()[0].zh.find("大图.jpg"), std::string::npos);
  EXPECT_NE(r.status().fields()[0].zh.find("5 MB"), std::string::npos);
  EXPECT_EQ(Count("photo_blobs"), 0);
}

TEST_P(PhotosTest, TwentyFirstPhotoOfAVisitIsRefused) {
  for (int i = 0; i < postings::kMaxPhotosPerVisit; ++i) {
    auto r = photos_->Upload(station_, posting_, "p.jpg", Jpeg("scan-" + std::to_string(i)));
    ASSERT_TRUE(r.ok()) << i << r.status().ToString();
  }
  auto r = photos_->Upload(station_, posting_, "第21张.jpg", Jpeg("scan-21"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().fields()[0].zh.find("第21张.jpg"), std::string::npos);
  EXPECT_NE(r.status().fields()[0].zh.find("20"), std::string::npos);
  EXPECT_EQ(Count("posting_photos"), 20);
}

TEST_P(PhotosTest, SamePictureTwiceIsStoredOnce) {
  auto a = photos_->Upload(station_, posting_, "a.jpg", Jpeg());
  auto b = photos_->Upload(station_, posting_, "a.jpg", Jpeg());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(Count("photo_blobs"), 1);
}

TEST_P(PhotosTest, OutsideScopeThePhotoIsNotFound) {
  auto ph = photos_->Upload(station_, posting_, "宿舍.jpg", Jpeg());
  ASSERT_TRUE(ph.ok());
  // Another enterprise's HR does not see the posting, so not its photos.
  EXPECT_EQ(photos_->Get(other_hr_, ph->id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(photos_->List(other_hr_, posting_).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(photos_->Get(county_, ph->id).ok());
  // A county officer sees postings but does not verify them.
  EXPECT_EQ(photos_->Upload(county_, posting_, "x.jpg", Jpeg()).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_P(PhotosTest, RejectAttachesTheVisitsPhotosToItsReview) {
  ASSERT_TRUE(verify_->Submit(station_, posting_).ok());
  auto a = photos_->Upload(station_, posting_, "宿舍.jpg", Jpeg("one"));
  auto b = photos_->Upload(station_, posting_, "食堂.png", Png());
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(verify_->Reject(station_, posting_, {"宿舍 12 人一间，超过承诺"}).ok());
  auto reviews = verify_->Reviews(posting_);
  ASSERT_TRUE(reviews.ok());
  ASSERT_EQ(reviews->size(), 2u);
  const auto& rej = reviews->back();
  EXPECT_EQ(rej.action, "reject");
  EXPECT_EQ(rej.photos, nlohmann::json::array({a->id, b->id}));
  auto list = photos_->List(station_, posting_);
  ASSERT_TRUE(list.ok());
  for (const auto& p : *list) EXPECT_EQ(p.review_id, rej.id);
  // The next visit starts empty and a closed visit's photo cannot be removed.
  EXPECT_EQ(photos_->Remove(station_, a->id).code(), StatusCode::kFailedPrecondition);
}

TEST_P(PhotosTest, OnlyTheUploaderOrAnAdminRemovesAPendingPhoto) {
  auto a = photos_->Upload(station_, posting_, "a.jpg", Jpeg());
  ASSERT_TRUE(a.ok());
  auto receiving = AddUser("jiangmen_rs", "receiving_officer",
                           AddOrg(orgs::OrgType::kReceivingBureau, "昆明市人社局", "530100"));
  EXPECT_EQ(photos_->Remove(receiving, a->id).code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(photos_->Remove(station_, a->id).ok());
  EXPECT_EQ(Count("posting_photos"), 0);
}

XIEZUO_INSTANTIATE_STORE_TESTS(PhotosTest);

}  // namespace
}  // namespace xiezuo
