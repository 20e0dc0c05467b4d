// Readers for the spreadsheets officials send: CSV (UTF-8 with or without a
// BOM, or GB18030/GBK as Excel and WPS in China write it; detected) and XLSX
// (Excel/WPS: shared or inline strings, numbers, dates, merged cells). Both
// stream: memory depends on the widest row and the shared-string table, not
// on the number of rows.
//
//   ASSIGN_OR_RETURN(auto reader, imports::OpenTable("名单.xlsx", {}));
//   imports::Row row;
//   while (true) {
//     ASSIGN_OR_RETURN(bool more, reader->Next(&row));
//     if (!more) break;
//     // row.number is the 1-based line (CSV record) or sheet row number.
//   }
//
// Hostile files are refused before they cost memory: a size limit on the
// file, a row limit, for XLSX a limit on each entry's and the total
// uncompressed size and on the compression ratio (zip bombs), and any XML
// DOCTYPE (entity expansion, external entities) is an error.
// Thread-safety: a reader is used by one thread.
#ifndef XIEZUO_IMPORTS_TABLE_READER_H_
#define XIEZUO_IMPORTS_TABLE_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace xiezuo::imports {

enum class CellType {
  kEmpty,
  kText,    // CSV cells, XLSX shared/inline strings
  kNumber,  // XLSX numeric cell; text holds the stored value ("5.30622199001011E+17")
  kDate,    // XLSX number with a date format; text holds "YYYY-MM-DD"
  kBool,
};

struct Cell {
  CellType type = CellType::kEmpty;
  std::string text;
};

struct Row {
  int64_t number = 0;  // CSV: 1-based record; XLSX: the sheet's row number
  std::vector<Cell> cells;
  void Clear() {
    number = 0;
    cells.clear();
  }
  bool Blank() const;
};

struct ReaderLimits {
  // Largest file accepted, in bytes. Default 200 MiB.
  int64_t max_file_bytes = 200LL << 20;
  // Most data rows read (title and header rows included). Default 1,100,000.
  int64_t max_rows = 1'100'000;
  // Most columns in one row. Default 200.
  int max_columns = 200;
  // XLSX: largest uncompressed size of all entries read, and of the shared
  // string table. Defaults 1 GiB and 64 MiB.
  int64_t max_uncompressed_bytes = 1LL << 30;
  int64_t max_shared_strings_bytes = 64LL << 20;
  // XLSX: an entry whose uncompressed size exceeds this multiple of its
  // compressed size (and 1 MiB) is a zip bomb. Default 200 (real sheets
  // compress 5-20 times).
  int64_t max_compression_ratio = 200;
};

enum class Format { kCsv, kXlsx };

class TableReader {
 public:
  virtual ~TableReader() = default;
  // Reads the next row into *row (cleared first); false at the end. Errors
  // name the row and say what is wrong with the file.
  virtual StatusOr<bool> Next(Row* row) = 0;
  // "UTF-8", "UTF-8 (BOM)", "GB18030" for CSV; "xlsx" for XLSX.
  virtual std::string encoding() const = 0;
  virtual Format format() const = 0;
};

// Chooses the reader by content (a zip signature means XLSX), not by name.
StatusOr<std::unique_ptr<TableReader>> OpenTable(const std::string& path,
                                                 const ReaderLimits& limits);
StatusOr<std::unique_ptr<TableReader>> OpenCsv(const std::string& path,
                                               const ReaderLimits& limits);
StatusOr<std::unique_ptr<TableReader>> OpenXlsx(const std::string& path,
                                                const ReaderLimits& limits);

// Excel serial day number (1900 date system) to "YYYY-MM-DD"; "" when out of
// range. Serial 60 (the fictitious 1900-02-29) maps to 1900-02-28.
std::string ExcelSerialToDate(double serial);

}  // namespace xiezuo::imports

#endif  // XIEZUO_IMPORTS_TABLE_READER_H_
