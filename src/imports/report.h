// The import report: what happened to every row, and every problem named by
// row, column and reason in words an official understands. Printed as JSON
// by the CLI and the API, downloadable as an xlsx with the faulty cells
// marked. Personal data: the report repeats no ID number or phone (rejected
// rows in the xlsx carry the cells as the official wrote them, for fixing,
// and are only given to the uploader).
#ifndef XIEZUO_IMPORTS_REPORT_H_
#define XIEZUO_IMPORTS_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "imports/table_reader.h"

namespace xiezuo::imports {

enum class Mode {
  kValidRowsOnly,  // import the rows without errors, report the rest
  kAllOrNothing,   // any error: nothing is written
};

struct Issue {
  int64_t row = 0;      // sheet row / CSV line; 0 for the file as a whole
  std::string column;   // header as written ("身份证号"), "" for the row
  int col = -1;         // 0-based column, -1 if none
  bool error = true;    // false: a warning, the row is still imported
  std::string zh, en;
};

struct RowChange {
  int64_t row = 0;
  int64_t id = 0;                    // record id
  std::string action;                // "inserted" | "updated" | "unchanged"
  std::vector<std::string> changed;  // field names, for "updated"
};

struct ImportReport {
  std::string kind;  // "workers" | "postings"
  std::string format, encoding;
  int64_t header_row = 0;
  std::vector<std::string> unknown_columns;
  bool dry_run = false;
  Mode mode = Mode::kValidRowsOnly;
  bool committed = false;  // something was written (never on dry run)

  int64_t rows_total = 0;  // data rows (blank rows not counted)
  int64_t rows_valid = 0;
  int64_t rows_rejected = 0;
  int64_t inserted = 0, updated = 0, unchanged = 0;
  std::vector<Issue> issues;       // capped at kMaxDetails; counts stay exact
  std::vector<RowChange> changes;  // capped at kMaxDetails
  int64_t issues_omitted = 0, changes_omitted = 0;

  // Rejected rows as read, for the xlsx report (capped).
  std::vector<Row> rejected_rows;
  std::vector<std::string> header_labels;  // by column, for the xlsx report

  static constexpr size_t kMaxDetails = 10000;

  void AddIssue(Issue i);
  void AddChange(RowChange c);
  nlohmann::json ToJson() const;
};

// The report as an xlsx: a summary sheet, and the rejected rows with the
// header, each faulty cell filled red with the reason as a comment and a
// last column "错误说明". Cells starting = + - @ tab or CR are written as
// text with a leading apostrophe so they never run as formulas.
StatusOr<std::string> ReportToXlsx(const ImportReport& report);

// Defuses a spreadsheet formula: prefixes ' when s starts with = + - @ \t \r.
std::string EscapeFormula(std::string_view s);

}  // namespace xiezuo::imports

#endif  // XIEZUO_IMPORTS_REPORT_H_
