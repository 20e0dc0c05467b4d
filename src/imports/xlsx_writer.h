// A small RAII wrapper over libxlsxwriter for xiezuo's own exports (import
// reports, the monthly lists). Every text cell goes through EscapeFormula:
// a value an official typed can never run as a formula in Excel.
//
//   XlsxWriter x;
//   auto* ws = x.AddSheet("供给清单");
//   x.Text(ws, 0, 0, "标题", x.title());
//   ASSIGN_OR_RETURN(std::string bytes, x.Finish());
//
// Thread-safety: one writer per thread. Works in a temporary file (the
// library's design) that Finish reads back and removes.
#ifndef XIEZUO_IMPORTS_XLSX_WRITER_H_
#define XIEZUO_IMPORTS_XLSX_WRITER_H_

#include <xlsxwriter.h>

#include <string>
#include <string_view>

#include "common/status.h"

namespace xiezuo::imports {

std::string EscapeFormula(std::string_view s);

class XlsxWriter {
 public:
  XlsxWriter();
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  lxw_worksheet* AddSheet(const std::string& name);
  void Text(lxw_worksheet* ws, int row, int col, std::string_view text,
            lxw_format* fmt = nullptr);
  void Number(lxw_worksheet* ws, int row, int col, double v, lxw_format* fmt = nullptr);
  void Comment(lxw_worksheet* ws, int row, int col, const std::string& text);
  void Merge(lxw_worksheet* ws, int r1, int c1, int r2, int c2, std::string_view text,
             lxw_format* fmt);

  lxw_format* title() { return title_; }
  lxw_format* header() { return header_; }
  lxw_format* bad() { return bad_; }
  lxw_format* wrap() { return wrap_; }

  // Closes the workbook and returns its bytes.
  StatusOr<std::string> Finish();

 private:
  std::string path_;
  lxw_workbook* wb_ = nullptr;
  lxw_format *title_ = nullptr, *header_ = nullptr, *bad_ = nullptr, *wrap_ = nullptr;
  bool finished_ = false;
};

}  // namespace xiezuo::imports

#endif  // XIEZUO_IMPORTS_XLSX_WRITER_H_
