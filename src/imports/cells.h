// Turning the cells officials type into values: amounts ("3,000元"),
// dates (Excel serials, "2025/3/1", "2025年3月1日"), digits stored as Excel
// numbers, yes/no, lists ("焊工、电工"), places and occupations by name.
// Each returns the value or a message (zh, en) for the report; messages
// never repeat ID numbers or phones.
#ifndef XIEZUO_IMPORTS_CELLS_H_
#define XIEZUO_IMPORTS_CELLS_H_

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "codes/codebook.h"
#include "imports/table_reader.h"

namespace xiezuo::imports {

struct CellError {
  std::string zh, en;
};

template <typename T>
struct Parsed {
  std::optional<T> value;          // nullopt with no error: the cell was empty
  std::optional<CellError> error;  // set when the cell could not be read
};

// Yuan as a whole number: "4000", "4,000元", "￥4000", "4000.00", an Excel
// number; a range "4000-6000" gives its lower bound.
Parsed<int64_t> ParseAmount(const Cell& c);
// A whole number ("30人", "30").
Parsed<int64_t> ParseCount(const Cell& c);
// "YYYY-MM-DD" from a date cell, an Excel serial, or text in the usual
// forms. "随时"/"立即" and similar mean no date.
Parsed<std::string> ParseDate(const Cell& c);
// Digits of an identifier that Excel may have stored as a number
// (a phone 13912345678 or 1.3912345678E10). For an 18-digit ID number
// stored as a number the digits are already lost: that is an error.
Parsed<std::string> IdentifierText(const Cell& c, bool is_id_number);
// 是/否, 包/不包, 有/无, Y/N, 1/0, TRUE/FALSE.
Parsed<bool> ParseYesNo(const Cell& c);
// Splits on 、 , ， ; ； / and line breaks.
std::vector<std::string> SplitList(std::string_view s);

// Places and occupations by code or by name, with the lookups cached.
class CodeResolver {
 public:
  explicit CodeResolver(const codes::Codebook& cb);
  // A division code or a name such as 云南省昭通市巧家县 / 巧家县大寨镇.
  Parsed<std::string> Division(std::string_view text, codes::Level deepest) const;
  // An occupation (detail level) by code or exact name, or a unique match.
  Parsed<std::string> Occupation(std::string_view text) const;

 private:
  const codes::Codebook& cb_;
  std::unordered_map<std::string, std::string> occupation_by_name_;
  mutable std::unordered_map<std::string, Parsed<std::string>> division_cache_;
};

}  // namespace xiezuo::imports

#endif  // XIEZUO_IMPORTS_CELLS_H_
