#include "imports/xlsx_writer.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace xiezuo::imports {

std::string EscapeFormula(std::string_view s) {
  if (!s.empty() &&
      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')) {
    std::string out;
    out.reserve(s.size() + 1);
    out.push_back('\'');
    out.append(s);
    return out;
  }
  return std::string(s);
}

XlsxWriter::XlsxWriter() {
  const char* tmp = std::getenv("TMPDIR");
  std::string t = (tmp && *tmp ? std::string(tmp) : std::string("/tmp")) + "/xiezuo-xlsx-XXXXXX";
  int fd = mkstemp(t.data());
  if (fd >= 0) close(fd);
  path_ = t;
  wb_ = workbook_new(path_.c_str());
  if (!wb_) return;
  title_ = workbook_add_format(wb_);
  format_set_bold(title_);
  format_set_font_size(title_, 16);
  format_set_align(title_, LXW_ALIGN_CENTER);
  format_set_align(title_, LXW_ALIGN_VERTICAL_CENTER);
  header_ = workbook_add_format(wb_);
  format_set_bold(header_);
  format_set_border(header_, LXW_BORDER_THIN);
  format_set_bg_color(header_, 0xDDEBF7);
  format_set_text_wrap(header_);
  bad_ = workbook_add_format(wb_);
  format_set_bg_color(bad_, 0xFFC7CE);
  format_set_font_color(bad_, 0x9C0006);
  format_set_border(bad_, LXW_BORDER_THIN);
  wrap_ = workbook_add_format(wb_);
  format_set_text_wrap(wrap_);
}

XlsxWriter::~XlsxWriter() {
  if (wb_ && !finished_) workbook_close(wb_);
  if (!path_.empty()) std::remove(path_.c_str());
}

lxw_worksheet* XlsxWriter::AddSheet(const std::string& name) {
  return wb_ ? workbook_add_worksheet(wb_, name.c_str()) : nullptr;
}

void XlsxWriter::Text(lxw_worksheet* ws, int row, int col, std::string_view text,
                      lxw_format* fmt) {
  if (!ws) return;
  std::string v = EscapeFormula(text);
  worksheet_write_string(ws, row, static_cast<lxw_col_t>(col), v.c_str(), fmt);
}

void XlsxWriter::Number(lxw_worksheet* ws, int row, int col, double v, lxw_format* fmt) {
  if (ws) worksheet_write_number(ws, row, static_cast<lxw_col_t>(col), v, fmt);
}

void XlsxWriter::Comment(lxw_worksheet* ws, int row, int col, const std::string& text) {
  if (ws) worksheet_write_comment(ws, row, static_cast<lxw_col_t>(col), text.c_str());
}

void XlsxWriter::Merge(lxw_worksheet* ws, int r1, int c1, int r2, int c2, std::string_view text,
                       lxw_format* fmt) {
  if (!ws) return;
  std::string v = EscapeFormula(text);
  worksheet_merge_range(ws, r1, static_cast<lxw_col_t>(c1), r2, static_cast<lxw_col_t>(c2),
                        v.c_str(), fmt);
}

StatusOr<std::string> XlsxWriter::Finish() {
  if (!wb_) return Internal("xlsx writer: cannot create workbook");
  finished_ = true;
  lxw_error err = workbook_close(wb_);
  wb_ = nullptr;
  if (err != LXW_NO_ERROR) return Internal(std::string("xlsx writer: ") + lxw_strerror(err));
  std::ifstream in(path_, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace xiezuo::imports
