// Header mapping: which column of an official's sheet holds which field.
// Headers are matched by name — Chinese with English aliases, in any order,
// ignoring spaces, a required-field star, full-width forms and a unit in
// brackets ("期望月薪（元）"). The header row is the first of the top rows
// that names at least two known fields, so title and date rows above it are
// skipped.
//
//   static const std::vector<imports::FieldSpec> kFields = {
//       {"name", "姓名", {"name", "名字"}, true}, ...};
//   imports::HeaderMatcher m(kFields);
//   ASSIGN_OR_RETURN(imports::HeaderMap map, m.Find(reader, &skipped_rows));
//   const imports::Cell* c = map.Get(row, "name");
#ifndef XIEZUO_IMPORTS_COLUMNS_H_
#define XIEZUO_IMPORTS_COLUMNS_H_

#include <map>
#include <string>
#include <vector>

#include "imports/table_reader.h"

namespace xiezuo::imports {

struct FieldSpec {
  std::string key;                   // "id_number"
  std::string label;                 // the official header, "身份证号"
  std::vector<std::string> aliases;  // other headers meaning the same
  bool required = false;
};

struct HeaderMap {
  int64_t header_row = 0;                    // row number of the header
  std::map<std::string, int> columns;        // field key -> 0-based column
  std::map<int, std::string> labels;         // column -> header as written
  std::vector<std::string> unknown_columns;  // headers not understood (ignored)
  std::vector<std::string> missing;          // labels of missing required fields

  // The cell of `key` in row, or nullptr when the column is absent or the
  // row is shorter.
  const Cell* Get(const Row& row, const std::string& key) const;
  // Trimmed text of the cell ("" when absent).
  std::string Text(const Row& row, const std::string& key) const;
  bool Has(const std::string& key) const { return columns.count(key) > 0; }
};

// "A", "B", ... "AA" for a 0-based column.
std::string ColumnLetter(int col);

class HeaderMatcher {
 public:
  explicit HeaderMatcher(const std::vector<FieldSpec>& fields);

  // The canonical key for a header cell, or "" if unknown.
  std::string KeyOf(std::string_view header) const;

  // Reads rows until the header (at most `max_title_rows` rows above it).
  // Fails naming the missing required columns, or when no header is found.
  StatusOr<HeaderMap> Find(TableReader& reader, int max_title_rows = 10) const;

  const std::vector<FieldSpec>& fields() const { return fields_; }

 private:
  std::vector<FieldSpec> fields_;
  std::map<std::string, std::string> index_;  // normalised header -> key
};

// The normalised form of a header used for matching.
std::string NormalizeHeader(std::string_view s);

}  // namespace xiezuo::imports

#endif  // XIEZUO_IMPORTS_COLUMNS_H_
